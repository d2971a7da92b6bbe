"""A search index over the events' folded title and description, which finds the
events holding a piece of text without reading every row (`event_search.py`).

SQLite: an FTS5 table with the trigram tokenizer, its content read from `events`
and kept by triggers. PostgreSQL: a trigram GIN index on each column, from the
pg_trgm extension, which ships with PostgreSQL and which a database owner may
install (it is a trusted extension). The extension is database-wide: it goes into
`public`, where every schema of the database can use it, unless it is already
installed. Dropping a schema then never drops it from under another.

At 100 000 events (`benchmarks/seed.py`) the index takes 43 MB on SQLite, where the
rest of the database takes 76 MB, and 21 MB on PostgreSQL, where the events table
takes 31 MB; it is built in one to two seconds. PostgreSQL's GIN indexes keep new
entries in a pending list that VACUUM (autovacuum) merges.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy import text

from eventcore.adapters.sqlalchemy.migrate import MigrationRefused

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = ("title_folded", "description_folded")
_OLD = ", ".join(f"OLD.{column}" for column in _COLUMNS)
_NEW = ", ".join(f"NEW.{column}" for column in _COLUMNS)
_LISTED = ", ".join(_COLUMNS)
# An external-content FTS5 table forgets a row by being told its old values.
_FORGET = (
    f"INSERT INTO event_search (event_search, rowid, {_LISTED}) VALUES ('delete', OLD.id, {_OLD});"
)
_ADD = f"INSERT INTO event_search (rowid, {_LISTED}) VALUES (NEW.id, {_NEW});"

_SQLITE = (
    f"""CREATE VIRTUAL TABLE event_search USING fts5({_LISTED},
        content='events', content_rowid='id', tokenize='trigram case_sensitive 1')""",
    "INSERT INTO event_search (event_search) VALUES ('rebuild')",
    f"CREATE TRIGGER event_search_on_insert AFTER INSERT ON events BEGIN {_ADD} END",
    f"CREATE TRIGGER event_search_on_delete AFTER DELETE ON events BEGIN {_FORGET} END",
    f"""CREATE TRIGGER event_search_on_update AFTER UPDATE OF {_LISTED} ON events
    BEGIN {_FORGET} {_ADD} END""",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        for statement in _SQLITE:
            op.execute(statement)
        return
    # Two schemas migrated at once would both try to install the extension.
    op.execute("SELECT pg_advisory_xact_lock(hashtext('eventcore: CREATE EXTENSION pg_trgm'))")
    schema = _trigram_schema()
    if schema is None:
        _check_the_extension_can_be_installed()
        op.execute("CREATE EXTENSION pg_trgm WITH SCHEMA public")
        schema = _trigram_schema()
    for column in _COLUMNS:
        op.execute(
            f"CREATE INDEX ix_events_{column}_trigrams ON events"
            f" USING gin ({column} {schema}.gin_trgm_ops)"
        )


def _trigram_schema() -> str | None:
    """The schema pg_trgm is installed in, quoted as SQL needs it; None when it is not."""
    query = "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'"
    return op.get_bind().execute(text(query)).scalar()


def _check_the_extension_can_be_installed() -> None:
    """Refuse in one line, rather than with PostgreSQL's error, what would fail."""
    bind = op.get_bind()
    available = "SELECT count(*) FROM pg_available_extensions WHERE name = 'pg_trgm'"
    if not bind.execute(text(available)).scalar_one():
        raise MigrationRefused(
            "PostgreSQL's pg_trgm extension, which the event search needs, is not on this"
            " server: install PostgreSQL's contrib package, then run the upgrade again."
        )
    allowed = (
        "SELECT has_database_privilege(current_database(), 'CREATE')"
        " AND coalesce(has_schema_privilege("
        "(SELECT oid FROM pg_namespace WHERE nspname = 'public'), 'CREATE'), false)"
    )
    if not bind.execute(text(allowed)).scalar_one():
        raise MigrationRefused(
            "The event search needs PostgreSQL's pg_trgm extension, which this database"
            " user may not install: have the database's owner run"
            " 'CREATE EXTENSION pg_trgm WITH SCHEMA public', then run the upgrade again."
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER event_search_on_{trigger}")
        op.execute("DROP TABLE event_search")
        return
    # The extension stays: other schemas of the database may use it.
    for column in _COLUMNS:
        op.execute(f"DROP INDEX ix_events_{column}_trigrams")
