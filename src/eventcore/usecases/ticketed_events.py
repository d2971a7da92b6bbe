"""Events that sell tickets: published, changed and withdrawn under a management rule
(domain.access.EventManagement), with a category named rather than numbered, photos
in numbered slots, and the tickets remaining as another way to say the capacity.

`fields` and `changes` hold Event attribute names plus these keys:
- "category": the name of an existing category, or None for none;
- "photos": {slot number: URL, or None to empty the slot} (domain.tickets);
- "tickets_remaining": seats still free (sets the capacity; see domain.tickets);
- "creator_id": must name the actor (on creation) or the current creator: an event
  never changes hands here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from eventcore.domain import events as event_rules
from eventcore.domain import tickets
from eventcore.domain.access import (
    EventManagement,
    ensure_may_create_event,
)
from eventcore.domain.attendance import AttendanceStatus
from eventcore.domain.errors import InvalidValue
from eventcore.domain.events import EventImage
from eventcore.domain.ids import CategoryId, EventId, UserId
from eventcore.domain.validation import require
from eventcore.domain.views import EventView
from eventcore.ports.clock import Clock
from eventcore.ports.notifier import Notifier
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases.accounts import existing_user
from eventcore.usecases.event_access import event_to_manage, view_of
from eventcore.usecases.events import event_notice


def publish_event(
    uow: UnitOfWork,
    clock: Clock,
    notifier: Notifier,
    actor_id: UserId,
    fields: Mapping[str, Any],
    management: EventManagement,
) -> EventView:
    """Create an event whose every seat is for sale: unlike events.create_event, its
    creator is not registered for it, so the tickets remaining start at the capacity.

    Raises NotFound (no such actor), Forbidden or InvalidValue.
    """
    now = clock.now()
    with uow:
        actor = existing_user(uow, actor_id)
        ensure_may_create_event(actor, management)
        values = _event_values(uow, fields, owner=actor.id, images=())
        remaining = values.pop("tickets_remaining", None)
        values["capacity"] = tickets.capacity_for(values.get("capacity"), remaining, taken=0)
        event = uow.events.add(event_rules.new_event(actor.id, now, values))
        view = view_of(uow, event.id)
        uow.commit()
    notifier.publish(event_notice("event_created", view))
    return view


def revise_event(
    uow: UnitOfWork,
    clock: Clock,
    notifier: Notifier,
    actor_id: UserId,
    event_id: EventId,
    changes: Mapping[str, Any],
    management: EventManagement,
) -> EventView:
    """Change an event. The capacity never drops below the seats already taken.

    Raises NotFound, Forbidden or InvalidValue.
    """
    with uow:
        actor = existing_user(uow, actor_id)
        # Locked: the seats taken must not change between the count and the save.
        event = event_to_manage(uow, actor, event_id, management)
        values = _event_values(uow, changes, owner=event.creator_id, images=event.images)
        taken = uow.attendances.count(event_id, AttendanceStatus.REGISTERED)
        remaining = values.pop("tickets_remaining", None)
        if remaining is not None:
            values["capacity"] = tickets.capacity_for(values.get("capacity"), remaining, taken)
        updated = event_rules.update_event(event, values, clock.now())
        event_rules.check_room_for(updated, taken)
        uow.events.save(updated)
        view = view_of(uow, event_id)
        uow.commit()
    notifier.publish(event_notice("event_updated", view))
    return view


def _event_values(
    uow: UnitOfWork,
    fields: Mapping[str, Any],
    *,
    owner: UserId,
    images: tuple[EventImage, ...],
) -> dict[str, Any]:
    """`fields` in Event's own terms (tickets_remaining is left for the caller)."""
    values = dict(fields)
    if "creator_id" in values:
        require(
            values.pop("creator_id") == owner,
            "creator_id",
            f"creator_id must be {owner}: an event belongs to the one who created it.",
        )
    if "category" in values:
        values["category_id"] = _category_id(uow, values.pop("category"))
    if "photos" in values:
        values["images"] = tickets.with_photos(images, values.pop("photos"))
    return values


def _category_id(uow: UnitOfWork, name: str | None) -> CategoryId | None:
    if name is None or not name.strip():
        return None
    category = uow.categories.find_by_name(name.strip())
    if category is None:
        known = ", ".join(c.name for c in uow.categories.list())
        raise InvalidValue(
            f"category must be one of: {known}."
            if known
            else "category names no category (there are none yet).",
            field="category_id",
        )
    return category.id
