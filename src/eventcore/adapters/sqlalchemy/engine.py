"""make_engine: one place that knows how each backend must be set up."""

from __future__ import annotations

import logging
import re
import sqlite3
import time
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection, StaticPool

logger = logging.getLogger(__name__)

# Execution option for connections that only read (health probes): on SQLite
# they begin DEFERRED and so never wait for, or hold, the write lock.
READ_ONLY = "eventcore_read_only"
# A writer waits this long for SQLite's write lock before giving up.
SQLITE_BUSY_TIMEOUT_MS = 30_000
# Connections one process keeps, and never more: up to this many of its requests hold
# one at a time, the next waits for one. Under the GIL more buys no throughput, and
# the default 5 + 10 "overflow" closed and reopened connections all through a load
# (a new PostgreSQL backend each time); see benchmarks/README.md.
POOL_SIZE = 10
# A PostgreSQL connection is tried ("SELECT 1") before it is handed out only when it
# has been back in the pool this long: one that was working a moment ago is taken to
# work still, since a server restart takes longer than this. Trying it every time
# cost two round trips a request (the token check, then the use case): 0.3 to 0.8 ms
# of a 3 to 4 ms read.
PING_AFTER_IDLE_SECONDS = 1.0
_RETURNED_AT = "eventcore_returned_at"
_SCHEMA_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def make_engine(url: str, *, schema: str | None = None) -> Engine:
    """An engine for `url`: `sqlite:///file` (the default), `sqlite://` (memory), or
    `postgresql://` / `postgresql+psycopg://` (both through psycopg 3).

    `schema` (PostgreSQL only) puts every table in that schema via the
    connection's search_path, so tests and tenants can keep apart.
    """
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if schema is not None:
            raise ValueError("make_engine: schema= is supported on PostgreSQL only")
        return _sqlite_engine(parsed)
    if backend in {"postgresql", "postgres"}:
        return _postgresql_engine(parsed, schema)
    if schema is not None:
        raise ValueError("make_engine: schema= is supported on PostgreSQL only")
    return create_engine(parsed, pool_pre_ping=True)


def _postgresql_engine(url: URL, schema: str | None) -> Engine:
    if url.drivername in {"postgresql", "postgres"}:
        url = url.set(drivername="postgresql+psycopg")
    # JIT compilation pays off for long analytical queries only: on a COUNT over
    # 100k events it cost 137 ms of a 175 ms request (see benchmarks/).
    options = [_url_option(url), "-cjit=off"]
    if schema is not None:
        if not _SCHEMA_NAME.match(schema):
            raise ValueError(f"make_engine: {schema!r} is not a plain schema name")
        options.append(f"-csearch_path={schema}")
    url = url.difference_update_query(["options"])
    connect_args = {"options": " ".join(option for option in options if option)}
    engine = create_engine(url, pool_size=POOL_SIZE, max_overflow=0, connect_args=connect_args)
    _ping_when_idle(engine)
    return engine


def _ping_when_idle(engine: Engine) -> None:
    """SQLAlchemy's pool_pre_ping, for connections idle PING_AFTER_IDLE_SECONDS only."""

    def note_return(_dbapi_connection: Any, entry: ConnectionPoolEntry) -> None:
        entry.info[_RETURNED_AT] = time.monotonic()

    def ping_if_idle(
        dbapi_connection: Any, entry: ConnectionPoolEntry, _proxy: PoolProxiedConnection
    ) -> None:
        returned_at = entry.info.get(_RETURNED_AT)
        if returned_at is not None and time.monotonic() - returned_at < PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            # The pool drops this connection and hands out another (a new one if need be).
            raise DisconnectionError() from error

    event.listen(engine, "checkin", note_return)
    event.listen(engine, "checkout", ping_if_idle)


def _url_option(url: URL) -> str:
    """The `options` the URL itself carries (e.g. a search_path), kept alongside ours."""
    value = url.query.get("options", "")
    return value if isinstance(value, str) else " ".join(value)


def _sqlite_engine(url: URL) -> Engine:
    # Parameters by name, which sqlite3 takes as well as by position: a value used
    # several times in a statement is then converted and passed once. Eventify's
    # month passed 193 values by position, 99 of them moments to convert, and passes
    # 94 by name, 62 of them moments: 1.97 ms in-process instead of 2.15.
    by_name = "named"
    if url.database in (None, "", ":memory:"):
        # One connection shared by every thread: a memory database lives and
        # dies with its connection.
        engine = create_engine(
            url,
            poolclass=StaticPool,
            connect_args={"check_same_thread": False},
            paramstyle=by_name,
        )
    else:
        engine = create_engine(url, pool_size=POOL_SIZE, max_overflow=0, paramstyle=by_name)
    event.listen(engine, "connect", _prepare_sqlite_connection)
    event.listen(engine, "begin", _begin_immediate)
    return engine


def read_options(engine: Engine, *, streaming: bool = False) -> dict[str, Any]:
    """The execution options of a connection that only reads.

    On SQLite its transaction begins DEFERRED (`_begin_immediate`): no write lock.
    On PostgreSQL it runs in autocommit, each statement its own transaction. Under
    READ COMMITTED, PostgreSQL's default and eventcore's, a transaction gives reads
    nothing more: each statement sees what was committed when it began, in a
    transaction or not. Its BEGIN and COMMIT were two round trips, 0.19 ms of the
    0.37 a one-statement read took. A `streaming` read keeps them: a server-side
    cursor lives only inside a transaction.
    """
    if engine.dialect.name == "postgresql" and not streaming:
        return {READ_ONLY: True, "isolation_level": "AUTOCOMMIT"}
    return {READ_ONLY: True}


def _prepare_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin
    # (SQLAlchemy's documented pysqlite recipe; see `_begin_immediate`).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        # SQLite checks foreign keys (and so ON DELETE CASCADE) only when asked,
        # per connection.
        cursor.execute("PRAGMA foreign_keys=ON")
        # WAL lets readers go on while one writer writes.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()


def _begin_immediate(connection: Connection) -> None:
    # A deferred BEGIN takes the write lock only at the first write, so two
    # read-then-write transactions (capacity checks) can both read, and one then
    # fails with "database is locked". IMMEDIATE takes the lock up front: writers
    # queue behind busy_timeout instead, which makes them serial.
    read_only = connection.get_execution_options().get(READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def close_engine(engine: Engine) -> None:
    """Close every pooled connection; on a SQLite file, first merge the write-ahead log
    into the database file, so that the file alone holds all the data (a copy of it
    is a backup) once the server stops."""
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        # On the driver's connection: a checkpoint cannot run inside the transaction
        # that SQLAlchemy's connections begin.
        connection = engine.raw_connection()
        try:
            connection.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # type: ignore[union-attr]
        except sqlite3.OperationalError:
            # Another process holds the database; its own close merges the log.
            logger.warning("SQLite WAL checkpoint skipped: the database is busy")
        finally:
            connection.close()
    engine.dispose()
