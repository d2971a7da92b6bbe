"""Friendships, invites, and chats with their messages (the socialcalendar API).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# What tables.py's UtcDateTime is in the database.
MOMENT = sa.DateTime(timezone=True)


def _references(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}", ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "friendships",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("friend_id", sa.Integer(), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        _references("friendships", "user_id", "users"),
        _references("friendships", "friend_id", "users"),
        sa.UniqueConstraint("user_id", "friend_id", name="uq_friendships_user_id_friend_id"),
        sa.CheckConstraint("user_id < friend_id", name="ck_friendships_ordered_pair"),
    )
    op.create_index("ix_friendships_friend_id", "friendships", ["friend_id"])

    op.create_table(
        "invites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("sender_id", sa.Integer(), nullable=False),
        sa.Column("receiver_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("created_at", MOMENT, nullable=False),
        _references("invites", "sender_id", "users"),
        _references("invites", "receiver_id", "users"),
        _references("invites", "event_id", "events"),
        sa.PrimaryKeyConstraint("id", name="pk_invites"),
    )
    for column in ("sender_id", "receiver_id", "event_id"):
        op.create_index(f"ix_invites_{column}", "invites", [column])

    op.create_table(
        "chats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("user_id_1", sa.Integer(), nullable=True),
        sa.Column("user_id_2", sa.Integer(), nullable=True),
        sa.Column("created_at", MOMENT, nullable=False),
        _references("chats", "event_id", "events"),
        _references("chats", "user_id_1", "users"),
        _references("chats", "user_id_2", "users"),
        sa.PrimaryKeyConstraint("id", name="pk_chats"),
        sa.UniqueConstraint("event_id", name="uq_chats_event_id"),
        sa.UniqueConstraint("user_id_1", "user_id_2", name="uq_chats_user_id_1_user_id_2"),
    )
    op.create_index("ix_chats_user_id_2", "chats", ["user_id_2"])

    op.create_table(
        "chat_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("updated_at", MOMENT, nullable=False),
        _references("chat_messages", "chat_id", "chats"),
        _references("chat_messages", "user_id", "users"),
        sa.PrimaryKeyConstraint("id", name="pk_chat_messages"),
    )
    op.create_index("ix_chat_messages_user_id", "chat_messages", ["user_id"])
    op.create_index(
        "ix_chat_messages_chat_id_created_at", "chat_messages", ["chat_id", "created_at"]
    )


def downgrade() -> None:
    for table in ("chat_messages", "chats", "invites", "friendships"):
        op.drop_table(table)
