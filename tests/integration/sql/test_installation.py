"""The installation id that JWTs name as their audience: made once per database by the
migration, the same for every process on it, read once per process and never waiting
for a writer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, func, select

from eventcore.adapters.sqlalchemy.engine import make_engine
from eventcore.adapters.sqlalchemy.installation import (
    InstallationId,
    MissingInstallation,
    installation_id,
)
from eventcore.adapters.sqlalchemy.migrate import upgrade
from eventcore.adapters.sqlalchemy.tables import installation
from eventcore.adapters.sqlalchemy.unit_of_work import SqlUnitOfWork
from eventcore.domain.events import Category
from support.databases import migrated_sqlite
from support.statements import counting_statements


@pytest.fixture
def new_database(tmp_path: Path) -> Iterator[Engine]:
    """A migrated SQLite file of this test's own."""
    engine = make_engine(migrated_sqlite(tmp_path / "new.sqlite3"))
    yield engine
    engine.dispose()


def test_the_migration_gives_the_database_one_id_that_a_new_upgrade_keeps(
    new_database: Engine,
) -> None:
    made = installation_id(new_database)
    upgrade(new_database)

    assert installation_id(new_database) == made
    assert len(made) >= 32
    with new_database.connect() as connection:
        assert connection.execute(select(func.count()).select_from(installation)).scalar() == 1


def test_every_database_has_an_id_of_its_own(new_database: Engine, sql_engine: Engine) -> None:
    assert installation_id(new_database) != installation_id(sql_engine)


def test_every_process_on_a_database_reads_the_same_id(
    sql_engine: Engine, sql_database_url: str
) -> None:
    other = make_engine(sql_database_url)
    try:
        assert InstallationId(other)() == InstallationId(sql_engine)() == installation_id(other)
    finally:
        other.dispose()


def test_the_id_is_read_once_per_process(sql_engine: Engine) -> None:
    loader = InstallationId(sql_engine)
    with counting_statements(sql_engine) as first:
        made = loader()
    with counting_statements(sql_engine) as later:
        again = [loader() for _ in range(3)]

    assert any("installation" in statement for statement in first)
    assert later == []
    assert again == [made] * 3


def test_the_first_read_does_not_wait_for_an_open_unit_of_work(sql_engine: Engine) -> None:
    """The first token of a process may be signed inside a unit of work that has written
    (and so, on SQLite, holds the write lock) and not committed yet."""
    with SqlUnitOfWork(sql_engine) as uow:
        uow.categories.add(Category(name="Music"))
        assert InstallationId(sql_engine)() == installation_id(sql_engine)


def test_a_database_whose_id_was_deleted_says_so(new_database: Engine) -> None:
    with new_database.begin() as connection:
        connection.execute(delete(installation))

    with pytest.raises(MissingInstallation, match="installation"):
        InstallationId(new_database)()
