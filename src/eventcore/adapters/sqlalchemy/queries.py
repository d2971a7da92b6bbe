"""SqlEventQueries: list and detail views in a fixed number of statements.

`page` costs three statements whatever the page size (COUNT, the page with
creator, category and participant count, the page's images); `details` costs
three (the view, its images, its participants); `count_by_day` one, with a count
per day.

What keeps them fast on large tables (benchmarks/README.md): the COUNT of public
events comes from a tally the database keeps (`event_tallies`) when nothing
narrows the list, and from one index otherwise; the viewer's private events are
counted apart, through the creator and attendance indexes, since one OR over both
would test every row; a page's ids come from the list-order index before their
rows are joined; an overlap condition also bounds the start (`overlaps`).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs
from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    and_,
    bindparam,
    exists,
    false,
    func,
    or_,
    select,
    true,
)

from eventcore.adapters.sqlalchemy import rows
from eventcore.adapters.sqlalchemy.overlaps import overlap_floor
from eventcore.adapters.sqlalchemy.repositories import storable
from eventcore.adapters.sqlalchemy.tables import (
    EVENT_ENTITY_COLUMNS,
    attendances,
    categories,
    event_images,
    event_tallies,
    events,
    users,
)
from eventcore.adapters.sqlalchemy.types import UtcDateTime
from eventcore.domain.attendance import AttendanceStatus
from eventcore.domain.calendar_days import DayCounts, DayWindow
from eventcore.domain.events import Category, EventImage, EventStatus
from eventcore.domain.ids import CategoryId, EventId, UserId
from eventcore.domain.paging import EventFilter, Page, PageRequest
from eventcore.domain.views import EventDetails, EventView

REGISTERED = AttendanceStatus.REGISTERED.value
CREATOR_PREFIX = "creator__"  # "creator_id" is an events column already

_creator = users.alias("creator")
_PUBLIC = events.c.is_private == false()


def _view_select() -> Select[Any]:
    """Events with what a list shows next to each: creator, category, participant count."""
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
        )
        .join(_creator, _creator.c.id == events.c.creator_id)
        .outerjoin(categories, categories.c.id == events.c.category_id)
    )


# Built once: statements are immutable, and building this one cost about as much as
# running it.
_VIEWS = _view_select()


def _takes_part(event_id: Any, user_id: UserId | ColumnElement[int]) -> ColumnElement[bool]:
    return exists().where(
        attendances.c.event_id == event_id,
        attendances.c.user_id == user_id,
        attendances.c.status == REGISTERED,
    )


def _created_or_attended_by(user_id: UserId) -> ColumnElement[bool]:
    # For the conditions that select few rows (a user's own events): as IN rather than
    # a correlated EXISTS, the planners read this user's rows of the creator and
    # attendance indexes instead of testing every event.
    attended = select(attendances.c.event_id).where(
        attendances.c.user_id == user_id, attendances.c.status == REGISTERED
    )
    return or_(events.c.creator_id == user_id, events.c.id.in_(attended))


def conditions(where: EventFilter) -> list[ColumnElement[bool]]:
    """`where` as SQL; each clause mirrors one test in the memory adapter's `_matches`."""
    visible = _PUBLIC if where.viewer_id is None else _visible_to(where.viewer_id)
    return [visible, *_narrowing(where)]


def _visible_to(viewer: UserId | ColumnElement[int]) -> ColumnElement[bool]:
    # Tested row by row as a page walks the events in order (the list-order index
    # holds is_private and creator_id); a public row settles it at the first term.
    return or_(_PUBLIC, events.c.creator_id == viewer, _takes_part(events.c.id, viewer))


def _narrowing(where: EventFilter) -> list[ColumnElement[bool]]:
    """The conditions of `where` but the visibility rule."""
    clauses: list[ColumnElement[bool]] = []
    if where.member_id is not None:
        clauses.append(_created_or_attended_by(where.member_id))
    # Text with NUL matches nothing stored, and PostgreSQL would refuse to compare it.
    if where.search and not storable(where.search):
        clauses.append(false())
    elif where.search:
        needle = where.search.lower()
        clauses.append(
            or_(
                events.c.title_folded.contains(needle, autoescape=True),
                events.c.description_folded.contains(needle, autoescape=True),
            )
        )
    if where.status is not None and where.now is not None:
        clauses.append(_status_is(where.status, where.now))
    if where.creator_id is not None:
        clauses.append(events.c.creator_id == where.creator_id)
    if where.category_id is not None:
        clauses.append(events.c.category_id == where.category_id)
    if where.pincode is not None:
        clauses.append(events.c.pincode == where.pincode if storable(where.pincode) else false())
    if where.starts_from is not None:
        clauses.append(events.c.starts_at >= where.starts_from)
    if where.starts_before is not None:
        clauses.append(events.c.starts_at < where.starts_before)
    if where.overlaps_from is not None:
        clauses.append(events.c.finishes_at > where.overlaps_from)
        clauses.append(events.c.starts_at >= overlap_floor(where.overlaps_from))
    if where.overlaps_before is not None:
        clauses.append(events.c.starts_at < where.overlaps_before)
    return clauses


