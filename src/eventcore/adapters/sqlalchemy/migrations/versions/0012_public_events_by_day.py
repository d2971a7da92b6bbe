"""Public events per UTC day of their start, kept by triggers like the tally of 0011,
so that a list by status counts its upcoming events from a few hundred day rows and
one day of the list-order index instead of every upcoming event.

SQLite stores `starts_at` as UTC text ("2030-01-01 18:00:00.000000",
types.UtcDateTime), whose first ten characters are the day; PostgreSQL stores a
timestamptz, whose day is taken in UTC whatever the session's zone. A day whose
public events all went keeps its row, at zero: the sums are the same.

PostgreSQL fires the triggers of one event in the order of their names, so these
(`public_events_by_day_on_*`) run after `event_tallies_on_*`: every writer of
events first waits for the one tally row, and so never holds one day row while
waiting for another. The day rows of a statement are written in the order of
their days all the same.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TRIGGERS = ("insert", "delete", "update")


def _sqlite_day(row: str) -> str:
    return f"substr({row}.starts_at, 1, 10)"


_SQLITE_ADD_NEW = f"""INSERT INTO public_events_by_day (day, public_events)
        SELECT {_sqlite_day("NEW")}, 1 WHERE NEW.is_private = 0
        ON CONFLICT (day) DO UPDATE SET public_events = public_events + 1;"""
_SQLITE_TAKE_OLD = f"""UPDATE public_events_by_day SET public_events = public_events - 1
        WHERE OLD.is_private = 0 AND day = {_sqlite_day("OLD")};"""

_SQLITE_TRIGGERS = (
    f"""CREATE TRIGGER public_events_by_day_on_insert AFTER INSERT ON events
    WHEN NEW.is_private = 0
    BEGIN {_SQLITE_ADD_NEW} END""",
    f"""CREATE TRIGGER public_events_by_day_on_delete AFTER DELETE ON events
    WHEN OLD.is_private = 0
    BEGIN {_SQLITE_TAKE_OLD} END""",
    # A repository's save sets every column: only a change of publicity or of day
    # moves a count.
    f"""CREATE TRIGGER public_events_by_day_on_update
    AFTER UPDATE OF is_private, starts_at ON events
    WHEN (OLD.is_private = 0 OR NEW.is_private = 0)
        AND (OLD.is_private IS NOT NEW.is_private
            OR {_sqlite_day("OLD")} IS NOT {_sqlite_day("NEW")})
    BEGIN {_SQLITE_TAKE_OLD} {_SQLITE_ADD_NEW} END""",
)

_POSTGRESQL_ADDED = "SELECT starts_at, 1 AS change FROM added WHERE NOT is_private"
_POSTGRESQL_REMOVED = "SELECT starts_at, -1 AS change FROM removed WHERE NOT is_private"


def _postgresql_function(trigger: str, *changes: str) -> str:
    """A trigger function adding a statement's `changes` (+1 per public row now, -1
    per public row before) to their days, in one upsert in the order of the days."""
    return f"""CREATE FUNCTION public_events_by_day_after_{trigger}() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO public_events_by_day AS tally (day, public_events)
        SELECT (starts_at AT TIME ZONE 'UTC')::date, sum(change)
        FROM ({" UNION ALL ".join(changes)}) AS changes
        GROUP BY 1
        -- An update that leaves every row's publicity and day (most do) writes nothing.
        HAVING sum(change) <> 0
        ORDER BY 1
        ON CONFLICT (day) DO UPDATE
            SET public_events = tally.public_events + excluded.public_events;
        RETURN NULL;
    END $$"""


# Transition tables rule out a column list (UPDATE OF ...): the update trigger
# fires on every update, and the HAVING above skips what changes nothing.
_POSTGRESQL_TRIGGERS = (
    _postgresql_function("insert", _POSTGRESQL_ADDED),
    _postgresql_function("delete", _POSTGRESQL_REMOVED),
    _postgresql_function("update", _POSTGRESQL_ADDED, _POSTGRESQL_REMOVED),
    """CREATE TRIGGER public_events_by_day_on_insert AFTER INSERT ON events
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION public_events_by_day_after_insert()""",
    """CREATE TRIGGER public_events_by_day_on_delete AFTER DELETE ON events
    REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION public_events_by_day_after_delete()""",
    """CREATE TRIGGER public_events_by_day_on_update AFTER UPDATE ON events
    REFERENCING OLD TABLE AS removed NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION public_events_by_day_after_update()""",
)

_SQLITE_FILL = (
    "INSERT INTO public_events_by_day (day, public_events) "
    "SELECT substr(starts_at, 1, 10), count(*) FROM events WHERE is_private = 0 GROUP BY 1"
)
_POSTGRESQL_FILL = (
    "INSERT INTO public_events_by_day (day, public_events) "
    "SELECT (starts_at AT TIME ZONE 'UTC')::date, count(*) FROM events WHERE NOT is_private "
    "GROUP BY 1"
)


def upgrade() -> None:
    postgresql = _dialect() == "postgresql"
    op.create_table(
        "public_events_by_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("public_events", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", name="pk_public_events_by_day"),
    )
    # Triggers before the fill: creating them keeps other writers of events out until
    # this migration commits (on SQLite the migration holds the write lock already),
    # so no row is written between the fill and the triggers.
    for statement in _POSTGRESQL_TRIGGERS if postgresql else _SQLITE_TRIGGERS:
        op.execute(statement)
    op.execute(_POSTGRESQL_FILL if postgresql else _SQLITE_FILL)


def downgrade() -> None:
    if _dialect() == "postgresql":
        for trigger in _TRIGGERS:
            op.execute(f"DROP TRIGGER public_events_by_day_on_{trigger} ON events")
            op.execute(f"DROP FUNCTION public_events_by_day_after_{trigger}()")
    else:
        for trigger in _TRIGGERS:
            op.execute(f"DROP TRIGGER public_events_by_day_on_{trigger}")
    op.drop_table("public_events_by_day")


def _dialect() -> str:
    return op.get_bind().dialect.name
