"""Staff roles, the audit log, previewed changes and correction reports."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.storage.tables import AuditRow, PendingChangeRow, ReportRow, StaffRoleRow, utcnow

MAINTAINER = "maintainer"
ORGANIZER = "organizer"
ROLES = (MAINTAINER, ORGANIZER)


class LastMaintainerError(Exception):
    """Revoking would leave nobody able to manage content and roles."""


def role_of(session: Session, user_id: int) -> str | None:
    row = session.get(StaffRoleRow, user_id)
    return row.role if row else None


def staff(session: Session) -> list[StaffRoleRow]:
    return list(session.exec(select(StaffRoleRow).order_by(col(StaffRoleRow.user_id))))


def grant(session: Session, *, user_id: int, role: str, by: int | None) -> None:
    if role not in ROLES:
        raise ValueError(role)
    row = session.get(StaffRoleRow, user_id)
    if row is not None and row.role == MAINTAINER and role != MAINTAINER:
        _keep_a_maintainer(session, user_id)
    if row is None:
        session.add(StaffRoleRow(user_id=user_id, role=role, granted_by=by))
    else:
        row.role, row.granted_by, row.granted_at = role, by, utcnow()


def revoke(session: Session, *, user_id: int) -> str | None:
    """Remove a staff member's role; returns the role they had."""
    row = session.get(StaffRoleRow, user_id)
    if row is None:
        return None
    if row.role == MAINTAINER:
        _keep_a_maintainer(session, user_id)
    session.delete(row)
    return row.role


def _keep_a_maintainer(session: Session, leaving: int) -> None:
    others = session.exec(
        select(func.count())
        .select_from(StaffRoleRow)
        .where(col(StaffRoleRow.role) == MAINTAINER, col(StaffRoleRow.user_id) != leaving)
    ).one()
    if not others:
        raise LastMaintainerError


def audit(
    session: Session,
    *,
    actor_id: int,
    action: str,
    outcome: str,
    target: str | None = None,
    detail: str | None = None,
) -> None:
    session.add(
        AuditRow(
            actor_id=actor_id,
            action=action[:32],
            outcome=outcome,
            target=target[:120] if target else None,
            detail=detail[:500] if detail else None,
        )
    )


def recent_audit(session: Session, *, limit: int = 20) -> list[AuditRow]:
    statement = select(AuditRow).order_by(col(AuditRow.id).desc()).limit(limit)
    return list(session.exec(statement))


def add_pending(
    session: Session, *, actor_id: int, kind: str, payload: dict[str, Any], ttl: timedelta
) -> PendingChangeRow:
    row = PendingChangeRow(
        id=secrets.token_urlsafe(9)[:12],
        actor_id=actor_id,
        kind=kind,
        payload=payload,
        expires_at=utcnow() + ttl,
    )
    session.add(row)
    return row


def get_pending(session: Session, pending_id: str) -> PendingChangeRow | None:
    return session.get(PendingChangeRow, pending_id)


def is_expired(row: PendingChangeRow, now: datetime | None = None) -> bool:
    expires = row.expires_at
    if expires.tzinfo is None:  # SQLite returns naive datetimes (stored in UTC)
        expires = expires.replace(tzinfo=utcnow().tzinfo)
    return (now or utcnow()) >= expires


def add_report(session: Session, *, chat_id: int, place_id: str, text: str) -> ReportRow:
    row = ReportRow(chat_id=chat_id, place_id=place_id, text=text[:1000])
    session.add(row)
    session.flush()
    return row


def open_reports(session: Session, *, limit: int = 20) -> list[ReportRow]:
    statement = (
        select(ReportRow)
        .where(col(ReportRow.resolved_at).is_(None))
        .order_by(col(ReportRow.id))
        .limit(limit)
    )
    return list(session.exec(statement))


def resolve_report(session: Session, *, report_id: int, by: int) -> bool:
    row = session.get(ReportRow, report_id)
    if row is None or row.resolved_at is not None:
        return False
    row.resolved_at, row.resolved_by = utcnow(), by
    return True
