"""SqlDatabaseProbe: readiness by asking the database a real question."""

from __future__ import annotations

from sqlalchemy import Engine, inspect, text

from eventcore.adapters.sqlalchemy.engine import READ_ONLY
from eventcore.adapters.sqlalchemy.event_search import described_by_tables
from eventcore.ports.health import DatabaseInfo


class SqlDatabaseProbe:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def describe(self) -> DatabaseInfo:
        """Backend, server version and table count (the search index's own tables
        aside), read from the server now.

        Raises SQLAlchemy's OperationalError (or another DBAPI error) when the
        database cannot be reached.
        """
        with self._engine.connect().execution_options(**{READ_ONLY: True}) as connection:
            backend = connection.dialect.name
            if backend == "postgresql":
                # "15.19 (Debian 15.19-0+deb12u1)" -> "PostgreSQL 15.19"
                raw = connection.execute(text("SHOW server_version")).scalar_one()
                version = f"PostgreSQL {str(raw).split()[0]}"
            elif backend == "sqlite":
                raw = connection.execute(text("SELECT sqlite_version()")).scalar_one()
                version = f"SQLite {raw}"
            else:
                version = " ".join(map(str, connection.dialect.server_version_info or ()))
            # The inspector queries the catalogue of the connection's default schema.
            tables = [
                name
                for name in inspect(connection).get_table_names()
                if described_by_tables(name, "table", {})
            ]
        return DatabaseInfo(backend=backend, version=version, table_count=len(tables))
