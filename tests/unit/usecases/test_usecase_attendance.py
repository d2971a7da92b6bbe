"""Joining and leaving events on the memory core, with a capacity property."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings

from eventcore.adapters.clock import FixedClock
from eventcore.adapters.memory.unit_of_work import MemoryUnitOfWork
from eventcore.adapters.realtime.inprocess import InProcessNotifier
from eventcore.bootstrap import Core, memory_core
from eventcore.domain.errors import (
    AlreadyParticipant,
    DomainError,
    EventFull,
    Forbidden,
    NotFound,
    NotParticipant,
)
from eventcore.domain.event_changes import EventDraft
from eventcore.domain.ids import EventId
from eventcore.domain.users import Registration, User
from eventcore.domain.views import EventView
from eventcore.usecases import accounts, attendance, events
from strategies import PASSWORD, T0, Action, attendance_steps, capacities
from support.notices import Notice

Tables = dict[str, dict[Any, Any]]
MakeEvent = Callable[..., EventView]
Snapshot = Callable[[], Tables]


def join(core: Core, user: User, event_id: EventId) -> EventView:
    return attendance.join_event(core.uow(), core.clock, core.notifier, user.id, event_id)


def leave(core: Core, user: User, event_id: EventId) -> EventView:
    return attendance.leave_event(core.uow(), core.clock, core.notifier, user.id, event_id)


def participant_ids(core: Core, event_id: EventId) -> list[int]:
    details = events.get_event(core.uow(), None, event_id)
    return [person.id for person in details.participants]


def test_joining_adds_the_participant_and_announces_it(
    core: Core, ada: User, bob: User, make_event: MakeEvent, notifier: InProcessNotifier
) -> None:
    event_id = make_event(ada, capacity=3).event.id
    view = join(core, bob, event_id)
    assert view.participant_count == 2
    assert participant_ids(core, event_id) == [ada.id, bob.id]
    assert notifier.published[-1] == Notice(
        "event_joined",
        {"id": event_id, "title": "Jazz night", "current_participants": 2, "user_id": bob.id},
    )


def test_second_join_by_same_user_is_a_conflict(
    core: Core, ada: User, bob: User, make_event: MakeEvent, snapshot: Snapshot
) -> None:
    event_id = make_event(ada).event.id
    join(core, bob, event_id)
    before = snapshot()
    with pytest.raises(AlreadyParticipant):
        join(core, bob, event_id)
    assert snapshot() == before


def test_creator_joining_their_own_event_is_already_a_participant(
    core: Core, ada: User, make_event: MakeEvent
) -> None:
    with pytest.raises(AlreadyParticipant):
        join(core, ada, make_event(ada).event.id)


def test_joining_a_full_event_is_refused_and_not_committed(
    core: Core,
    ada: User,
    bob: User,
    carol: User,
    make_event: MakeEvent,
    snapshot: Snapshot,
    notifier: InProcessNotifier,
) -> None:
    event_id = make_event(ada, capacity=2).event.id
    join(core, bob, event_id)
    before, published = snapshot(), len(notifier.published)
    uow = core.uow()
    assert isinstance(uow, MemoryUnitOfWork)
    with pytest.raises(EventFull):
        attendance.join_event(uow, core.clock, core.notifier, carol.id, event_id)
    assert not uow.committed
    assert snapshot() == before
    assert len(notifier.published) == published


def test_leaving_withdraws_the_participant_and_announces_it(
    core: Core,
    clock: FixedClock,
    ada: User,
    bob: User,
    make_event: MakeEvent,
    notifier: InProcessNotifier,
) -> None:
    event_id = make_event(ada).event.id
    join(core, bob, event_id)
    clock.advance(timedelta(minutes=10))
    assert leave(core, bob, event_id).participant_count == 1
    assert participant_ids(core, event_id) == [ada.id]
    assert notifier.published[-1] == Notice(
        "event_left",
        {"id": event_id, "title": "Jazz night", "current_participants": 1, "user_id": bob.id},
    )


def test_leaving_frees_a_seat_for_someone_else(
    core: Core, ada: User, bob: User, carol: User, make_event: MakeEvent
) -> None:
    event_id = make_event(ada, capacity=2).event.id
    join(core, bob, event_id)
    leave(core, bob, event_id)
    assert join(core, carol, event_id).participant_count == 2


def test_rejoining_after_leaving_reuses_the_attendance(
    core: Core,
    clock: FixedClock,
    ada: User,
    bob: User,
    make_event: MakeEvent,
    snapshot: Snapshot,
) -> None:
    event_id = make_event(ada).event.id
    join(core, bob, event_id)
    leave(core, bob, event_id)
    clock.advance(timedelta(hours=1))
    join(core, bob, event_id)
    bobs = [a for a in snapshot()["attendances"].values() if a.user_id == bob.id]
    assert len(bobs) == 1
    assert (bobs[0].created_at, bobs[0].updated_at) == (T0, T0 + timedelta(hours=1))
    assert bobs[0].is_participant


def test_leaving_without_having_joined_is_a_conflict(
    core: Core, ada: User, bob: User, make_event: MakeEvent, snapshot: Snapshot
) -> None:
    event_id = make_event(ada).event.id
    before = snapshot()
    with pytest.raises(NotParticipant):
        leave(core, bob, event_id)
    assert snapshot() == before


def test_leaving_twice_is_a_conflict(
    core: Core, ada: User, bob: User, make_event: MakeEvent
) -> None:
    event_id = make_event(ada).event.id
    join(core, bob, event_id)
    leave(core, bob, event_id)
    with pytest.raises(NotParticipant):
        leave(core, bob, event_id)


def test_creator_cannot_leave_their_event(
    core: Core, ada: User, make_event: MakeEvent, snapshot: Snapshot
) -> None:
    event_id = make_event(ada).event.id
    before = snapshot()
    with pytest.raises(Forbidden):
        leave(core, ada, event_id)
    assert snapshot() == before


@pytest.mark.parametrize("act", [join, leave])
def test_unknown_event_is_not_found(
    core: Core, bob: User, act: Callable[[Core, User, EventId], EventView]
) -> None:
    with pytest.raises(NotFound):
        act(core, bob, EventId(404))


@pytest.mark.parametrize("act", [join, leave])
def test_private_event_cannot_be_joined_or_left_by_an_outsider(
    core: Core,
    ada: User,
    bob: User,
    make_event: MakeEvent,
    act: Callable[[Core, User, EventId], EventView],
) -> None:
    event_id = make_event(ada, is_private=True).event.id
    with pytest.raises(NotFound):
        act(core, bob, event_id)


# --- property: capacity holds whatever the order of joins and leaves ---------------------------

USERS = 5


def expected_failure(
    action: Action, user: int, registered: set[int], capacity: int | None
) -> type[DomainError] | None:
    """What a simple model says a step does: None when it succeeds."""
    if action == "join":
        if user in registered:
            return AlreadyParticipant
        if capacity is not None and len(registered) >= capacity:
            return EventFull
        return None
    if user not in registered:
        return NotParticipant
    if user == 0:
        return Forbidden
    return None


@settings(max_examples=75, deadline=None)
@given(capacity=capacities(), steps=attendance_steps(USERS))
def test_participants_never_exceed_capacity_whatever_the_joins_and_leaves(
    capacity: int | None, steps: list[tuple[Action, int]]
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
    registered = {0}  # the creator is the first participant
    uow = core.uow()
    assert isinstance(uow, MemoryUnitOfWork)
    store = uow.store

    for action, user in steps:
        expected = expected_failure(action, user, registered, capacity)
        before = copy.deepcopy(store.tables)
        act = join if action == "join" else leave
        outcome: type[DomainError] | None = None
        try:
            act(core, people[user], event_id)
        except (EventFull, AlreadyParticipant, NotParticipant, Forbidden) as failure:
            outcome = type(failure)
        assert outcome is expected
        if outcome is None:
            (registered.add if action == "join" else registered.discard)(user)
        else:
            assert store.tables == before

        count = events.get_event(core.uow(), None, event_id).view.participant_count
        assert count == len(registered)
        assert capacity is None or count <= capacity
        assert sorted(participant_ids(core, event_id)) == sorted(people[n].id for n in registered)
