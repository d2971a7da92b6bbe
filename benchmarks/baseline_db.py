"""The baseline's database access: an engine on eventcore's database, and moments as
each backend stores them (SQLite: UTC text; PostgreSQL: timestamptz)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from eventcore.adapters.sqlalchemy.engine import POOL_SIZE

# SQLite keeps moments as the text of their UTC wall clock, to the microsecond; bound
# values must be written the same way, or string comparison puts them off by a hair.
_SQLITE_MOMENT = "%Y-%m-%d %H:%M:%S.%f"
_INSTALLATION = text("SELECT installation_id FROM installation")


def baseline_engine(url: str) -> Engine:
    """An engine on `url` with the connection settings eventcore gives its own."""
    parsed = make_url(url)
    # eventcore's pool: SQLAlchemy's default of 5 + 10 "overflow" connections closes
    # and reopens connections all through a load, and a new SQLite connection starts
    # with a cold page cache (the baseline's ticketing page ran at 96 to 133 req/s in
    # some rounds, at 11 to 13 ms of CPU a request, against 600 in others).
    pool = {"pool_size": POOL_SIZE, "max_overflow": 0}
    if parsed.get_backend_name() == "sqlite":
        return create_engine(parsed, **pool)
    # eventcore turns JIT compilation off per connection (it cost most of a COUNT over
    # 100k events); the baseline runs the same database the same way.
    options = parsed.query.get("options", "")
    given = options if isinstance(options, str) else " ".join(options)
    parsed = parsed.set(drivername="postgresql+psycopg").difference_update_query(["options"])
    return create_engine(parsed, connect_args={"options": f"{given} -cjit=off".strip()}, **pool)


class Moments:
    """Moments to and from the database of one engine."""

    def __init__(self, engine: Engine) -> None:
        self._sqlite = engine.dialect.name == "sqlite"

    def bound(self, moment: datetime) -> Any:
        """`moment` as a query parameter compared with stored moments."""
        if self._sqlite:
            return moment.astimezone(UTC).strftime(_SQLITE_MOMENT)
        return moment

    def bound_day(self, day: date) -> Any:
        """`day` as a query parameter compared with stored days (SQLite: ISO text)."""
        return day.isoformat() if self._sqlite else day


def read_moment(stored: Any) -> datetime:
    """A stored moment as an aware datetime in UTC."""
    if isinstance(stored, str):
        return datetime.fromisoformat(stored).replace(tzinfo=UTC)
    moment: datetime = stored
    return moment.astimezone(UTC)


def utc_z(stored: Any) -> str | None:
    """A stored moment as the APIs write one: UTC, whole seconds, with a Z."""
    if stored is None:
        return None
    if isinstance(stored, str):
        # "2030-01-05 21:00:00.000000" is UTC already: cut it, as parsing costs more.
        return f"{stored[:10]}T{stored[11:19]}Z"
    moment: datetime = stored
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class InstallationId:
    """The database's installation id, the audience of its JWTs: read on first use,
    then kept, as eventcore does."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._value: str | None = None

    def __call__(self) -> str:
        if self._value is None:
            with self._engine.connect() as connection:
                self._value = str(connection.execute(_INSTALLATION).scalar_one())
        return self._value
