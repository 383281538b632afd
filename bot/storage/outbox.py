"""The durable outbox: one row per broadcast and recipient (unique), claimed in batches by the
sender and settled with each delivery's outcome. A crash loses nothing: rows still "sending"
when the sender starts again are sent again (the only possible duplicates)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import DateTime, Integer, String, bindparam, func, insert, literal, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from bot.storage.subscribers import recipients_query
from bot.storage.tables import BroadcastRow, OutboxRow, SubscriberRow, utcnow

QUEUED, SENDING, SENT, FAILED, BLOCKED = "queued", "sending", "sent", "failed", "blocked"


@dataclass(frozen=True)
class Delivery:
    outbox_id: int
    broadcast_id: int
    chat_id: int
    language: str | None
    attempts: int


@dataclass(frozen=True)
class Outcome:
    outbox_id: int
    status: str  # SENT | QUEUED (retry) | FAILED | BLOCKED
    retry_at: datetime | None = None
    error: str | None = None
    counts_as_attempt: bool = True


@dataclass(frozen=True)
class Progress:
    queued: int = 0
    sending: int = 0
    sent: int = 0
    failed: int = 0
    blocked: int = 0

    @property
    def total(self) -> int:
        return self.queued + self.sending + self.sent + self.failed + self.blocked

    @property
    def done(self) -> int:
        return self.sent + self.failed + self.blocked


def enqueue(
    session: Session,
    *,
    created_by: int,
    place_id: str | None,
    place_kind: str | None,
    usps: str | None,
    text: str,
    kind: str = "message",
    payload: dict[str, Any] | None = None,
    approved_by: str | None = None,
) -> BroadcastRow:
    """A broadcast and its deliveries, in the caller's transaction (one INSERT ... SELECT, so
    100,000 recipients cost one statement)."""
    broadcast = BroadcastRow(
        created_by=created_by,
        place_id=place_id,
        kind=kind,
        text=text,
        payload=payload,
        approved_by=approved_by,
    )
    session.add(broadcast)
    session.flush()
    recipients = recipients_query(place_id, place_kind, usps).subquery()
    rows = sa_select(
        literal(broadcast.id, Integer),
        recipients.c.chat_id,
        literal(QUEUED, String),
        literal(0, Integer),
        literal(utcnow(), DateTime(timezone=True)),
    )
    table = OutboxRow.__table__  # type: ignore[attr-defined]
    session.execute(
        insert(table).from_select(
            ["broadcast_id", "chat_id", "status", "attempts", "next_attempt_at"], rows
        )
    )
    return broadcast


def recover(session: Session) -> int:
    """After a crash: deliveries that were in flight go back to the queue."""
    result = session.execute(
        update(OutboxRow).where(col(OutboxRow.status) == SENDING).values(status=QUEUED)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def claim(session: Session, *, limit: int, now: datetime | None = None) -> list[Delivery]:
    """The next due deliveries, oldest first, marked as being sent."""
    now = now or utcnow()
    statement = (
        sa_select(
            col(OutboxRow.id),
            col(OutboxRow.broadcast_id),
            col(OutboxRow.chat_id),
            col(OutboxRow.attempts),
            col(SubscriberRow.language),
        )
        .join(SubscriberRow, col(SubscriberRow.chat_id) == col(OutboxRow.chat_id), isouter=True)
        .where(col(OutboxRow.status) == QUEUED, col(OutboxRow.next_attempt_at) <= now)
        .order_by(col(OutboxRow.id))
        .limit(limit)
    )
    rows = session.execute(statement).all()
    if not rows:
        return []
    ids = [row[0] for row in rows]
    session.execute(
        update(OutboxRow)
        .where(col(OutboxRow.id).in_(ids), col(OutboxRow.status) == QUEUED)
        .values(status=SENDING)
    )
    return [Delivery(r[0], r[1], r[2], r[4], r[3]) for r in rows]


def settle(session: Session, outcomes: Iterable[Outcome]) -> None:
    """Record what happened to each delivery (one statement per kind of outcome)."""
    now = utcnow()
    grouped: dict[str, list[dict[str, Any]]] = {}
    for outcome in outcomes:
        grouped.setdefault(outcome.status, []).append(
            {
                "b_id": outcome.outbox_id,
                "b_status": outcome.status,
                "b_next": outcome.retry_at or now,
                "b_error": (outcome.error or "")[:200] or None,
                "b_sent": now if outcome.status == SENT else None,
                "b_attempt": 1 if outcome.counts_as_attempt else 0,
            }
        )
    table = OutboxRow.__table__  # type: ignore[attr-defined]
    statement = (
        update(table)
        .where(table.c.id == bindparam("b_id"))
        .values(
            status=bindparam("b_status"),
            next_attempt_at=bindparam("b_next"),
            last_error=bindparam("b_error"),
            sent_at=bindparam("b_sent"),
            attempts=table.c.attempts + bindparam("b_attempt"),
        )
    )
    for params in grouped.values():
        session.connection().execute(statement, params)


def progress(session: Session, broadcast_ids: list[int]) -> dict[int, Progress]:
    if not broadcast_ids:
        return {}
    statement = (
        select(OutboxRow.broadcast_id, OutboxRow.status, func.count())
        .where(col(OutboxRow.broadcast_id).in_(broadcast_ids))
        .group_by(col(OutboxRow.broadcast_id), col(OutboxRow.status))
    )
    counts: dict[int, dict[str, int]] = {bid: {} for bid in broadcast_ids}
    for broadcast_id, status, count in session.execute(statement):
        counts[broadcast_id][status] = int(count)
    return {bid: Progress(**c) for bid, c in counts.items()}


def recent(session: Session, *, limit: int = 10) -> list[BroadcastRow]:
    statement = select(BroadcastRow).order_by(col(BroadcastRow.id).desc()).limit(limit)
    return list(session.exec(statement))


def finish_completed(session: Session) -> list[BroadcastRow]:
    """Broadcasts still sending whose every delivery is settled: mark them done."""
    open_ids = list(
        session.exec(select(BroadcastRow.id).where(col(BroadcastRow.status) == "sending"))
    )
    if not open_ids:
        return []
    pending = select(OutboxRow.broadcast_id).where(
        col(OutboxRow.broadcast_id).in_(open_ids),
        col(OutboxRow.status).in_([QUEUED, SENDING]),
    )
    busy = set(session.exec(pending))
    done = [bid for bid in open_ids if bid not in busy]
    rows = []
    for broadcast_id in done:
        row = session.get(BroadcastRow, broadcast_id)
        if row is not None:
            row.status, row.finished_at = "done", utcnow()
            rows.append(row)
    return rows


def next_due(session: Session) -> datetime | None:
    """When the earliest queued delivery becomes due (for an idle sender's sleep)."""
    value = session.execute(
        sa_select(func.min(col(OutboxRow.next_attempt_at))).where(col(OutboxRow.status) == QUEUED)
    ).scalar_one()
    return value if isinstance(value, datetime) else None


def backoff(attempts: int) -> timedelta:
    """Network errors and 5xx: 2, 4, 8 ... seconds, at most five minutes."""
    return timedelta(seconds=min(300, 2 ** max(1, attempts)))
