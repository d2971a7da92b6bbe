"""Loading for a use case: an event the actor may see or manage, who takes part in it,
and who hears about it.

Shared by every use case that reads or changes one event (and its tasks, polls
and attendances), so that all surfaces apply the same visibility and
permission rules. Runs inside the caller's open unit of work.
"""

from __future__ import annotations

from eventcore.domain.access import EventManagement, ensure_may_manage_event_under, may_see_event
from eventcore.domain.errors import DomainError, NotFound
from eventcore.domain.events import Event
from eventcore.domain.ids import MAX_ID, EventId, UserId
from eventcore.domain.notices import Audience, people_audience
from eventcore.domain.users import User
from eventcore.domain.views import EventDetails, EventView
from eventcore.ports.unit_of_work import UnitOfWork


def event_not_found(field: str = "id") -> NotFound:
    return NotFound("Event not found.", field=field)


def visible_event(
    uow: UnitOfWork,
    viewer_id: UserId | None,
    event_id: EventId,
    *,
    lock: bool = False,
    missing: DomainError | None = None,
    hidden: DomainError | None = None,
) -> Event:
    """The event, if the viewer may see it; locked for the rest of the unit of work when
    `lock` is set. Raises `missing` (NotFound by default) otherwise, so that a private
    event's existence is not given away, unless `hidden` says how to refuse a private
    event that exists."""
    load = uow.events.lock if lock else uow.events.get
    found = load(event_id) if _storable(event_id) else None
    return _seen_by(uow, viewer_id, found, missing, hidden)


def visible_details(
    uow: UnitOfWork,
    viewer_id: UserId | None,
    event_id: EventId,
    *,
    hidden: DomainError | None = None,
) -> EventDetails:
    """The event with its participants, if the viewer may see it; else NotFound (or
    `hidden` for a private event that exists)."""
    details = uow.event_queries.details(event_id) if _storable(event_id) else None
    _seen_by(uow, viewer_id, details.event if details is not None else None, None, hidden)
    assert details is not None  # _seen_by raised otherwise
    return details


def event_to_manage(
    uow: UnitOfWork,
    actor: User,
    event_id: EventId,
    management: EventManagement,
    *,
    hidden: DomainError | None = None,
) -> Event:
    """The event, locked for the rest of the unit of work, if `actor` may manage it.

    Raises NotFound (also for a private event the actor may not see, unless `hidden`
    says otherwise) or Forbidden.
    """
    event = visible_event(uow, actor.id, event_id, lock=True, hidden=hidden)
    ensure_may_manage_event_under(actor, event, management)
    return event


def may_see(uow: UnitOfWork, event: Event, viewer_id: UserId | None) -> bool:
    """Whether the viewer may see the event (and so its tasks, polls and pictures)."""
    if not event.is_private:
        return True
    viewer = uow.users.get(viewer_id) if viewer_id is not None else None
    takes_part = viewer is not None and uow.event_queries.takes_part(event.id, viewer.id)
    return may_see_event(viewer, event, takes_part=takes_part)


def takes_part(uow: UnitOfWork, event: Event, user_id: UserId | None) -> bool:
    """Registered for the event, or its organizer."""
    if user_id is None:
        return False
    return user_id == event.creator_id or uow.event_queries.takes_part(event.id, user_id)


def audience(uow: UnitOfWork, event: Event) -> Audience:
    """Who hears notices about the event's tasks and polls: everyone for a public
    event, else its creator and participants."""
    if not event.is_private:
        return None
    details = uow.event_queries.details(event.id)
    return people_audience(event, details.participants if details is not None else ())


def view_of(uow: UnitOfWork, event_id: EventId) -> EventView:
    """The event as lists show it, inside a unit of work that holds it."""
    view = uow.event_queries.view(event_id)
    if view is None:
        raise event_not_found()
    return view


def _seen_by(
    uow: UnitOfWork,
    viewer_id: UserId | None,
    event: Event | None,
    missing: DomainError | None,
    hidden: DomainError | None = None,
) -> Event:
    if event is None:
        raise missing or event_not_found()
    if not may_see(uow, event, viewer_id):
        raise hidden or missing or event_not_found()
    return event


def _storable(event_id: EventId) -> bool:
    # A larger number names nothing, and PostgreSQL would refuse to compare it.
    return 0 < event_id <= MAX_ID
