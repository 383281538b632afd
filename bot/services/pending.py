"""Answering a preview: the checks every Confirm, Cancel and Approve press goes through, and
the audit record of every refusal."""

from __future__ import annotations

from collections.abc import Collection
from typing import NoReturn

from sqlmodel import Session

from bot.core.editing import EditError
from bot.storage import staff as staff_store
from bot.storage.tables import PendingChangeRow


def refuse(
    session: Session,
    *,
    actor_id: int,
    action: str,
    target: str,
    outcome: str,
    detail: str,
    code: str,
    row: PendingChangeRow | None = None,
    status: str | None = None,
) -> NoReturn:
    """Record why nothing happened (and close the preview if ``status``), then say so."""
    if row is not None and status is not None:
        row.status = status
    staff_store.audit(
        session, actor_id=actor_id, action=action, outcome=outcome, target=target, detail=detail
    )
    session.commit()
    raise EditError(code)


def open_preview(
    session: Session,
    *,
    pending_id: str,
    actor_id: int,
    action: str,
    kinds: Collection[str] | None = None,
    statuses: Collection[str] = ("pending",),
    by_author: bool = True,
) -> PendingChangeRow:
    """The preview, if this person may answer it now; otherwise an EditError (audited).
    ``by_author``: only its author may (Confirm, Cancel); else anyone but its author may
    (a second staff member's approval)."""
    row = staff_store.get_pending(session, pending_id)
    if row is None or (kinds is not None and row.kind not in kinds):
        raise EditError("not_pending")

    def deny(outcome: str, detail: str, code: str, status: str | None = None) -> NoReturn:
        refuse(
            session,
            actor_id=actor_id,
            action=action,
            target=pending_id,
            outcome=outcome,
            detail=detail,
            code=code,
            row=row,
            status=status,
        )

    if row.status not in statuses:
        deny("invalid", row.status, "not_pending")
    if by_author != (row.actor_id == actor_id):
        deny("refused", "not allowed", "not_yours" if by_author else "own_broadcast")
    if row.status == "pending" and staff_store.is_expired(row):
        deny("invalid", "expired", "expired", status="expired")
    return row
