"""SqlEventQueries: list and detail views in a fixed number of statements.

`page` costs two statements whatever the page size (COUNT, and the page with
creator, category, participant count and images); `every` the same two for a list
of any length, its rows fetched a batch at a time; `details` costs two (the view,
its participants); `count_by_day` one, with a count per day.

What keeps them fast on large tables (benchmarks/README.md): the COUNT of public
events comes from a tally the database keeps (`event_tallies`) when nothing narrows
the list, from its tally per day (`public_events_by_day`) and at most a day of the
list-order index when a status alone does, from the search index when a search alone
does (on SQLite), and from one index otherwise; the viewer's private events are
counted apart, through the creator and attendance indexes, since one OR over both
would test every row; a page's ids come from the list-order index before their rows
are joined (a search's on SQLite so, or by sorting the search index's matches, as
`event_search.walk_is_shorter` decides from the count); an overlap condition also
bounds the start (`overlaps`). Every statement is built once, per filter shape where
a filter is given (`event_filters`), and a request only gives it its values.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Final

import attrs
from sqlalchemy import Connection, Integer, Select, bindparam, func, select

from eventcore.adapters.sqlalchemy import rows
from eventcore.adapters.sqlalchemy.event_filters import (
    REGISTERED,
    FilterShape,
    conditions,
    split,
    takes_part,
    visible_count,
)
from eventcore.adapters.sqlalchemy.event_search import walk_is_shorter
from eventcore.adapters.sqlalchemy.image_lists import images_of
from eventcore.adapters.sqlalchemy.overlaps import overlap_floor
from eventcore.adapters.sqlalchemy.tables import (
    EVENT_ENTITY_COLUMNS,
    attendances,
    categories,
    events,
    users,
)
from eventcore.adapters.sqlalchemy.types import UtcDateTime
from eventcore.domain.calendar_days import DayCounts, DayWindow
from eventcore.domain.events import Category
from eventcore.domain.ids import CategoryId, EventId, UserId
from eventcore.domain.paging import EventFilter, Page, PageRequest, Streamed
from eventcore.domain.views import EventDetails, EventView

CREATOR_PREFIX = "creator__"  # "creator_id" is an events column already
# Rows `every` reads at a time: the memory of a stream, whatever its length.
STREAM_BATCH = 500

_creator = users.alias("creator")


def _view_select() -> Select[Any]:
    """Events with what a list shows next to each: creator, category, participant count,
    and their images."""
    participant_count = (
        select(func.count())
        .where(attendances.c.event_id == events.c.id, attendances.c.status == REGISTERED)
        .scalar_subquery()
    )
    return (
        select(
            *EVENT_ENTITY_COLUMNS,
            *(_creator.c[name].label(CREATOR_PREFIX + name) for name in rows.SUMMARY_COLUMNS),
            categories.c.name.label("category_name"),
            categories.c.icon.label("category_icon"),
            participant_count.label("participant_count"),
            images_of(events.c.id).label("images"),
        )
        .join(_creator, _creator.c.id == events.c.creator_id)
        .outerjoin(categories, categories.c.id == events.c.category_id)
    )


# Built once: statements are immutable, and building this one cost about as much as
# running it.
_VIEWS = _view_select()


_IN_ORDER: Final = (events.c.starts_at, events.c.id)
_VIEW_OF: Final = _VIEWS.where(events.c.id == bindparam("event_id", type_=Integer()))
_PARTICIPANTS: Final = (
    select(*(users.c[name] for name in rows.SUMMARY_COLUMNS))
    .join(attendances, attendances.c.user_id == users.c.id)
    .where(
        attendances.c.event_id == bindparam("event_id", type_=Integer()),
        attendances.c.status == REGISTERED,
    )
    .order_by(attendances.c.id)
)
_TAKES_PART: Final = select(
    takes_part(bindparam("event_id", type_=Integer()), bindparam("user_id", type_=Integer()))
)


# The largest event id, which no number of events exceeds: one step of the primary key.
_EVENTS_AT_MOST: Final = select(func.max(events.c.id)).scalar_subquery()


@attrs.frozen
class _PageStatements:
    # With an indexed search, also `_EVENTS_AT_MOST`: what `walk_is_shorter` needs.
    count: Select[Any]
    page: Select[Any]
    # The page for an indexed search, found by walking the list order rather than
    # from the search index's matches (event_search.walk_is_shorter).
    walk: Select[Any] | None = None


@functools.lru_cache(maxsize=256)
def _page_statements(shape: FilterShape, everything: bool) -> _PageStatements:
    if everything or not shape.indexed_search:
        return _PageStatements(select(visible_count(shape)), _page(shape, everything))
    return _PageStatements(
        select(visible_count(shape), _EVENTS_AT_MOST),
        _page(shape, everything),
        walk=_page(shape, everything, search_leads=False),
    )


def _page(shape: FilterShape, everything: bool, *, search_leads: bool = True) -> Select[Any]:
    clauses = conditions(shape, search_leads=search_leads)
    # The page's ids first, then their rows: the rows a deep page skips are then
    # never joined to their creator, category and participant count.
    page_ids = select(events.c.id).where(*clauses).order_by(*_IN_ORDER)
    if not everything:
        page_ids = page_ids.offset(bindparam("offset", type_=Integer())).limit(
            bindparam("limit", type_=Integer())
        )
    return _VIEWS.where(events.c.id.in_(page_ids)).order_by(*_IN_ORDER)


class SqlEventQueries:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def page(self, where: EventFilter, request: PageRequest) -> Page[EventView]:
        shape, values = split(where)
        statements = _page_statements(shape, request.everything)
        values |= {"offset": request.offset, "limit": request.limit}
        counted = self._connection.execute(statements.count, values).one()
        total = counted[0]
        in_order = statements.page
        if statements.walk is not None and walk_is_shorter(
            wanted=request.offset + request.page_size, matches=total, events=counted[1] or 0
        ):
            in_order = statements.walk
        chosen = self._connection.execute(in_order, values).mappings()
        return Page([_view(row) for row in chosen], total, request)

    def every(self, where: EventFilter) -> Streamed[EventView]:
        shape, values = split(where)
        statements = _page_statements(shape, everything=True)
        total = self._connection.execute(statements.count, values).scalar_one()
        # Rows are fetched STREAM_BATCH at a time (a server-side cursor on PostgreSQL).
        streaming = {"yield_per": STREAM_BATCH}
        chosen = self._connection.execute(statements.page, values, execution_options=streaming)
        return Streamed(total, (_view(row) for row in chosen.mappings()))

    def details(self, event_id: EventId) -> EventDetails | None:
        row = self._connection.execute(_VIEW_OF, {"event_id": event_id}).mappings().first()
        if row is None:
            return None
        participants = self._connection.execute(_PARTICIPANTS, {"event_id": event_id}).mappings()
        return EventDetails(
            _view(row),
            tuple(rows.user_summary_from_row(participant) for participant in participants),
        )

    def view(self, event_id: EventId) -> EventView | None:
        row = self._connection.execute(_VIEW_OF, {"event_id": event_id}).mappings().first()
        return None if row is None else _view(row)

    def takes_part(self, event_id: EventId, user_id: UserId) -> bool:
        values = {"event_id": event_id, "user_id": user_id}
        return bool(self._connection.execute(_TAKES_PART, values).scalar())

    def count_by_day(self, where: EventFilter, days: Sequence[DayWindow]) -> DayCounts:
        # A count per day, each one short range of the list-order index: one pass
        # summing a CASE per day for every event of the month cost fifty times more.
        shape, values = split(where)
        windows = [
            (_latest(where.overlaps_from, w.starts), _earliest(where.overlaps_before, w.ends))
            for w in days
        ]
        for number, (starts, ends) in enumerate(windows):
            values |= {f"starts_{number}": starts, f"ends_{number}": ends}
        bounds = tuple((starts is not None, ends is not None) for starts, ends in windows)
        counts = self._connection.execute(_day_counts(shape, bounds), values).one()
        return DayCounts(
            int(counts[0]),
            {window.day: int(count) for window, count in zip(days, counts[1:], strict=True)},
        )


@functools.lru_cache(maxsize=64)
def _day_counts(shape: FilterShape, bounds: tuple[tuple[bool, bool], ...]) -> Select[Any]:
    """The count of a filter of `shape`, then one count per day window, each bounded
    by `starts_<n>` and `ends_<n>` as `bounds` says: the window overlapping the day
    and the filter's own span."""
    unbounded = attrs.evolve(
        shape, asked=tuple(name for name in shape.asked if not name.startswith("overlaps_"))
    )
    per_day: list[Any] = [visible_count(shape)]
    for number, (bounded_before, bounded_after) in enumerate(bounds):
        clauses = conditions(unbounded)
        if bounded_before:
            starts = bindparam(f"starts_{number}", type_=UtcDateTime())
            clauses += [events.c.finishes_at > starts, events.c.starts_at >= overlap_floor(starts)]
        if bounded_after:
            clauses.append(events.c.starts_at < bindparam(f"ends_{number}", type_=UtcDateTime()))
        per_day.append(select(func.count()).where(*clauses).scalar_subquery())
    return select(*per_day)


def _latest(first: datetime | None, second: datetime | None) -> datetime | None:
    return first if second is None else second if first is None else max(first, second)


def _earliest(first: datetime | None, second: datetime | None) -> datetime | None:
    return first if second is None else second if first is None else min(first, second)


def _view(row: rows.Row) -> EventView:
    event = rows.event_from_row(row, row["images"])
    category = None
    if row["category_name"] is not None:
        category = Category(
            id=CategoryId(row["category_id"]),
            name=row["category_name"],
            icon=row["category_icon"],
        )
    return EventView(
        event,
        rows.user_summary_from_row(row, CREATOR_PREFIX),
        row["participant_count"],
        category,
    )
