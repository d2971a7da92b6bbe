"""Counting the SQL statements a piece of code sends, to show a cost does not grow; and
reading the plan a database makes for one, to show which indexes it reads."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event, select

from eventcore.adapters.sqlalchemy.event_filters import split, visible_count
from eventcore.domain.paging import EventFilter


@contextmanager
def counting_statements(target: Engine | type[Engine] = Engine) -> Iterator[list[str]]:
    """Every statement sent inside the block, BEGIN included: by the engine `target`, or
    by every engine when it is the Engine class (for code that builds its own)."""
    sent: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        sent.append(statement)

    event.listen(target, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        event.remove(target, "before_cursor_execute", note)


def count_plan(engine: Engine, where: EventFilter) -> list[str]:
    """The steps of the plan for the count of the list `where` selects: SQLite's
    `EXPLAIN QUERY PLAN`, or the lines of PostgreSQL's `EXPLAIN`."""
    shape, values = split(where)
    statement = select(visible_count(shape)).compile(engine)
    parameters = statement.construct_params(values)
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            lines = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters).scalars()
            return [line.strip() for line in lines]
        plan = connection.exec_driver_sql(
            f"EXPLAIN QUERY PLAN {statement}",
            tuple(parameters[name] for name in statement.positiontup or ()),
        ).all()
    return [step[3] for step in plan]
