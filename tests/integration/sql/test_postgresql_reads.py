"""On PostgreSQL a unit of work that only reads ends with COMMIT: psycopg forgets the
statements it has prepared at every ROLLBACK, so each request would have its
statements planned anew. A unit of work left by an error, or one that writes and
does not commit, still rolls back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from eventcore.adapters.sqlalchemy.engine import make_engine
from eventcore.adapters.sqlalchemy.unit_of_work import SqlUnitOfWork
from eventcore.domain.ids import UserId

pytestmark = pytest.mark.postgres

PSYCOPG_PREPARE_THRESHOLD = 5
_PREPARED = text("SELECT count(*) FROM pg_prepared_statements")


@pytest.fixture
def engine(postgresql_url: str) -> Iterator[Engine]:
    """An engine of this test's own: its one connection sees every statement."""
    made = make_engine(postgresql_url)
    yield made
    made.dispose()


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


def _read_then_fail(engine: Engine) -> None:
    with SqlUnitOfWork(engine).reading() as uow:
        uow.users.get(UserId(1))
        raise LookupError("a use case's error")


def test_a_read_left_by_an_error_rolls_back(engine: Engine) -> None:
    _read_repeatedly(engine)
    with pytest.raises(LookupError):
        _read_then_fail(engine)

    # The ROLLBACK made psycopg deallocate what it had prepared.
    assert _prepared(engine) == 0
