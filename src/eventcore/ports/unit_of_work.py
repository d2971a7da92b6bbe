"""The unit of work: one transaction, with every repository hanging off it."""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from eventcore.ports.community import CommentRepository, GroupRepository
from eventcore.ports.feeds import CalendarQueries, FeedTokenRepository
from eventcore.ports.planning import PollRepository, TaskRepository
from eventcore.ports.queries import EventQueries
from eventcore.ports.repositories import (
    ApiTokenRepository,
    AttendanceRepository,
    CategoryRepository,
    CredentialsRepository,
    EventRepository,
    RefreshTokenRepository,
    UserRepository,
)
from eventcore.ports.sessions import LoginAttemptRepository, SessionRepository
from eventcore.ports.social import ChatRepository, FriendshipRepository, InviteRepository


class UnitOfWork(Protocol):
    """Use as `with uow:`; leaving the block without `commit()` rolls everything back.

    The properties below are the one list of repositories: each adapter builds the
    same names from a registry of its own, and a contract test holds every adapter
    to this list. They are read-only properties
    rather than plain attributes because a Protocol's attributes are settable, so
    type checkers would demand exactly `UserRepository`, not an implementation.
    """

    @property
    def users(self) -> UserRepository: ...

    @property
    def credentials(self) -> CredentialsRepository: ...

    @property
    def refresh_tokens(self) -> RefreshTokenRepository: ...

    @property
    def api_tokens(self) -> ApiTokenRepository: ...

    @property
    def categories(self) -> CategoryRepository: ...

    @property
    def events(self) -> EventRepository: ...

    @property
    def attendances(self) -> AttendanceRepository: ...

    @property
    def event_queries(self) -> EventQueries: ...

    @property
    def tasks(self) -> TaskRepository: ...

    @property
    def polls(self) -> PollRepository: ...

    @property
    def sessions(self) -> SessionRepository: ...

    @property
    def login_attempts(self) -> LoginAttemptRepository: ...

    @property
    def comments(self) -> CommentRepository: ...

    @property
    def groups(self) -> GroupRepository: ...

    @property
    def friendships(self) -> FriendshipRepository: ...

    @property
    def invites(self) -> InviteRepository: ...

    @property
    def chats(self) -> ChatRepository: ...

    @property
    def feed_tokens(self) -> FeedTokenRepository: ...

    @property
    def calendar_entries(self) -> CalendarQueries: ...

    def reading(self, *, streaming: bool = False) -> Self:
        """This unit of work, for its next `with` block to read only: on SQLite it
        then takes no write lock, so reads run beside each other and beside a writer;
        on PostgreSQL each statement runs as its own transaction, with no BEGIN and
        COMMIT around them. `streaming`: the block fetches a result a batch at a time
        while it runs (`EventQueries.every`), which PostgreSQL's cursors do only
        inside a transaction. A use case that writes must not ask for it."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...
