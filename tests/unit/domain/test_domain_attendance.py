"""Attendance rules: registering, cancelling, the organizer, capacity."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest

from eventcore.domain import event_changes
from eventcore.domain.attendance import (
    Attendance,
    AttendanceStatus,
    cancel,
    organizer_of,
    register,
)
from eventcore.domain.errors import AlreadyParticipant, EventFull, Forbidden, NotParticipant
from eventcore.domain.event_changes import EventDraft
from eventcore.domain.events import Event
from eventcore.domain.ids import AttendanceId, EventId, UserId
from strategies import T0

CREATOR = UserId(1)
GUEST = UserId(2)
LATER = T0 + timedelta(hours=5)


def make_event(capacity: int | None = 3) -> Event:
    event = event_changes.new_event(
        EventDraft(title="Chess", starts_at=T0 + timedelta(days=2), capacity=capacity),
        creator_id=CREATOR,
        category_id=None,
        seats_taken=0,
        now=T0,
    )
    return attrs.evolve(event, id=EventId(10))


def attendance(status: AttendanceStatus, *, organizer: bool = False) -> Attendance:
    return Attendance(
        id=AttendanceId(5),
        event_id=EventId(10),
        user_id=GUEST,
        status=status,
        is_organizer=organizer,
        created_at=T0,
        updated_at=T0,
    )


def test_organizer_is_a_registered_participant_from_the_start() -> None:
    organizer = organizer_of(make_event(), T0)
    assert (organizer.user_id, organizer.event_id) == (CREATOR, EventId(10))
    assert organizer.is_organizer
    assert organizer.is_participant
    assert organizer.created_at == organizer.updated_at == T0


def test_registering_a_newcomer_with_room_makes_a_fresh_participant() -> None:
    joined = register(make_event(), GUEST, current=None, participants=1, now=LATER)
    assert (joined.user_id, joined.event_id, joined.status) == (
        GUEST,
        EventId(10),
        AttendanceStatus.REGISTERED,
    )
    assert not joined.is_organizer
    assert joined.created_at == joined.updated_at == LATER


def test_registering_an_existing_participant_is_a_conflict() -> None:
    with pytest.raises(AlreadyParticipant):
        register(
            make_event(),
            GUEST,
            current=attendance(AttendanceStatus.REGISTERED),
            participants=1,
            now=LATER,
        )


def test_registering_when_every_seat_is_taken_says_the_event_is_full() -> None:
    with pytest.raises(EventFull) as caught:
        register(make_event(capacity=3), GUEST, current=None, participants=3, now=LATER)
    assert caught.value.field == "capacity"


def test_last_free_seat_can_be_taken() -> None:
    joined = register(make_event(capacity=3), GUEST, current=None, participants=2, now=LATER)
    assert joined.is_participant


def test_already_participant_is_reported_before_full() -> None:
    with pytest.raises(AlreadyParticipant):
        register(
            make_event(capacity=1),
            GUEST,
            current=attendance(AttendanceStatus.REGISTERED),
            participants=1,
            now=LATER,
        )


def test_event_without_capacity_is_never_full() -> None:
    joined = register(make_event(capacity=None), GUEST, current=None, participants=10**6, now=LATER)
    assert joined.is_participant


@pytest.mark.parametrize("earlier", [AttendanceStatus.CANCELLED, AttendanceStatus.INTERESTED])
def test_rejoining_reuses_the_earlier_attendance(earlier: AttendanceStatus) -> None:
    rejoined = register(make_event(), GUEST, current=attendance(earlier), participants=1, now=LATER)
    assert rejoined.id == AttendanceId(5)
    assert rejoined.status is AttendanceStatus.REGISTERED
    assert (rejoined.created_at, rejoined.updated_at) == (T0, LATER)


def test_rejoining_a_full_event_after_cancelling_is_refused() -> None:
    with pytest.raises(EventFull):
        register(
            make_event(capacity=2),
            GUEST,
            current=attendance(AttendanceStatus.CANCELLED),
            participants=2,
            now=LATER,
        )


def test_cancelling_withdraws_the_participant_and_keeps_the_record() -> None:
    current = attendance(AttendanceStatus.REGISTERED)
    cancelled = cancel(current, LATER)
    assert cancelled.status is AttendanceStatus.CANCELLED
    assert not cancelled.is_participant
    assert (cancelled.id, cancelled.updated_at) == (current.id, LATER)
    assert current.status is AttendanceStatus.REGISTERED


@pytest.mark.parametrize(
    "current",
    [None, attendance(AttendanceStatus.CANCELLED), attendance(AttendanceStatus.INTERESTED)],
)
def test_cancelling_without_being_a_participant_is_a_conflict(current: Attendance | None) -> None:
    with pytest.raises(NotParticipant):
        cancel(current, LATER)


def test_organizer_cannot_leave_their_own_event() -> None:
    with pytest.raises(Forbidden):
        cancel(organizer_of(make_event(), T0), LATER)
