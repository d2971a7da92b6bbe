"""Events on the memory core: create, read, update, delete, visibility and notices."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from eventcore.adapters.clock import FixedClock
from eventcore.adapters.realtime.inprocess import InProcessNotifier
from eventcore.bootstrap import Core
from eventcore.domain.attendance import AttendanceStatus
from eventcore.domain.errors import Forbidden, InvalidValue, NotFound
from eventcore.domain.event_changes import EventChanges, EventDraft
from eventcore.domain.events import Event, EventStatus
from eventcore.domain.ids import CategoryId, EventId, UserId
from eventcore.domain.paging import EventFilter, PageRequest
from eventcore.domain.users import User
from eventcore.domain.views import EventView, UserSummary
from eventcore.usecases import attendance, categories, events
from strategies import T0
from support.notices import Notice

Tables = dict[str, dict[Any, Any]]
MakeEvent = Callable[..., EventView]
EventFields = Callable[..., dict[str, Any]]
Snapshot = Callable[[], Tables]


def update(core: Core, actor: User, event_id: EventId, **changes: Any) -> EventView:
    return events.update_event(
        core.uow(), core.clock, core.notifier, actor.id, event_id, EventChanges(**changes)
    )


def join(core: Core, user: User, event_id: EventId) -> EventView:
    return attendance.join_event(core.uow(), core.clock, core.notifier, user.id, event_id)


def visible_ids(core: Core, viewer: User | None) -> list[EventId]:
    where = EventFilter(viewer_id=None if viewer is None else viewer.id)
    return [v.event.id for v in events.list_events(core.uow(), where, PageRequest()).items]


# --- create ------------------------------------------------------------------------------


def test_creator_becomes_organizer_and_first_participant(
    core: Core, ada: User, make_event: MakeEvent, snapshot: Snapshot
) -> None:
    view = make_event(ada, capacity=10)
    assert view.participant_count == 1
    assert view.creator == UserSummary.of(ada)
    details = events.get_event(core.uow(), ada.id, view.event.id)
    assert details.participants == (UserSummary.of(ada),)
    [organizer] = snapshot()["attendances"].values()
    assert (organizer.user_id, organizer.is_organizer, organizer.status) == (
        ada.id,
        True,
        AttendanceStatus.REGISTERED,
    )


def test_created_event_is_stored_with_its_fields_and_stamps(
    core: Core, ada: User, make_event: MakeEvent
) -> None:
    view = make_event(ada, title="Chess club", capacity=12, city="Leeds")
    stored = events.get_event(core.uow(), None, view.event.id).view.event
    assert (stored.title, stored.capacity, stored.city) == ("Chess club", 12, "Leeds")
    assert (stored.creator_id, stored.created_at, stored.updated_at) == (ada.id, T0, T0)
    assert stored.id == view.event.id == EventId(1)


def test_creating_an_event_publishes_a_public_notice(
    ada: User, make_event: MakeEvent, notifier: InProcessNotifier
) -> None:
    view = make_event(ada, title="Chess club")
    assert list(notifier.published) == [
        Notice(
            "event_created",
            {"id": view.event.id, "title": "Chess club", "current_participants": 1},
            None,
        )
    ]


def test_private_event_notice_is_heard_only_by_its_creator(
    ada: User, make_event: MakeEvent, notifier: InProcessNotifier
) -> None:
    make_event(ada, is_private=True)
    [notice] = notifier.published
    assert notice.audience == frozenset({ada.id})


def test_event_in_a_known_category_shows_the_category(
    core: Core, ada: User, make_event: MakeEvent
) -> None:
    music = categories.create_category(core.uow(), "Music")
    assert make_event(ada, category_id=music.id).category == music


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "  "}, "title"),
        ({"capacity": 0}, "capacity"),
        ({"ends_at": T0}, "ends_at"),
        ({"latitude": 123.0}, "latitude"),
        ({"id": 99}, "id"),
    ],
)
def test_invalid_event_is_refused_and_nothing_is_stored_or_announced(
    core: Core,
    ada: User,
    event_fields: EventFields,
    snapshot: Snapshot,
    notifier: InProcessNotifier,
    overrides: dict[str, Any],
    field: str,
) -> None:
    before = snapshot()
    with pytest.raises(InvalidValue) as caught:
        events.create_event(
            core.uow(), core.clock, core.notifier, ada.id, EventDraft(**event_fields(**overrides))
        )
    assert caught.value.field == field
    assert snapshot() == before
    assert list(notifier.published) == []


def test_event_in_an_unknown_category_is_refused(
    core: Core, ada: User, event_fields: EventFields, snapshot: Snapshot
) -> None:
    before = snapshot()
    with pytest.raises(InvalidValue) as caught:
        events.create_event(
            core.uow(),
            core.clock,
            core.notifier,
            ada.id,
            EventDraft(**event_fields(category_id=CategoryId(42))),
        )
    # The input key is `category_id`; the use case names the field `category`.
    assert caught.value.field == "category_id"
    assert snapshot() == before


def test_fields_cannot_name_another_creator(
    core: Core, ada: User, bob: User, event_fields: EventFields
) -> None:
    with pytest.raises(InvalidValue) as caught:
        events.create_event(
            core.uow(),
            core.clock,
            core.notifier,
            ada.id,
            EventDraft(**event_fields(creator_id=bob.id)),
        )
    assert caught.value.field == "creator_id"


def test_event_by_an_unknown_user_is_refused(
    core: Core, event_fields: EventFields, snapshot: Snapshot
) -> None:
    before = snapshot()
    with pytest.raises(NotFound):
        events.create_event(
            core.uow(), core.clock, core.notifier, UserId(404), EventDraft(**event_fields())
        )
    assert snapshot() == before


# --- read ------------------------------------------------------------------------------------


def test_unknown_event_is_not_found(core: Core, ada: User) -> None:
    with pytest.raises(NotFound) as caught:
        events.get_event(core.uow(), ada.id, EventId(404))
    assert caught.value.field == "id"


def test_public_event_is_seen_by_anyone(
    core: Core, ada: User, bob: User, make_event: MakeEvent
) -> None:
    event_id = make_event(ada).event.id
    assert events.get_event(core.uow(), bob.id, event_id).view.event.id == event_id
    assert events.get_event(core.uow(), None, event_id).view.event.id == event_id
    assert visible_ids(core, None) == visible_ids(core, bob) == [event_id]


def test_private_event_is_hidden_from_others_in_get_and_list(
    core: Core, ada: User, bob: User, make_event: MakeEvent
) -> None:
    public = make_event(ada, title="Open day").event.id
    private = make_event(ada, title="Family dinner", is_private=True).event.id
    for viewer in (bob.id, None):
        with pytest.raises(NotFound):
            events.get_event(core.uow(), viewer, private)
    assert visible_ids(core, bob) == [public]
    assert visible_ids(core, None) == [public]
    assert events.get_event(core.uow(), ada.id, private).view.event.id == private
    assert sorted(visible_ids(core, ada)) == [public, private]


# --- update ------------------------------------------------------------------------------------


def test_creator_updates_the_event_and_a_notice_is_published(
    core: Core, clock: FixedClock, ada: User, make_event: MakeEvent, notifier: InProcessNotifier
) -> None:
    event_id = make_event(ada, capacity=10).event.id
    clock.advance(timedelta(hours=1))
    update(core, ada, event_id, title="Blues night", capacity=20)
    stored = events.get_event(core.uow(), ada.id, event_id).view.event
    assert (stored.title, stored.capacity) == ("Blues night", 20)
    assert (stored.created_at, stored.updated_at) == (T0, T0 + timedelta(hours=1))
    assert notifier.published[-1] == Notice(
        "event_updated", {"id": event_id, "title": "Blues night", "current_participants": 1}
    )


def test_update_by_someone_else_is_forbidden_and_changes_nothing(
    core: Core,
    ada: User,
    bob: User,
    make_event: MakeEvent,
    snapshot: Snapshot,
    notifier: InProcessNotifier,
) -> None:
    event_id = make_event(ada).event.id
    before = snapshot()
    with pytest.raises(Forbidden):
        update(core, bob, event_id, title="Mine now")
    assert snapshot() == before
    assert [n.type for n in notifier.published] == ["event_created"]


@pytest.mark.parametrize("staff", ["moderator", "admin"])
def test_staff_may_update_any_public_event(
    core: Core, ada: User, make_event: MakeEvent, staff: str, request: pytest.FixtureRequest
) -> None:
    manager: User = request.getfixturevalue(staff)
    event_id = make_event(ada).event.id
    update(core, manager, event_id, title="Moderated")
    assert events.get_event(core.uow(), None, event_id).view.event.title == "Moderated"


def test_admin_may_update_a_private_event(
    core: Core, ada: User, admin: User, make_event: MakeEvent
) -> None:
    event_id = make_event(ada, is_private=True).event.id
    update(core, admin, event_id, title="Moderated")
    assert events.get_event(core.uow(), ada.id, event_id).view.event.title == "Moderated"


def test_update_of_a_private_event_by_an_outsider_is_not_found(
    core: Core, ada: User, bob: User, make_event: MakeEvent
) -> None:
    event_id = make_event(ada, is_private=True).event.id
    with pytest.raises(NotFound):
        update(core, bob, event_id, title="Peek")


def test_capacity_below_the_registered_participants_is_refused(
    core: Core, ada: User, bob: User, carol: User, make_event: MakeEvent, snapshot: Snapshot
) -> None:
    event_id = make_event(ada, capacity=5).event.id
    join(core, bob, event_id)
    join(core, carol, event_id)
    before = snapshot()
    with pytest.raises(InvalidValue) as caught:
        update(core, ada, event_id, capacity=2)
    assert caught.value.field == "capacity"
    assert snapshot() == before
    assert update(core, ada, event_id, capacity=3).event.capacity == 3


def test_update_to_an_unknown_category_is_refused(
    core: Core, ada: User, make_event: MakeEvent, snapshot: Snapshot
) -> None:
    event_id = make_event(ada).event.id
    before = snapshot()
    with pytest.raises(InvalidValue) as caught:
        update(core, ada, event_id, category_id=CategoryId(42))
    assert caught.value.field == "category_id"
    assert snapshot() == before


def test_update_breaking_an_event_rule_is_refused(
    core: Core, ada: User, make_event: MakeEvent, snapshot: Snapshot
) -> None:
    view = make_event(ada)
    before = snapshot()
    with pytest.raises(InvalidValue) as caught:
        update(core, ada, view.event.id, ends_at=view.event.starts_at - timedelta(hours=1))
    assert caught.value.field == "ends_at"
    assert snapshot() == before


def test_update_of_an_unknown_event_is_not_found(core: Core, ada: User) -> None:
    with pytest.raises(NotFound):
        update(core, ada, EventId(404), title="Ghost")


# --- delete ----------------------------------------------------------------------------------


def test_delete_removes_the_event_and_its_attendances_only(
    core: Core, ada: User, bob: User, make_event: MakeEvent, snapshot: Snapshot
) -> None:
    doomed = make_event(ada).event.id
    kept = make_event(ada, title="Kept").event.id
    join(core, bob, doomed)
    join(core, bob, kept)
    events.delete_event(core.uow(), ada.id, doomed)
    with pytest.raises(NotFound):
        events.get_event(core.uow(), ada.id, doomed)
    tables = snapshot()
    assert list(tables["events"]) == [kept]
    assert {a.event_id for a in tables["attendances"].values()} == {kept}
    assert events.get_event(core.uow(), ada.id, kept).view.participant_count == 2


def test_delete_by_someone_else_is_forbidden(
    core: Core, ada: User, bob: User, make_event: MakeEvent, snapshot: Snapshot
) -> None:
    event_id = make_event(ada).event.id
    before = snapshot()
    with pytest.raises(Forbidden):
        events.delete_event(core.uow(), bob.id, event_id)
    assert snapshot() == before


def test_admin_may_delete_a_public_event(
    core: Core, ada: User, admin: User, make_event: MakeEvent
) -> None:
    event_id = make_event(ada).event.id
    events.delete_event(core.uow(), admin.id, event_id)
    assert visible_ids(core, ada) == []


def test_delete_of_an_unknown_event_is_not_found(core: Core, ada: User) -> None:
    with pytest.raises(NotFound):
        events.delete_event(core.uow(), ada.id, EventId(404))


# --- list examples ---------------------------------------------------------------------------


def titles(core: Core, where: EventFilter, request: PageRequest | None = None) -> list[str]:
    page = events.list_events(core.uow(), where, request or PageRequest())
    return [view.event.title for view in page.items]


@pytest.fixture
def programme(ada: User, bob: User, make_event: MakeEvent) -> list[Event]:
    """Four events around T0: one finished, one running, two to come."""
    day = timedelta(days=1)
    return [
        make_event(
            ada,
            title="Yoga",
            description="morning stretch",
            starts_at=T0 + 2 * day,
            ends_at=T0 + 2 * day + timedelta(hours=1),
        ).event,
        make_event(
            bob,
            title="Chess",
            description="Blitz and JAZZ",
            starts_at=T0 - day,
            ends_at=T0 - day + timedelta(hours=2),
        ).event,
        make_event(
            ada,
            title="Jazz night",
            starts_at=T0 - timedelta(hours=1),
            ends_at=T0 + timedelta(hours=2),
        ).event,
        make_event(bob, title="Picnic", starts_at=T0 + 2 * day, ends_at=None).event,
    ]


def test_events_are_listed_soonest_first_then_by_id(core: Core, programme: list[Event]) -> None:
    assert titles(core, EventFilter()) == ["Chess", "Jazz night", "Yoga", "Picnic"]


def test_search_matches_title_or_description_ignoring_case(
    core: Core, programme: list[Event]
) -> None:
    assert titles(core, EventFilter(search="jazz")) == ["Chess", "Jazz night"]


def test_status_filter_uses_the_given_now(core: Core, programme: list[Event]) -> None:
    assert titles(core, EventFilter(status=EventStatus.ONGOING, now=T0)) == ["Jazz night"]
    later = T0 + timedelta(days=10)
    assert titles(core, EventFilter(status=EventStatus.COMPLETED, now=later)) == [
        "Chess",
        "Jazz night",
        "Yoga",
        "Picnic",
    ]


def test_creator_filter_keeps_that_creators_events(
    core: Core, programme: list[Event], bob: User
) -> None:
    assert titles(core, EventFilter(creator_id=bob.id)) == ["Chess", "Picnic"]


def test_overlap_window_keeps_events_running_inside_it(core: Core, programme: list[Event]) -> None:
    where = EventFilter(overlaps_from=T0, overlaps_before=T0 + timedelta(days=2))
    assert titles(core, where) == ["Jazz night"]


def test_second_page_continues_where_the_first_stopped(core: Core, programme: list[Event]) -> None:
    first = events.list_events(core.uow(), EventFilter(), PageRequest(page=1, page_size=3))
    second = events.list_events(core.uow(), EventFilter(), PageRequest(page=2, page_size=3))
    assert [v.event.title for v in second.items] == ["Picnic"]
    assert (first.total, second.total) == (4, 4)
    assert (first.has_next, second.has_next, second.has_previous) == (True, False, True)
