"""Joining and leaving events."""

from __future__ import annotations

from collections.abc import Sequence

from eventcore.domain import attendance as rules
from eventcore.domain.access import (
    ensure_may_remove_attendance_of,
    ensure_may_see_attendances_of,
    ensure_may_see_attendees,
)
from eventcore.domain.attendance import Attendance, AttendanceStatus
from eventcore.domain.errors import AlreadyExists, InvalidValue, NotFound, Reason
from eventcore.domain.events import Event
from eventcore.domain.ids import MAX_ID, EventId, UserId
from eventcore.domain.notices import EventFacts, EventJoined, EventLeft, event_audience
from eventcore.domain.views import EventView
from eventcore.ports.clock import Clock
from eventcore.ports.notifier import Notifier
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases.accounts import existing_user
from eventcore.usecases.event_access import event_not_found


def join_event(
    uow: UnitOfWork, clock: Clock, notifier: Notifier, actor_id: UserId, event_id: EventId
) -> EventView:
    """Register the actor as a participant. Raises NotFound, AlreadyParticipant or EventFull."""
    now = clock.now()
    with uow:
        event = _attendable(uow, event_id, actor_id)
        current = uow.attendances.find(event_id, actor_id)
        participants = uow.attendances.count(event_id, AttendanceStatus.REGISTERED)
        attendance = rules.register(
            event, actor_id, current=current, participants=participants, now=now
        )
        if current is None:
            uow.attendances.add(attendance)
        else:
            uow.attendances.save(attendance)
        view = uow.event_queries.details(event_id)
        assert view is not None  # locked above, inside this transaction
        uow.commit()
    notifier.publish(joined(view.view, actor_id))
    return view.view


def leave_event(
    uow: UnitOfWork, clock: Clock, notifier: Notifier, actor_id: UserId, event_id: EventId
) -> EventView:
    """Withdraw the actor. Raises NotFound, NotParticipant, or Forbidden for the creator."""
    now = clock.now()
    with uow:
        event = uow.events.lock(event_id)
        if event is None:
            raise event_not_found()
        current = uow.attendances.find(event_id, actor_id)
        if event.is_private and current is None:
            raise event_not_found()
        uow.attendances.save(rules.cancel(current, now))
        view = uow.event_queries.details(event_id)
        assert view is not None  # locked above, inside this transaction
        uow.commit()
    notifier.publish(left(view.view, actor_id))
    return view.view


# Attendance records with a status (the ticketing API): a registered attendance
# holds one of the event's seats, an interested or cancelled one holds none.


def attend_event(
    uow: UnitOfWork,
    clock: Clock,
    notifier: Notifier,
    actor_id: UserId,
    event_id: EventId,
    status: AttendanceStatus,
) -> Attendance:
    """Start attending an event as Interested (no seat) or Registered (one seat).

    Raises InvalidValue (status Cancelled), NotFound, AlreadyExists when the actor
    already has an attendance of this event, whatever its status, or EventFull.
    """
    if status is AttendanceStatus.CANCELLED:
        raise InvalidValue("status", Reason.NOT_A_NEW_ATTENDANCE_STATUS)
    now = clock.now()
    with uow:
        # Locked: the seat count must not change between the check and the insert.
        event = _attendable(uow, event_id, actor_id)
        if uow.attendances.find(event_id, actor_id) is not None:
            raise AlreadyExists("You already have an attendance for this event.", field="event")
        if status is AttendanceStatus.REGISTERED:
            taken = uow.attendances.count(event_id, AttendanceStatus.REGISTERED)
            draft = rules.register(event, actor_id, current=None, participants=taken, now=now)
        else:
            draft = rules.express_interest(event, actor_id, now)
        attendance = uow.attendances.add(draft)
        view = _event_view(uow, event_id)
        uow.commit()
    if attendance.is_participant:
        notifier.publish(joined(view, actor_id))
    return attendance


