"""Loading for a use case: the acting user, and an event they may see or manage.

Shared by every use case that reads or changes one event, so that all surfaces
apply the same visibility and permission rules.
"""

from __future__ import annotations

from eventcore.domain.access import (
    EventManagement,
    ensure_may_manage_event_under,
    may_see_event,
)
from eventcore.domain.errors import NotFound
from eventcore.domain.events import Event
from eventcore.domain.ids import EventId, UserId
from eventcore.domain.users import User
from eventcore.domain.views import EventView
from eventcore.ports.unit_of_work import UnitOfWork


def visible(uow: UnitOfWork, event: Event, viewer_id: UserId | None) -> bool:
    """Whether the viewer may see the event (and so its tasks, polls and pictures)."""
    if not event.is_private:
        return True
    viewer = uow.users.get(viewer_id) if viewer_id is not None else None
    takes_part = viewer is not None and uow.event_queries.takes_part(event.id, viewer.id)
    return may_see_event(viewer, event, takes_part=takes_part)


def event_to_manage(
    uow: UnitOfWork, actor: User, event_id: EventId, management: EventManagement
) -> Event:
    """The event, locked for the rest of the unit of work, if `actor` may manage it.

    Raises NotFound (also for a private event the actor may not see) or Forbidden.
    """
    event = uow.events.lock(event_id)
    if event is None or not visible(uow, event, actor.id):
        raise NotFound("Event not found.", field="id")
    ensure_may_manage_event_under(actor, event, management)
    return event


def view_of(uow: UnitOfWork, event_id: EventId) -> EventView:
    details = uow.event_queries.details(event_id)
    if details is None:
        raise NotFound("Event not found.", field="id")
    return details.view
