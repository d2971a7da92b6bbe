"""Attendance: who is interested in, registered for, waiting for or has cancelled an event.

The waiting list of an event is its waitlisted attendances in the order of their
`queue_number` (drawn on joining, one more than the last in the queue). A
waitlisted attendance holds no seat. Whenever a seat frees up, the first in the
queue take the free seats (`promotions`), in the same unit of work, so a free
seat and a waiting person never outlive one transaction.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime

import attrs
from attrs import define, frozen

from eventcore.domain.errors import (
    AlreadyParticipant,
    AlreadyWaiting,
    EventFull,
    Forbidden,
    NotParticipant,
    NotWaiting,
    OrganizerStays,
    SeatsAvailable,
)
from eventcore.domain.events import Event
from eventcore.domain.ids import AttendanceId, EventId, UserId


class AttendanceStatus(enum.StrEnum):
    INTERESTED = "interested"
    REGISTERED = "registered"
    CANCELLED = "cancelled"
    WAITLISTED = "waitlisted"


@define(kw_only=True)
class Attendance:
    id: AttendanceId = AttendanceId(0)
    event_id: EventId
    user_id: UserId
    status: AttendanceStatus
    is_organizer: bool = False
    created_at: datetime
    updated_at: datetime
    # The place drawn in the waiting list; set while (and only while) waitlisted.
    queue_number: int | None = None

    @property
    def is_participant(self) -> bool:
        return self.status is AttendanceStatus.REGISTERED

    @property
    def is_waiting(self) -> bool:
        return self.status is AttendanceStatus.WAITLISTED


@frozen
class WaitingList:
    """How many wait for a seat of an event, and where one viewer stands among them
    (1 for the first; None when they do not wait)."""

    waiting: int = 0
    position: int | None = None


def organizer_of(event: Event, now: datetime) -> Attendance:
    """The creator's own attendance: registered, and counted as a participant."""
    return Attendance(
        event_id=event.id,
        user_id=event.creator_id,
        status=AttendanceStatus.REGISTERED,
        is_organizer=True,
        created_at=now,
        updated_at=now,
    )


def register(
    event: Event,
    user_id: UserId,
    *,
    current: Attendance | None,
    participants: int,
    now: datetime,
) -> Attendance:
    """Register `user_id` for `event`, given the participant count right now.

    Raises AlreadyParticipant or EventFull.
    """
    if current is not None and current.is_participant:
        raise AlreadyParticipant("You are already a participant of this event.")
    if not event.has_room(participants):
        raise EventFull("This event is full.", field="capacity")
    if current is None:
        return Attendance(
            event_id=event.id,
            user_id=user_id,
            status=AttendanceStatus.REGISTERED,
            created_at=now,
            updated_at=now,
        )
    return _moved(current, AttendanceStatus.REGISTERED, now)


def enqueue(
    event: Event,
    user_id: UserId,
    *,
    current: Attendance | None,
    participants: int,
    last_in_queue: int,
    now: datetime,
) -> Attendance:
    """Put `user_id` at the end of the waiting list of a full `event`, given the
    participant count and the queue number of the last one waiting right now.

    Raises AlreadyParticipant, AlreadyWaiting, or SeatsAvailable when the event has a
    free seat (who wants one registers instead).
    """
    if current is not None and current.is_participant:
        raise AlreadyParticipant("You are already a participant of this event.")
    if current is not None and current.is_waiting:
        raise AlreadyWaiting("You are already on the waiting list of this event.")
    if event.has_room(participants):
        raise SeatsAvailable(
            "This event has free seats: join it instead of its waiting list.", field="capacity"
        )
    if current is None:
        return Attendance(
            event_id=event.id,
            user_id=user_id,
            status=AttendanceStatus.WAITLISTED,
            created_at=now,
            updated_at=now,
            queue_number=last_in_queue + 1,
        )
    return attrs.evolve(
        current,
        status=AttendanceStatus.WAITLISTED,
        updated_at=now,
        queue_number=last_in_queue + 1,
    )


def leave_queue(current: Attendance | None, now: datetime) -> Attendance:
    """Take a waiting person off the list (their attendance becomes cancelled).

    Raises NotWaiting.
    """
    if current is None or not current.is_waiting:
        raise NotWaiting("You are not on the waiting list of this event.")
    return _moved(current, AttendanceStatus.CANCELLED, now)


def promotions(
    event: Event, *, participants: int, queue: Sequence[Attendance], now: datetime
) -> list[Attendance]:
    """The first of `queue` (the waiting list, in order) registered, one per free seat
    of `event` given the participant count right now; all of them when the event has
    no capacity."""
    free = event.seats_left(participants)
    chosen = queue if free is None else queue[:free]
    return [_moved(waiting, AttendanceStatus.REGISTERED, now) for waiting in chosen]


def _moved(current: Attendance, status: AttendanceStatus, now: datetime) -> Attendance:
    """`current` in `status`; it keeps a queue number only while waitlisted."""
    number = current.queue_number if status is AttendanceStatus.WAITLISTED else None
    return attrs.evolve(current, status=status, updated_at=now, queue_number=number)


def cancel(current: Attendance | None, now: datetime) -> Attendance:
    """Withdraw a participant. Raises NotParticipant, or Forbidden for the organizer."""
    if current is None or not current.is_participant:
        raise NotParticipant("You are not a participant of this event.")
    if current.is_organizer:
        raise Forbidden("The event creator cannot leave the event.")
    return _moved(current, AttendanceStatus.CANCELLED, now)


def express_interest(event: Event, user_id: UserId, now: datetime) -> Attendance:
    """A new attendance of someone interested in `event`; it takes no seat."""
    return Attendance(
        event_id=event.id,
        user_id=user_id,
        status=AttendanceStatus.INTERESTED,
        created_at=now,
        updated_at=now,
    )


def change_status(
    event: Event,
    current: Attendance,
    status: AttendanceStatus,
    *,
    participants: int,
    now: datetime,
    last_in_queue: int = 0,
) -> Attendance:
    """`current` moved to `status`, given the participant count (and the queue number
    of the last one waiting) right now.

    Asking for the status it already has changes nothing. Registering needs a
    free seat (EventFull); the organizer stays registered (OrganizerStays); the
    waiting list takes only someone without a seat, for a full event
    (AlreadyParticipant, SeatsAvailable).
    """
    if status is current.status:
        return current
    if status is AttendanceStatus.REGISTERED:
        return register(event, current.user_id, current=current, participants=participants, now=now)
    if current.is_organizer:
        raise OrganizerStays("The event creator stays registered for their own event.")
    if status is AttendanceStatus.WAITLISTED:
        return enqueue(
            event,
            current.user_id,
            current=current,
            participants=participants,
            last_in_queue=last_in_queue,
            now=now,
        )
    return _moved(current, status, now)


def ensure_removable(attendance: Attendance) -> None:
    """Raises OrganizerStays for the organizer's own attendance."""
    if attendance.is_organizer:
        raise OrganizerStays("The event creator's own attendance cannot be removed.")
