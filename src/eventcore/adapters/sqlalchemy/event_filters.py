"""An `EventFilter` as SQL: its shape picks a statement built once, its values fill it.

Building a list's statements (visibility, narrowing, counts) and computing their
cache keys on every request was about a quarter of a list request's time. Only the shape of
a filter changes the SQL, which conditions are asked, not their values; so
`split(where)` returns the shape and the values, the statements are built once per
shape with a named parameter for each value, and a request only executes them.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any, Final

from attrs import frozen
from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    String,
    and_,
    bindparam,
    exists,
    false,
    func,
    literal_column,
    or_,
    select,
    true,
)
from sqlalchemy.types import TypeEngine

from eventcore.adapters.sqlalchemy.event_search import (
    checked_in_search_index,
    in_search_index,
    public_events_holding,
    search_phrase,
)
from eventcore.adapters.sqlalchemy.overlaps import overlap_floor
from eventcore.adapters.sqlalchemy.repositories import storable
from eventcore.adapters.sqlalchemy.substrings import like_pattern, substring_pattern
from eventcore.adapters.sqlalchemy.tables import (
    attendances,
    event_tallies,
    events,
    public_events_by_day,
)
from eventcore.adapters.sqlalchemy.types import UtcDateTime
from eventcore.domain.attendance import AttendanceStatus
from eventcore.domain.events import EventStatus
from eventcore.domain.ids import UserId
from eventcore.domain.paging import EventFilter

# Written into the statements rather than bound: bound, it was one more parameter
# for each condition naming it, 33 in Eventify's month.
REGISTERED: Final = literal_column(f"'{AttendanceStatus.REGISTERED.value}'", String())
PUBLIC: Final = events.c.is_private == false()

# The conditions that narrow a list, each with the parameter type of its value, in
# the order a shape names them.
_NARROWING: Final[dict[str, TypeEngine[Any]]] = {
    "member_id": Integer(),
    "search": String(),
    "creator_id": Integer(),
    "category_id": Integer(),
    "pincode": String(),
    "starts_from": UtcDateTime(),
    "starts_before": UtcDateTime(),
    "overlaps_from": UtcDateTime(),
    "overlaps_before": UtcDateTime(),
}
# The number of public events, from their tally. Read by its key: a row updated with
# every new event leaves dead versions behind until PostgreSQL vacuums them, which a
# scan would read.
_PUBLIC_EVENTS: Final = (
    select(event_tallies.c.public_events).where(event_tallies.c.id == 1).scalar_subquery()
)


@frozen
class FilterShape:
    """What an `EventFilter` asks, without the values: the key of its statements."""

    viewer: bool = False
    asked: tuple[str, ...] = ()
    status: EventStatus | None = None
    # A value no column can hold (text with NUL): the filter matches nothing.
    impossible: bool = False
    # The search text is long enough for the search index (event_search).
    indexed_search: bool = False

    @property
    def narrows(self) -> bool:
        return bool(self.asked) or self.status is not None or self.impossible

    @property
    def indexed_search_alone(self) -> bool:
        """Whether an indexed search is all that narrows the list."""
        alone = self.asked == ("search",) and self.status is None and not self.impossible
        return alone and self.indexed_search

    @property
    def status_alone(self) -> EventStatus | None:
        """The status, when it is all that narrows the list."""
        return None if self.asked or self.impossible else self.status


def split(where: EventFilter) -> tuple[FilterShape, dict[str, Any]]:
    """`where`'s shape, and its values by parameter name."""
    values: dict[str, Any] = {"viewer_id": where.viewer_id}
    asked = []
    for name in _NARROWING:
        value = getattr(where, name)
        if value is None or (name == "search" and not value):
            continue
        asked.append(name)
        values[name] = value
    if where.search:
        folded = where.search.lower()
        values["search"] = substring_pattern(folded)
        values["search_phrase"] = search_phrase(folded)
    impossible = any(
        isinstance(values.get(name), str) and not storable(values[name])
        for name in ("search", "pincode")
    )
    status = where.status if where.now is not None else None
    values["now"] = where.now
    # Where a count by status splits the events: at now's UTC day (_public_upcoming).
    # Its last microsecond rather than the next day's start: the databases keep no
    # finer time, and 9999-12-31 has no next day.
    now_day = None if where.now is None else where.now.astimezone(UTC).date()
    values["now_day"] = now_day
    values["now_day_last"] = None if now_day is None else datetime.combine(now_day, time.max, UTC)
    shape = FilterShape(
        where.viewer_id is not None,
        tuple(asked),
        status,
        impossible,
        indexed_search=values.get("search_phrase") is not None,
    )
    return shape, values


def conditions(shape: FilterShape, *, search_leads: bool = True) -> list[ColumnElement[bool]]:
    """The conditions of a filter of `shape`; each mirrors one test in the memory
    adapter's `_matches`. `search_leads` as for `narrowing`."""
    visible = visible_to(_parameter("viewer_id", Integer())) if shape.viewer else PUBLIC
    return [visible, *narrowing(shape, search_leads=search_leads)]


def visible_to(viewer: UserId | ColumnElement[int]) -> ColumnElement[bool]:
    """The events `viewer` may see: public, their own, or ones they take part in."""
    # Tested row by row as a page walks the events in order (the list-order index
    # holds is_private and creator_id); a public row settles it at the first term.
    return or_(PUBLIC, events.c.creator_id == viewer, takes_part(events.c.id, viewer))


def takes_part(event_id: Any, user_id: UserId | ColumnElement[int]) -> ColumnElement[bool]:
    return exists().where(
        attendances.c.event_id == event_id,
        attendances.c.user_id == user_id,
        attendances.c.status == REGISTERED,
    )


