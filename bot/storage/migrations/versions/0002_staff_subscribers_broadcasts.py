"""Staff roles, audit log, pending changes, correction reports; subscribers, subscriptions,
broadcasts and the delivery outbox.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _when(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "staff_role",
        sa.Column("user_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("granted_by", sa.BigInteger, nullable=True),
        _when("granted_at"),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _when("at"),
        sa.Column("actor_id", sa.BigInteger, nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("target", sa.String(120), nullable=True),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("detail", sa.String(500), nullable=True),
    )
    op.create_index("ix_audit_log_actor_id", "audit_log", ["actor_id"])
    op.create_table(
        "pending_change",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("actor_id", sa.BigInteger, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        _when("created_at"),
        _when("expires_at"),
        sa.Column("status", sa.String(16), nullable=False),
    )
    op.create_table(
        "correction_report",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("chat_id", sa.BigInteger, nullable=False),
        sa.Column("place_id", sa.String(64), nullable=False),
        sa.Column("text", sa.String(1000), nullable=False),
        _when("created_at"),
        _when("resolved_at", nullable=True),
        sa.Column("resolved_by", sa.BigInteger, nullable=True),
    )
    op.create_table(
        "subscriber",
        sa.Column("chat_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("language", sa.String(8), nullable=True),
        sa.Column("chose_language", sa.Boolean, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        _when("created_at"),
        _when("updated_at"),
    )
    op.create_table(
        "subscription",
        sa.Column("chat_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("place_id", sa.String(64), primary_key=True),
        _when("created_at"),
    )
    op.create_index("ix_subscription_place_id", "subscription", ["place_id"])
    op.create_table(
        "broadcast",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_by", sa.BigInteger, nullable=False),
        sa.Column("place_id", sa.String(64), nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("text", sa.String(4096), nullable=False),
        sa.Column("payload", sa.JSON, nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        _when("created_at"),
        _when("finished_at", nullable=True),
        sa.Column("approved_by", sa.String(200), nullable=True),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("broadcast_id", sa.Integer, nullable=False),
        sa.Column("chat_id", sa.BigInteger, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        _when("next_attempt_at"),
        _when("sent_at", nullable=True),
        sa.Column("last_error", sa.String(200), nullable=True),
        sa.UniqueConstraint("broadcast_id", "chat_id", name="uq_outbox_broadcast_chat"),
    )
    op.create_index("ix_outbox_broadcast_id", "outbox", ["broadcast_id"])
    op.create_index("ix_outbox_due", "outbox", ["status", "next_attempt_at"])


def downgrade() -> None:
    for table in (
        "outbox",
        "broadcast",
        "subscription",
        "subscriber",
        "correction_report",
        "pending_change",
        "audit_log",
        "staff_role",
    ):
        op.drop_table(table)
