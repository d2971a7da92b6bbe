"""The waiting-list methods of the attendance repository behave the same on memory,
SQLite and PostgreSQL: the queue in order, its last number, one viewer's standing, one
person per place, and queue entries going with their event or user."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import attrs
import pytest

from eventcore.domain.attendance import Attendance, AttendanceStatus, WaitingList
from eventcore.domain.errors import AlreadyExists
from eventcore.domain.events import Event
from eventcore.domain.ids import EventId, UserId
from eventcore.domain.users import User
from eventcore.ports.unit_of_work import UnitOfWork

UowFactory = Callable[[], UnitOfWork]
AddUser = Callable[..., User]
AddEvent = Callable[..., Event]


def _queue(
    uow_factory: UowFactory, now: datetime, event_id: EventId, user_id: UserId, number: int
) -> Attendance:
    with uow_factory() as uow:
        stored = uow.attendances.add(
            Attendance(
                event_id=event_id,
                user_id=user_id,
                status=AttendanceStatus.WAITLISTED,
                created_at=now,
                updated_at=now,
                queue_number=number,
            )
        )
        uow.commit()
    return stored


@pytest.fixture
def queued(
    uow_factory: UowFactory, add_user: AddUser, add_event: AddEvent, now: datetime
) -> tuple[Event, list[User], list[Attendance]]:
    """An event whose queue holds three people, drawn as 5, 2 and 9 (so not in id order),
    and a participant and someone interested, who are not in it."""
    creator = add_user()
    event = add_event(creator.id, capacity=1)
    people = [add_user() for _ in range(5)]
    waiting = [
        _queue(uow_factory, now, event.id, people[0].id, 5),
        _queue(uow_factory, now, event.id, people[1].id, 2),
        _queue(uow_factory, now, event.id, people[2].id, 9),
    ]
    with uow_factory() as uow:
        uow.attendances.add(
            Attendance(
                event_id=event.id,
                user_id=people[3].id,
                status=AttendanceStatus.INTERESTED,
                created_at=now,
                updated_at=now,
            )
        )
        uow.commit()
    return event, people, waiting


def test_the_queue_is_in_queue_number_order_and_may_be_cut_short(
    uow_factory: UowFactory, queued: tuple[Event, list[User], list[Attendance]]
) -> None:
    event, _, waiting = queued
    with uow_factory() as uow:
        assert list(uow.attendances.queue(event.id)) == [waiting[1], waiting[0], waiting[2]]
        assert list(uow.attendances.queue(event.id, 2)) == [waiting[1], waiting[0]]
        assert list(uow.attendances.queue(event.id, 0)) == []
        assert uow.attendances.last_in_queue(event.id) == 9
        assert uow.attendances.count(event.id, AttendanceStatus.WAITLISTED) == 3


def test_an_event_without_a_queue_has_none(
    uow_factory: UowFactory, add_user: AddUser, add_event: AddEvent
) -> None:
    event = add_event(add_user().id)
    with uow_factory() as uow:
        assert list(uow.attendances.queue(event.id)) == []
        assert uow.attendances.last_in_queue(event.id) == 0
        assert uow.attendances.waiting_list(event.id, None) == WaitingList(0, None)


def test_a_viewer_stands_by_the_numbers_ahead_of_theirs(
    uow_factory: UowFactory, queued: tuple[Event, list[User], list[Attendance]]
) -> None:
    event, people, _ = queued
    with uow_factory() as uow:
        standings = [uow.attendances.waiting_list(event.id, person.id) for person in people]
        anonymous = uow.attendances.waiting_list(event.id, None)
    assert standings == [
        WaitingList(3, 2),
        WaitingList(3, 1),
        WaitingList(3, 3),
        WaitingList(3, None),
        WaitingList(3, None),
    ]
    assert anonymous == WaitingList(3, None)


def test_a_promoted_attendance_leaves_the_queue_and_frees_its_number(
    uow_factory: UowFactory, queued: tuple[Event, list[User], list[Attendance]], now: datetime
) -> None:
    event, people, waiting = queued
    promoted = attrs.evolve(waiting[1], status=AttendanceStatus.REGISTERED, queue_number=None)
    with uow_factory() as uow:
        uow.attendances.save(promoted)
        uow.commit()
    with uow_factory() as uow:
        assert uow.attendances.find(event.id, people[1].id) == promoted
        assert uow.attendances.waiting_list(event.id, people[0].id) == WaitingList(2, 1)
    _queue(uow_factory, now, event.id, people[4].id, 2)


def test_two_people_never_share_a_place_in_one_queue(
    uow_factory: UowFactory, queued: tuple[Event, list[User], list[Attendance]], now: datetime
) -> None:
    event, people, waiting = queued
    with pytest.raises(AlreadyExists) as refused:
        _queue(uow_factory, now, event.id, people[4].id, 5)
    assert refused.value.field == "queue_number"
    with uow_factory() as uow, pytest.raises(AlreadyExists):
        uow.attendances.save(attrs.evolve(waiting[2], queue_number=2))
    with uow_factory() as uow:
        assert uow.attendances.find(event.id, people[4].id) is None
        assert uow.attendances.last_in_queue(event.id) == 9


def test_queue_entries_go_with_their_event_and_their_user(
    uow_factory: UowFactory,
    queued: tuple[Event, list[User], list[Attendance]],
    add_user: AddUser,
    add_event: AddEvent,
    now: datetime,
) -> None:
    event, people, _ = queued
    other = add_event(add_user().id, capacity=1)
    _queue(uow_factory, now, other.id, people[0].id, 1)
    with uow_factory() as uow:
        uow.users.delete(people[0].id)
        uow.commit()
    with uow_factory() as uow:
        assert [a.user_id for a in uow.attendances.queue(event.id)] == [people[1].id, people[2].id]
        assert list(uow.attendances.queue(other.id)) == []
        uow.events.delete(event.id)
        uow.commit()
    with uow_factory() as uow:
        assert list(uow.attendances.queue(event.id)) == []
        assert uow.attendances.for_user(people[1].id) == []
