"""Attendance: who is interested in, registered for or has cancelled an event."""

from __future__ import annotations

import enum
from datetime import datetime

import attrs
from attrs import define

from eventcore.domain.errors import (
    AlreadyParticipant,
    EventFull,
    Forbidden,
    NotParticipant,
    OrganizerStays,
)
from eventcore.domain.events import Event
from eventcore.domain.ids import AttendanceId, EventId, UserId


class AttendanceStatus(enum.StrEnum):
    INTERESTED = "interested"
    REGISTERED = "registered"
    CANCELLED = "cancelled"


@define(kw_only=True)
class Attendance:
    id: AttendanceId = AttendanceId(0)
    event_id: EventId
    user_id: UserId
    status: AttendanceStatus
    is_organizer: bool = False
    created_at: datetime
    updated_at: datetime

    @property
    def is_participant(self) -> bool:
        return self.status is AttendanceStatus.REGISTERED


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
    return attrs.evolve(current, status=AttendanceStatus.REGISTERED, updated_at=now)


def cancel(current: Attendance | None, now: datetime) -> Attendance:
    """Withdraw a participant. Raises NotParticipant, or Forbidden for the organizer."""
    if current is None or not current.is_participant:
        raise NotParticipant("You are not a participant of this event.")
    if current.is_organizer:
        raise Forbidden("The event creator cannot leave the event.")
    return attrs.evolve(current, status=AttendanceStatus.CANCELLED, updated_at=now)


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
) -> Attendance:
    """`current` moved to `status`, given the participant count right now.

    Asking for the status it already has changes nothing. Registering needs a
    free seat (EventFull); the organizer stays registered (OrganizerStays).
    """
    if status is current.status:
        return current
    if status is AttendanceStatus.REGISTERED:
        return register(event, current.user_id, current=current, participants=participants, now=now)
    if current.is_organizer:
        raise OrganizerStays("The event creator stays registered for their own event.")
    return attrs.evolve(current, status=status, updated_at=now)


def ensure_removable(attendance: Attendance) -> None:
    """Raises OrganizerStays for the organizer's own attendance."""
    if attendance.is_organizer:
        raise OrganizerStays("The event creator's own attendance cannot be removed.")
