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
    moment = compiler.process(element.clauses, **kw)
    return f"datetime({moment}, '-' || {_LONGEST} || ' seconds')"


@compiles(overlap_floor, "postgresql")
def _on_postgresql(element: overlap_floor, compiler: SQLCompiler, **kw: Any) -> str:
    moment = compiler.process(element.clauses, **kw)
    return f"({moment} - make_interval(secs => {_LONGEST}))"