def visible_count(where: EventFilter) -> ColumnElement[int]:
    """How many events `where` selects, as one SQL expression: the public ones (from
    the tally when nothing narrows the list), plus the viewer's private ones."""
    narrowing = _narrowing(where)
    if narrowing:
        public = select(func.count()).where(_PUBLIC, *narrowing).scalar_subquery()
    else:
        # By its key: a row updated with every new event leaves dead versions behind
        # until PostgreSQL vacuums them, which a scan would read.
        public = (
            select(event_tallies.c.public_events).where(event_tallies.c.id == 1).scalar_subquery()
        )
    if where.viewer_id is None:
        return public
    # The viewer's private events as two disjoint counts, each led by an index of its
    # own (the creator's events; the viewer's registrations): under one OR the
    # planners read every private event instead.
    private = events.c.is_private == true()
    created = (
        select(func.count())
        .where(private, events.c.creator_id == where.viewer_id, *narrowing)
        .scalar_subquery()
    )
    attended = (
        select(func.count())
        .select_from(attendances.join(events, events.c.id == attendances.c.event_id))
        .where(
            attendances.c.user_id == where.viewer_id,
            attendances.c.status == REGISTERED,
            private,
            events.c.creator_id != where.viewer_id,
            *narrowing,
        )
        .scalar_subquery()
    )
    return public + created + attended


def _status_is(status: EventStatus, now: datetime) -> ColumnElement[bool]:
    # domain.events.status_at: upcoming before the start, ongoing until the end.
    if status is EventStatus.UPCOMING:
        return events.c.starts_at > now
    started = events.c.starts_at <= now
    if status is EventStatus.ONGOING:
        return and_(started, events.c.finishes_at > now, events.c.starts_at >= overlap_floor(now))
    return and_(started, events.c.finishes_at <= now)


class SqlEventQueries:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def page(self, where: EventFilter, request: PageRequest) -> Page[EventView]:
        clauses = conditions(where)
        total = self._connection.execute(select(visible_count(where))).scalar_one()
        in_order = (events.c.starts_at, events.c.id)
        # The page's ids first, then their rows: the rows a deep page skips are then
        # never joined to their creator, category and participant count.
        page_ids = (
            select(events.c.id)
            .where(*clauses)
            .order_by(*in_order)
            .offset(request.offset)
            .limit(request.limit)
        )
        chosen = (
            self._connection.execute(_VIEWS.where(events.c.id.in_(page_ids)).order_by(*in_order))
            .mappings()
            .all()
        )
        if request.everything:
            # A list of every id could pass the drivers' limit on bound parameters:
            # select the images by the same conditions instead.
            images = self._images_of(select(events.c.id).where(*clauses))
        else:
            images = self._images_of([row["id"] for row in chosen])
        return Page([_view(row, images[row["id"]]) for row in chosen], total, request)

    def details(self, event_id: EventId) -> EventDetails | None:
        row = self._connection.execute(_VIEWS.where(events.c.id == event_id)).mappings().first()
        if row is None:
            return None
        images = self._images([event_id])
        participants = self._connection.execute(
            select(*(users.c[name] for name in rows.SUMMARY_COLUMNS))
            .join(attendances, attendances.c.user_id == users.c.id)
            .where(attendances.c.event_id == event_id, attendances.c.status == REGISTERED)
            .order_by(attendances.c.id)
        ).mappings()
        return EventDetails(
            _view(row, images[event_id]),
            tuple(rows.user_summary_from_row(participant) for participant in participants),
        )

    def view(self, event_id: EventId) -> EventView | None:
        row = self._connection.execute(_VIEWS.where(events.c.id == event_id)).mappings().first()
        return None if row is None else _view(row, self._images([event_id])[event_id])

    def takes_part(self, event_id: EventId, user_id: UserId) -> bool:
        return bool(self._connection.execute(select(_takes_part(event_id, user_id))).scalar())

    def count_by_day(self, where: EventFilter, days: Sequence[DayWindow]) -> DayCounts:
        # A count per day, each one short range of the list-order index: one pass
        # summing a CASE per day for every event of the month cost fifty times more.
        if _asks_who_and_when_only(where):
            # A calendar's own question: its statement is built once per shape and
            # given its values, as building thirty counts cost more than running them.
            statement, values = _calendar_counts(where, days)
            counts = self._connection.execute(statement, values).one()
        else:
            per_day = [visible_count(_within(where, window)) for window in days]
            counts = self._connection.execute(select(visible_count(where), *per_day)).one()
        return DayCounts(
            int(counts[0]),
            {window.day: int(count) for window, count in zip(days, counts[1:], strict=True)},
        )

    def _images(self, event_ids: Iterable[int]) -> Mapping[int, Sequence[EventImage]]:
        """The images of all `event_ids` in one statement, in their saved order."""
        return self._images_of(list(event_ids))

    def _images_of(self, wanted: list[int] | Select[Any]) -> Mapping[int, Sequence[EventImage]]:
        """The images of the events `wanted` lists or selects, in one statement."""
        found: defaultdict[int, list[EventImage]] = defaultdict(list)
        if isinstance(wanted, list) and not wanted:
            return found
        result = self._connection.execute(
            select(event_images)
            .where(event_images.c.event_id.in_(wanted))
            .order_by(event_images.c.event_id, event_images.c.position)
        ).mappings()
        for image in result:
            found[image["event_id"]].append(rows.image_from_row(image))
        return found


