"""Waiting lists on the memory core: queueing, leaving, and promotion in the same unit of
work whenever a seat frees up, with a property over any sequence of steps."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventcore.adapters.clock import FixedClock
from eventcore.bootstrap import Core, memory_core
from eventcore.domain.attendance import AttendanceStatus, WaitingList
from eventcore.domain.errors import (
    AlreadyParticipant,
    AlreadyWaiting,
    DomainError,
    NotFound,
    NotWaiting,
    SeatsAvailable,
)
from eventcore.domain.event_changes import EventChanges, EventDraft
from eventcore.domain.ids import EventId
from eventcore.domain.users import Registration, User
from eventcore.domain.views import EventView
from eventcore.usecases import accounts, attendance, events
from strategies import PASSWORD, T0
from support.notices import GatherHubEar, Notice

Tables = dict[str, dict[Any, Any]]
MakeEvent = Callable[..., EventView]
MakeUser = Callable[..., User]


def join(core: Core, user: User, event_id: EventId) -> EventView:
    return attendance.join_event(core.uow(), core.clock, core.notifier, user.id, event_id)


def wait(core: Core, user: User, event_id: EventId) -> attendance.WaitingPlace:
    return attendance.join_waiting_list(core.uow(), core.clock, user.id, event_id)


def standing(core: Core, user: User, event_id: EventId) -> WaitingList:
    return events.event_overview(core.uow(), user.id, event_id).waiting_list


def status_of(core: Core, user: User, event_id: EventId) -> AttendanceStatus | None:
    with core.uow() as uow:
        found = uow.attendances.find(event_id, user.id)
    return None if found is None else found.status


@pytest.fixture
def full(core: Core, ada: User, bob: User, make_event: MakeEvent) -> EventId:
    """Ada's event of two seats: hers and Bob's."""
    event_id = make_event(ada, capacity=2).event.id
    join(core, bob, event_id)
    return event_id


def test_a_full_event_queues_people_in_order_of_arrival(
    core: Core, make_user: MakeUser, full: EventId
) -> None:
    first, second = make_user("first"), make_user("second")
    assert wait(core, first, full).waiting_list == WaitingList(1, 1)
    place = wait(core, second, full)
    assert place.waiting_list == WaitingList(2, 2)
    assert place.view.participant_count == 2
    assert standing(core, first, full) == WaitingList(2, 1)
    assert status_of(core, second, full) is AttendanceStatus.WAITLISTED


def test_the_waiting_list_refuses_a_free_event_a_participant_and_a_second_place(
    core: Core, ada: User, bob: User, carol: User, make_event: MakeEvent, full: EventId
) -> None:
    roomy = make_event(ada, capacity=5).event.id
    with pytest.raises(SeatsAvailable):
        wait(core, carol, roomy)
    with pytest.raises(AlreadyParticipant):
        wait(core, bob, full)
    wait(core, carol, full)
    with pytest.raises(AlreadyWaiting):
        wait(core, carol, full)
    with pytest.raises(NotFound):
        wait(core, carol, EventId(999))


def test_joining_a_full_event_stays_refused_even_with_a_waiting_list(
    core: Core, carol: User, make_user: MakeUser, full: EventId
) -> None:
    wait(core, make_user("dan"), full)
    with pytest.raises(DomainError) as refused:
        join(core, carol, full)
    assert refused.value.code == "event_full"


def test_leaving_the_queue_moves_the_others_up(
    core: Core, carol: User, make_user: MakeUser, full: EventId
) -> None:
    dan = make_user("dan")
    wait(core, carol, full)
    wait(core, dan, full)
    left = attendance.leave_waiting_list(core.uow(), core.clock, carol.id, full)
    assert left.waiting_list == WaitingList(1, None)
    assert standing(core, dan, full) == WaitingList(1, 1)
    assert status_of(core, carol, full) is AttendanceStatus.CANCELLED
    with pytest.raises(NotWaiting):
        attendance.leave_waiting_list(core.uow(), core.clock, carol.id, full)


def test_a_participant_leaving_promotes_the_first_in_the_queue_and_announces_it(
    core: Core, bob: User, carol: User, make_user: MakeUser, full: EventId, notifier: GatherHubEar
) -> None:
    dan = make_user("dan")
    wait(core, carol, full)
    wait(core, dan, full)
    view = attendance.leave_event(core.uow(), core.clock, core.notifier, bob.id, full)
    assert view.participant_count == 2
    assert status_of(core, carol, full) is AttendanceStatus.REGISTERED
    assert standing(core, dan, full) == WaitingList(1, 1)
    facts = {"id": full, "title": "Jazz night", "current_participants": 2}
    assert notifier.published[-3:] == [
        Notice("event_left", {**facts, "user_id": bob.id}),
        Notice("event_joined", {**facts, "user_id": carol.id}),
        Notice("waitlist_promoted", {**facts, "user_id": carol.id}, frozenset({carol.id})),
    ]


def test_a_removed_or_cancelled_attendance_promotes_too(
    core: Core, admin: User, bob: User, carol: User, make_user: MakeUser, full: EventId
) -> None:
    dan = make_user("dan")
    wait(core, carol, full)
    wait(core, dan, full)
    attendance.remove_attendance(core.uow(), core.clock, core.notifier, admin.id, full, bob.id)
    assert status_of(core, carol, full) is AttendanceStatus.REGISTERED
    attendance.set_attendance_status(
        core.uow(), core.clock, core.notifier, carol.id, full, AttendanceStatus.CANCELLED
    )
    assert status_of(core, dan, full) is AttendanceStatus.REGISTERED
    assert standing(core, dan, full) == WaitingList(0, None)


def test_a_larger_capacity_promotes_as_many_as_it_adds_and_none_promotes_all(
    core: Core, ada: User, make_user: MakeUser, full: EventId
) -> None:
    people = [make_user(f"p{n}") for n in range(4)]
    for person in people:
        wait(core, person, full)
    grown = events.update_event(
        core.uow(), core.clock, core.notifier, ada.id, full, EventChanges(capacity=4)
    )
    assert grown.participant_count == 4
    assert [status_of(core, p, full) for p in people] == [
        AttendanceStatus.REGISTERED,
        AttendanceStatus.REGISTERED,
        AttendanceStatus.WAITLISTED,
        AttendanceStatus.WAITLISTED,
    ]
    unlimited = events.update_event(
        core.uow(), core.clock, core.notifier, ada.id, full, EventChanges(capacity=None)
    )
    assert unlimited.participant_count == 6
    assert standing(core, people[3], full) == WaitingList(0, None)


def test_a_deleted_account_gives_its_seat_to_the_queue_and_loses_its_place(
    core: Core, bob: User, carol: User, make_user: MakeUser, full: EventId, notifier: GatherHubEar
) -> None:
    dan, eve = make_user("dan"), make_user("eve")
    wait(core, carol, full)
    wait(core, dan, full)
    wait(core, eve, full)
    accounts.delete_account(core.uow(), core.clock, core.notifier, dan.id, dan.id)
    assert standing(core, eve, full) == WaitingList(2, 2)
    accounts.delete_account(core.uow(), core.clock, core.notifier, bob.id, bob.id)
    assert status_of(core, carol, full) is AttendanceStatus.REGISTERED
    assert standing(core, eve, full) == WaitingList(1, 1)
    assert notifier.published[-1].type == "waitlist_promoted"


def test_deleting_the_event_takes_its_waiting_list_with_it(
    core: Core, ada: User, carol: User, full: EventId
) -> None:
    wait(core, carol, full)
    events.delete_event(core.uow(), ada.id, full)
    assert status_of(core, carol, full) is None


def test_a_ticket_buyer_may_ask_for_waitlisted_and_a_cancelled_ticket_promotes_them(
    core: Core, bob: User, carol: User, full: EventId
) -> None:
    record = attendance.attend_event(
        core.uow(), core.clock, core.notifier, carol.id, full, AttendanceStatus.WAITLISTED
    )
    assert (record.status, record.queue_number) == (AttendanceStatus.WAITLISTED, 1)
    attendance.set_attendance_status(
        core.uow(), core.clock, core.notifier, bob.id, full, AttendanceStatus.INTERESTED
    )
    assert status_of(core, carol, full) is AttendanceStatus.REGISTERED


USERS = 6
Step = tuple[str, int]


@settings(max_examples=60, deadline=None)
@given(
    capacity=st.integers(min_value=1, max_value=3),
    steps=st.lists(
        st.tuples(
            st.sampled_from(["join", "wait", "leave", "unwait", "grow"]),
            st.integers(1, USERS - 1),
        ),
        max_size=30,
    ),
)
def test_no_seat_stays_free_while_someone_waits_and_the_queue_keeps_its_order(
    capacity: int, steps: list[Step]
) -> None:
    core = memory_core(clock=FixedClock(T0))
    people = [
        accounts.create_user(
            core.uow(),
            core.clock,
            core.hasher,
            Registration(email=f"u{n}@example.org", password=PASSWORD, username=f"u{n}"),
        )
        for n in range(USERS)
    ]
    event_id = events.create_event(
        core.uow(),
        core.clock,
        core.notifier,
        people[0].id,
        EventDraft(title="Chess", starts_at=T0 + timedelta(days=1), capacity=capacity),
    ).event.id
    queue: list[int] = []  # who waits, first first, as a plain model
    for action, n in steps:
        person = people[n]
        try:
            if action == "join":
                join(core, person, event_id)
            elif action == "wait":
                wait(core, person, event_id)
                queue.append(n)
            elif action == "leave":
                attendance.leave_event(core.uow(), core.clock, core.notifier, person.id, event_id)
            elif action == "unwait":
                attendance.leave_waiting_list(core.uow(), core.clock, person.id, event_id)
                queue.remove(n)
            else:
                capacity += 1
                events.update_event(
                    core.uow(),
                    core.clock,
                    core.notifier,
                    people[0].id,
                    event_id,
                    EventChanges(capacity=capacity),
                )
        except DomainError:
            pass
        queue = [
            w for w in queue if status_of(core, people[w], event_id) is AttendanceStatus.WAITLISTED
        ]
        with core.uow() as uow:
            registered = uow.attendances.count(event_id, AttendanceStatus.REGISTERED)
            in_line = [a.user_id for a in uow.attendances.queue(event_id)]
        assert registered <= capacity
        assert not in_line or registered == capacity
        assert in_line == [people[w].id for w in queue]
        for place, w in enumerate(queue, start=1):
            assert standing(core, people[w], event_id) == WaitingList(len(queue), place)
