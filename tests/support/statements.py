"""Counting the SQL statements a piece of code sends, to show a cost does not grow."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event


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
