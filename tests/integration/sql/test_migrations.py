"""The Alembic migrations build exactly `tables.metadata`, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, func, insert, inspect, select
from sqlalchemy.exc import OperationalError

from eventcore.adapters.sqlalchemy.engine import make_engine
from eventcore.adapters.sqlalchemy.event_search import described_by_tables
from eventcore.adapters.sqlalchemy.health import SqlDatabaseProbe
from eventcore.adapters.sqlalchemy.migrate import current_revision, head_revision, upgrade
from eventcore.adapters.sqlalchemy.tables import (
    attendances,
    event_images,
    events,
    metadata,
    users,
)
from eventcore.bootstrap import Core
from eventcore.domain.users import Registration
from eventcore.usecases.accounts import create_user


def test_upgrade_creates_every_table_and_is_harmless_twice(empty_database: Engine) -> None:
    assert current_revision(empty_database) is None
    upgrade(empty_database)
    upgrade(empty_database)
    assert current_revision(empty_database) == head_revision()
    created = {
        name
        for name in inspect(empty_database).get_table_names()
        if described_by_tables(name, "table", {})
    }
    assert set(metadata.tables) <= created
    assert created - set(metadata.tables) == {"alembic_version"}
    assert SqlDatabaseProbe(empty_database).describe().table_count == len(created)


def test_the_migrations_match_the_table_definitions(empty_database: Engine) -> None:
    upgrade(empty_database)
    with empty_database.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": described_by_tables}
        )
        assert compare_metadata(context, metadata) == []


def test_partial_unique_indexes_keep_their_condition(empty_database: Engine) -> None:
    # Autogenerate does not compare index conditions, so check them here.
    upgrade(empty_database)
    indexes = {i["name"]: i for i in inspect(empty_database).get_indexes("users")}
    phone = indexes["uq_users_phone"]
    assert phone["unique"]
    where = phone.get("dialect_options", {})
    assert "phone" in str(where.get("sqlite_where", where.get("postgresql_where")))


def test_deleting_an_event_cascades_to_its_images_and_attendances(
    empty_database: Engine,
) -> None:
    upgrade(empty_database)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with empty_database.begin() as connection:
        user_id = connection.execute(
            insert(users)
            .values(
                username="u",
                email="u@x.org",
                email_key="u@x.org",
                first_name="",
                last_name="",
                display_name="",
                bio="",
                role="user",
                is_active=True,
                created_at=now,
                updated_at=now,
            )
            .returning(users.c.id)
        ).scalar_one()
        event_id = connection.execute(
            insert(events)
            .values(
                title="t",
                title_folded="t",
                creator_id=user_id,
                starts_at=now,
                finishes_at=now,
                created_at=now,
                updated_at=now,
                name="",
                description="",
                description_folded="",
                location="",
                address="",
                venue_name="",
                is_private=False,
                kind="single",
                region="",
                city="",
                pincode="",
                district="",
                state="",
                place="",
                is_bookable=True,
                hosted_here=False,
                external_url="",
                publication_state="pending",
                publication_reason="",
                important_information="",
            )
            .returning(events.c.id)
        ).scalar_one()
        connection.execute(
            insert(event_images).values(event_id=event_id, position=0, url="a.png", is_primary=True)
        )
        connection.execute(
            insert(attendances).values(
                event_id=event_id,
                user_id=user_id,
                status="registered",
                is_organizer=True,
                created_at=now,
                updated_at=now,
            )
        )
    with empty_database.begin() as connection:
        connection.execute(events.delete())
    with empty_database.connect() as connection:
        for table in (event_images, attendances):
            assert connection.execute(select(func.count()).select_from(table)).scalar() == 0


def test_a_core_built_from_settings_works_on_the_migrated_database(sql_core: Core) -> None:
    info = sql_core.database.describe()
    assert info.backend in {"sqlite", "postgresql"}
    assert info.version.startswith(
        {"sqlite": "SQLite 3.", "postgresql": "PostgreSQL "}[info.backend]
    )
    assert info.table_count == len(metadata.tables) + 1  # and alembic_version
    user = create_user(
        sql_core.uow(),
        sql_core.clock,
        sql_core.hasher,
        Registration(email="Ada@Example.org", password="correct horse"),
    )
    with sql_core.uow() as uow:
        assert uow.users.find_by_login("ada@example.org") == user


@pytest.mark.parametrize(
    "url",
    ["sqlite:////nonexistent-dir/eventcore.sqlite3", "postgresql://postgres@127.0.0.1:1/test"],
)
def test_the_probe_raises_when_the_database_is_unreachable(url: str) -> None:
    engine = make_engine(url)
    try:
        with pytest.raises(OperationalError):
            SqlDatabaseProbe(engine).describe()
    finally:
        engine.dispose()
