"""Counting public events without reading them: a one-row tally kept by triggers,
and an index of the public events' schedule; pages of events from an index alone.

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

_SQLITE_TRIGGERS = (
    """CREATE TRIGGER event_tallies_on_insert AFTER INSERT ON events
    WHEN NEW.is_private = 0
    BEGIN UPDATE event_tallies SET public_events = public_events + 1; END""",
    """CREATE TRIGGER event_tallies_on_delete AFTER DELETE ON events
    WHEN OLD.is_private = 0
    BEGIN UPDATE event_tallies SET public_events = public_events - 1; END""",
    """CREATE TRIGGER event_tallies_on_update AFTER UPDATE OF is_private ON events
    WHEN NEW.is_private <> OLD.is_private
    BEGIN UPDATE event_tallies
        SET public_events = public_events + CASE WHEN NEW.is_private THEN -1 ELSE 1 END;
    END""",
)

# Each function adds (public rows now) - (public rows before) of one statement.
_POSTGRESQL_TRIGGERS = (
    """CREATE FUNCTION event_tallies_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE event_tallies SET public_events = public_events
            + (SELECT count(*) FROM added WHERE NOT is_private);
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION event_tallies_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE event_tallies SET public_events = public_events
            - (SELECT count(*) FROM removed WHERE NOT is_private);
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION event_tallies_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE event_tallies SET public_events = public_events
            + (SELECT count(*) FROM added WHERE NOT is_private)
            - (SELECT count(*) FROM removed WHERE NOT is_private);
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
    # As SQLAlchemy writes `is_private == false()` on each, so that the planners see
    # the list's condition imply the index's.
    public = "is_private = false" if postgresql else "is_private = 0"
    op.create_index(
        "ix_events_public_schedule",
        "events",
        ["starts_at", "finishes_at"],
        sqlite_where=sa.text(public),
        postgresql_where=sa.text(public),
    )
    # Supersedes the index on starts_at alone, which it begins with.
    op.create_index(
        "ix_events_list_order", "events", ["starts_at", "id", "is_private", "creator_id"]
    )
    op.drop_index("ix_events_starts_at", table_name="events")
    op.create_table(
        "event_tallies",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("public_events", sa.Integer(), nullable=False),
        sa.CheckConstraint("id = 1", name="one_row"),
        sa.PrimaryKeyConstraint("id", name="pk_event_tallies"),
    )
    op.execute(
        "INSERT INTO event_tallies (id, public_events) "
        f"SELECT 1, count(*) FROM events WHERE {public}"
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
    op.drop_index("ix_events_public_schedule", table_name="events")
    op.create_index("ix_events_starts_at", "events", ["starts_at"])
    op.drop_index("ix_events_list_order", table_name="events")


def _dialect() -> str:
    return op.get_bind().dialect.name
