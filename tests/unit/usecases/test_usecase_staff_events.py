"""Ticketed events on the memory core: published by staff with every seat for sale,
categories by name, photo slots, tickets remaining as a capacity, and withdrawal."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from eventcore.adapters.realtime.inprocess import InProcessNotifier
from eventcore.bootstrap import Core
from eventcore.domain.access import STAFF_SELL_TICKETS, EventManagement, EventPolicy
from eventcore.domain.errors import Forbidden, InvalidValue, NotFound
from eventcore.domain.event_changes import EventChanges, EventDraft
from eventcore.domain.events import EventImage, with_images_at
from eventcore.domain.ids import EventId
from eventcore.domain.users import User
from eventcore.domain.views import EventView
from eventcore.usecases import attendance, categories, events
from strategies import T0

STAFF = STAFF_SELL_TICKETS
# Anyone creates events, and the creator takes no seat.
CREATORS = EventPolicy(EventManagement.CREATORS, organizer_takes_seat=False)
Tables = dict[str, dict[Any, Any]]


def _fields(**overrides: Any) -> dict[str, Any]:
    return {"title": "Gig", "starts_at": T0 + timedelta(days=1), **overrides}


def _in_core_terms(values: dict[str, Any], *, creating: bool = False) -> dict[str, Any]:
    """The ticketing words these tests use, as the core's input fields."""
    renamed = {"category": "category_name", "tickets_remaining": "seats_left"}
    core_values = {renamed.get(name, name): value for name, value in values.items()}
    if "photos" in core_values:
        positions = {slot - 1: url for slot, url in core_values.pop("photos").items()}
        if creating:
            core_values["images"] = with_images_at((), positions)
        else:
            core_values["images_at"] = positions
    return core_values


def _publish(core: Core, actor: User, **overrides: Any) -> EventView:
    draft = EventDraft(**_in_core_terms(_fields(**overrides), creating=True))
    return events.create_event(core.uow(), core.clock, core.notifier, actor.id, draft, STAFF)


def _revise(core: Core, actor: User, event_id: EventId, **changes: Any) -> EventView:
    return events.update_event(
        core.uow(),
        core.clock,
        core.notifier,
        actor.id,
        event_id,
        EventChanges(**_in_core_terms(changes)),
        STAFF,
    )


def test_a_published_event_sells_every_seat_and_is_announced(
    core: Core, moderator: User, notifier: InProcessNotifier
) -> None:
    view = _publish(core, moderator, capacity=5)
    assert view.participant_count == 0
    assert view.event.seats_left(view.participant_count) == 5
    assert notifier.published[-1].type == "event_created"
    with core.uow() as uow:
        assert uow.attendances.for_event(view.event.id) == []


def test_users_do_not_publish_under_staff_management_but_do_under_creators(
    core: Core, ada: User, snapshot: Callable[[], Tables]
) -> None:
    before = snapshot()
    with pytest.raises(Forbidden):
        _publish(core, ada)
    assert snapshot() == before
    view = events.create_event(
        core.uow(), core.clock, core.notifier, ada.id, EventDraft(**_fields()), CREATORS
    )
    assert view.event.creator_id == ada.id


def test_a_category_is_named_in_any_case(core: Core, admin: User) -> None:
    fair = categories.create_category(core.uow(), "Job Fair")
    assert _publish(core, admin, category="job fair").category == fair
    assert _publish(core, admin, category=None).category is None
    with pytest.raises(InvalidValue) as refused:
        _publish(core, admin, category="Bake Sale")
    assert (refused.value.field, refused.value.message) == (
        "category_id",
        "category must be one of: Job Fair.",
    )


def test_photos_fill_their_slots(core: Core, admin: User) -> None:
    view = _publish(core, admin, photos={1: "a", 3: "c"})
    assert view.event.images == (EventImage("a", True), EventImage("c"))
    revised = _revise(core, admin, view.event.id, photos={1: None, 2: "b"})
    assert revised.event.images == (EventImage("b", True),)


def test_tickets_remaining_becomes_the_capacity(core: Core, admin: User) -> None:
    assert _publish(core, admin, tickets_remaining=30).event.capacity == 30
    with pytest.raises(InvalidValue):
        _publish(core, admin, capacity=10, tickets_remaining=9)


def test_the_owner_is_the_publisher(core: Core, admin: User, ada: User) -> None:
    assert _publish(core, admin, creator_id=admin.id).event.creator_id == admin.id
    with pytest.raises(InvalidValue) as refused:
        _publish(core, admin, creator_id=ada.id)
    assert refused.value.field == "creator_id"


def test_revising_tickets_remaining_counts_the_seats_taken(
    core: Core, admin: User, ada: User, bob: User
) -> None:
    event_id = _publish(core, admin, capacity=10).event.id
    for person in (ada, bob):
        attendance.join_event(core.uow(), core.clock, core.notifier, person.id, event_id)
    assert _revise(core, admin, event_id, tickets_remaining=3).event.capacity == 5
    with pytest.raises(InvalidValue) as refused:
        _revise(core, admin, event_id, capacity=1)
    assert refused.value.message == "capacity cannot be below the 2 seats already taken."


def test_users_cannot_revise_or_withdraw_even_their_own_gatherhub_events(
    core: Core, ada: User, make_event: Callable[..., EventView]
) -> None:
    event_id = make_event(ada).event.id
    with pytest.raises(Forbidden):
        _revise(core, ada, event_id, title="Mine")
    with pytest.raises(Forbidden):
        events.delete_event(core.uow(), ada.id, event_id, STAFF)


def test_staff_withdraw_events(core: Core, moderator: User, admin: User) -> None:
    event_id = _publish(core, admin).event.id
    events.delete_event(core.uow(), moderator.id, event_id, STAFF)
    with pytest.raises(NotFound):
        events.get_event(core.uow(), None, event_id)
    with pytest.raises(NotFound):
        events.delete_event(core.uow(), moderator.id, event_id, STAFF)


def test_a_private_event_is_found_by_staff_only(
    core: Core, ada: User, moderator: User, make_event: Callable[..., EventView]
) -> None:
    event_id = make_event(ada, is_private=True).event.id
    assert _revise(core, moderator, event_id, title="Checked").event.title == "Checked"
