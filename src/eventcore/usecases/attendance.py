"""Joining and leaving events, and their waiting lists."""

from __future__ import annotations

from collections.abc import Sequence

from attrs import frozen

from eventcore.domain import attendance as rules
from eventcore.domain.access import (
    ensure_may_remove_attendance_of,
    ensure_may_see_attendances_of,
    ensure_may_see_attendees,
)
from eventcore.domain.attendance import Attendance, AttendanceStatus, WaitingList
from eventcore.domain.errors import AlreadyExists, InvalidValue, NotFound, Reason
from eventcore.domain.events import Event
from eventcore.domain.ids import MAX_ID, EventId, UserId
from eventcore.domain.notices import Notice
from eventcore.domain.views import EventView
from eventcore.ports.clock import Clock
from eventcore.ports.notifier import Notifier
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases.accounts import existing_user
from eventcore.usecases.event_access import event_not_found
from eventcore.usecases.seats import (
    fill_free_seats,
    joined,
    left,
    promotion_notices,
    take_seat,
)


def join_event(
    uow: UnitOfWork, clock: Clock, notifier: Notifier, actor_id: UserId, event_id: EventId
) -> EventView:
    """Register the actor as a participant. Raises NotFound, AlreadyParticipant or EventFull."""
    now = clock.now()
    with uow:
        event = _attendable(uow, event_id, actor_id)
        take_seat(uow, event, actor_id, now)
        view = _event_view(uow, event_id)
        uow.commit()
    notifier.publish(joined(view, actor_id))
    return view


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
        promoted = fill_free_seats(uow, event, now)
        view = _event_view(uow, event_id)
        uow.commit()
    notifier.publish(left(view, actor_id))
    _publish(notifier, promotion_notices(view, promoted))
    return view


@frozen
class WaitingPlace:
    """The event as it stands, and the caller's place in its waiting list."""

    view: EventView
    waiting_list: WaitingList


def join_waiting_list(
    uow: UnitOfWork, clock: Clock, actor_id: UserId, event_id: EventId
) -> WaitingPlace:
    """Put the actor at the end of the waiting list of a full event.

    Raises NotFound, AlreadyParticipant, AlreadyWaiting, or SeatsAvailable when the
    event has a free seat.
    """
    now = clock.now()
    with uow:
        # Locked: the seat count and the last queue number must hold until the insert.
        event = _attendable(uow, event_id, actor_id)
        current = uow.attendances.find(event_id, actor_id)
        waiting = rules.enqueue(
            event,
            actor_id,
            current=current,
            participants=uow.attendances.count(event_id, AttendanceStatus.REGISTERED),
            last_in_queue=uow.attendances.last_in_queue(event_id),
            now=now,
        )
        if current is None:
            uow.attendances.add(waiting)
        else:
            uow.attendances.save(waiting)
        place = WaitingPlace(
            _event_view(uow, event_id), uow.attendances.waiting_list(event_id, actor_id)
        )
        uow.commit()
    return place


def leave_waiting_list(
    uow: UnitOfWork, clock: Clock, actor_id: UserId, event_id: EventId
) -> WaitingPlace:
    """Take the actor off the waiting list of the event. Raises NotFound or NotWaiting."""
    now = clock.now()
    with uow:
        event = uow.events.lock(event_id) if 0 < event_id <= MAX_ID else None
        current = uow.attendances.find(event_id, actor_id) if event is not None else None
        if event is None or (event.is_private and current is None):
            raise event_not_found()
        uow.attendances.save(rules.leave_queue(current, now))
        place = WaitingPlace(
            _event_view(uow, event_id), uow.attendances.waiting_list(event_id, actor_id)
        )
        uow.commit()
    return place


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
    """Start attending an event as Interested (no seat), Registered (one seat) or
    Waitlisted (a place in the waiting list of a full event).

    Raises InvalidValue (status Cancelled), NotFound, AlreadyExists when the actor
    already has an attendance of this event, whatever its status, EventFull, or
    SeatsAvailable (waitlisted for an event with a free seat).
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
        elif status is AttendanceStatus.WAITLISTED:
            draft = rules.enqueue(
                event,
                actor_id,
                current=None,
                participants=uow.attendances.count(event_id, AttendanceStatus.REGISTERED),
                last_in_queue=uow.attendances.last_in_queue(event_id),
                now=now,
            )
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
    leaving Registered frees it for the first of the waiting list, Waitlisted queues
    for a full event. The same status again changes nothing.

    Raises NotFound (no such event, or no attendance of it), EventFull, OrganizerStays,
    AlreadyParticipant or SeatsAvailable (waitlisted with a seat, or for a free one).
    """
    now = clock.now()
    with uow:
        # Whoever has an attendance may change it, on a private event too.
        event = uow.events.lock(event_id)
        current = uow.attendances.find(event_id, actor_id) if event is not None else None
        if event is None or current is None:
            raise NotFound("You have no attendance for this event.", field="event")
        taken = uow.attendances.count(event_id, AttendanceStatus.REGISTERED)
        updated = rules.change_status(
            event,
            current,
            status,
            participants=taken,
            now=now,
            last_in_queue=uow.attendances.last_in_queue(event_id),
        )
        if updated is current:
            return current
        uow.attendances.save(updated)
        promoted = fill_free_seats(uow, event, now) if current.is_participant else ()
        view = _event_view(uow, event_id)
        uow.commit()
    if updated.is_participant != current.is_participant:
        notice = joined if updated.is_participant else left
        notifier.publish(notice(view, actor_id))
    _publish(notifier, promotion_notices(view, promoted))
    return updated


def remove_attendance(
    uow: UnitOfWork,
    clock: Clock,
    notifier: Notifier,
    actor_id: UserId,
    event_id: EventId,
    user_id: UserId,
) -> None:
    """Delete the attendance of `user_id` (the actor's own, or anyone's for an admin);
    a registered one frees its seat for the first of the waiting list.

    Raises NotFound (no such actor, or no such attendance), Forbidden, OrganizerStays.
    """
    now = clock.now()
    with uow:
        ensure_may_remove_attendance_of(existing_user(uow, actor_id), user_id)
        event = uow.events.lock(event_id)
        current = uow.attendances.find(event_id, user_id) if event is not None else None
        if current is None:
            raise NotFound("There is no such attendance.", field="user_id")
        rules.ensure_removable(current)
        uow.attendances.delete(event_id, user_id)
        assert event is not None  # an attendance names an existing event
        promoted = fill_free_seats(uow, event, now) if current.is_participant else ()
        view = _event_view(uow, event_id)
        uow.commit()
    if current.is_participant:
        notifier.publish(left(view, user_id))
    _publish(notifier, promotion_notices(view, promoted))


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
    # Without the participants: this runs under the event's lock, which every sign-up
    # for the event waits for, so it must not grow with them.
    view = uow.event_queries.view(event_id)
    assert view is not None  # locked by the caller, inside this transaction
    return view


def _publish(notifier: Notifier, notices: Sequence[Notice]) -> None:
    for notice in notices:
        notifier.publish(notice)
