"""A search reads the events' search index, not every event, on both databases, and
the index (migration 0014) covers the events already there when it is built. On
SQLite a search alone is counted without reading an event's row, and its page is
found by walking the list order or by sorting the matches, whichever is shorter."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Connection, Engine, insert, inspect, select, text
from sqlalchemy.engine import URL, make_url

from eventcore.adapters.sqlalchemy import rows
from eventcore.adapters.sqlalchemy.engine import make_engine
from eventcore.adapters.sqlalchemy.event_search import (
    POSTGRESQL_INDEXES,
    PRIVATE_EVENTS_INDEX,
    SQLITE_TABLE,
)
from eventcore.adapters.sqlalchemy.migrate import (
    MigrationRefused,
    alembic_config,
    current_revision,
    upgrade,
)
from eventcore.adapters.sqlalchemy.tables import events, users
from eventcore.adapters.sqlalchemy.unit_of_work import SqlUnitOfWork
from eventcore.domain.events import Event
from eventcore.domain.ids import UserId
from eventcore.domain.paging import EventFilter, PageRequest
from eventcore.domain.users import User
from live_server import cli, one_line_error
from support.statements import count_plan, plan, recording_statements

MOMENT = datetime(2026, 1, 1, tzinfo=UTC)


def _reads_the_index(steps: list[str], dialect: str) -> bool:
    if dialect == "postgresql":
        return any(index in step for step in steps for index in POSTGRESQL_INDEXES)
    return any(f"{SQLITE_TABLE} VIRTUAL TABLE" in step for step in steps)


def _fill(engine: Engine, owner: UserId, count: int, *, jazz_every: int = 1000) -> None:
    """`count` events, one in `jazz_every` about jazz, all at the same moment (so in
    the order of their ids); PostgreSQL then gathers the statistics its planner
    reads, as autovacuum would after a load this size."""
    made = [
        Event(
            title=f"{'Jazz' if n % jazz_every == 0 else 'Chess'} night {n}",
            description="Bring a friend",
            creator_id=owner,
            starts_at=MOMENT,
            created_at=MOMENT,
            updated_at=MOMENT,
        )
        for n in range(count)
    ]
    with engine.begin() as connection:
        connection.execute(insert(events), [rows.event_values(event) for event in made])
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE events"))


@pytest.mark.parametrize("viewer", [False, True])
def test_counting_a_search_reads_the_index(
    sql_engine: Engine, add_user: Callable[..., User], viewer: bool
) -> None:
    user = add_user()
    _fill(sql_engine, user.id, 3000)
    where = EventFilter(viewer_id=user.id if viewer else None, search="Jazz")
    with SqlUnitOfWork(sql_engine) as uow:
        assert uow.event_queries.page(where, PageRequest()).total == 3
    steps = count_plan(sql_engine, where)
    assert _reads_the_index(steps, sql_engine.dialect.name), "\n".join(steps)
    if sql_engine.dialect.name == "sqlite":
        assert not [step for step in steps if step.startswith("SCAN events")], steps


@pytest.mark.parametrize("sql_backend", ["sqlite"], indirect=True)
def test_a_search_alone_is_counted_without_reading_an_events_row(
    sql_engine: Engine, add_user: Callable[..., User]
) -> None:
    user = add_user()
    _fill(sql_engine, user.id, 3000)
    steps = count_plan(sql_engine, EventFilter(search="jazz"))
    # The matches from the search index, checked against the private events' index.
    assert any(f"{SQLITE_TABLE} VIRTUAL TABLE" in step for step in steps), steps
    assert any(PRIVATE_EVENTS_INDEX in step for step in steps), steps
    assert not [step for step in steps if "INTEGER PRIMARY KEY" in step], steps


@pytest.mark.parametrize("sql_backend", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("jazz_every", "walks"), [(2, True), (1000, False)])
def test_a_searchs_page_walks_the_list_order_only_when_its_matches_are_many(
    sql_engine: Engine, add_user: Callable[..., User], jazz_every: int, walks: bool
) -> None:
    # 1 500 matches of 3 000: 40 entries walked for a page of 20, against 1 500 rows
    # sorted. 3 matches: 3 000 entries walked, against 3 rows sorted.
    user = add_user()
    _fill(sql_engine, user.id, 3000, jazz_every=jazz_every)
    with recording_statements(sql_engine) as sent, SqlUnitOfWork(sql_engine) as uow:
        page = uow.event_queries.page(EventFilter(search="jazz"), PageRequest())
    expected = [f"Jazz night {n}" for n in range(0, 3000, jazz_every)][:20]
    assert [view.event.title for view in page.items] == expected
    assert page.total == 3000 // jazz_every
    statement, parameters = sent[-1]
    steps = plan(sql_engine, statement, parameters)
    assert ("SCAN events USING INDEX ix_events_list_order" in steps) is walks, steps


@pytest.mark.parametrize("sql_backend", ["sqlite"], indirect=True)
def test_the_viewers_private_events_are_counted_from_their_own_indexes(
    sql_engine: Engine, add_user: Callable[..., User]
) -> None:
    user = add_user()
    steps = count_plan(sql_engine, EventFilter(viewer_id=user.id, search="jazz"))
    own = ("ix_events_creator_id_is_private", "ix_attendances_user_id_status_event_id")
    led = [step for step in steps if any(index in step for index in own)]
    assert len(led) == 2, steps
    # A range of the viewer's entries each, not a lookup for every match of the search.
    assert not [step for step in led if "rowid=?" in step or "event_id=?" in step], steps


def test_a_text_too_short_for_the_index_is_searched_row_by_row(
    sql_engine: Engine, add_user: Callable[..., User], add_event: Callable[..., Event]
) -> None:
    owner = add_user()
    found = add_event(owner.id, title="Go club")
    add_event(owner.id, title="Chess")
    where = EventFilter(search="go")
    assert not _reads_the_index(count_plan(sql_engine, where), sql_engine.dialect.name)
    with SqlUnitOfWork(sql_engine) as uow:
        page = uow.event_queries.page(where, PageRequest())
    assert [view.event.id for view in page.items] == [found.id]


def _search_objects(connection: Connection) -> set[str]:
    """The search index's tables, triggers and indexes in this database (its schema)."""
    if connection.dialect.name == "postgresql":
        return {index["name"] or "" for index in inspect(connection).get_indexes("events")} & (
            POSTGRESQL_INDEXES
        )
    query = "SELECT name FROM sqlite_master WHERE name LIKE 'event_search%'"
    return set(connection.execute(text(query)).scalars())


