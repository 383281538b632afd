"""The database schema (SQLModel). Alembic migrations in ``migrations/`` own its evolution."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index, UniqueConstraint
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
