"""Events: create, read, list, update, delete."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from eventcore.domain import events as event_rules
from eventcore.domain.access import EventManagement
from eventcore.domain.attendance import AttendanceStatus, organizer_of
from eventcore.domain.errors import InvalidValue, NotFound
from eventcore.domain.ids import CategoryId, EventId, UserId
from eventcore.domain.paging import EventFilter, Page, PageRequest
from eventcore.domain.views import EventDetails, EventView
from eventcore.ports.clock import Clock
from eventcore.ports.notifier import Notice, Notifier
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases.accounts import existing_user
from eventcore.usecases.event_access import event_to_manage, view_of, visible


def create_event(
    uow: UnitOfWork, clock: Clock, notifier: Notifier, actor_id: UserId, fields: dict[str, Any]
) -> EventView:
    """Create an event; its creator becomes its organizer and first participant."""
    now = clock.now()
    with uow:
        existing_user(uow, actor_id)
        _check_category(uow, fields.get("category_id"))
        event = uow.events.add(event_rules.new_event(actor_id, now, fields))
        uow.attendances.add(organizer_of(event, now))
        view = view_of(uow, event.id)
        uow.commit()
    notifier.publish(event_notice("event_created", view))
    return view


def get_event(uow: UnitOfWork, viewer_id: UserId | None, event_id: EventId) -> EventDetails:
    """The event with its participants.

    Raises NotFound, also for a private event the viewer may not see.
    """
    with uow:
        details = uow.event_queries.details(event_id)
        if details is None or not visible(uow, details.view.event, viewer_id):
            raise NotFound("Event not found.", field="id")
        return details


def list_events(uow: UnitOfWork, where: EventFilter, request: PageRequest) -> Page[EventView]:
    """One page of the events matching `where`, soonest first."""
    with uow:
        return uow.event_queries.page(where, request)


def update_event(
    uow: UnitOfWork,
    clock: Clock,
    notifier: Notifier,
    actor_id: UserId,
    event_id: EventId,
    changes: dict[str, Any],
) -> EventView:
    """Change an event. Raises NotFound, Forbidden, or InvalidValue (e.g. capacity below
    the participants already registered)."""
    with uow:
        actor = existing_user(uow, actor_id)
        event = event_to_manage(uow, actor, event_id, EventManagement.CREATORS)
        _check_category(uow, changes.get("category_id"))
        updated = event_rules.update_event(event, changes, clock.now())
        participants = uow.attendances.count(event_id, AttendanceStatus.REGISTERED)
        event_rules.check_room_for(updated, participants)
        uow.events.save(updated)
        view = view_of(uow, event_id)
        uow.commit()
    notifier.publish(event_notice("event_updated", view))
    return view


def delete_event(
    uow: UnitOfWork,
    actor_id: UserId,
    event_id: EventId,
    management: EventManagement = EventManagement.CREATORS,
) -> None:
    """Delete an event with everything attached to it, if `management` lets the actor.

    Raises NotFound or Forbidden.
    """
    with uow:
        actor = existing_user(uow, actor_id)
        event_to_manage(uow, actor, event_id, management)
        uow.events.delete(event_id)
        uow.commit()


def event_notice(
    kind: str, view: EventView, *, audience: Iterable[UserId] = (), **extra: Any
) -> Notice:
    """A real-time notice about an event; a private event's is heard only by `audience`
    and the creator."""
    event = view.event
    heard_by = frozenset({event.creator_id, *audience}) if event.is_private else None
    data = {
        "id": event.id,
        "title": event.title,
        "current_participants": view.participant_count,
        **extra,
    }
    return Notice(type=kind, data=data, audience=heard_by)


def _check_category(uow: UnitOfWork, category_id: CategoryId | None) -> None:
    if category_id is not None and uow.categories.get(category_id) is None:
        raise InvalidValue("category_id names no category.", field="category_id")
