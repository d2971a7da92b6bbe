"""The SQL tests' databases: units of work on SQLite and PostgreSQL only, and empty
databases for the tests that migrate a schema themselves."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from eventcore.adapters.sqlalchemy.engine import make_engine
from eventcore.adapters.sqlalchemy.unit_of_work import SqlUnitOfWork
from eventcore.ports.unit_of_work import UnitOfWork


@pytest.fixture
def uow_factory(sql_engine: Engine) -> Callable[[], UnitOfWork]:
    """What the seeding fixtures (add_user, add_event) write through here: SQL only."""
    return lambda: SqlUnitOfWork(sql_engine)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A database with no tables at all: a new SQLite file, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
        yield engine
        engine.dispose()
        return
    # Fails, rather than skips, when PostgreSQL is down (see tests/integration/conftest.py).
    request.getfixturevalue("postgres_schema")
    url = request.getfixturevalue("postgresql_url").split("?")[0]
    schema = f"ec_{secrets.token_hex(6)}"
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    engine = make_engine(url, schema=schema)
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
