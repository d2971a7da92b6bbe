"""Counting the SQL statements a piece of code sends, to show a cost does not grow; and
reading the plan a database makes for one, to show which indexes it reads."""

from __future__ import annotations

from collections.abc import Callable, Iterator
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
    with _listening(target, lambda statement, _parameters: sent.append(statement)):
        yield sent


@contextmanager
def recording_statements(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """Every statement `engine` sends inside the block, with its parameters."""
    sent: list[tuple[str, Any]] = []
    with _listening(engine, lambda statement, parameters: sent.append((statement, parameters))):
        yield sent


@contextmanager
def _listening(target: Engine | type[Engine], note: Callable[[str, Any], None]) -> Iterator[None]:
    def before_execute(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        note(statement, parameters)

    event.listen(target, "before_cursor_execute", before_execute)
    try:
        yield
    finally:
        event.remove(target, "before_cursor_execute", before_execute)


def count_plan(engine: Engine, where: EventFilter) -> list[str]:
    """The steps of the plan for the count of the list `where` selects."""
    shape, values = split(where)
    statement = select(visible_count(shape)).compile(engine)
    return plan(engine, str(statement), statement.construct_params(values))


def plan(engine: Engine, statement: str, parameters: Any) -> list[str]:
    """The steps of the plan for `statement` as the driver takes it: SQLite's
    `EXPLAIN QUERY PLAN`, or the lines of PostgreSQL's `EXPLAIN`."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            lines = connection.exec_driver_sql(f"EXPLAIN {statement}", parameters).scalars()
            return [line.strip() for line in lines]
        steps = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
    return [step[3] for step in steps]
