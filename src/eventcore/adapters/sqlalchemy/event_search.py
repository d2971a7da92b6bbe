"""The events' search index: how each database finds the events holding a piece of
text without reading every row (migration 0014).

An event's `search` is a substring test on its folded title and description
(`substrings.like_pattern`), and a substring test has no order an ordinary index
could use: `search=jazz` over 100 000 events read all of them, 21 to 25 ms of a
request on either database, however few matched.

- SQLite: an FTS5 table, `event_search`, with the trigram tokenizer over the two
  folded columns, kept by triggers on `events`. It must be asked by name, so the
  search adds `events.id IN (SELECT rowid FROM event_search WHERE event_search
  MATCH '"jazz"')`. A quoted phrase of trigrams matches the rows holding the text
  within one column, which are exactly the rows the LIKE test accepts (the
  contract tests check it on texts of quotes, wildcards and FTS5 syntax). The
  LIKE test stays beside it, but for the count of a search alone.
- PostgreSQL: a trigram GIN index (the pg_trgm extension) on each folded column,
  which serves the LIKE test itself; the condition here is empty.

A text of fewer than `INDEXED_LENGTH` characters holds no trigram, and neither
index can narrow a search for it: such a search reads every row, as before.

Left to itself, SQLite's planner (which keeps no statistics here) reads the row of
every match of a search; two choices are made for it:

- The count of a search alone is the index's matches less the private ones among
  them, found in an index of the private events (migration 0015), rather than each
  match's row read for its privacy (`public_events_holding`).
- The page: when the matches are many, walking the list order until the page is
  full, checking each event against the matches, is shorter than sorting every
  match by start; when they are few, the sort is (`walk_is_shorter`, from the
  count).
"""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import Boolean, ColumnElement, Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

INDEXED_LENGTH: Final = 3

# What migration 0014 builds and `tables.metadata` does not describe: SQLite's FTS5
# table with the shadow tables FTS5 keeps beside it, and PostgreSQL's indexes.
SQLITE_TABLE: Final = "event_search"
_SQLITE_TABLES: Final = frozenset(
    {SQLITE_TABLE, *(f"{SQLITE_TABLE}_{part}" for part in ("data", "idx", "docsize", "config"))}
)
POSTGRESQL_INDEXES: Final = frozenset(
    {"ix_events_title_folded_trigrams", "ix_events_description_folded_trigrams"}
)
# SQLite's index of the private events' ids (migration 0015), for a search's count.
PRIVATE_EVENTS_INDEX: Final = "ix_events_private"

# How much longer sorting a match by start takes than stepping past one entry of
# the list-order index (in-process, 100 000 events: 1.9 µs against 0.14 µs, so
# about 13), taken lower: a walk's length is a guess from an even spread of the
# matches over time, and a sort's is bounded by the matches.
_SORT_PER_MATCH_IN_STEPS: Final = 8


def search_phrase(folded: str) -> str | None:
    """The FTS5 query for the rows holding `folded` (already lower-cased), or None
    when it is too short for the index."""
    if len(folded) < INDEXED_LENGTH:
        return None
    # Within double quotes FTS5 reads nothing as syntax but a doubled quote.
    return '"' + folded.replace('"', '""') + '"'


def described_by_tables(name: str | None, type_: str, _parents: object) -> bool:
    """Whether a database object of this name belongs in `tables.metadata`: false for
    the search index's own (Alembic's `include_name`)."""
    if type_ == "table":
        return name not in _SQLITE_TABLES
    if type_ == "index":
        return name not in POSTGRESQL_INDEXES and name != PRIVATE_EVENTS_INDEX
    return True


def walk_is_shorter(*, wanted: int, matches: int, events: int) -> bool:
    """Whether a page ending at the `wanted`-th of `matches` events, among at most
    `events` in all, is found sooner by walking the events in list order than by
    sorting the matches. A walk steps past about `wanted * events / matches`
    entries; a sort reads each of the `matches` rows."""
    return wanted * events < _SORT_PER_MATCH_IN_STEPS * matches * matches


class in_search_index(FunctionElement[bool]):  # noqa: N801 - used like a SQL operator
    """Whether the event of `event_id` is among the rows SQLite's search index finds
    for `phrase` (a `search_phrase`); true on PostgreSQL, whose indexes serve the
    LIKE test that goes with it."""

    type = Boolean()
    inherit_cache = True
    # A condition of its own: SQLite is not to be given `... = 1`, which hides it
    # from the planner.
    _is_implicitly_boolean = True

    def __init__(self, event_id: ColumnElement[int], phrase: ColumnElement[str]) -> None:
        super().__init__(event_id, phrase)


class checked_in_search_index(in_search_index):  # noqa: N801
    """`in_search_index`, for SQLite to check on the rows another index leads it to
    rather than to start from: a count of the viewer's own private events, led by
    the creator's index, would otherwise look each match up in that index."""

    inherit_cache = True


@compiles(in_search_index, "sqlite")
def _on_sqlite(element: in_search_index, compiler: SQLCompiler, **kw: Any) -> str:
    event_id, phrase = (compiler.process(clause, **kw) for clause in element.clauses)
    # A unary + keeps SQLite from leading with the index on the term it marks.
    led_by = "+" if isinstance(element, checked_in_search_index) else ""
    return (
        f"{led_by}{event_id} IN"
        f" (SELECT rowid FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH {phrase})"
    )


@compiles(in_search_index, "postgresql")
def _on_postgresql(element: in_search_index, compiler: SQLCompiler, **kw: Any) -> str:
    return "true"


class public_events_holding(FunctionElement[int]):  # noqa: N801 - used like a SQL count
    """The number of public events holding the text of `phrase` (a `search_phrase`),
    when nothing else narrows the list. On SQLite it is the search index's matches
    less the private ones among them, which reads no event's row: the index finds
    exactly the rows that hold the text. Elsewhere it is `by_rows`, the count the
    events' own conditions give."""

    type = Integer()
    inherit_cache = True

    def __init__(self, phrase: ColumnElement[str], by_rows: ColumnElement[int]) -> None:
        super().__init__(phrase, by_rows)


@compiles(public_events_holding, "sqlite")
def _count_on_sqlite(element: public_events_holding, compiler: SQLCompiler, **kw: Any) -> str:
    phrase = compiler.process(element.clauses.clauses[0], **kw)
    # INDEXED BY: unasked, SQLite looks each match up by its primary key instead.
    private = (
        f"SELECT 1 FROM events INDEXED BY {PRIVATE_EVENTS_INDEX}"
        f" WHERE events.is_private = 1 AND events.id = {SQLITE_TABLE}.rowid"
    )
    return (
        f"(SELECT count(*) FROM {SQLITE_TABLE}"
        f" WHERE {SQLITE_TABLE} MATCH {phrase} AND NOT EXISTS ({private}))"
    )


@compiles(public_events_holding, "postgresql")
def _count_on_postgresql(element: public_events_holding, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.clauses.clauses[1], **kw)
