"""Turn a violated UNIQUE rule into the domain's AlreadyExists, naming the field."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from sqlalchemy import Connection, Index, UniqueConstraint
from sqlalchemy.exc import IntegrityError

from eventcore.adapters.sqlalchemy.tables import metadata
from eventcore.domain.errors import AlreadyExists

Rule = Mapping[str, str]


def _unique_rules() -> tuple[dict[str, Rule], dict[frozenset[str], Rule]]:
    """The rules by constraint name (what PostgreSQL reports) and by their
    `table.column` set (what SQLite reports)."""
    by_name: dict[str, Rule] = {}
    by_columns: dict[frozenset[str], Rule] = {}
    for table in metadata.tables.values():
        uniques: list[UniqueConstraint | Index] = [
            c for c in table.constraints if isinstance(c, UniqueConstraint)
        ]
        uniques += [index for index in table.indexes if index.unique]
        for unique in uniques:
            if "field" not in unique.info:
                continue
            by_name[str(unique.name)] = unique.info
            by_columns[frozenset(f"{table.name}.{c.name}" for c in unique.columns)] = unique.info
    return by_name, by_columns


_BY_NAME, _BY_COLUMNS = _unique_rules()


def already_exists(error: IntegrityError) -> AlreadyExists | None:
    """The domain conflict behind `error`, or None when it is not a known UNIQUE rule."""
    diagnostics = getattr(error.orig, "diag", None)
    constraint = getattr(diagnostics, "constraint_name", None)
    rule = _BY_NAME.get(constraint) if constraint else None
    if rule is None:
        # sqlite3: "UNIQUE constraint failed: users.email_key" (columns comma-separated).
        _, marker, columns = str(error.orig).partition("UNIQUE constraint failed: ")
        if marker:
            rule = _BY_COLUMNS.get(frozenset(c.strip() for c in columns.split(",")))
    if rule is None:
        return None
    return AlreadyExists(rule["message"], field=rule["field"])


@contextmanager
def unique_rules(connection: Connection) -> Iterator[None]:
    """Run a write that may break a UNIQUE rule inside a SAVEPOINT.

    On a conflict only the savepoint is rolled back, so the unit of work stays
    usable, as with the memory adapter (PostgreSQL would otherwise refuse every
    further statement of the transaction). Other integrity errors pass through.
    """
    try:
        with connection.begin_nested():
            yield
    except IntegrityError as error:
        conflict = already_exists(error)
        if conflict is None:
            raise
        raise conflict from error
