"""Joining and leaving events."""

from __future__ import annotations

from eventcore.domain import attendance as rules
from eventcore.domain.attendance import AttendanceStatus
from eventcore.domain.errors import NotFound
from eventcore.domain.ids import EventId, UserId
from eventcore.domain.views import EventView
from eventcore.ports.clock import Clock
from eventcore.ports.notifier import Notifier
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases.events import event_notice


def join_event(
    uow: UnitOfWork, clock: Clock, notifier: Notifier, actor_id: UserId, event_id: EventId
) -> EventView:
    """Register the actor as a participant. Raises NotFound, AlreadyParticipant or EventFull."""
    now = clock.now()
    with uow:
        event = uow.events.lock(event_id)
        if event is None or (event.is_private and event.creator_id != actor_id):
            # A private event is joined through an invitation, never by id.
            raise NotFound("Event not found.", field="id")
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
    notifier.publish(event_notice("event_joined", view.view, user_id=actor_id,
                                  audience=[actor_id]))
    return view.view


def leave_event(
    uow: UnitOfWork, clock: Clock, notifier: Notifier, actor_id: UserId, event_id: EventId
) -> EventView:
    """Withdraw the actor. Raises NotFound, NotParticipant, or Forbidden for the creator."""
    now = clock.now()
    with uow:
        event = uow.events.lock(event_id)
        if event is None:
            raise NotFound("Event not found.", field="id")
        current = uow.attendances.find(event_id, actor_id)
        if event.is_private and current is None:
            raise NotFound("Event not found.", field="id")
        uow.attendances.save(rules.cancel(current, now))
        view = uow.event_queries.details(event_id)
        assert view is not None  # locked above, inside this transaction
        uow.commit()
    notifier.publish(event_notice("event_left", view.view, user_id=actor_id,
                                  audience=[actor_id]))
    return view.view
