"""A new database for one benchmark run: a SQLite file, or a PostgreSQL schema of its own."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text

from eventcore.adapters.sqlalchemy.engine import make_engine
from eventcore.adapters.sqlalchemy.migrate import upgrade

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@contextmanager
def bench_database(workdir: Path, *, postgresql: bool) -> Iterator[tuple[str, Engine]]:
    """The URL of a new, migrated database and an engine on it: `bench.sqlite3` in
    `workdir`, or a schema `ec_bench_<hex>` on the PostgreSQL at 127.0.0.1:5432,
    dropped at the end."""
    schema = None
    if postgresql:
        schema = f"ec_bench_{secrets.token_hex(4)}"
        with make_engine(POSTGRES).begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = f"{POSTGRES}?options=-csearch_path%3D{schema}"
    else:
        url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    engine = make_engine(url)
    try:
        upgrade(engine)
        yield url, engine
    finally:
        engine.dispose()
        if schema:
            with make_engine(POSTGRES).begin() as connection:
                connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
