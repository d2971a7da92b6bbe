"""Google sign-ins begun and not yet finished (the socialcalendar code flow), an icon
name on every event, and the lower-cased text a people search looks in.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# What tables.py's UtcDateTime is in the database.
MOMENT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "login_attempts",
        sa.Column("state_hash", sa.String(128), nullable=False),
        sa.Column("binding_hash", sa.String(128), nullable=False),
        sa.Column("nonce", sa.String(128), nullable=False),
        sa.Column("code_verifier", sa.String(128), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.PrimaryKeyConstraint("state_hash", name="pk_login_attempts"),
    )
    op.create_index("ix_login_attempts_created_at", "login_attempts", ["created_at"])
    op.add_column("events", sa.Column("icon", sa.String(255), nullable=False, server_default=""))
    op.add_column("users", sa.Column("search_folded", sa.Text(), nullable=False, server_default=""))
    _fold_existing_users()


def _fold_existing_users() -> None:
    # User.search_text, which rows.user_values writes from now on.
    users = sa.table(
        "users",
        *(sa.column(name) for name in ("id", "display_name", "first_name", "last_name")),
        sa.column("username"),
        sa.column("email"),
        sa.column("search_folded"),
    )
    connection = op.get_bind()
    found = connection.execute(
        sa.select(
            users.c.id,
            users.c.display_name,
            users.c.first_name,
            users.c.last_name,
            users.c.username,
            users.c.email,
        )
    ).all()
    for user_id, *parts in found:
        folded = "\n".join(parts).lower()
        connection.execute(
            sa.update(users).where(users.c.id == user_id).values(search_folded=folded)
        )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("search_folded")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("icon")
    op.drop_table("login_attempts")
