"""What make_engine sets on every connection, per database."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from eventcore.adapters.sqlalchemy import engine as engine_module
from eventcore.adapters.sqlalchemy.engine import make_engine


def test_sqlite_connections_are_in_wal_mode_and_check_foreign_keys(sqlite_engine: Engine) -> None:
    with sqlite_engine.connect() as connection:
        journal_mode = connection.execute(text("PRAGMA journal_mode")).scalar_one()
        foreign_keys = connection.execute(text("PRAGMA foreign_keys")).scalar_one()

    assert (journal_mode, foreign_keys) == ("wal", 1)


@pytest.mark.postgres
def test_jit_is_off_and_the_urls_own_options_are_kept(
    postgresql_url: str, postgres_schema: str
) -> None:
    # The test URL carries its schema in `options`; make_engine adds jit=off beside it.
    engine = make_engine(postgresql_url)
    try:
        with engine.connect() as connection:
            jit = connection.execute(text("SHOW jit")).scalar_one()
            search_path = connection.execute(text("SHOW search_path")).scalar_one()
    finally:
        engine.dispose()

    assert jit == "off"
    assert search_path == postgres_schema


@pytest.mark.postgres
def test_a_schema_argument_and_jit_off_go_together(
    postgresql_url: str, postgres_schema: str
) -> None:
    bare = postgresql_url.split("?", 1)[0]
    engine = make_engine(bare, schema=postgres_schema)
    try:
        with engine.connect() as connection:
            settings = connection.execute(
                text("SELECT current_setting('jit'), current_setting('search_path')")
            ).one()
    finally:
        engine.dispose()

    assert tuple(settings) == ("off", postgres_schema)


def _counting_pings(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    pings: list[object] = []
    ping = engine.dialect.do_ping

    def counted(dbapi_connection: object) -> bool:
        pings.append(dbapi_connection)
        return ping(dbapi_connection)

    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    return pings


def _backend_pid(engine: Engine) -> int:
    with engine.connect() as connection:
        pid: int = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
        return pid


@pytest.mark.postgres
def test_a_connection_back_a_moment_ago_is_handed_out_untried(
    postgresql_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(postgresql_url)
    pings = _counting_pings(engine, monkeypatch)
    try:
        first = _backend_pid(engine)  # a new connection: tried
        second = _backend_pid(engine)  # the same one, back a moment ago: not tried
    finally:
        engine.dispose()

    assert first == second
    assert len(pings) == 1


@pytest.mark.postgres
def test_an_idle_connection_is_tried_and_a_dead_one_replaced(
    postgresql_url: str, postgresql_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_SECONDS", 0.0)
    engine = make_engine(postgresql_url)
    pings = _counting_pings(engine, monkeypatch)
    try:
        dead = _backend_pid(engine)
        with postgresql_engine.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": dead})
        replaced = _backend_pid(engine)  # no error: the pool tried it, and reconnected
    finally:
        engine.dispose()

    assert replaced != dead
    assert len(pings) >= 2
