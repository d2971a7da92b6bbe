"""MemoryUnitOfWork: works on copies of the tables and swaps them in on commit."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import TracebackType
from typing import Final, Self, get_type_hints

from eventcore.adapters.memory.community import (
    MemoryCommentRepository,
    MemoryGroupRepository,
    MemoryLoginAttemptRepository,
    MemorySessionRepository,
)
from eventcore.adapters.memory.feeds import MemoryCalendarQueries, MemoryFeedTokenRepository
from eventcore.adapters.memory.planning import MemoryPollRepository, MemoryTaskRepository
from eventcore.adapters.memory.queries import MemoryEventQueries
from eventcore.adapters.memory.repositories import (
    MemoryApiTokenRepository,
    MemoryAttendanceRepository,
    MemoryCategoryRepository,
    MemoryCredentialsRepository,
    MemoryEventRepository,
    MemoryRefreshTokenRepository,
    MemoryUserRepository,
)
from eventcore.adapters.memory.social import (
    MemoryChatRepository,
    MemoryFriendshipRepository,
    MemoryInviteRepository,
)
from eventcore.adapters.memory.store import MemoryStore, Tables


class MemoryRepositories:
    """The repositories of a memory unit of work, one annotated line each, named as
    in `ports.unit_of_work.UnitOfWork`: `MemoryUnitOfWork.__enter__` builds every
    class listed here from the store and its working tables, so a new aggregate
    needs only its line."""

    users: MemoryUserRepository
    credentials: MemoryCredentialsRepository
    refresh_tokens: MemoryRefreshTokenRepository
    api_tokens: MemoryApiTokenRepository
    categories: MemoryCategoryRepository
    events: MemoryEventRepository
    attendances: MemoryAttendanceRepository
    event_queries: MemoryEventQueries
    tasks: MemoryTaskRepository
    polls: MemoryPollRepository
    sessions: MemorySessionRepository
    login_attempts: MemoryLoginAttemptRepository
    comments: MemoryCommentRepository
    groups: MemoryGroupRepository
    friendships: MemoryFriendshipRepository
    invites: MemoryInviteRepository
    chats: MemoryChatRepository
    feed_tokens: MemoryFeedTokenRepository
    calendar_entries: MemoryCalendarQueries


_REPOSITORIES: Final[Mapping[str, Callable[[MemoryStore, Tables], object]]] = get_type_hints(
    MemoryRepositories
)


class MemoryUnitOfWork(MemoryRepositories):
    """Units of work on one store run one at a time, like SERIALIZABLE transactions."""

    def __init__(self, store: MemoryStore) -> None:
        self.store = store
        self.committed = False

    def reading(self, *, streaming: bool = False) -> Self:
        # Memory units of work are serial anyway.
        return self

    def __enter__(self) -> Self:
        self.store.lock.acquire()
        self._working: Tables = {name: dict(rows) for name, rows in self.store.tables.items()}
        for name, repository in _REPOSITORIES.items():
            setattr(self, name, repository(self.store, self._working))
        self.committed = False
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.store.lock.release()

    def commit(self) -> None:
        self.store.tables = {name: dict(rows) for name, rows in self._working.items()}
        self.committed = True

    def rollback(self) -> None:
        self._working.clear()
        self._working.update({name: dict(rows) for name, rows in self.store.tables.items()})
