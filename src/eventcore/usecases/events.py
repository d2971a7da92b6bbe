"""Events: create, read, list, change, delete.

Every surface creates, changes and deletes events through these three use
cases; an `EventPolicy` says who may manage events and whether the organizer
takes a seat (domain/access.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from eventcore.domain.access import (
    ORGANIZERS_ATTEND,
    EventPolicy,
    ensure_may_create_event,
    hidden_event_refusal,
)
from eventcore.domain.attendance import AttendanceStatus, organizer_of
from eventcore.domain.errors import InvalidValue, NotFound, Reason
from eventcore.domain.event_changes import EventChanges, EventDraft, changed_event, new_event
from eventcore.domain.events import Event, EventKind
from eventcore.domain.ids import MAX_ID, CategoryId, EventId, UserId
from eventcore.domain.inputs import UNSET, Change, Unset
from eventcore.domain.notices import EventCreated, EventFacts, EventUpdated, event_audience
from eventcore.domain.paging import EventFilter, Page, PageRequest, Streamed
from eventcore.domain.planning_views import EventOverview
from eventcore.domain.social import event_chat
from eventcore.domain.views import EventDetails, EventView
from eventcore.ports.clock import Clock
from eventcore.ports.notifier import Notifier
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases.accounts import existing_user
from eventcore.usecases.event_access import (
    event_not_found,
    event_to_manage,
    view_of,
    visible_details,
    visible_event,
)
from eventcore.usecases.seats import fill_free_seats, promotion_notices


def create_event(
    uow: UnitOfWork,
    clock: Clock,
    notifier: Notifier,
    actor_id: UserId,
    draft: EventDraft,
    policy: EventPolicy = ORGANIZERS_ATTEND,
) -> EventView:
    """Create an event from `draft`, if `policy` lets the actor; under a policy where the
    organizer takes a seat, they become its first participant.

    Raises NotFound (no such actor), Forbidden or InvalidValue.
    """
    now = clock.now()
    with uow:
        actor = existing_user(uow, actor_id)
        ensure_may_create_event(actor, policy.management)
        draft_event = new_event(
            draft,
            creator_id=actor.id,
            category_id=_draft_category(uow, draft),
            seats_taken=1 if policy.organizer_takes_seat else 0,
            now=now,
        )
        event = uow.events.add(draft_event)
        if policy.organizer_takes_seat:
            uow.attendances.add(organizer_of(event, now))
        if event.kind is EventKind.GROUP:
            uow.chats.add(event_chat(event.id, now))
        view = view_of(uow, event.id)
        uow.commit()
    notifier.publish(EventCreated(event=EventFacts.of(view), audience=event_audience(view)))
    return view


def update_event(
    uow: UnitOfWork,
    clock: Clock,
    notifier: Notifier,
    actor_id: UserId,
    event_id: EventId,
    changes: EventChanges,
    policy: EventPolicy = ORGANIZERS_ATTEND,
) -> EventView:
    """Change an event, if `policy` lets the actor manage it. The capacity never drops
    below the seats already taken; the seats a larger capacity adds go to the first
    of the waiting list.

    Raises NotFound, Forbidden, or InvalidValue naming the field.
    """
    now = clock.now()
    with uow:
        actor = existing_user(uow, actor_id)
        # Locked: the seats taken must not change between the count and the save.
        event = event_to_manage(
            uow, actor, event_id, policy.management, hidden=hidden_event_refusal(policy)
        )
        updated = changed_event(
            event,
            changes,
            category_id=_changed_category(uow, changes),
            seats_taken=uow.attendances.count(event_id, AttendanceStatus.REGISTERED),
            now=now,
        )
        uow.events.save(updated)
        if updated.kind is EventKind.GROUP and event.kind is not EventKind.GROUP:
            _ensure_chat(uow, updated, now)
        promoted = fill_free_seats(uow, updated, now)
        view = view_of(uow, event_id)
        uow.commit()
    notifier.publish(EventUpdated(event=EventFacts.of(view), audience=event_audience(view)))
    for notice in promotion_notices(view, promoted):
        notifier.publish(notice)
    return view


def delete_event(
    uow: UnitOfWork,
    actor_id: UserId,
    event_id: EventId,
    policy: EventPolicy = ORGANIZERS_ATTEND,
) -> None:
    """Delete an event with everything attached to it, if `policy` lets the actor.

    Raises NotFound or Forbidden.
    """
    with uow:
        actor = existing_user(uow, actor_id)
        event_to_manage(
            uow, actor, event_id, policy.management, hidden=hidden_event_refusal(policy)
        )
        uow.events.delete(event_id)
        uow.commit()


def get_event(
    uow: UnitOfWork,
    viewer_id: UserId | None,
    event_id: EventId,
    policy: EventPolicy = ORGANIZERS_ATTEND,
) -> EventDetails:
    """The event with its participants.

    Raises NotFound, also for a private event the viewer may not see (Forbidden for
    that under a policy that says so).
    """
    with uow.reading():
        return visible_details(uow, viewer_id, event_id, hidden=hidden_event_refusal(policy))


def event_overview(uow: UnitOfWork, viewer_id: UserId | None, event_id: EventId) -> EventOverview:
    """The event with its participants, tasks, polls and waiting list (how many wait,
    and where the viewer stands), in a fixed number of statements.

    Raises NotFound, also for a private event the viewer may not see.
    """
    with uow.reading():
        details = visible_details(uow, viewer_id, event_id)
        return EventOverview(
            details,
            tuple(uow.tasks.of_event(event_id)),
            tuple(uow.polls.headlines(event_id)),
            uow.attendances.waiting_list(event_id, viewer_id),
        )


def open_event(uow: UnitOfWork, viewer_id: UserId | None, event_id: EventId) -> Event:
    """The event with all its images, without its participants.

    Raises NotFound, also for a private event the viewer may not see.
    """
    with uow.reading():
        return visible_event(uow, viewer_id, event_id, missing=event_not_found("event_id"))


def list_events(uow: UnitOfWork, where: EventFilter, request: PageRequest) -> Page[EventView]:
    """One page of the events matching `where`, soonest first."""
    with uow.reading():
        return uow.event_queries.page(where, request)


@contextmanager
def streaming_events(uow: UnitOfWork, where: EventFilter) -> Iterator[Streamed[EventView]]:
    """Every event matching `where`, soonest first, read while the block runs: a list
    of any length in the memory of a few hundred events."""
    with uow.reading(streaming=True):
        yield uow.event_queries.every(where)


def list_events_of_category(
    uow: UnitOfWork, viewer_id: UserId, category_id: CategoryId, request: PageRequest
) -> Page[EventView]:
    """One page of the category's events the viewer may see, soonest first.

    Raises NotFound for an unknown category.
    """
    with uow.reading():
        if not 0 < category_id <= MAX_ID or uow.categories.get(category_id) is None:
            raise NotFound("Category not found.", field="category_id")
        return uow.event_queries.page(
            EventFilter(viewer_id=viewer_id, category_id=category_id), request
        )


def _ensure_chat(uow: UnitOfWork, event: Event, now: datetime) -> None:
    """Every group event has its chat, also one that became a group event later."""
    if uow.chats.of_event(event.id) is None:
        uow.chats.add(event_chat(event.id, now))


def _draft_category(uow: UnitOfWork, draft: EventDraft) -> CategoryId | None:
    if draft.category_name is not None:
        return _named_category(uow, draft.category_name)
    return _known_category(uow, draft.category_id)


def _changed_category(uow: UnitOfWork, changes: EventChanges) -> Change[CategoryId | None]:
    if not isinstance(changes.category_name, Unset):
        return _named_category(uow, changes.category_name)
    if not isinstance(changes.category_id, Unset):
        return _known_category(uow, changes.category_id)
    return UNSET


def _named_category(uow: UnitOfWork, name: str | None) -> CategoryId | None:
    """The category of that name, in any case; none for a blank name.

    Raises InvalidValue (category_id) when no category has the name.
    """
    if name is None or not name.strip():
        return None
    category = uow.categories.find_by_name(name.strip())
    if category is None:
        known = ", ".join(c.name for c in uow.categories.list())
        if known:
            raise InvalidValue("category_id", Reason.UNKNOWN_CATEGORY_NAME, known=known)
        raise InvalidValue("category_id", Reason.NO_CATEGORIES)
    return category.id


def _known_category(uow: UnitOfWork, category_id: CategoryId | None) -> CategoryId | None:
    """Raises InvalidValue (category_id) for an id that names no category."""
    if category_id is not None and (
        not 0 < category_id <= MAX_ID or uow.categories.get(category_id) is None
    ):
        raise InvalidValue("category_id", Reason.NO_SUCH_CATEGORY)
    return category_id