def set_attendance_status(
    uow: UnitOfWork,
    clock: Clock,
    notifier: Notifier,
    actor_id: UserId,
    event_id: EventId,
    status: AttendanceStatus,
) -> Attendance:
    """Move the actor's attendance of the event to `status`; registering takes a seat,
    leaving Registered frees it. The same status again changes nothing.

    Raises NotFound (no such event, or no attendance of it), EventFull, OrganizerStays.
    """
    now = clock.now()
    with uow:
        # Whoever has an attendance may change it, on a private event too.
        event = uow.events.lock(event_id)
        current = uow.attendances.find(event_id, actor_id) if event is not None else None
        if event is None or current is None:
            raise NotFound("You have no attendance for this event.", field="event")
        taken = uow.attendances.count(event_id, AttendanceStatus.REGISTERED)
        updated = rules.change_status(event, current, status, participants=taken, now=now)
        if updated is current:
            return current
        uow.attendances.save(updated)
        view = _event_view(uow, event_id)
        uow.commit()
    if updated.is_participant != current.is_participant:
        notice = joined if updated.is_participant else left
        notifier.publish(notice(view, actor_id))
    return updated


def remove_attendance(
    uow: UnitOfWork,
    notifier: Notifier,
    actor_id: UserId,
    event_id: EventId,
    user_id: UserId,
) -> None:
    """Delete the attendance of `user_id` (the actor's own, or anyone's for an admin);
    a registered one frees its seat.

    Raises NotFound (no such actor, or no such attendance), Forbidden, OrganizerStays.
    """
    with uow:
        ensure_may_remove_attendance_of(existing_user(uow, actor_id), user_id)
        event = uow.events.lock(event_id)
        current = uow.attendances.find(event_id, user_id) if event is not None else None
        if current is None:
            raise NotFound("There is no such attendance.", field="user_id")
        rules.ensure_removable(current)
        uow.attendances.delete(event_id, user_id)
        view = _event_view(uow, event_id)
        uow.commit()
    if current.is_participant:
        notifier.publish(left(view, user_id))


def list_attendees(uow: UnitOfWork, actor_id: UserId, event_id: EventId) -> Sequence[Attendance]:
    """Every attendance of the event, oldest first, for an admin.

    Raises NotFound (no such actor or event) or Forbidden.
    """
    with uow:
        ensure_may_see_attendees(existing_user(uow, actor_id))
        if uow.events.get(event_id) is None:
            raise event_not_found()
        return uow.attendances.for_event(event_id)


def list_user_attendances(
    uow: UnitOfWork, actor_id: UserId, user_id: UserId
) -> Sequence[Attendance]:
    """Every attendance of `user_id`, oldest first, for that user and for admins.

    Raises Forbidden or NotFound.
    """
    with uow:
        ensure_may_see_attendances_of(existing_user(uow, actor_id), user_id)
        existing_user(uow, user_id)
        return uow.attendances.for_user(user_id)


def _attendable(uow: UnitOfWork, event_id: EventId, actor_id: UserId) -> Event:
    """The event, locked; a private one only for its creator, since others join a
    private event through an invitation, never by its id."""
    event = uow.events.lock(event_id) if 0 < event_id <= MAX_ID else None
    if event is None or (event.is_private and event.creator_id != actor_id):
        raise event_not_found()
    return event


def _event_view(uow: UnitOfWork, event_id: EventId) -> EventView:
    details = uow.event_queries.details(event_id)
    assert details is not None  # locked by the caller, inside this transaction
    return details.view


def joined(view: EventView, user_id: UserId) -> EventJoined:
    """The notice that `user_id` now takes part; a private event's is theirs and its
    creator's to hear."""
    return EventJoined(
        event=EventFacts.of(view), user_id=user_id, audience=event_audience(view, [user_id])
    )


def left(view: EventView, user_id: UserId) -> EventLeft:
    return EventLeft(
        event=EventFacts.of(view), user_id=user_id, audience=event_audience(view, [user_id])
    )
