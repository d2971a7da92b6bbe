"""What tasks and polls share: finding their event as a viewer may see it, who takes
part in it, who hears about it, and the event overview that shows both."""

from __future__ import annotations

from eventcore.domain.errors import DomainError, NotFound
from eventcore.domain.events import Event
from eventcore.domain.ids import EventId, UserId
from eventcore.domain.planning_views import EventOverview, audience_of
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases.event_access import visible


def event_overview(uow: UnitOfWork, viewer_id: UserId | None, event_id: EventId) -> EventOverview:
    """The event with its participants, tasks and polls, in a fixed number of statements.

    Raises NotFound, also for a private event the viewer may not see.
    """
    with uow:
        details = uow.event_queries.details(event_id)
        if details is None or not visible(uow, details.event, viewer_id):
            raise NotFound("Event not found.", field="id")
        return EventOverview(
            details, tuple(uow.tasks.of_event(event_id)), tuple(uow.polls.headlines(event_id))
        )


def visible_event(
    uow: UnitOfWork, viewer_id: UserId | None, event_id: EventId, missing: DomainError
) -> Event:
    """The event, if the viewer may see it; else raises `missing`, so that a private
    event's existence is not given away."""
    event = uow.events.get(event_id)
    if event is None or not visible(uow, event, viewer_id):
        raise missing
    return event


def takes_part(uow: UnitOfWork, event: Event, user_id: UserId | None) -> bool:
    """Registered for the event, or its organizer."""
    if user_id is None:
        return False
    return user_id == event.creator_id or uow.event_queries.takes_part(event.id, user_id)


def audience(uow: UnitOfWork, event: Event) -> frozenset[int] | None:
    """Who hears notices about the event's tasks and polls: everyone for a public
    event, else its creator and participants."""
    if not event.is_private:
        return None
    details = uow.event_queries.details(event.id)
    return audience_of(event, details.participants if details is not None else ())
