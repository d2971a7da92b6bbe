"""The memory adapter as the reference the SQL adapters' answers are checked against,
over data a test seeds once on both."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from hypothesis import HealthCheck, settings

from eventcore.adapters.memory.store import MemoryStore
from eventcore.adapters.memory.unit_of_work import MemoryUnitOfWork
from eventcore.domain.ids import UserId
from eventcore.domain.users import User
from eventcore.ports.unit_of_work import UnitOfWork


def memory_reference() -> Callable[[], UnitOfWork]:
    """Units of work over one new, empty memory store."""
    store = MemoryStore()
    return lambda: MemoryUnitOfWork(store)


def examples_on_seeded_data(count: int) -> settings:
    """Hypothesis settings for `count` examples drawn over data the test seeded once:
    no deadline (a database's timing varies), no example database (the data is this
    run's), and the test's function-scoped fixtures allowed."""
    return settings(
        max_examples=count,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )


def add_users(uow: UnitOfWork, now: datetime, count: int) -> list[UserId]:
    """`count` users, u0, u1, ..., the same on every backend."""
    return [
        uow.users.add(
            User(username=f"u{n}", email=f"u{n}@example.org", created_at=now, updated_at=now)
        ).id
        for n in range(count)
    ]
