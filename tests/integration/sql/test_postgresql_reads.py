"""On PostgreSQL a unit of work that only reads runs in autocommit: each statement is
its own transaction, with no BEGIN and COMMIT round trips around them, and psycopg
keeps the statements it has prepared (it forgets them at every ROLLBACK, and
PostgreSQL would plan each request's statements anew). A streaming read keeps its
transaction, which its server-side cursor needs; a unit of work that writes keeps
its own."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, event, text

from eventcore.adapters.sqlalchemy.engine import make_engine
from eventcore.adapters.sqlalchemy.unit_of_work import SqlUnitOfWork
from eventcore.domain.ids import UserId
from eventcore.domain.paging import EventFilter
from eventcore.domain.users import User

pytestmark = pytest.mark.postgres

PSYCOPG_PREPARE_THRESHOLD = 5
_PREPARED = text("SELECT count(*) FROM pg_prepared_statements")
NOW = datetime(2030, 6, 1, tzinfo=UTC)


def _person(name: str) -> User:
    return User(username=name, email=f"{name}@example.org", created_at=NOW, updated_at=NOW)


@pytest.fixture
def engine(postgresql_url: str) -> Iterator[Engine]:
    """An engine of this test's own: its one connection sees every statement."""
    made = make_engine(postgresql_url)
    yield made
    made.dispose()


@pytest.fixture
def autocommit_seen(engine: Engine) -> list[bool]:
    """Whether the driver's connection was in autocommit, for each statement run."""
    seen: list[bool] = []

    def note(_conn: object, cursor: object, *_: object) -> None:
        seen.append(cursor.connection.autocommit)  # type: ignore[attr-defined]

    event.listen(engine, "before_cursor_execute", note)
    return seen


def _read_repeatedly(engine: Engine) -> None:
    # psycopg prepares a statement once it has run it `prepare_threshold` times (5).
    for _ in range(2 * PSYCOPG_PREPARE_THRESHOLD):
        with SqlUnitOfWork(engine).reading() as uow:
            uow.users.get(UserId(1))


def _prepared(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(_PREPARED).scalar_one())


def test_statements_prepared_by_reads_outlive_them(engine: Engine) -> None:
    _read_repeatedly(engine)

    assert _prepared(engine) >= 1


def test_reads_run_in_autocommit_and_writes_in_a_transaction(
    engine: Engine, autocommit_seen: list[bool]
) -> None:
    with SqlUnitOfWork(engine).reading() as uow:
        uow.users.get(UserId(1))
    read = list(autocommit_seen)
    autocommit_seen.clear()
    # The same pooled connection, back from a read: a transaction again.
    with SqlUnitOfWork(engine) as uow:
        uow.users.add(_person("ada"))
        uow.commit()

    assert read == [True]
    assert autocommit_seen
    assert not any(autocommit_seen)


def test_a_streaming_read_keeps_its_transaction(
    engine: Engine, autocommit_seen: list[bool]
) -> None:
    with SqlUnitOfWork(engine).reading(streaming=True) as uow:
        every = uow.event_queries.every(EventFilter())
        assert list(every.items) == []

    assert autocommit_seen
    assert not any(autocommit_seen)


def _read_then_fail(engine: Engine) -> None:
    with SqlUnitOfWork(engine).reading() as uow:
        uow.users.get(UserId(1))
        raise LookupError("a use case's error")


def test_a_read_left_by_an_error_leaves_the_connection_fit_for_a_write(engine: Engine) -> None:
    with pytest.raises(LookupError):
        _read_then_fail(engine)
    with SqlUnitOfWork(engine) as uow:
        added = uow.users.add(_person("bo"))
        uow.commit()

    with SqlUnitOfWork(engine).reading() as uow:
        assert uow.users.get(added.id) == added