def narrowing(shape: FilterShape, *, search_leads: bool = True) -> list[ColumnElement[bool]]:
    """The conditions of a filter of `shape` but the visibility rule; with
    `search_leads` false, the search index checks the rows another index finds
    instead of finding them (`checked_in_search_index`)."""
    if shape.impossible:
        return [false()]
    value = {name: _parameter(name, _NARROWING[name]) for name in shape.asked}
    clauses: list[ColumnElement[bool]] = []
    if "member_id" in value:
        clauses.append(_created_or_attended_by(value["member_id"]))
    if "search" in value:
        if shape.indexed_search:
            in_index = in_search_index if search_leads else checked_in_search_index
            clauses.append(in_index(events.c.id, _parameter("search_phrase", String())))
        clauses.append(
            or_(
                like_pattern(events.c.title_folded, value["search"]),
                like_pattern(events.c.description_folded, value["search"]),
            )
        )
    if shape.status is not None:
        clauses.append(_status_is(shape.status, _parameter("now", UtcDateTime())))
    if "creator_id" in value:
        clauses.append(events.c.creator_id == value["creator_id"])
    if "category_id" in value:
        clauses.append(events.c.category_id == value["category_id"])
    if "pincode" in value:
        clauses.append(events.c.pincode == value["pincode"])
    if "starts_from" in value:
        clauses.append(events.c.starts_at >= value["starts_from"])
    if "starts_before" in value:
        clauses.append(events.c.starts_at < value["starts_before"])
    if "overlaps_from" in value:
        clauses.append(events.c.finishes_at > value["overlaps_from"])
        clauses.append(events.c.starts_at >= overlap_floor(value["overlaps_from"]))
    if "overlaps_before" in value:
        clauses.append(events.c.starts_at < value["overlaps_before"])
    return clauses


def visible_count(shape: FilterShape) -> ColumnElement[int]:
    """How many events a filter of `shape` selects, as one SQL expression: the public
    ones (from the tallies when nothing but a status narrows the list), plus the
    viewer's private ones."""
    narrowed = narrowing(shape)
    public: ColumnElement[int]
    if (status := shape.status_alone) is not None:
        public = _public_with_status(status)
    elif shape.indexed_search_alone:
        public = public_events_holding(
            _parameter("search_phrase", String()), _public_count(*narrowed)
        )
    elif shape.narrows:
        public = _public_count(*narrowed)
    else:
        public = _PUBLIC_EVENTS
    if not shape.viewer:
        return public
    # The viewer's private events as two disjoint counts, each led by an index of its
    # own (the creator's events; the viewer's registrations): under one OR the
    # planners read every private event instead.
    narrowed_private = narrowing(shape, search_leads=False)
    viewer = _parameter("viewer_id", Integer())
    private = events.c.is_private == true()
    created = (
        select(func.count())
        .where(private, events.c.creator_id == viewer, *narrowed_private)
        .scalar_subquery()
    )
    attended = (
        select(func.count())
        .select_from(attendances.join(events, events.c.id == attendances.c.event_id))
        .where(
            attendances.c.user_id == viewer,
            attendances.c.status == REGISTERED,
            private,
            events.c.creator_id != viewer,
            *narrowed_private,
        )
        .scalar_subquery()
    )
    return public + created + attended


def _public_count(*clauses: ColumnElement[bool]) -> ColumnElement[int]:
    return select(func.count()).where(PUBLIC, *clauses).scalar_subquery()


def _public_with_status(status: EventStatus) -> ColumnElement[int]:
    """The public events of `status` at the parameter `now`, each status read as few
    rows as it can: counted one by one, the upcoming or the completed events are most
    of the table."""
    now = _parameter("now", UtcDateTime())
    # Short: a range of the list-order index as long as the longest event.
    ongoing = _public_count(_status_is(EventStatus.ONGOING, now))
    if status is EventStatus.ONGOING:
        return ongoing
    upcoming = _public_upcoming(now)
    if status is EventStatus.UPCOMING:
        return upcoming
    # The rest: an event that has started by now has finished by then, or is ongoing.
    return _PUBLIC_EVENTS - upcoming - ongoing


def _public_upcoming(now: ColumnElement[datetime]) -> ColumnElement[int]:
    # The days after now's from their tallies, then what is left of now's own day (at
    # most a day of the list-order index).
    later_days = select(func.coalesce(func.sum(public_events_by_day.c.public_events), 0)).where(
        public_events_by_day.c.day > _parameter("now_day", Date())
    )
    rest_of_day = _public_count(
        events.c.starts_at > now,
        events.c.starts_at <= _parameter("now_day_last", UtcDateTime()),
    )
    return later_days.scalar_subquery() + rest_of_day


def _created_or_attended_by(user_id: ColumnElement[int]) -> ColumnElement[bool]:
    # For the conditions that select few rows (a user's own events): as IN rather than
    # a correlated EXISTS, the planners read this user's rows of the creator and
    # attendance indexes instead of testing every event.
    attended = select(attendances.c.event_id).where(
        attendances.c.user_id == user_id, attendances.c.status == REGISTERED
    )
    return or_(events.c.creator_id == user_id, events.c.id.in_(attended))


def _status_is(status: EventStatus, now: ColumnElement[datetime]) -> ColumnElement[bool]:
    # domain.events.status_at: upcoming before the start, ongoing until the end.
    if status is EventStatus.UPCOMING:
        return events.c.starts_at > now
    started = events.c.starts_at <= now
    if status is EventStatus.ONGOING:
        return and_(started, events.c.finishes_at > now, events.c.starts_at >= overlap_floor(now))
    return and_(started, events.c.finishes_at <= now)


def _parameter(name: str, type_: TypeEngine[Any]) -> ColumnElement[Any]:
    return bindparam(name, type_=type_)
