"""overlap_floor: where to start looking for the events still going on at a moment.

An event overlaps a window from `moment` on when it finishes after `moment`. Asked
alone, that condition reads every event that finishes later, most of the table
for a window in the past or present; and "starts before the window ends" reads
every event before it. No event lasts longer than the longest one stored, which
the database keeps in `event_tallies.longest_event_seconds` (migration 0011), so
every overlapping event starts at or after `moment` less that length. Adding
`starts_at >= overlap_floor(moment)` changes no answer and turns the search into
one short range of the index on `starts_at`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from eventcore.adapters.sqlalchemy.types import UtcDateTime

_LONGEST = "(SELECT longest_event_seconds FROM event_tallies WHERE id = 1)"


class overlap_floor(FunctionElement[datetime]):  # noqa: N801 - used like a SQL function
    """`moment` less the longest event's length, as SQL."""

    type = UtcDateTime()
    inherit_cache = True

    def __init__(self, moment: datetime | ColumnElement[datetime]) -> None:
        # A moment as a value, or as a parameter given when the statement runs.
        value = literal(moment, UtcDateTime()) if isinstance(moment, datetime) else moment
        super().__init__(value)


@compiles(overlap_floor, "sqlite")
def _on_sqlite(element: overlap_floor, compiler: SQLCompiler, **kw: Any) -> str:
    # datetime() drops the fraction of a second: the floor only ever moves earlier.
    # Before year 0 it gives NULL: then every start is late enough.
    moment = compiler.process(element.clauses, **kw)
    return f"COALESCE(datetime({moment}, '-' || {_LONGEST} || ' seconds'), '0000-01-01 00:00:00')"


@compiles(overlap_floor, "postgresql")
def _on_postgresql(element: overlap_floor, compiler: SQLCompiler, **kw: Any) -> str:
    # A floor before year 1 would overflow the timestamp type: every start is late
    # enough then.
    moment = compiler.process(element.clauses, **kw)
    since_year_one = f"extract(epoch FROM {moment} - timestamptz '0001-01-01 00:00:00+00')"
    return (
        f"(CASE WHEN {_LONGEST} < {since_year_one}"
        f" THEN {moment} - make_interval(secs => {_LONGEST})"
        " ELSE '-infinity'::timestamptz END)"
    )
