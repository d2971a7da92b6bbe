"""A list's count of the viewer's private events from two indexes alone: the
creator's events with their privacy, and a person's attendances with their status
and event. Each replaces the index on its first column, which it begins with.

Counting the bench user's private events (benchmarks/seed.py, 100 000 events) read
every one of their 100 events and 150 attendances from the tables: 127 µs of a
list's count on SQLite; from these indexes, 57 µs.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, the index replaced, the columns of the new one)
_INDEXES = (
    ("events", "creator_id", ("creator_id", "is_private")),
    ("attendances", "user_id", ("user_id", "status", "event_id")),
)


def upgrade() -> None:
    for table, column, columns in _INDEXES:
        op.create_index(f"ix_{table}_{'_'.join(columns)}", table, list(columns))
        op.drop_index(f"ix_{table}_{column}", table_name=table)


def downgrade() -> None:
    for table, column, columns in _INDEXES:
        op.create_index(f"ix_{table}_{column}", table, [column])
        op.drop_index(f"ix_{table}_{'_'.join(columns)}", table_name=table)
