"""The installation table: the deployment's own id, which JWTs name as their audience.

Its one row is made here, once: every process on the database reads the same id
(adapters/sqlalchemy/installation.py), and a backup carries it along. Tokens signed
before this revision carry no audience and are refused: everyone logs in again once.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    table = op.create_table(
        "installation",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("installation_id", sa.String(64), nullable=False),
        sa.CheckConstraint("id = 1", name="ck_installation_one_row"),
        sa.PrimaryKeyConstraint("id", name="pk_installation"),
    )
    op.bulk_insert(table, [{"id": 1, "installation_id": secrets.token_urlsafe(24)}])


def downgrade() -> None:
    op.drop_table("installation")