def test_the_migration_indexes_the_events_there_and_goes_back_cleanly(
    empty_database: Engine,
) -> None:
    upgrade(empty_database, "0013")
    with empty_database.begin() as connection:
        assert _search_objects(connection) == set()
        owner = User(username="ada", email="ada@example.org", created_at=MOMENT, updated_at=MOMENT)
        owner_id = connection.execute(
            insert(users).values(rows.user_values(owner)).returning(users.c.id)
        ).scalar_one()
        existing = [
            Event(
                title=title,
                description=description,
                creator_id=owner_id,
                starts_at=MOMENT,
                created_at=MOMENT,
                updated_at=MOMENT,
            )
            for title, description in [
                ("Jazz night", ""),
                ("Chess", "Then some JAZZ"),
                ("Yoga", ""),
            ]
        ]
        connection.execute(insert(events), [rows.event_values(event) for event in existing])

    upgrade(empty_database)
    with SqlUnitOfWork(empty_database) as uow:
        page = uow.event_queries.page(EventFilter(search="jazz"), PageRequest())
    assert sorted(view.event.title for view in page.items) == ["Chess", "Jazz night"]
    with empty_database.connect() as connection:
        built = _search_objects(connection)
    if empty_database.dialect.name == "postgresql":
        assert built == POSTGRESQL_INDEXES
    else:
        assert {
            SQLITE_TABLE,
            *(f"{SQLITE_TABLE}_on_{w}" for w in ("insert", "update", "delete")),
        } <= built

    with empty_database.begin() as connection:
        command.downgrade(alembic_config(connection), "0013")
    with empty_database.connect() as connection:
        assert _search_objects(connection) == set()
        assert connection.execute(select(events.c.title)).scalars().all() == [
            "Jazz night",
            "Chess",
            "Yoga",
        ]
        if connection.dialect.name == "postgresql":
            # The extension is the database's, and other schemas may use it.
            installed = "SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'"
            assert connection.execute(text(installed)).scalar_one() == 1


