"""Initial schema: users, credentials, refresh tokens, categories, events, images,
attendances.

Revision ID: 0001
Revises:
Create Date: 2026-01-01

Written by hand to match `eventcore.adapters.sqlalchemy.tables`; the migration
test compares the two with Alembic's autogenerate. Column types are spelled
out with plain SQLAlchemy types so this file never changes with the adapter:
`UtcDateTime` is `DateTime(timezone=True)` and `ExactDecimal` is NUMERIC on
PostgreSQL and TEXT on SQLite.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MOMENT = sa.DateTime(timezone=True)
EXACT_DECIMAL = sa.Numeric().with_variant(sa.Text(), "sqlite")
SHORT_TEXT = 255
URL_TEXT = 2000


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(150), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("email_key", sa.Text(), nullable=False),
        sa.Column("phone", sa.String(100), nullable=True),
        sa.Column("first_name", sa.String(150), nullable=False),
        sa.Column("last_name", sa.String(150), nullable=False),
        sa.Column("display_name", sa.String(150), nullable=False),
        sa.Column("bio", sa.Text(), nullable=False),
        sa.Column("avatar", sa.String(URL_TEXT), nullable=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("last_login", MOMENT, nullable=True),
        sa.Column("age", sa.Integer(), nullable=True),
        sa.Column("gender", sa.String(100), nullable=True),
        sa.Column("birthday", sa.Date(), nullable=True),
        sa.Column("pincode", sa.String(100), nullable=True),
        sa.Column("district", sa.String(100), nullable=True),
        sa.Column("state", sa.String(100), nullable=True),
        sa.Column("country", sa.String(100), nullable=True),
        sa.Column("place", sa.String(100), nullable=True),
        sa.Column("latitude", sa.Double(), nullable=True),
        sa.Column("longitude", sa.Double(), nullable=True),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("updated_at", MOMENT, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("username", name="uq_users_username"),
        sa.UniqueConstraint("email_key", name="uq_users_email_key"),
    )
    # Unique only among non-empty phones, as in the memory adapter.
    op.create_index(
        "uq_users_phone",
        "users",
        ["phone"],
        unique=True,
        sqlite_where=sa.text("phone <> ''"),
        postgresql_where=sa.text("phone <> ''"),
    )

    op.create_table(
        "credentials",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("password_hash", sa.String(SHORT_TEXT), nullable=True),
        sa.Column("google_subject", sa.String(SHORT_TEXT), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_credentials_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name="pk_credentials"),
    )
    op.create_index(
        "uq_credentials_google_subject",
        "credentials",
        ["google_subject"],
        unique=True,
        sqlite_where=sa.text("google_subject <> ''"),
        postgresql_where=sa.text("google_subject <> ''"),
    )

    op.create_table(
        "refresh_tokens",
        sa.Column("token_hash", sa.String(128), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("family", sa.String(128), nullable=False),
        sa.Column("issued_at", MOMENT, nullable=False),
        sa.Column("expires_at", MOMENT, nullable=False),
        sa.Column("used_at", MOMENT, nullable=True),
        sa.Column("revoked_at", MOMENT, nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_refresh_tokens_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("token_hash", name="pk_refresh_tokens"),
    )
    op.create_index("ix_refresh_tokens_user_id", "refresh_tokens", ["user_id"])
    op.create_index("ix_refresh_tokens_family", "refresh_tokens", ["family"])

    op.create_table(
        "categories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("icon", sa.String(URL_TEXT), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_categories"),
        sa.UniqueConstraint("name_key", name="uq_categories_name_key"),
    )

    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("title_folded", sa.Text(), nullable=False),
        sa.Column("creator_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", MOMENT, nullable=False),
        sa.Column("ends_at", MOMENT, nullable=True),
        sa.Column("finishes_at", MOMENT, nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("updated_at", MOMENT, nullable=False),
        sa.Column("name", sa.String(SHORT_TEXT), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("description_folded", sa.Text(), nullable=False),
        sa.Column("location", sa.String(SHORT_TEXT), nullable=False),
        sa.Column("address", sa.String(SHORT_TEXT), nullable=False),
        sa.Column("venue_name", sa.String(SHORT_TEXT), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=True),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("is_private", sa.Boolean(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("price", EXACT_DECIMAL, nullable=True),
        sa.Column("location_type", sa.String(20), nullable=True),
        sa.Column("region", sa.String(SHORT_TEXT), nullable=False),
        sa.Column("city", sa.String(SHORT_TEXT), nullable=False),
        sa.Column("pincode", sa.String(SHORT_TEXT), nullable=False),
        sa.Column("district", sa.String(SHORT_TEXT), nullable=False),
        sa.Column("state", sa.String(SHORT_TEXT), nullable=False),
        sa.Column("place", sa.String(SHORT_TEXT), nullable=False),
        sa.Column("latitude", sa.Double(), nullable=True),
        sa.Column("longitude", sa.Double(), nullable=True),
        sa.Column("is_bookable", sa.Boolean(), nullable=False),
        sa.Column("is_eventify_event", sa.Boolean(), nullable=False),
        sa.Column("outside_event_url", sa.String(URL_TEXT), nullable=False),
        sa.Column("event_status", sa.String(SHORT_TEXT), nullable=False),
        sa.Column("cancelled_reason", sa.String(SHORT_TEXT), nullable=False),
        sa.Column("important_information", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["creator_id"], ["users.id"], name="fk_events_creator_id_users"),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["categories.id"],
            name="fk_events_category_id_categories",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
    )
    for column in ("starts_at", "finishes_at", "creator_id", "category_id", "pincode"):
        op.create_index(f"ix_events_{column}", "events", [column])

    op.create_table(
        "event_images",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(URL_TEXT), nullable=False),
        sa.Column("is_primary", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name="fk_event_images_event_id_events", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("event_id", "position", name="pk_event_images"),
    )

    op.create_table(
        "attendances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("is_organizer", sa.Boolean(), nullable=False),
        sa.Column("created_at", MOMENT, nullable=False),
        sa.Column("updated_at", MOMENT, nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name="fk_attendances_event_id_events", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_attendances_user_id_users", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_attendances"),
        sa.UniqueConstraint("event_id", "user_id", name="uq_attendances_event_id_user_id"),
    )
    op.create_index("ix_attendances_user_id", "attendances", ["user_id"])
    op.create_index("ix_attendances_event_id_status", "attendances", ["event_id", "status"])


def downgrade() -> None:
    for table in (
        "attendances",
        "event_images",
        "events",
        "categories",
        "refresh_tokens",
        "credentials",
        "users",
    ):
        op.drop_table(table)
