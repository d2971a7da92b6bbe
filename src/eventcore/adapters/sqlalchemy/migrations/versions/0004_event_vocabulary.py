"""Events speak the core's words: hosted_here, external_url, and a publication state
(one of a fixed set) with its reason.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RENAMED = (
    ("is_eventify_event", "hosted_here"),
    ("outside_event_url", "external_url"),
    ("event_status", "publication_state"),
    ("cancelled_reason", "publication_reason"),
)
# domain.events.PublicationState; any other text the column held reads as pending.
STATES = ("pending", "approved", "rejected", "live", "postponed", "cancelled")


def upgrade() -> None:
    # Plain RENAME COLUMN on both backends (SQLite has it since 3.25): a batch copy of
    # `events` would drop the old table, and with it, through ON DELETE CASCADE, the
    # attendances, images, tasks and polls that point at it.
    for old, new in RENAMED:
        op.execute(f"ALTER TABLE events RENAME COLUMN {old} TO {new}")
    known = ", ".join(f"'{state}'" for state in STATES)
    op.execute(
        "UPDATE events SET publication_state = lower(trim(publication_state)) "
        f"WHERE lower(trim(publication_state)) IN ({known})"
    )
    op.execute(
        f"UPDATE events SET publication_state = 'pending' WHERE publication_state NOT IN ({known})"
    )


def downgrade() -> None:
    for old, new in RENAMED:
        op.execute(f"ALTER TABLE events RENAME COLUMN {new} TO {old}")
