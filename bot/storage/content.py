"""Versioned content documents: every change adds a version; nothing is overwritten."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, update
from sqlmodel import Session, col

from bot.storage.tables import ContentVersionRow, PolicyScopeRow

# The newest id alone could miss a version whose transaction commits after a later one's
# (concurrent writers on PostgreSQL); with the row count too, any new version changes it.
_REVISION = select(func.count(), func.max(col(ContentVersionRow.id)))


def revision(session: Session) -> tuple[int, int]:
    """A value that changes whenever any content changes: (versions, newest version id)."""
    count, newest = session.execute(_REVISION).one()
    return int(count), int(newest or 0)


def revision_of(engine: Engine) -> tuple[int, int]:
    """The same value as revision(), read on a bare connection: it is checked before every
    answer, so it skips the ORM session."""
    with engine.connect() as connection:
        count, newest = connection.execute(_REVISION).one()
    return int(count), int(newest or 0)


def current_versions(session: Session) -> list[ContentVersionRow]:
    statement = select(ContentVersionRow).where(col(ContentVersionRow.is_current))
    return list(session.execute(statement).scalars())


def current_version(session: Session, *, key: str) -> ContentVersionRow | None:
    statement = select(ContentVersionRow).where(
        col(ContentVersionRow.key) == key, col(ContentVersionRow.is_current)
    )
    return session.execute(statement).scalars().first()


def history(session: Session, *, key: str) -> list[ContentVersionRow]:
    statement = (
        select(ContentVersionRow)
        .where(col(ContentVersionRow.key) == key)
        .order_by(col(ContentVersionRow.version).desc())
    )
    return list(session.execute(statement).scalars())


def add_version(
    session: Session, *, key: str, data: dict[str, Any], author: str, note: str | None = None
) -> ContentVersionRow:
    """Make ``data`` the current version of ``key`` (the caller commits)."""
    latest = session.execute(
        select(func.max(col(ContentVersionRow.version))).where(col(ContentVersionRow.key) == key)
    ).scalar_one()
    session.execute(
        update(ContentVersionRow)
        .where(col(ContentVersionRow.key) == key, col(ContentVersionRow.is_current))
        .values(is_current=False)
    )
    row = ContentVersionRow(
        key=key, version=int(latest or 0) + 1, data=data, author=author, note=note
    )
    session.add(row)
    session.flush()
    return row


def replace_scopes(session: Session, *, scopes: Mapping[str, Iterable[str]]) -> None:
    """Set which places each policy covers (all policies at once; the caller commits)."""
    session.execute(delete(PolicyScopeRow))
    rows = [
        {"policy_key": key, "place_id": place_id}
        for key, place_ids in scopes.items()
        for place_id in dict.fromkeys(place_ids)
    ]
    if rows:
        session.execute(insert(PolicyScopeRow), rows)


def load_scopes(session: Session) -> dict[str, list[str]]:
    """place id -> policy keys covering it."""
    scopes: dict[str, list[str]] = defaultdict(list)
    for key, place_id in session.execute(
        select(col(PolicyScopeRow.policy_key), col(PolicyScopeRow.place_id))
    ):
        scopes[place_id].append(key)
    return dict(scopes)
