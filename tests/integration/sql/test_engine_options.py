"""What make_engine sets on every connection, per database."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

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
