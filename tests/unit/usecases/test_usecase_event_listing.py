"""Paging through list_events: every match exactly once, whatever the filter and page size."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from eventcore.adapters.clock import FixedClock
from eventcore.bootstrap import Core, memory_core
from eventcore.domain.event_changes import EventDraft
from eventcore.domain.events import Event, status_at
from eventcore.domain.ids import EventId, UserId
from eventcore.domain.paging import EventFilter, PageRequest
from eventcore.domain.users import Registration
from eventcore.usecases import accounts, events
from strategies import PASSWORD, T0, EventSpec, event_filters, event_specs, page_sizes

CREATORS = 3


def brute_force_matches(event: Event, where: EventFilter) -> bool:
    """The filter read straight from EventFilter's documentation, one condition at a time.

    The only participant of each event here is its creator, so "may see" is
    "public, or mine".
    """
    if event.is_private and event.creator_id != where.viewer_id:
        return False
    if where.search is not None:
        needle = where.search.lower()
        if needle not in event.title.lower() and needle not in event.description.lower():
            return False
    if (
        where.status is not None
        and where.now is not None
        and (status_at(where.now, event.starts_at, event.ends_at) is not where.status)
    ):
        return False
    if where.creator_id is not None and event.creator_id != where.creator_id:
        return False
    if where.starts_from is not None and event.starts_at < where.starts_from:
        return False
    if where.starts_before is not None and event.starts_at >= where.starts_before:
        return False
    if where.overlaps_from is not None and event.finishes_at <= where.overlaps_from:
        return False
    return where.overlaps_before is None or event.starts_at < where.overlaps_before


def populated_core(specs: list[EventSpec]) -> tuple[Core, list[UserId], list[Event]]:
    core = memory_core(clock=FixedClock(T0))
    user_ids = [
        accounts.create_user(
            core.uow(),
            core.clock,
            core.hasher,
            Registration(email=f"c{n}@example.org", password=PASSWORD, username=f"c{n}"),
        ).id
        for n in range(CREATORS)
    ]
    created = [
        events.create_event(
            core.uow(),
            core.clock,
            core.notifier,
            user_ids[spec.creator],
            EventDraft(**spec.fields()),
        ).event
        for spec in specs
    ]
    return core, user_ids, created


@settings(max_examples=80, deadline=None)
@given(
    specs=st.lists(event_specs(CREATORS), min_size=1, max_size=15),
    page_size=st.integers(1, 3) | page_sizes(),
    data=st.data(),
)
def test_paging_returns_every_matching_event_exactly_once_in_order(
    specs: list[EventSpec], page_size: int, data: st.DataObject
) -> None:
    core, user_ids, created = populated_core(specs)
    anchors = sorted({moment for e in created for moment in (e.starts_at, e.finishes_at)})
    where = data.draw(event_filters(user_ids, anchors), label="where")
    expected = [
        event.id
        for event in sorted(created, key=lambda e: (e.starts_at, e.id))
        if brute_force_matches(event, where)
    ]

    seen: list[EventId] = []
    page_number, has_next = 1, True
    while has_next:
        page = events.list_events(core.uow(), where, PageRequest(page_number, page_size))
        assert page.total == len(expected)
        assert len(page.items) <= page_size
        assert page.has_previous == (page_number > 1)
        seen.extend(view.event.id for view in page.items)
        page_number, has_next = page_number + 1, page.has_next

    assert seen == expected
    assert page_number - 1 == page.page_count
    beyond = events.list_events(core.uow(), where, PageRequest(page_number, page_size))
    assert list(beyond.items) == []
    assert beyond.total == len(expected)


@settings(max_examples=30, deadline=None)
@given(specs=st.lists(event_specs(CREATORS), min_size=1, max_size=10))
def test_each_listed_event_carries_its_creator_and_participant_count(
    specs: list[EventSpec],
) -> None:
    core, user_ids, created = populated_core(specs)
    page = events.list_events(
        core.uow(), EventFilter(viewer_id=user_ids[0]), PageRequest(page_size=100)
    )
    by_id = {event.id: event for event in created}
    for view in page.items:
        assert view.event == by_id[view.event.id]
        assert view.creator.id == view.event.creator_id
        assert view.participant_count == 1
