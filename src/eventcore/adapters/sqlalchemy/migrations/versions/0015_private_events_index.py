"""SQLite: an index of the private events' ids, so that the count of a search
comes from the search index without reading any event's row (`event_search.py`).

Counting `search=jazz` at 100 000 events (`benchmarks/seed.py`, 1 426 matches)
looked up every match's row for its privacy: 3.0 ms in-process. The search
index's matches less the private ones among them, found in this index, take 0.3
to 0.5 ms. The index holds only the private events, none in the seed. PostgreSQL
counts a search from its trigram indexes' bitmap and gets nothing here.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# event_search.PRIVATE_EVENTS_INDEX, which the count names.
_INDEX = "ix_events_private"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # The condition as the count writes it: SQLite uses a partial index only
        # for a query whose terms include its own.
        op.execute(f"CREATE INDEX {_INDEX} ON events (id) WHERE is_private = 1")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"DROP INDEX {_INDEX}")
