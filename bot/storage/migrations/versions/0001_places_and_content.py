"""Places directory and versioned content.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "place",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("usps", sa.String(2), nullable=False),
        sa.Column("county_id", sa.String(64), nullable=True),
        sa.Column("size", sa.Integer, nullable=False),
    )
    op.create_index("ix_place_usps", "place", ["usps"])
    op.create_table(
        "zip_code",
        sa.Column("code", sa.String(5), primary_key=True),
        sa.Column("town_id", sa.String(64), nullable=False),
        sa.Column("county_id", sa.String(64), nullable=True),
    )
    op.create_table(
        "place_alias",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("place_id", sa.String(64), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
    )
    op.create_table(
        "content_version",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(120), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("note", sa.String(500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("is_current", sa.Boolean, nullable=False),
        sa.UniqueConstraint("key", "version", name="uq_content_version_key_version"),
    )
    op.create_index("ix_content_version_key", "content_version", ["key"])
    op.create_index("ix_content_version_current", "content_version", ["key", "is_current"])
    op.create_table(
        "policy_scope",
        sa.Column("policy_key", sa.String(120), primary_key=True),
        sa.Column("place_id", sa.String(64), primary_key=True),
    )
    op.create_index("ix_policy_scope_place_id", "policy_scope", ["place_id"])
    op.create_table(
        "meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )


def downgrade() -> None:
    for table in ("meta", "policy_scope", "content_version", "place_alias", "zip_code", "place"):
        op.drop_table(table)
