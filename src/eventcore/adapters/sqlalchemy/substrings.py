"""like_pattern: whether a text column holds a piece of text anywhere, as SQL; the
event list's `search` and the people search both match this way.

`column LIKE '%text%'`, with `%`, `_` and the escape character in the text escaped
by a backslash. PostgreSQL's default escape character is the backslash, so there
the statement names none: an ESCAPE clause becomes `like_escape(pattern, ...)`,
which a prepared statement on a generic plan (psycopg prepares a statement after
its fifth run) computes again for every row; `search=jazz` then counted its
61 000 matches in 26 ms instead of 19. SQLite has no default, and is told.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, ColumnElement
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

_ESCAPE = "\\"


def substring_pattern(text: str) -> str:
    """The pattern for `like_pattern` matching `text` anywhere, its wildcards taken
    literally."""
    escaped = text
    for special in (_ESCAPE, "%", "_"):
        escaped = escaped.replace(special, _ESCAPE + special)
    return f"%{escaped}%"


class like_pattern(FunctionElement[bool]):  # noqa: N801 - used like a SQL operator
    """`column` LIKE `pattern` (a `substring_pattern`), escaped by a backslash."""

    type = Boolean()
    inherit_cache = True
    # A condition of its own: SQLite is not to be given `... = 1`, which hides it
    # from the planner.
    _is_implicitly_boolean = True

    def __init__(self, column: ColumnElement[str], pattern: ColumnElement[str]) -> None:
        super().__init__(column, pattern)


def _operands(element: like_pattern, compiler: SQLCompiler, **kw: Any) -> tuple[str, str]:
    column, pattern = element.clauses
    return compiler.process(column, **kw), compiler.process(pattern, **kw)


@compiles(like_pattern, "sqlite")
def _on_sqlite(element: like_pattern, compiler: SQLCompiler, **kw: Any) -> str:
    column, pattern = _operands(element, compiler, **kw)
    return f"{column} LIKE {pattern} ESCAPE '{_ESCAPE}'"


@compiles(like_pattern, "postgresql")
def _on_postgresql(element: like_pattern, compiler: SQLCompiler, **kw: Any) -> str:
    column, pattern = _operands(element, compiler, **kw)
    return f"{column} LIKE {pattern}"