def _asks_who_and_when_only(where: EventFilter) -> bool:
    """Whether `where` names nothing but a viewer and a span of time."""
    unbounded = attrs.evolve(where, viewer_id=None, overlaps_from=None, overlaps_before=None)
    return unbounded == EventFilter()


def _calendar_counts(
    where: EventFilter, days: Sequence[DayWindow]
) -> tuple[Select[Any], dict[str, Any]]:
    """The statement counting the events `where.viewer_id` may see over the span of
    `days` and on each, with its values."""
    windows = [(where.overlaps_from, where.overlaps_before)]
    windows += [
        (_latest(where.overlaps_from, w.starts), _earliest(where.overlaps_before, w.ends))
        for w in days
    ]
    shape = tuple((starts is not None, ends is not None) for starts, ends in windows)
    values: dict[str, Any] = {"viewer": where.viewer_id}
    for number, (starts, ends) in enumerate(windows):
        values |= {f"starts_{number}": starts, f"ends_{number}": ends}
    return _calendar_statement(where.viewer_id is not None, shape), values


@functools.lru_cache(maxsize=64)
def _calendar_statement(for_viewer: bool, shape: tuple[tuple[bool, bool], ...]) -> Select[Any]:
    visible = _visible_to(bindparam("viewer", type_=Integer())) if for_viewer else _PUBLIC
    counts = []
    for number, (bounded_before, bounded_after) in enumerate(shape):
        clauses = [visible]
        if bounded_before:
            starts = bindparam(f"starts_{number}", type_=UtcDateTime())
            clauses += [events.c.finishes_at > starts, events.c.starts_at >= overlap_floor(starts)]
        if bounded_after:
            clauses.append(events.c.starts_at < bindparam(f"ends_{number}", type_=UtcDateTime()))
        counts.append(select(func.count()).where(*clauses).scalar_subquery())
    return select(*counts)


def _within(where: EventFilter, window: DayWindow) -> EventFilter:
    """`where`, narrowed to the events that overlap `window` (calendar_days.overlaps)."""
    return attrs.evolve(
        where,
        overlaps_from=_latest(where.overlaps_from, window.starts),
        overlaps_before=_earliest(where.overlaps_before, window.ends),
    )


def _latest(first: datetime | None, second: datetime | None) -> datetime | None:
    return first if second is None else second if first is None else max(first, second)


def _earliest(first: datetime | None, second: datetime | None) -> datetime | None:
    return first if second is None else second if first is None else min(first, second)


def _view(row: rows.Row, images: Sequence[EventImage]) -> EventView:
    event = rows.event_from_row(row, images)
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
