"""The database schema (SQLModel). Alembic migrations in ``migrations/`` own its evolution."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, DateTime, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class PlaceRow(SQLModel, table=True):
    __tablename__ = "place"

    id: str = Field(primary_key=True, max_length=64)
    kind: str = Field(max_length=8)
    name: str = Field(max_length=120)
    usps: str = Field(max_length=2, index=True)
    county_id: str | None = Field(default=None, max_length=64)
    size: int = 0


class ZipRow(SQLModel, table=True):
    __tablename__ = "zip_code"

    code: str = Field(primary_key=True, max_length=5)
    town_id: str = Field(max_length=64)
    county_id: str | None = Field(default=None, max_length=64)


class AliasRow(SQLModel, table=True):
    __tablename__ = "place_alias"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    place_id: str = Field(max_length=64)
    language: str = Field(max_length=8)


class ContentVersionRow(SQLModel, table=True):
    """One version of one content document. Rows are only ever added: history is never lost."""

    __tablename__ = "content_version"
    __table_args__ = (
        UniqueConstraint("key", "version", name="uq_content_version_key_version"),
        Index("ix_content_version_current", "key", "is_current"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # "activation:MA", "detainer:MA", "detainer:MA/northampton", "timeline", "explainer:detainer"
    key: str = Field(max_length=120, index=True)
    version: int
    data: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    author: str = Field(max_length=64)  # "content" for files; "telegram:<user id>" for chat edits
    note: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    is_current: bool = True


class PolicyScopeRow(SQLModel, table=True):
    """Which directory places a detainer policy covers (resolved from its applies_to)."""

    __tablename__ = "policy_scope"

    policy_key: str = Field(primary_key=True, max_length=120)
    place_id: str = Field(primary_key=True, max_length=64, index=True)


class MetaRow(SQLModel, table=True):
    __tablename__ = "meta"

    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(max_length=200)


# -- staff, audit, previews, corrections (maintainers) -----------------------------------------


class StaffRoleRow(SQLModel, table=True):
    __tablename__ = "staff_role"

    user_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    role: str = Field(max_length=16)  # "maintainer" | "organizer"
    granted_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))
    granted_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class AuditRow(SQLModel, table=True):
    """Every staff action and every refused attempt. Never message text of residents."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    actor_id: int = Field(sa_column=Column(BigInteger, nullable=False, index=True))
    action: str = Field(max_length=32)
    target: str | None = Field(default=None, max_length=120)
    outcome: str = Field(max_length=16)  # "ok" | "refused" | "invalid" | "cancelled"
    detail: str | None = Field(default=None, max_length=500)


class PendingChangeRow(SQLModel, table=True):
    """A previewed change waiting for its author's confirmation (expires)."""

    __tablename__ = "pending_change"

    id: str = Field(primary_key=True, max_length=16)
    actor_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    kind: str = Field(max_length=16)
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    expires_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    status: str = Field(default="pending", max_length=16)


class ReportRow(SQLModel, table=True):
    """A correction sent by anyone: only the reporter's chat id is kept about them."""

    __tablename__ = "correction_report"

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    place_id: str = Field(max_length=64)
    text: str = Field(max_length=1000)
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    resolved_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    resolved_by: int | None = Field(default=None, sa_column=Column(BigInteger, nullable=True))


# -- subscribers and broadcasts (organizers) ---------------------------------------------------


class SubscriberRow(SQLModel, table=True):
    """What is stored about a resident who subscribes: chat id, language, dates. Nothing else."""

    __tablename__ = "subscriber"

    chat_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    language: str | None = Field(default=None, max_length=8)
    # True once they chose it with /language (else it is their app's language, for broadcasts).
    chose_language: bool = False
    active: bool = True
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    updated_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class SubscriptionRow(SQLModel, table=True):
    __tablename__ = "subscription"

    chat_id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    place_id: str = Field(primary_key=True, max_length=64)
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )


class BroadcastRow(SQLModel, table=True):
    __tablename__ = "broadcast"

    id: int | None = Field(default=None, primary_key=True)
    created_by: int = Field(sa_column=Column(BigInteger, nullable=False))
    place_id: str | None = Field(default=None, max_length=64)  # None: everyone
    # "message": an organizer's text (rendered escaped); "policy": a policy-change alert
    # rendered from the content version in ``payload`` in each recipient's language.
    kind: str = Field(default="message", max_length=16)
    text: str = Field(max_length=4096)
    payload: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    status: str = Field(default="sending", max_length=16)  # "sending" | "done"
    created_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    finished_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    approved_by: str | None = Field(default=None, max_length=200)  # staff ids, comma-separated


class OutboxRow(SQLModel, table=True):
    """One delivery: a broadcast to one recipient. Unique, so nobody gets it twice."""

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("broadcast_id", "chat_id", name="uq_outbox_broadcast_chat"),
        Index("ix_outbox_due", "status", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    broadcast_id: int = Field(index=True)
    chat_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    status: str = Field(default="queued", max_length=16)  # queued|sending|sent|failed|blocked
    attempts: int = 0
    next_attempt_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False)
    )
    sent_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    last_error: str | None = Field(default=None, max_length=200)
