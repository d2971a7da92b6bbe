"""Waiting lists: an attendance's place in its event's queue while waitlisted.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A nullable column and a unique index: both are plain ALTER TABLE ADD COLUMN and
    # CREATE INDEX on SQLite too, so no table is rebuilt.
    op.add_column("attendances", sa.Column("queue_number", sa.Integer(), nullable=True))
    op.create_index(
        "ix_attendances_event_id_queue_number",
        "attendances",
        ["event_id", "queue_number"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("ix_attendances_event_id_queue_number", table_name="attendances")
    with op.batch_alter_table("attendances") as batch:
        batch.drop_column("queue_number")
