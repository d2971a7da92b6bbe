"""images_of: an event's images as one column of the statement that reads the event.

A page of events read its images with a statement of its own, naming the page's
ids: on PostgreSQL a round trip more per request (0.26 ms of a page of 20, 0.6 ms
of a page of 100), and on SQLite a hundred bound parameters to expand for a page
of 100. A list of every event read them side by side with its rows, in a second
statement that could see a different moment of the table. As a column, they are
read with their event, in the same statement.

The column is JSON text, an array of `[position, url, is_primary]`:
`json_group_array` on SQLite, `json_agg` on PostgreSQL. Neither keeps an order
without an ORDER BY inside the aggregate, which SQLite 3.40 lacks, so the reader
sorts each event's images by their position.
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import ColumnElement, Dialect, ScalarSelect, Text, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator

from eventcore.adapters.sqlalchemy.tables import event_images
from eventcore.domain.events import EventImage


class EventImages(TypeDecorator[tuple[EventImage, ...]]):
    """The JSON text `images_of` selects, read as the event's images in order."""

    impl = Text()
    cache_ok = True

    def process_result_value(self, value: Any, dialect: Dialect) -> tuple[EventImage, ...]:
        if not value:
            return ()  # PostgreSQL's json_agg of no rows is NULL
        return tuple(
            EventImage(url=url, is_primary=bool(primary))
            for _, url, primary in sorted(orjson.loads(value))
        )


class _json_rows(FunctionElement[tuple[EventImage, ...]]):  # noqa: N801 - a SQL function
    """An aggregate: one JSON array of the arrays of its arguments, a row each."""

    type = EventImages()
    inherit_cache = True


@compiles(_json_rows, "postgresql")
def _on_postgresql(element: _json_rows, compiler: SQLCompiler, **kw: Any) -> str:
    # As text: the type reads it with orjson on both databases.
    return f"CAST(json_agg(json_build_array({compiler.process(element.clauses, **kw)})) AS TEXT)"


@compiles(_json_rows)
def _on_sqlite(element: _json_rows, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_group_array(json_array({compiler.process(element.clauses, **kw)}))"


def images_of(event_id: ColumnElement[int]) -> ScalarSelect[tuple[EventImage, ...]]:
    """The images of the event `event_id` names, as a column."""
    return (
        select(_json_rows(event_images.c.position, event_images.c.url, event_images.c.is_primary))
        .where(event_images.c.event_id == event_id)
        .scalar_subquery()
    )
