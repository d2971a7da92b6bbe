"""List and detail queries cost the same number of statements whatever their size."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine

from eventcore.adapters.sqlalchemy.unit_of_work import SqlUnitOfWork
from eventcore.domain.attendance import Attendance, AttendanceStatus
from eventcore.domain.events import Event, EventImage
from eventcore.domain.paging import EventFilter, PageRequest
from eventcore.domain.users import User
from support.statements import counting_statements as counting


@pytest.fixture
def busy_calendar(sql_engine: Engine, now: datetime) -> list[Event]:
    """150 public events, each with two images and a few participants."""
    with SqlUnitOfWork(sql_engine) as uow:
        users = [
            uow.users.add(
                User(username=f"u{n}", email=f"u{n}@example.org", created_at=now, updated_at=now)
            )
            for n in range(10)
        ]
        made = []
        for n in range(150):
            item = uow.events.add(
                Event(
                    title=f"Event {n}",
                    creator_id=users[n % 10].id,
                    starts_at=now + timedelta(hours=n),
                    created_at=now,
                    updated_at=now,
                    images=(EventImage(f"{n}a.png", is_primary=True), EventImage(f"{n}b.png")),
                )
            )
            for guest in users[: n % 4 + 1]:
                uow.attendances.add(
                    Attendance(
                        event_id=item.id,
                        user_id=guest.id,
                        status=AttendanceStatus.REGISTERED,
                        created_at=now,
                        updated_at=now,
                    )
                )
            made.append(item)
        uow.commit()
    return made


def _page_statements(engine: Engine, size: int) -> int:
    with SqlUnitOfWork(engine) as uow, counting(engine) as statements:
        page = uow.event_queries.page(EventFilter(viewer_id=None), PageRequest(1, size))
    assert len(page.items) == size
    assert page.total == 150
    assert all(len(view.event.images) == 2 for view in page.items)
    return len(statements)


def test_a_page_costs_the_same_statements_for_1_or_100_events(
    sql_engine: Engine, busy_calendar: list[Event]
) -> None:
    one, hundred = _page_statements(sql_engine, 1), _page_statements(sql_engine, 100)
    assert one == hundred
    # BEGIN (SQLite's own BEGIN IMMEDIATE) aside: COUNT, the page, its images.
    assert hundred <= 4


def test_every_event_on_one_page_costs_the_statements_of_one_page(
    sql_engine: Engine, busy_calendar: list[Event]
) -> None:
    with SqlUnitOfWork(sql_engine) as uow, counting(sql_engine) as statements:
        page = uow.event_queries.page(EventFilter(viewer_id=None), PageRequest.all_items())

    assert [view.event.id for view in page.items] == [event.id for event in busy_calendar]
    assert all(len(view.event.images) == 2 for view in page.items)
    assert (page.total, page.has_next) == (150, False)
    assert len(statements) == _page_statements(sql_engine, 1)


def _details_statements(engine: Engine, event: Event, participants: int) -> int:
    with SqlUnitOfWork(engine) as uow, counting(engine) as statements:
        details = uow.event_queries.details(event.id)
    assert details is not None
    assert len(details.participants) == participants
    return len(statements)


def test_details_cost_the_same_statements_for_1_or_50_participants(
    sql_engine: Engine,
    add_user: Callable[..., User],
    add_event: Callable[..., Event],
    attend: Callable[..., Attendance],
) -> None:
    creator = add_user()
    alone = add_event(creator.id, images=(EventImage("a.png", is_primary=True),))
    crowded = add_event(creator.id, images=(EventImage("b.png", is_primary=True),))
    for _ in range(49):
        attend(crowded.id, add_user().id)

    one = _details_statements(sql_engine, alone, 1)
    fifty = _details_statements(sql_engine, crowded, 50)
    assert one == fifty
    # BEGIN aside: the view, its images, its participants.
    assert fifty <= 4
