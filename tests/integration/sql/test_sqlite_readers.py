"""On SQLite, a unit of work that only reads (`uow.reading()`) begins DEFERRED: it
takes no write lock, so it answers while another transaction holds the lock, where
a writer's unit of work (BEGIN IMMEDIATE) would wait for it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from eventcore.adapters.sqlalchemy.engine import make_engine
from eventcore.adapters.sqlalchemy.unit_of_work import SqlUnitOfWork
from eventcore.domain.events import Event
from eventcore.domain.paging import EventFilter, PageRequest
from eventcore.domain.users import User
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases import events
from support.databases import migrated_sqlite
from support.statements import counting_statements


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """A SQLite file of this test's own."""
    made = make_engine(migrated_sqlite(tmp_path / "readers.sqlite3"))
    yield made
    made.dispose()


@pytest.fixture
def uow_factory(engine: Engine) -> Callable[[], UnitOfWork]:
    """The seed fixtures (add_user, add_event) write to that file."""
    return lambda: SqlUnitOfWork(engine)


def _in_thread(work: Callable[[], object], seconds: float) -> bool:
    """Whether `work` finished within `seconds` (it keeps running if not)."""
    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    thread.join(timeout=seconds)
    return not thread.is_alive()


def test_a_read_begins_deferred_and_a_write_immediate(
    engine: Engine, add_user: Callable[..., User], add_event: Callable[..., Event]
) -> None:
    add_event(add_user().id, title="Party")
    with counting_statements(engine) as sent:
        events.list_events(SqlUnitOfWork(engine), EventFilter(), PageRequest())
    with counting_statements(engine) as written, SqlUnitOfWork(engine) as uow:
        uow.users.count()
        uow.commit()

    assert [s for s in sent if s.startswith("BEGIN")] == ["BEGIN"]
    assert [s for s in written if s.startswith("BEGIN")] == ["BEGIN IMMEDIATE"]


def test_reading_holds_for_the_next_block_only(engine: Engine) -> None:
    uow = SqlUnitOfWork(engine)
    with counting_statements(engine) as sent:
        with uow.reading():
            uow.users.count()
        with uow:
            uow.users.count()

    assert [s for s in sent if s.startswith("BEGIN")] == ["BEGIN", "BEGIN IMMEDIATE"]


def test_reads_answer_while_another_transaction_holds_the_write_lock(
    engine: Engine,
    add_user: Callable[..., User],
    add_event: Callable[..., Event],
) -> None:
    add_event(add_user().id, title="Party")
    found: list[int] = []
    holder = engine.connect()
    try:
        holder.begin()  # a writer's BEGIN IMMEDIATE: it holds the write lock
        read = _in_thread(
            lambda: found.append(
                len(events.list_events(SqlUnitOfWork(engine), EventFilter(), PageRequest()).items)
            ),
            seconds=5,
        )
    finally:
        holder.rollback()
        holder.close()

    assert read, "the read waited for the write lock"
    assert found == [1]
