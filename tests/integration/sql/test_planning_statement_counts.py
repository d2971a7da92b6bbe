"""Task and poll lists, poll views and the event overview cost the same number of
statements whatever the page size or the number of tasks, polls and ballots."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine

from eventcore.adapters.sqlalchemy.unit_of_work import SqlUnitOfWork
from eventcore.domain.attendance import Attendance, AttendanceStatus, organizer_of
from eventcore.domain.events import Event
from eventcore.domain.ids import PollId
from eventcore.domain.paging import PageRequest
from eventcore.domain.tasks import Task, TaskFilter
from eventcore.domain.users import User
from eventcore.domain.voting import Ballot, Poll, PollFilter, PollOption
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases import events
from support.statements import counting_statements as statements_on

ITEMS = 100


def _user(uow: UnitOfWork, name: str, now: datetime) -> User:
    return uow.users.add(
        User(username=name, email=f"{name}@example.org", created_at=now, updated_at=now)
    )


def _event(uow: UnitOfWork, creator: User, now: datetime, title: str, **fields: Any) -> Event:
    made = uow.events.add(
        Event(
            title=title,
            creator_id=creator.id,
            starts_at=now,
            created_at=now,
            updated_at=now,
            **fields,
        )
    )
    uow.attendances.add(organizer_of(made, now))
    return made


def _poll(uow: UnitOfWork, made: Event, creator: User, now: datetime, n: int) -> Poll:
    return uow.polls.add(
        Poll(
            event_id=made.id,
            creator_id=creator.id,
            title=f"Poll {n}",
            created_at=now,
            ends_at=now + timedelta(hours=n - ITEMS // 2),
            options=tuple(PollOption(text=f"Option {k}", position=k) for k in range(3)),
            multiple_choice=True,
        )
    )


@pytest.fixture
def busy(sql_engine: Engine, now: datetime) -> dict[str, Any]:
    """ITEMS tasks and polls over a few events, with assignees and ballots; one event
    holds a single task and poll, another ITEMS of each."""
    with SqlUnitOfWork(sql_engine) as uow:
        people = [_user(uow, f"u{n}", now) for n in range(6)]
        owner = people[0]
        lonely = _event(uow, owner, now, "Lonely", is_private=True)
        crowded = _event(uow, owner, now, "Crowded", is_private=True)
        for guest in people[1:]:
            uow.attendances.add(
                Attendance(
                    event_id=crowded.id,
                    user_id=guest.id,
                    status=AttendanceStatus.REGISTERED,
                    created_at=now,
                    updated_at=now,
                )
            )
        for made in (lonely, crowded):
            uow.tasks.add(
                Task(
                    event_id=made.id,
                    title="Task",
                    creator_id=owner.id,
                    created_at=now,
                    updated_at=now,
                )
            )
            _poll(uow, made, owner, now, 0)
        for n in range(1, ITEMS):
            uow.tasks.add(
                Task(
                    event_id=crowded.id,
                    title=f"Task {n}",
                    creator_id=owner.id,
                    assignee_id=people[n % 6].id,
                    created_at=now,
                    updated_at=now,
                    due_date=now + timedelta(hours=n),
                )
            )
            poll = _poll(uow, crowded, owner, now, n)
            for voter in people[: n % 3 + 1]:
                uow.polls.add_ballot(
                    Ballot(
                        poll_id=poll.id,
                        user_id=voter.id,
                        cast_at=now,
                        option_ids=(poll.options[n % 3].id,),
                    )
                )
        uow.commit()
    return {"owner": owner, "lonely": lonely, "crowded": crowded}


def _task_page(engine: Engine, viewer: User, size: int) -> int:
    with SqlUnitOfWork(engine) as uow, statements_on(engine) as sent:
        page = uow.tasks.page(TaskFilter(viewer_id=viewer.id), PageRequest(1, size))
    assert len(page.items) == size
    assert page.total == ITEMS + 1
    return len(sent)


def test_a_task_page_costs_the_same_for_1_or_100_tasks(
    sql_engine: Engine, busy: dict[str, Any]
) -> None:
    one, hundred = (
        _task_page(sql_engine, busy["owner"], 1),
        _task_page(sql_engine, busy["owner"], 100),
    )
    assert one == hundred
    # BEGIN aside: COUNT, the page.
    assert hundred <= 3


def _poll_page(engine: Engine, viewer: User, size: int) -> int:
    with SqlUnitOfWork(engine) as uow, statements_on(engine) as sent:
        page = uow.polls.page(PollFilter(viewer_id=viewer.id), PageRequest(1, size))
    assert len(page.items) == size
    assert page.total == ITEMS + 1
    return len(sent)


def test_a_poll_page_costs_the_same_for_1_or_100_polls(
    sql_engine: Engine, busy: dict[str, Any]
) -> None:
    one = _poll_page(sql_engine, busy["owner"], 1)
    hundred = _poll_page(sql_engine, busy["owner"], 100)
    assert one == hundred
    # BEGIN aside: COUNT, the page with ballot counts, the options with vote counts.
    assert hundred <= 4


def _poll_view(engine: Engine, poll_id: PollId) -> int:
    with SqlUnitOfWork(engine) as uow, statements_on(engine) as sent:
        view = uow.polls.view(poll_id)
    assert view is not None
    return len(sent)


def test_a_poll_view_costs_the_same_with_no_or_many_ballots(
    sql_engine: Engine, busy: dict[str, Any]
) -> None:
    with SqlUnitOfWork(sql_engine) as uow:
        quiet = uow.polls.headlines(busy["lonely"].id)[0].id
        loud = uow.polls.headlines(busy["crowded"].id)[-2].id  # Poll 98: three ballots
        loud_view = uow.polls.view(loud)
    assert loud_view is not None
    assert loud_view.total_votes > 1
    assert _poll_view(sql_engine, quiet) == _poll_view(sql_engine, loud)


def _overview(engine: Engine, viewer: User, made: Event, tasks: int) -> int:
    with statements_on(engine) as sent:
        overview = events.event_overview(SqlUnitOfWork(engine), viewer.id, made.id)
    assert len(overview.tasks) == len(overview.polls) == tasks
    return len(sent)


def test_the_event_overview_costs_the_same_for_1_or_100_tasks_and_polls(
    sql_engine: Engine, busy: dict[str, Any]
) -> None:
    one = _overview(sql_engine, busy["owner"], busy["lonely"], 1)
    many = _overview(sql_engine, busy["owner"], busy["crowded"], ITEMS)
    assert one == many
    # BEGIN aside: the event's view, images and participants; the viewer and whether
    # they take part (a private event); its tasks; its polls; its waiting list.
    assert many <= 9
