"""Databases for the integration tests: memory, a SQLite file, and PostgreSQL.

PostgreSQL is the server on 127.0.0.1:5432 (override with
EVENTCORE_TEST_POSTGRES_URL). Each test run creates its own schema
`ec_<random hex>`, migrates it with `upgrade`, and drops it at the end, so runs
never see each other's rows. PostgreSQL tests never skip: an unreachable server
fails them.

Reusable fixtures:
- `uow_factory`: a unit-of-work factory on memory, sqlite and postgresql;
- `sql_engine`: a migrated, emptied engine on sqlite and postgresql;
- `sql_database_url`: a URL to such a database (the PostgreSQL one carries its
  schema in `options`), for code that builds its own engine;
- `sql_core`: a `Core` from `bootstrap.build_core` on that URL, with a fast
  password hasher (support.cores.fast_sql_core);
- `now`, `add_user`, `add_category`, `add_event`, `attend`: seed data through
  whatever `uow_factory` a test (or test module, by overriding it) uses;
- `redis_url`, `redis_prefix`: the Redis server on 127.0.0.1:6379 (override with
  EVENTCORE_TEST_REDIS_URL) and a key and channel prefix of the test's own, inside
  this run's `ectest-<hex>`, whose keys are deleted at the end. Redis tests never
  skip either.
"""

from __future__ import annotations

import itertools
import os
import secrets
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import attrs
import pytest
from sqlalchemy import Engine, Integer, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from eventcore.adapters.memory.store import MemoryStore
from eventcore.adapters.memory.unit_of_work import MemoryUnitOfWork
from eventcore.adapters.sqlalchemy.engine import make_engine
from eventcore.adapters.sqlalchemy.migrate import upgrade
from eventcore.adapters.sqlalchemy.tables import (
    event_tallies,
    installation,
    metadata,
    public_events_by_day,
)
from eventcore.adapters.sqlalchemy.unit_of_work import SqlUnitOfWork
from eventcore.bootstrap import build_core, memory_core
from eventcore.core import Core
from eventcore.domain.attendance import Attendance, AttendanceStatus, organizer_of
from eventcore.domain.events import Category, Event
from eventcore.domain.ids import EventId, UserId
from eventcore.domain.users import User
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.settings import Settings
from support.cores import fast_hasher, fast_sql_core
from support.databases import migrated_sqlite

