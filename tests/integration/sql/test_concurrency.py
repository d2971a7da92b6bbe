"""Capacity holds when many people join at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import Engine

from eventcore.adapters.clock import SystemClock
from eventcore.adapters.realtime.inprocess import InProcessNotifier
from eventcore.adapters.sqlalchemy.unit_of_work import SqlUnitOfWork
from eventcore.domain.attendance import AttendanceStatus
from eventcore.domain.errors import EventFull
from eventcore.domain.event_changes import EventDraft
from eventcore.domain.ids import EventId, UserId
from eventcore.domain.users import User
from eventcore.usecases import events
from eventcore.usecases.attendance import join_event

JOINERS = 50
CAPACITY = 10


def _seed(engine: Engine) -> tuple[EventId, list[UserId]]:
    clock = SystemClock()
    now = clock.now()
    with SqlUnitOfWork(engine) as uow:
        users = [
            uow.users.add(
                User(username=f"u{n}", email=f"u{n}@example.org", created_at=now, updated_at=now)
            ).id
            for n in range(JOINERS + 1)
        ]
        uow.commit()
    view = events.create_event(
        SqlUnitOfWork(engine),
        clock,
        InProcessNotifier(),
        users[0],
        EventDraft(title="Small room", starts_at=now + timedelta(days=1), capacity=CAPACITY),
    )
    return view.event.id, users[1:]


def _join_all_at_once(engine: Engine) -> None:
    """50 threads, each its own user and connection, join an event of 10 seats."""
    event_id, joiners = _seed(engine)
    clock, notifier = SystemClock(), InProcessNotifier()

    def join(user_id: UserId) -> str:
        try:
            join_event(SqlUnitOfWork(engine), clock, notifier, user_id, event_id)
        except EventFull:
            return "full"
        return "joined"

    with ThreadPoolExecutor(max_workers=JOINERS) as pool:
        outcomes = list(pool.map(join, joiners))

    # The creator holds one of the seats.
    assert outcomes.count("joined") == CAPACITY - 1
    assert outcomes.count("full") == JOINERS - (CAPACITY - 1)
    with SqlUnitOfWork(engine) as uow:
        assert uow.attendances.count(event_id, AttendanceStatus.REGISTERED) == CAPACITY
        details = uow.event_queries.details(event_id)
    assert details is not None
    assert len(details.participants) == CAPACITY
    assert len(notifier.published) == CAPACITY - 1


def test_capacity_holds_under_parallel_joins(sql_engine: Engine) -> None:
    """PostgreSQL: `lock` is SELECT ... FOR UPDATE. SQLite: BEGIN IMMEDIATE."""
    _join_all_at_once(sql_engine)