@pytest.fixture
def database_without_pg_trgm(postgresql_url: str) -> Iterator[URL]:
    """A new PostgreSQL database without pg_trgm, holding a schema `app` owned by a new
    role of the database's name, who may not install extensions. The URL names the
    server's administrative user, as the tests' own URL does."""
    server = make_url(postgresql_url.split("?")[0])
    name = f"ec_{secrets.token_hex(6)}"
    admin = make_engine(server.render_as_string(False)).execution_options(
        isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as connection:
        connection.execute(text(f"CREATE ROLE {name} LOGIN"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    inside = make_engine(server.set(database=name).render_as_string(False))
    with inside.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA app AUTHORIZATION {name}"))
    inside.dispose()
    try:
        yield server.set(database=name)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE {name} WITH (FORCE)"))
            connection.execute(text(f"DROP ROLE {name}"))
        admin.dispose()


def _in_schema_app(url: URL, *, then: str = "") -> str:
    """`url` with `app` first on its search path, and `then` after it."""
    search_path = ",".join(["app", then] if then else ["app"])
    return url.update_query_dict({"options": f"-csearch_path={search_path}"}).render_as_string(
        False
    )


def _refused_in_one_line(url: str, tmp_path: Path, message: str) -> None:
    """The upgrade of `url` is refused with `message`, keeps nothing, and
    `eventcore db upgrade` says so in one line."""
    engine = make_engine(url)
    try:
        with pytest.raises(MigrationRefused, match=message):
            upgrade(engine)
        assert current_revision(engine) is None  # nothing of the upgrade was kept
    finally:
        engine.dispose()
    environment = {
        **os.environ,
        "EVENTCORE_DATABASE_URL": url,
        "EVENTCORE_INSTANCE_DIR": str(tmp_path),
    }
    done = cli(environment, "db", "upgrade")
    assert done.returncode == 1
    assert "pg_trgm" in one_line_error(done)


@pytest.mark.postgres
def test_a_user_who_may_not_install_pg_trgm_is_told_in_one_line(
    database_without_pg_trgm: URL, tmp_path: Path
) -> None:
    limited = database_without_pg_trgm.set(username=database_without_pg_trgm.database)
    _refused_in_one_line(_in_schema_app(limited), tmp_path, "CREATE EXTENSION pg_trgm")


@pytest.mark.postgres
def test_a_server_without_pg_trgm_is_told_in_one_line(
    database_without_pg_trgm: URL, tmp_path: Path
) -> None:
    # A server without PostgreSQL's contrib package lists no pg_trgm among its
    # available extensions: a view of that name in `app`, searched before
    # pg_catalog, shows this server so to the migration.
    admin = make_engine(_in_schema_app(database_without_pg_trgm))
    with admin.begin() as connection:
        connection.execute(
            text(
                "CREATE VIEW app.pg_available_extensions AS SELECT *"
                " FROM pg_catalog.pg_available_extensions WHERE name <> 'pg_trgm'"
            )
        )
    admin.dispose()
    url = _in_schema_app(database_without_pg_trgm, then="pg_catalog")
    _refused_in_one_line(url, tmp_path, "not on this server")
