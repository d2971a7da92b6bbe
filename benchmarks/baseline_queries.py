"""The baseline's SQL, written by hand: the reads each benchmarked request needs, in as
few statements as eventcore's (adapters/sqlalchemy/queries.py) or fewer.

Events are `e` in every statement, so that the filters of `Where` apply to any of them.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from attrs import field, frozen
from sqlalchemy import Connection, Row, TextClause, bindparam, text

# A private event is seen by its creator and by those registered for it.
_MINE = (
    "(e.creator_id = :viewer OR EXISTS (SELECT 1 FROM attendances v"
    " WHERE v.event_id = e.id AND v.user_id = :viewer AND v.status = 'registered'))"
)
_VISIBLE = f"(NOT e.is_private OR {_MINE})"
PUBLIC = "NOT e.is_private"

_EVENT_COLUMNS = (
    "e.id, e.title, e.description, e.starts_at, e.ends_at, e.finishes_at, e.location,"
    " e.capacity, e.category_id, e.is_private, e.address, e.venue_name, e.price, e.pincode,"
    " e.district, e.state, e.place, e.latitude, e.longitude, e.name, e.is_bookable,"
    " e.hosted_here, e.external_url, e.publication_state, e.publication_reason,"
    " e.important_information, e.created_at, e.updated_at"
)
# GatherHub shows each event's creator; eventcore reads the category's name alongside.
_CREATOR_COLUMNS = (
    "e.creator_id, u.username AS creator_username, u.first_name AS creator_first_name,"
    " u.last_name AS creator_last_name, c.name AS category_name"
)
_CREATOR_JOINS = (
    "JOIN users u ON u.id = e.creator_id LEFT JOIN categories c ON c.id = e.category_id"
)
_WITH_CREATOR = f"SELECT {_EVENT_COLUMNS}, {_CREATOR_COLUMNS} FROM events e {_CREATOR_JOINS}"
_ONE_EVENT = (
    f"SELECT {_EVENT_COLUMNS}, {_CREATOR_COLUMNS}, (SELECT count(*) FROM attendances a"
    " WHERE a.event_id = e.id AND a.status = 'registered') AS participants"
    f" FROM events e {_CREATOR_JOINS} WHERE e.id = :event_id"
)
_ALONE = f"SELECT {_EVENT_COLUMNS} FROM events e"
# The ticketing API names the category and the owner's id, not the owner.
_WITH_CATEGORY = (
    f"SELECT {_EVENT_COLUMNS}, e.creator_id, e.location_type, e.region, e.city,"
    " c.name AS category_name FROM events e LEFT JOIN categories c ON c.id = e.category_id"
)
SHAPES = {"gatherhub": _WITH_CREATOR, "eventify": _ALONE, "ticketing": _WITH_CATEGORY}


@frozen
class Where:
    """Conditions on the events `e`, beyond who may see them, with their parameters."""

    clauses: tuple[str, ...] = ()
    params: Mapping[str, Any] = field(factory=dict)
    # How many public events match, as SQL, where the database keeps it by tallies
    # rather than counting the rows (None: count them).
    public_count: str | None = None

    def sql(self, *first: str) -> str:
        """` WHERE ...` over `first` and these clauses; empty without any."""
        every = (*first, *self.clauses)
        return f" WHERE {' AND '.join(every)}" if every else ""


@functools.lru_cache(maxsize=256)
def _statement(sql: str) -> TextClause:
    # Few distinct texts ever come up (one per filter combination): build each once.
    return text(sql)


@functools.lru_cache(maxsize=8)
def _for_ids(sql: str) -> TextClause:
    return text(sql).bindparams(bindparam("ids", expanding=True))


def visible_count(connection: Connection, viewer: int | None, where: Where) -> int:
    """How many events match `where` among those `viewer` may see (public ones only
    without a viewer), as eventcore counts them on the same schema: the public ones
    from the tally the database keeps when nothing narrows the list, else through the
    list-order index; plus the private ones the viewer created or is registered for,
    counted apart so that the planner reads the creator and attendance indexes; for a
    list by status alone, the public ones as `where.public_count` says."""
    if where.public_count is not None:
        public = where.public_count
    elif where.clauses:
        public = f"SELECT count(*) FROM events e{where.sql(PUBLIC)}"
    else:
        public = "SELECT public_events FROM event_tallies"
    if viewer is None:
        return int(connection.execute(_statement(public), dict(where.params)).scalar_one())
    private = "SELECT count(*) FROM events e" + where.sql(
        "e.is_private",
        "(e.creator_id = :viewer OR e.id IN (SELECT event_id FROM attendances"
        " WHERE user_id = :viewer AND status = 'registered'))",
    )
    sql = f"SELECT ({public}) + ({private})"
    params = {**where.params, "viewer": viewer}
    return int(connection.execute(_statement(sql), params).scalar_one())


def overlap_floor(connection: Connection, moment: str) -> str:
    """SQL for the earliest start an event still going on at the parameter `moment` can
    have: that moment less the longest event stored (event_tallies)."""
    longest = "(SELECT longest_event_seconds FROM event_tallies WHERE id = 1)"
    if connection.dialect.name == "postgresql":
        return f"(:{moment} - make_interval(secs => {longest}))"
    return f"datetime(:{moment}, '-' || {longest} || ' seconds')"


def event_page(
    connection: Connection,
    shape: str,
    viewer: int | None,
    where: Where,
    *,
    limit: int | None,
    offset: int = 0,
) -> Sequence[Row[Any]]:
    """The events `viewer` may see matching `where`, soonest first, with the columns of
    `shape` (a key of SHAPES); every one when `limit` is None."""
    sql = f"{SHAPES[shape]}{where.sql(PUBLIC if viewer is None else _VISIBLE)}"
    sql += " ORDER BY e.starts_at, e.id"
    params = dict(where.params) if viewer is None else {**where.params, "viewer": viewer}
    if limit is not None:
        sql += " LIMIT :limit OFFSET :offset"
        params |= {"limit": limit, "offset": offset}
    return connection.execute(_statement(sql), params).all()


def one_event(connection: Connection, event_id: int) -> Row[Any] | None:
    """The event with its creator, category name and participant count."""
    return connection.execute(_statement(_ONE_EVENT), {"event_id": event_id}).first()


def participant_counts(connection: Connection, event_ids: list[int]) -> dict[int, int]:
    """How many are registered for each of the events, in one grouped count."""
    if not event_ids:
        return {}
    sql = (
        "SELECT event_id, count(*) FROM attendances WHERE status = 'registered'"
        " AND event_id IN :ids GROUP BY event_id"
    )
    return dict(connection.execute(_for_ids(sql), {"ids": event_ids}).tuples().all())


def public_participant_counts(connection: Connection) -> dict[int, int]:
    """How many are registered for each public event (every event a list may hold is
    too many ids for one statement's parameters)."""
    sql = (
        "SELECT a.event_id, count(*) FROM attendances a JOIN events e ON e.id = a.event_id"
        f" WHERE a.status = 'registered' AND {PUBLIC} GROUP BY a.event_id"
    )
    return dict(connection.execute(_statement(sql)).tuples().all())


Images = Mapping[int, Sequence[tuple[str, bool]]]


def images_of(
    connection: Connection, event_ids: list[int], *, primary_only: bool = False
) -> Images:
    """The (url, is_primary) images of each event, in their order."""
    if not event_ids:
        return {}
    primary = " AND is_primary" if primary_only else ""
    sql = (
        "SELECT event_id, url, is_primary FROM event_images"
        f" WHERE event_id IN :ids{primary} ORDER BY event_id, position"
    )
    return _grouped(connection.execute(_for_ids(sql), {"ids": event_ids}).tuples())


def public_images(connection: Connection) -> Images:
    """The images of every public event, in their order."""
    sql = (
        "SELECT i.event_id, i.url, i.is_primary FROM event_images i"
        f" JOIN events e ON e.id = i.event_id WHERE {PUBLIC}"
        " ORDER BY i.event_id, i.position"
    )
    return _grouped(connection.execute(_statement(sql)).tuples())


def _grouped(found: Any) -> Images:
    images: defaultdict[int, list[tuple[str, bool]]] = defaultdict(list)
    for event_id, url, is_primary in found:
        images[event_id].append((url, bool(is_primary)))
    return images


def takes_part(connection: Connection, event_id: int, viewer: int) -> bool:
    sql = (
        "SELECT 1 FROM attendances WHERE event_id = :event_id AND user_id = :viewer"
        " AND status = 'registered'"
    )
    found = connection.execute(_statement(sql), {"event_id": event_id, "viewer": viewer})
    return found.first() is not None


def participants(connection: Connection, event_id: int) -> Sequence[Row[Any]]:
    sql = (
        "SELECT u.id, u.username, u.first_name, u.last_name FROM attendances a"
        " JOIN users u ON u.id = a.user_id WHERE a.event_id = :event_id"
        " AND a.status = 'registered' ORDER BY a.id"
    )
    return connection.execute(_statement(sql), {"event_id": event_id}).all()


def tasks(connection: Connection, event_id: int) -> Sequence[Row[Any]]:
    sql = "SELECT id, title, status FROM tasks WHERE event_id = :event_id ORDER BY id"
    return connection.execute(_statement(sql), {"event_id": event_id}).all()


def polls(connection: Connection, event_id: int) -> Sequence[Row[Any]]:
    sql = "SELECT id, title, ends_at FROM polls WHERE event_id = :event_id ORDER BY id"
    return connection.execute(_statement(sql), {"event_id": event_id}).all()


def waiting_list(connection: Connection, event_id: int, viewer: int) -> tuple[int, int | None]:
    """How many wait for a seat, and the viewer's place in line (None when not in it)."""
    sql = (
        "SELECT count(*), count(CASE WHEN a.queue_number <= (SELECT m.queue_number"
        " FROM attendances m WHERE m.event_id = :event_id AND m.user_id = :viewer"
        " AND m.status = 'waitlisted') THEN 1 END) FROM attendances a"
        " WHERE a.event_id = :event_id AND a.status = 'waitlisted'"
    )
    params = {"event_id": event_id, "viewer": viewer}
    waiting, ahead = connection.execute(_statement(sql), params).one()
    # Someone in line counts themself among those at or ahead of their place.
    return int(waiting), int(ahead) or None


def counts_per_window(
    connection: Connection, viewer: int, windows: Sequence[tuple[Any, Any]]
) -> tuple[int, list[int]]:
    """How many events the viewer may see touch any of the consecutive [start, end)
    windows, and how many touch each one: one count per window, each bounding the start
    on both sides (a short range of the list-order index)."""

    def touching(starts: str, ends: str) -> str:
        return (
            f"(SELECT count(*) FROM events e WHERE {_VISIBLE} AND e.finishes_at > :{starts}"
            f" AND e.starts_at < :{ends} AND e.starts_at >= {overlap_floor(connection, starts)})"
        )

    per_window = ", ".join(touching(f"s{n}", f"e{n}") for n in range(len(windows)))
    sql = f"SELECT {touching('first', 'last')}, {per_window}"
    params: dict[str, Any] = {"viewer": viewer, "first": windows[0][0], "last": windows[-1][1]}
    for n, (starts, ends) in enumerate(windows):
        params |= {f"s{n}": starts, f"e{n}": ends}
    total, *counts = connection.execute(_statement(sql), params).one()
    return int(total), [int(count) for count in counts]
