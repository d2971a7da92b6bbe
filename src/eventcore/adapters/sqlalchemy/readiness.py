"""Whether a database can be used, told in one line: for the command line and the
server, which check before they start rather than fail on the first request."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from eventcore.adapters.sqlalchemy.engine import make_engine
from eventcore.adapters.sqlalchemy.migrate import current_revision, head_revision

RUN_UPGRADE = "run `eventcore db upgrade` first"


class DatabaseNotReady(RuntimeError):
    """The database cannot be reached, or does not hold eventcore's current schema."""


def display_url(url: str) -> str:
    """The URL to show a user: the file of a SQLite database, never a password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or "an in-memory SQLite database"
    return parsed.render_as_string(hide_password=True)


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite database URL; None for memory and other databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def reachable_engine(url: str) -> Engine:
    """An engine on `url` that has answered once. Raises DatabaseNotReady (one line)."""
    engine = make_engine(url)
    try:
        with engine.connect():
            return engine
    except DBAPIError as error:
        engine.dispose()
        raise DatabaseNotReady(
            f"EVENTCORE_DATABASE_URL: cannot open {display_url(url)}: {_first_line(error)}"
        ) from None


def check_schema(url: str) -> None:
    """Raise DatabaseNotReady unless `url` holds eventcore's newest schema.

    Never creates a SQLite file: a missing one is reported as missing.
    """
    file = sqlite_file(url)
    if file is not None and not file.exists():
        raise DatabaseNotReady(f"There is no database at {file}; {RUN_UPGRADE}.")
    engine = reachable_engine(url)
    try:
        revision = current_revision(engine)
    except SQLAlchemyError as error:
        raise DatabaseNotReady(
            f"Cannot read the schema version of {display_url(url)}: {_first_line(error)}"
        ) from None
    finally:
        engine.dispose()
    head = head_revision()
    if revision is None:
        raise DatabaseNotReady(f"The database {display_url(url)} has no schema; {RUN_UPGRADE}.")
    if revision != head:
        raise DatabaseNotReady(
            f"The database {display_url(url)} is at schema revision {revision}, this "
            f"eventcore needs {head}; {RUN_UPGRADE}."
        )


def _first_line(error: SQLAlchemyError) -> str:
    """The driver's own words, without the SQL statement SQLAlchemy appends."""
    original = getattr(error, "orig", None) or error
    text = str(original).strip().splitlines()
    return text[0] if text else type(original).__name__
