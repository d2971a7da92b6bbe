"""Tasks and polls of events: tasks, polls, poll options, ballots and their choices.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

Written by hand to match `eventcore.adapters.sqlalchemy.tables`, with plain
SQLAlchemy types as in 0001 (`UtcDateTime` is `DateTime(timezone=True)`).
UNIQUE(poll_id, user_id) on ballots is the one-ballot-per-user rule.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MOMENT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("priority", sa.String(20), nullable=False),
        sa.Column("due_date", MOMENT, nullable=True),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("creator_id", sa.Integer(), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("updated_at", MOMENT, nullable=False),
        sa.Column("completed_at", MOMENT, nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name="fk_tasks_event_id_events", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["assignee_id"], ["users.id"], name="fk_tasks_assignee_id_users", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(["creator_id"], ["users.id"], name="fk_tasks_creator_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_tasks"),
    )
    for column in ("event_id", "due_date", "assignee_id"):
        op.create_index(f"ix_tasks_{column}", "tasks", [column])

    op.create_table(
        "polls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("creator_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("multiple_choice", sa.Boolean(), nullable=False),
        sa.Column("ends_at", MOMENT, nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("ended_announced", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name="fk_polls_event_id_events", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["creator_id"], ["users.id"], name="fk_polls_creator_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_polls"),
    )
    op.create_index("ix_polls_event_id", "polls", ["event_id"])
    op.create_index("ix_polls_creator_id", "polls", ["creator_id"])
    op.create_index("ix_polls_ended_announced_ends_at", "polls", ["ended_announced", "ends_at"])

    op.create_table(
        "poll_options",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(200), nullable=False),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["polls.id"], name="fk_poll_options_poll_id_polls", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_poll_options"),
        sa.UniqueConstraint("poll_id", "position", name="uq_poll_options_poll_id_position"),
    )

    op.create_table(
        "ballots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("cast_at", MOMENT, nullable=False),
        sa.ForeignKeyConstraint(
            ["poll_id"], ["polls.id"], name="fk_ballots_poll_id_polls", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_ballots_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_ballots"),
        sa.UniqueConstraint("poll_id", "user_id", name="uq_ballots_poll_id_user_id"),
    )
    op.create_index("ix_ballots_user_id", "ballots", ["user_id"])

    op.create_table(
        "ballot_choices",
        sa.Column("ballot_id", sa.Integer(), nullable=False),
        sa.Column("option_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ballot_id"],
            ["ballots.id"],
            name="fk_ballot_choices_ballot_id_ballots",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["option_id"],
            ["poll_options.id"],
            name="fk_ballot_choices_option_id_poll_options",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("ballot_id", "option_id", name="pk_ballot_choices"),
    )
    op.create_index("ix_ballot_choices_option_id", "ballot_choices", ["option_id"])


def downgrade() -> None:
    for table in ("ballot_choices", "ballots", "poll_options", "polls", "tasks"):
        op.drop_table(table)
