"""MemoryUnitOfWork: works on copies of the tables and swaps them in on commit."""

from __future__ import annotations

from types import TracebackType
from typing import Any, Self

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
from eventcore.adapters.memory.store import MemoryStore


class MemoryUnitOfWork:
    """Units of work on one store run one at a time, like SERIALIZABLE transactions."""

    def __init__(self, store: MemoryStore) -> None:
        self.store = store
        self.committed = False

    def __enter__(self) -> Self:
        self.store.lock.acquire()
        self._working: dict[str, dict[Any, Any]] = {
            name: dict(rows) for name, rows in self.store.tables.items()
        }
        self.users = MemoryUserRepository(self.store, self._working)
        self.credentials = MemoryCredentialsRepository(self.store, self._working)
        self.refresh_tokens = MemoryRefreshTokenRepository(self.store, self._working)
        self.api_tokens = MemoryApiTokenRepository(self.store, self._working)
        self.categories = MemoryCategoryRepository(self.store, self._working)
        self.events = MemoryEventRepository(self.store, self._working)
        self.attendances = MemoryAttendanceRepository(self.store, self._working)
        self.event_queries = MemoryEventQueries(self._working)
        self.tasks = MemoryTaskRepository(self.store, self._working)
        self.polls = MemoryPollRepository(self.store, self._working)
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