POSTGRES_URL = os.environ.get(
    "EVENTCORE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
SQL_BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
ALL_BACKENDS = ["memory", *SQL_BACKENDS]

UowFactory = Callable[[], UnitOfWork]


# --- databases, one per test run -------------------------------------------------


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated SQLite file for this run."""
    return migrated_sqlite(tmp_path_factory.mktemp("sqlite") / "eventcore.sqlite3")


@pytest.fixture(scope="session")
def postgres_schema() -> Iterator[str]:
    """A fresh schema `ec_<hex>` for this run, dropped at its end."""
    admin = make_engine(POSTGRES_URL)
    schema = f"ec_{secrets.token_hex(6)}"
    try:
        with admin.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
    except OperationalError as error:
        admin.dispose()
        pytest.fail(
            f"PostgreSQL at {POSTGRES_URL} is not reachable; the postgres tests need it "
            f"(set EVENTCORE_TEST_POSTGRES_URL to point elsewhere): {error}",
            pytrace=False,
        )
    try:
        yield schema
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(scope="session")
def postgresql_url(postgres_schema: str) -> str:
    """A URL whose connections use this run's schema, migrated."""
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={postgres_schema}"})
    rendered = url.render_as_string(hide_password=False)
    engine = make_engine(rendered)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    return rendered


@pytest.fixture(scope="session")
def sqlite_engine(sqlite_url: str) -> Iterator[Engine]:
    engine = make_engine(sqlite_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def postgresql_engine(postgres_schema: str, postgresql_url: str) -> Iterator[Engine]:
    engine = make_engine(POSTGRES_URL, schema=postgres_schema)
    yield engine
    engine.dispose()


def empty_tables(engine: Engine) -> None:
    """Remove every row and restart the ids, so every backend numbers rows alike; the
    installation id stays, as it does in a real database, and so do the tallies of
    public events (in all and per day), which the triggers bring back to zero as the
    events go.

    DELETE, not TRUNCATE: on tables this small PostgreSQL's TRUNCATE (new files
    per table) costs ~150 ms a test, DELETE a millisecond or two.
    """
    with engine.begin() as connection:
        for table in reversed(metadata.sorted_tables):
            # Rows their migrations made or their triggers keep: the database's id,
            # the tallies.
            if table not in (installation, event_tallies, public_events_by_day):
                connection.execute(table.delete())
        if connection.dialect.name == "postgresql":
            restarts = ", ".join(
                f"setval(pg_get_serial_sequence('{table.name}', '{column.name}'), 1, false)"
                for table in metadata.sorted_tables
                for column in table.primary_key.columns
                if column.autoincrement is True
                or (
                    column.autoincrement == "auto"
                    and len(table.primary_key.columns) == 1
                    and column.type._type_affinity is Integer
                )
            )
            connection.execute(text(f"SELECT {restarts}"))
        # SQLite: plain INTEGER PRIMARY KEYs (no AUTOINCREMENT) restart once empty.


@pytest.fixture(params=SQL_BACKENDS)
def sql_backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def sql_engine(request: pytest.FixtureRequest, sql_backend: str) -> Engine:
    """A migrated engine with empty tables, on SQLite and on PostgreSQL."""
    engine: Engine = request.getfixturevalue(f"{sql_backend}_engine")
    empty_tables(engine)
    return engine


@pytest.fixture
def sql_database_url(request: pytest.FixtureRequest, sql_engine: Engine, sql_backend: str) -> str:
    """The URL of `sql_engine`'s (emptied) database, for code that makes its own engine."""
    return str(request.getfixturevalue(f"{sql_backend}_url"))


@pytest.fixture
def sql_core(sql_database_url: str, tmp_path: Path) -> Iterator[Core]:
    """`build_core` on the test database, with the cheapest argon2 profile."""
    settings = Settings(
        database_url=sql_database_url,
        secret_key=secrets.token_hex(32),
        instance_dir=tmp_path,
        media_dir=tmp_path / "media",
    )
    core = fast_sql_core(settings)
    yield core
    core.close()


@pytest.fixture(params=ALL_BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """memory, sqlite or postgresql."""
    return str(request.param)


@pytest.fixture
def core_on_backend(
    request: pytest.FixtureRequest, backend: str, tmp_path: Path
) -> Iterator[Callable[..., Core]]:
    """Make an empty core on `backend` from `settings` (its database URL and folders are
    this test's), passing the keywords on (clock, google) to `memory_core` or
    `build_core`; the cores made are closed at the end."""
    made: list[Core] = []

    def make(settings: Settings, **adapters: Any) -> Core:
        if backend == "memory":
            return memory_core(settings=settings, **adapters)
        engine: Engine = request.getfixturevalue(f"{backend}_engine")
        empty_tables(engine)
        on_database = attrs.evolve(
            settings,
            database_url=request.getfixturevalue(f"{backend}_url"),
            instance_dir=tmp_path,
            media_dir=tmp_path / "media",
        )
        core = build_core(on_database, hasher=fast_hasher(), **adapters)
        made.append(core)
        return core

    yield make
    for core in made:
        core.close()


@pytest.fixture(params=ALL_BACKENDS)
def uow_factory(request: pytest.FixtureRequest) -> UowFactory:
    """Units of work on memory, SQLite or PostgreSQL, starting empty."""
    if request.param == "memory":
        store = MemoryStore()
        return lambda: MemoryUnitOfWork(store)
    engine: Engine = request.getfixturevalue(f"{request.param}_engine")
    empty_tables(engine)
    return lambda: SqlUnitOfWork(engine)


# --- Redis, one key prefix per test run ------------------------------------------

REDIS_URL = os.environ.get("EVENTCORE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture(scope="session")
def redis_url() -> str:
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.fail(
            f"Redis at {REDIS_URL} is not reachable; the redis tests need it "
            f"(set EVENTCORE_TEST_REDIS_URL to point elsewhere): {error}",
            pytrace=False,
        )
    finally:
        client.close()
    return REDIS_URL


@pytest.fixture(scope="session")
def redis_run_prefix(redis_url: str) -> Iterator[str]:
    """`ectest-<hex>` for this run; its keys are deleted at the end."""
    import redis

    prefix = f"ectest-{secrets.token_hex(6)}"
    yield prefix
    client = redis.Redis.from_url(redis_url)
    try:
        for key in client.scan_iter(match=f"{prefix}*", count=500):
            client.delete(key)
    finally:
        client.close()


@pytest.fixture
def redis_prefix(redis_run_prefix: str) -> str:
    """A prefix of one test's own, inside the run's: tests do not hear or count each other."""
    return f"{redis_run_prefix}-{secrets.token_hex(4)}"


# --- seed data -------------------------------------------------------------------


@pytest.fixture
def now() -> datetime:
    return datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def add_user(uow_factory: UowFactory, now: datetime) -> Callable[..., User]:
    numbers = itertools.count(1)

    def add(**fields: Any) -> User:
        n = next(numbers)
        fields.setdefault("username", f"user{n}")
        fields.setdefault("email", f"{fields['username']}@example.org")
        with uow_factory() as uow:
            user = uow.users.add(User(created_at=now, updated_at=now, **fields))
            uow.commit()
        return user

    return add


@pytest.fixture
def add_category(uow_factory: UowFactory) -> Callable[..., Category]:
    def add(name: str, icon: str | None = None) -> Category:
        with uow_factory() as uow:
            category = uow.categories.add(Category(name=name, icon=icon))
            uow.commit()
        return category

    return add


@pytest.fixture
def add_event(uow_factory: UowFactory, now: datetime) -> Callable[..., Event]:
    """Add an event (starting a day after `now` unless told) with its organizer."""

    def add(creator_id: UserId, *, organizer: bool = True, **fields: Any) -> Event:
        fields.setdefault("title", "An event")
        fields.setdefault("starts_at", now + timedelta(days=1))
        with uow_factory() as uow:
            event = uow.events.add(
                Event(creator_id=creator_id, created_at=now, updated_at=now, **fields)
            )
            if organizer:
                uow.attendances.add(organizer_of(event, now))
            uow.commit()
        return event

    return add


@pytest.fixture
def attend(uow_factory: UowFactory, now: datetime) -> Callable[..., Attendance]:
    def add(
        event_id: EventId,
        user_id: UserId,
        status: AttendanceStatus = AttendanceStatus.REGISTERED,
    ) -> Attendance:
        with uow_factory() as uow:
            attendance = uow.attendances.add(
                Attendance(
                    event_id=event_id,
                    user_id=user_id,
                    status=status,
                    created_at=now,
                    updated_at=now,
                )
            )
            uow.commit()
        return attendance

    return add
