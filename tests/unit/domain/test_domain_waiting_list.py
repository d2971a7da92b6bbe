"""Waiting-list rules: who may queue, leaving the queue, and who a free seat goes to."""

from __future__ import annotations

from datetime import timedelta

import attrs
import pytest

from eventcore.domain import event_changes
from eventcore.domain.attendance import (
    Attendance,
    AttendanceStatus,
    cancel,
    change_status,
    enqueue,
    leave_queue,
    promotions,
)
from eventcore.domain.errors import AlreadyParticipant, AlreadyWaiting, NotWaiting, SeatsAvailable
from eventcore.domain.event_changes import EventDraft
from eventcore.domain.events import Event
from eventcore.domain.ids import AttendanceId, EventId, UserId
from strategies import T0

GUEST = UserId(2)
LATER = T0 + timedelta(hours=5)


def make_event(capacity: int | None = 2) -> Event:
    event = event_changes.new_event(
        EventDraft(title="Chess", starts_at=T0 + timedelta(days=2), capacity=capacity),
        creator_id=UserId(1),
        category_id=None,
        seats_taken=0,
        now=T0,
    )
    return attrs.evolve(event, id=EventId(10))


def attendance(status: AttendanceStatus, *, user: int = 2, number: int | None = None) -> Attendance:
    return Attendance(
        id=AttendanceId(user),
        event_id=EventId(10),
        user_id=UserId(user),
        status=status,
        created_at=T0,
        updated_at=T0,
        queue_number=number,
    )


def test_someone_new_queues_behind_the_last_one_waiting_for_a_full_event() -> None:
    waiting = enqueue(make_event(), GUEST, current=None, participants=2, last_in_queue=7, now=LATER)
    assert (waiting.status, waiting.queue_number, waiting.created_at) == (
        AttendanceStatus.WAITLISTED,
        8,
        LATER,
    )
    assert waiting.is_waiting
    assert not waiting.is_participant


def test_a_cancelled_or_interested_attendance_may_queue_and_keeps_its_record() -> None:
    for status in (AttendanceStatus.CANCELLED, AttendanceStatus.INTERESTED):
        current = attendance(status)
        waiting = enqueue(
            make_event(), GUEST, current=current, participants=2, last_in_queue=0, now=LATER
        )
        assert (waiting.id, waiting.status, waiting.queue_number) == (
            current.id,
            AttendanceStatus.WAITLISTED,
            1,
        )
        assert (waiting.created_at, waiting.updated_at) == (T0, LATER)


def test_an_event_with_a_free_seat_or_no_capacity_has_no_waiting_list() -> None:
    for event, taken in ((make_event(2), 1), (make_event(None), 500)):
        with pytest.raises(SeatsAvailable) as refused:
            enqueue(event, GUEST, current=None, participants=taken, last_in_queue=0, now=LATER)
        assert refused.value.field == "capacity"


def test_a_participant_or_someone_waiting_cannot_queue_again() -> None:
    with pytest.raises(AlreadyParticipant):
        enqueue(
            make_event(),
            GUEST,
            current=attendance(AttendanceStatus.REGISTERED),
            participants=2,
            last_in_queue=0,
            now=LATER,
        )
    with pytest.raises(AlreadyWaiting):
        enqueue(
            make_event(),
            GUEST,
            current=attendance(AttendanceStatus.WAITLISTED, number=1),
            participants=2,
            last_in_queue=1,
            now=LATER,
        )


def test_leaving_the_queue_cancels_and_gives_up_the_place() -> None:
    left = leave_queue(attendance(AttendanceStatus.WAITLISTED, number=3), LATER)
    assert (left.status, left.queue_number, left.updated_at) == (
        AttendanceStatus.CANCELLED,
        None,
        LATER,
    )
    for current in (None, attendance(AttendanceStatus.REGISTERED)):
        with pytest.raises(NotWaiting):
            leave_queue(current, LATER)


def test_free_seats_go_to_the_first_in_the_queue_and_no_more() -> None:
    queue = [attendance(AttendanceStatus.WAITLISTED, user=n, number=n) for n in (3, 4, 5)]
    promoted = promotions(make_event(4), participants=2, queue=queue, now=LATER)
    assert [(a.user_id, a.status, a.queue_number) for a in promoted] == [
        (3, AttendanceStatus.REGISTERED, None),
        (4, AttendanceStatus.REGISTERED, None),
    ]
    assert promotions(make_event(2), participants=2, queue=queue, now=LATER) == []
    assert len(promotions(make_event(None), participants=9, queue=queue, now=LATER)) == 3


def test_changing_status_queues_only_for_a_full_event_and_leaving_the_queue_clears_it() -> None:
    interested = attendance(AttendanceStatus.INTERESTED)
    waiting = change_status(
        make_event(),
        interested,
        AttendanceStatus.WAITLISTED,
        participants=2,
        now=LATER,
        last_in_queue=4,
    )
    assert (waiting.status, waiting.queue_number) == (AttendanceStatus.WAITLISTED, 5)
    with pytest.raises(SeatsAvailable):
        change_status(
            make_event(), interested, AttendanceStatus.WAITLISTED, participants=1, now=LATER
        )
    with pytest.raises(AlreadyParticipant):
        change_status(
            make_event(),
            attendance(AttendanceStatus.REGISTERED),
            AttendanceStatus.WAITLISTED,
            participants=2,
            now=LATER,
        )
    back = change_status(
        make_event(), waiting, AttendanceStatus.INTERESTED, participants=2, now=LATER
    )
    assert (back.status, back.queue_number) == (AttendanceStatus.INTERESTED, None)


def test_a_cancelled_participant_holds_no_place_in_any_queue() -> None:
    cancelled = cancel(attendance(AttendanceStatus.REGISTERED), LATER)
    assert cancelled.queue_number is None
