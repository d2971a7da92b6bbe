"""Attendance records with a status, on the memory core: attend, change status, remove,
and the lists; with a property that the tickets never run below zero nor past capacity."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventcore.adapters.clock import FixedClock
from eventcore.adapters.realtime.inprocess import InProcessNotifier
from eventcore.bootstrap import Core, memory_core
from eventcore.domain.access import STAFF_SELL_TICKETS
from eventcore.domain.attendance import AttendanceStatus
from eventcore.domain.errors import (
    AlreadyExists,
    DomainError,
    EventFull,
    Forbidden,
    InvalidValue,
    NotFound,
    OrganizerStays,
)
from eventcore.domain.event_changes import EventDraft
from eventcore.domain.ids import EventId, UserId
from eventcore.domain.users import Registration, Role, User
from eventcore.domain.views import EventView
from eventcore.usecases import accounts, attendance, events
from strategies import PASSWORD, T0

REGISTERED, INTERESTED, CANCELLED = (
    AttendanceStatus.REGISTERED,
    AttendanceStatus.INTERESTED,
    AttendanceStatus.CANCELLED,
)
Tables = dict[str, dict[Any, Any]]


def _event(core: Core, actor: User, capacity: int | None = 2) -> EventId:
    return events.create_event(
        core.uow(),
        core.clock,
        core.notifier,
        actor.id,
        EventDraft(title="Gig", starts_at=T0 + timedelta(days=1), capacity=capacity),
        STAFF_SELL_TICKETS,
    ).event.id


def _attend(
    core: Core, user: User, event_id: EventId, status: AttendanceStatus = REGISTERED
) -> Any:
    return attendance.attend_event(core.uow(), core.clock, core.notifier, user.id, event_id, status)


def _set(core: Core, user: User, event_id: EventId, status: AttendanceStatus) -> Any:
    return attendance.set_attendance_status(
        core.uow(), core.clock, core.notifier, user.id, event_id, status
    )


def _taken(core: Core, event_id: EventId) -> int:
    with core.uow() as uow:
        return uow.attendances.count(event_id, REGISTERED)


def test_attending_records_the_status_and_announces_registrations(
    core: Core, admin: User, ada: User, bob: User, notifier: InProcessNotifier
) -> None:
    event_id = _event(core, admin)
    interested = _attend(core, ada, event_id, INTERESTED)
    published = len(notifier.published)
    registered = _attend(core, bob, event_id)
    assert (interested.status, registered.status) == (INTERESTED, REGISTERED)
    assert interested.created_at == core.clock.now()
    assert len(notifier.published) == published + 1
    assert notifier.published[-1].type == "event_joined"
    assert _taken(core, event_id) == 1


def test_attending_twice_or_as_cancelled_is_refused(
    core: Core, admin: User, ada: User, snapshot: Callable[[], Tables]
) -> None:
    event_id = _event(core, admin)
    _attend(core, ada, event_id, INTERESTED)
    before = snapshot()
    with pytest.raises(AlreadyExists):
        _attend(core, ada, event_id)
    with pytest.raises(InvalidValue):
        _attend(core, ada, event_id, CANCELLED)
    assert snapshot() == before


def test_a_full_event_refuses_registration_but_not_interest(
    core: Core, admin: User, ada: User, bob: User, carol: User
) -> None:
    event_id = _event(core, admin, capacity=1)
    _attend(core, ada, event_id)
    with pytest.raises(EventFull):
        _attend(core, bob, event_id)
    _attend(core, carol, event_id, INTERESTED)
    with pytest.raises(EventFull):
        _set(core, carol, event_id, REGISTERED)


def test_a_private_event_is_not_attended_by_id(
    core: Core, ada: User, bob: User, make_event: Callable[..., EventView]
) -> None:
    event_id = make_event(ada, is_private=True).event.id
    with pytest.raises(NotFound):
        _attend(core, bob, event_id)


def test_changing_status_moves_the_seat(
    core: Core, admin: User, ada: User, notifier: InProcessNotifier
) -> None:
    event_id = _event(core, admin)
    _attend(core, ada, event_id, INTERESTED)
    _set(core, ada, event_id, REGISTERED)
    assert _taken(core, event_id) == 1
    _set(core, ada, event_id, CANCELLED)
    assert _taken(core, event_id) == 0
    assert notifier.published[-1].type == "event_left"


def test_changing_a_missing_attendance_is_not_found(core: Core, admin: User, ada: User) -> None:
    event_id = _event(core, admin)
    with pytest.raises(NotFound):
        _set(core, ada, event_id, REGISTERED)
    with pytest.raises(NotFound):
        _set(core, ada, EventId(99), REGISTERED)


def test_removing_an_attendance_frees_its_seat(core: Core, admin: User, ada: User) -> None:
    event_id = _event(core, admin)
    _attend(core, ada, event_id)
    attendance.remove_attendance(core.uow(), core.clock, core.notifier, ada.id, event_id, ada.id)
    assert _taken(core, event_id) == 0
    with pytest.raises(NotFound):
        attendance.remove_attendance(
            core.uow(), core.clock, core.notifier, ada.id, event_id, ada.id
        )


def test_only_the_user_or_an_admin_removes_an_attendance(
    core: Core, admin: User, moderator: User, ada: User, bob: User
) -> None:
    event_id = _event(core, admin)
    _attend(core, ada, event_id)
    for intruder in (bob, moderator):
        with pytest.raises(Forbidden):
            attendance.remove_attendance(
                core.uow(), core.clock, core.notifier, intruder.id, event_id, ada.id
            )
    attendance.remove_attendance(core.uow(), core.clock, core.notifier, admin.id, event_id, ada.id)


def test_the_organizer_of_a_gatherhub_event_stays(
    core: Core, ada: User, admin: User, make_event: Callable[..., EventView]
) -> None:
    event_id = make_event(ada).event.id
    with pytest.raises(OrganizerStays):
        _set(core, ada, event_id, CANCELLED)
    with pytest.raises(OrganizerStays):
        attendance.remove_attendance(
            core.uow(), core.clock, core.notifier, admin.id, event_id, ada.id
        )


def test_attendee_and_attendance_lists(
    core: Core, admin: User, moderator: User, ada: User, bob: User
) -> None:
    first, second = _event(core, admin), _event(core, admin)
    _attend(core, ada, first)
    _attend(core, bob, first, INTERESTED)
    _attend(core, ada, second, INTERESTED)
    assert [
        (a.user_id, a.status) for a in attendance.list_attendees(core.uow(), admin.id, first)
    ] == [(ada.id, REGISTERED), (bob.id, INTERESTED)]
    assert [a.event_id for a in attendance.list_user_attendances(core.uow(), ada.id, ada.id)] == [
        first,
        second,
    ]
    assert len(attendance.list_user_attendances(core.uow(), admin.id, bob.id)) == 1
    with pytest.raises(Forbidden):
        attendance.list_attendees(core.uow(), moderator.id, first)
    with pytest.raises(Forbidden):
        attendance.list_user_attendances(core.uow(), bob.id, ada.id)
    with pytest.raises(NotFound):
        attendance.list_attendees(core.uow(), admin.id, EventId(99))
    with pytest.raises(NotFound):
        attendance.list_user_attendances(core.uow(), admin.id, UserId(99))


Step = tuple[str, int, AttendanceStatus]
_STEPS = st.lists(
    st.tuples(
        st.sampled_from(["attend", "set", "remove"]),
        st.integers(0, 4),
        st.sampled_from(list(AttendanceStatus)),
    ),
    max_size=25,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(capacity=st.integers(1, 3), steps=_STEPS)
def test_whatever_people_do_the_tickets_stay_between_zero_and_capacity(
    capacity: int, steps: list[Step]
) -> None:
    core = memory_core(clock=FixedClock(T0))
    staff = accounts.create_user(
        core.uow(),
        core.clock,
        core.hasher,
        Registration(email="s@example.org", password=PASSWORD, role=Role.ADMIN),
    )
    people = [
        accounts.create_user(
            core.uow(),
            core.clock,
            core.hasher,
            Registration(email=f"p{n}@example.org", password=PASSWORD),
        )
        for n in range(5)
    ]
    event_id = _event(core, staff, capacity)
    for action, who, status in steps:
        person = people[who]
        try:
            if action == "attend":
                _attend(core, person, event_id, status)
            elif action == "set":
                _set(core, person, event_id, status)
            else:
                attendance.remove_attendance(
                    core.uow(), core.clock, core.notifier, person.id, event_id, person.id
                )
        except DomainError:
            pass
        view = events.get_event(core.uow(), None, event_id).view
        remaining = view.event.seats_left(view.participant_count)
        assert remaining is not None
        assert 0 <= remaining <= capacity
        assert remaining == capacity - _taken(core, event_id)
