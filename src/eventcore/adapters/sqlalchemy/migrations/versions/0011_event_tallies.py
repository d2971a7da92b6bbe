"""Counting public events without reading them: a one-row tally kept by triggers,
with the longest event, which bounds the search for events overlapping a moment;
and one index from which pages and counts of events are read alone.

The tally is kept by the database itself, so every writer (the repositories, a
bulk load, a manual fix) keeps it exact. SQLite has row triggers only; on
PostgreSQL statement triggers with transition tables add a bulk insert's public
rows in one update of the tally instead of one update per row.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _sqlite_seconds(row: str) -> str:
    """The seconds the event `row` (NEW, or the table's name) lasts, rounded up."""
    return (
        f"CAST((julianday({row}.finishes_at) - julianday({row}.starts_at)) * 86400 AS INTEGER) + 1"
    )


_SQLITE_LENGTH = _sqlite_seconds("NEW")
# The longest of a statement's events, in seconds.
_POSTGRESQL_LENGTH = "COALESCE(max(ceil(extract(epoch FROM finishes_at - starts_at))), 0)"

_SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER event_tallies_on_insert AFTER INSERT ON events
    BEGIN UPDATE event_tallies SET
        public_events = public_events + (NEW.is_private = 0),
        longest_event_seconds = max(longest_event_seconds, {_SQLITE_LENGTH});
    END""",
    """CREATE TRIGGER event_tallies_on_delete AFTER DELETE ON events
    WHEN OLD.is_private = 0
    BEGIN UPDATE event_tallies SET public_events = public_events - 1; END""",
    f"""CREATE TRIGGER event_tallies_on_update
    AFTER UPDATE OF is_private, starts_at, finishes_at ON events
    BEGIN UPDATE event_tallies SET
        public_events = public_events + (NEW.is_private = 0) - (OLD.is_private = 0),
        longest_event_seconds = max(longest_event_seconds, {_SQLITE_LENGTH});
    END""",
)

# Each function adds (public rows now) - (public rows before) of one statement, and
# keeps the longest of its events.
_POSTGRESQL_TRIGGERS = (
    f"""CREATE FUNCTION event_tallies_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE event_tallies SET
            public_events = public_events
                + (SELECT count(*) FROM added WHERE NOT is_private),
            longest_event_seconds = GREATEST(
                longest_event_seconds, (SELECT {_POSTGRESQL_LENGTH} FROM added));
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION event_tallies_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE event_tallies SET public_events = public_events
            - (SELECT count(*) FROM removed WHERE NOT is_private);
        RETURN NULL;
    END $$""",
    f"""CREATE FUNCTION event_tallies_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE event_tallies SET
            public_events = public_events
                + (SELECT count(*) FROM added WHERE NOT is_private)
                - (SELECT count(*) FROM removed WHERE NOT is_private),
            longest_event_seconds = GREATEST(
                longest_event_seconds, (SELECT {_POSTGRESQL_LENGTH} FROM added));
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER event_tallies_on_insert AFTER INSERT ON events
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION event_tallies_after_insert()""",
    """CREATE TRIGGER event_tallies_on_delete AFTER DELETE ON events
    REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION event_tallies_after_delete()""",
    """CREATE TRIGGER event_tallies_on_update AFTER UPDATE ON events
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION event_tallies_after_update()""",
)


def upgrade() -> None:
    postgresql = _dialect() == "postgresql"
    public = "is_private = false" if postgresql else "is_private = 0"
    # Supersedes the index on starts_at alone, which it begins with.
    op.create_index(
        "ix_events_list_order",
        "events",
        ["starts_at", "id", "is_private", "creator_id", "finishes_at"],
    )
    op.drop_index("ix_events_starts_at", table_name="events")
    op.create_table(
        "event_tallies",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("public_events", sa.Integer(), nullable=False),
        sa.Column("longest_event_seconds", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("id = 1", name="one_row"),
        sa.PrimaryKeyConstraint("id", name="pk_event_tallies"),
    )
    sqlite_longest = f"COALESCE(max({_sqlite_seconds('events')}), 0)"
    longest = _POSTGRESQL_LENGTH if postgresql else sqlite_longest
    op.execute(
        "INSERT INTO event_tallies (id, public_events, longest_event_seconds) "
        f"SELECT 1, count(*) FILTER (WHERE {public}), {longest} FROM events"
    )
    for statement in _POSTGRESQL_TRIGGERS if postgresql else _SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if _dialect() == "postgresql":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER event_tallies_on_{trigger} ON events")
            op.execute(f"DROP FUNCTION event_tallies_after_{trigger}()")
    else:
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER event_tallies_on_{trigger}")
    op.drop_table("event_tallies")
    op.create_index("ix_events_starts_at", "events", ["starts_at"])
    op.drop_index("ix_events_list_order", table_name="events")


def _dialect() -> str:
    return op.get_bind().dialect.name
