"""SqlUnitOfWork: one connection and one transaction per `with` block."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Any, Final, Self, get_type_hints

from sqlalchemy import Connection, Engine

from eventcore.adapters.sqlalchemy.community import (
    SqlCommentRepository,
    SqlGroupRepository,
    SqlLoginAttemptRepository,
    SqlSessionRepository,
)
from eventcore.adapters.sqlalchemy.engine import read_options
from eventcore.adapters.sqlalchemy.feeds import SqlCalendarQueries, SqlFeedTokenRepository
from eventcore.adapters.sqlalchemy.polls import SqlPollRepository
from eventcore.adapters.sqlalchemy.queries import SqlEventQueries
from eventcore.adapters.sqlalchemy.repositories import (
    SqlApiTokenRepository,
    SqlAttendanceRepository,
    SqlCategoryRepository,
    SqlCredentialsRepository,
    SqlEventRepository,
    SqlRefreshTokenRepository,
    SqlUserRepository,
)
from eventcore.adapters.sqlalchemy.social import (
    SqlChatRepository,
    SqlFriendshipRepository,
    SqlInviteRepository,
)
from eventcore.adapters.sqlalchemy.tasks import SqlTaskRepository


class SqlRepositories:
    """The repositories of a SQL unit of work, one annotated line each, named as in
    `ports.unit_of_work.UnitOfWork`: `SqlUnitOfWork` builds each class listed here on
    its connection when a use case first asks for it, so a new aggregate needs only
    its line."""

    users: SqlUserRepository
    credentials: SqlCredentialsRepository
    refresh_tokens: SqlRefreshTokenRepository
    api_tokens: SqlApiTokenRepository
    categories: SqlCategoryRepository
    events: SqlEventRepository
    attendances: SqlAttendanceRepository
    event_queries: SqlEventQueries
    tasks: SqlTaskRepository
    polls: SqlPollRepository
    sessions: SqlSessionRepository
    login_attempts: SqlLoginAttemptRepository
    comments: SqlCommentRepository
    groups: SqlGroupRepository
    friendships: SqlFriendshipRepository
    invites: SqlInviteRepository
    chats: SqlChatRepository
    feed_tokens: SqlFeedTokenRepository
    calendar_entries: SqlCalendarQueries


_REPOSITORIES: Final[Mapping[str, Callable[[Connection], object]]] = get_type_hints(SqlRepositories)


class SqlUnitOfWork(SqlRepositories):
    """`with uow:` opens a connection and begins a transaction; `commit()` commits
    it, and the next statement begins another. Leaving the block rolls back
    whatever was not committed and always closes the connection; a block asked for
    with `reading()` that ends without an error commits its read instead. A read's
    transaction is as `engine.read_options` says: DEFERRED on SQLite, none at all
    on PostgreSQL unless it streams."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection | None = None
        self._read_only = False
        self._streaming = False
        self.committed = False

    def reading(self, *, streaming: bool = False) -> Self:
        self._read_only = True
        self._streaming = streaming
        return self

    def __enter__(self) -> Self:
        connection = self._engine.connect()
        if self._read_only:
            connection.execution_options(**read_options(self._engine, streaming=self._streaming))
        try:
            connection.begin()
        except BaseException:
            connection.close()
            raise
        self._connection = connection
        self.committed = False
        return self

    def __getattr__(self, name: str) -> Any:
        # Only for the repositories not built yet in this block: a request uses two or
        # three of the nineteen (building all of them took about 20 µs a block).
        make = _REPOSITORIES.get(name)
        if make is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        repository = make(self._open())
        setattr(self, name, repository)
        return repository

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        connection = self._open()
        read_only, self._read_only, self._streaming = self._read_only, False, False
        self._connection = None
        for name in _REPOSITORIES:
            self.__dict__.pop(name, None)
        try:
            if connection.in_transaction():
                if read_only and exc_type is None:
                    # A read ends alike either way, but psycopg forgets every statement
                    # it has prepared at each rollback: after a streaming read,
                    # PostgreSQL would plan the next request's statements anew.
                    connection.commit()
                else:
                    connection.rollback()
        finally:
            connection.close()

    def commit(self) -> None:
        # Connection.commit() ends the transaction; the connection "autobegins"
        # a new one (BEGIN IMMEDIATE on SQLite) only when a statement needs it,
        # so a commit at the end of a use case holds no lock afterwards.
        self._open().commit()
        self.committed = True

    def rollback(self) -> None:
        self._open().rollback()

    def _open(self) -> Connection:
        if self._connection is None:
            raise RuntimeError("SqlUnitOfWork used outside its `with` block")
        return self._connection
