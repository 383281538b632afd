"""Subscribers and their subscriptions: chat id, language, places, dates. Nothing else."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, delete, func, or_, update
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from bot.storage.tables import (
    AuditRow,
    OutboxRow,
    PlaceRow,
    ReportRow,
    StaffRoleRow,
    SubscriberRow,
    SubscriptionRow,
    utcnow,
)


def subscribe(session: Session, *, chat_id: int, place_id: str, language: str | None) -> bool:
    """True when the subscription is new. Re-subscribing reactivates a blocked subscriber."""
    subscriber = session.get(SubscriberRow, chat_id)
    if subscriber is None:
        session.add(SubscriberRow(chat_id=chat_id, language=language))
    else:
        subscriber.active, subscriber.updated_at = True, utcnow()
        if language and not subscriber.chose_language:
            subscriber.language = language
    if session.get(SubscriptionRow, (chat_id, place_id)) is not None:
        return False
    session.add(SubscriptionRow(chat_id=chat_id, place_id=place_id))
    return True


def unsubscribe(session: Session, *, chat_id: int, place_id: str | None) -> int:
    """Remove one subscription, or all (``place_id`` None); returns how many."""
    statement = delete(SubscriptionRow).where(col(SubscriptionRow.chat_id) == chat_id)
    if place_id is not None:
        statement = statement.where(col(SubscriptionRow.place_id) == place_id)
    return int(session.execute(statement).rowcount or 0)  # type: ignore[attr-defined]


def subscriptions(session: Session, *, chat_id: int) -> list[str]:
    statement = (
        select(SubscriptionRow.place_id)
        .where(col(SubscriptionRow.chat_id) == chat_id)
        .order_by(col(SubscriptionRow.created_at))
    )
    return list(session.exec(statement))


def set_language(session: Session, *, chat_id: int, language: str) -> None:
    """A chosen language is kept with the chat id (and erased by /forget)."""
    subscriber = session.get(SubscriberRow, chat_id)
    if subscriber is None:
        session.add(SubscriberRow(chat_id=chat_id, language=language, chose_language=True))
    else:
        subscriber.language, subscriber.chose_language = language, True
        subscriber.updated_at = utcnow()


def language_of(session: Session, *, chat_id: int) -> str | None:
    """The language the person chose with /language, if they did."""
    subscriber = session.get(SubscriberRow, chat_id)
    return subscriber.language if subscriber and subscriber.chose_language else None


def deactivate(session: Session, *, chat_ids: list[int]) -> None:
    """Chats that blocked the bot or no longer exist: no more deliveries to them."""
    if chat_ids:
        session.execute(
            update(SubscriberRow)
            .where(col(SubscriberRow.chat_id).in_(chat_ids))
            .values(active=False, updated_at=utcnow())
        )


@dataclass(frozen=True)
class Erased:
    subscriptions: int
    subscriber: bool
    deliveries: int
    reports: int
    audit_entries: int


def forget(session: Session, *, chat_id: int) -> Erased:
    """Everything stored about a resident goes. Reports keep their text (a correction about a
    place) without the chat id; audit entries keep the action without who tried it, except for
    staff, whose actions must stay accountable."""
    subs = unsubscribe(session, chat_id=chat_id, place_id=None)
    subscriber = session.get(SubscriberRow, chat_id)
    if subscriber is not None:
        session.delete(subscriber)
    deliveries = session.execute(delete(OutboxRow).where(col(OutboxRow.chat_id) == chat_id))
    reports = session.execute(
        update(ReportRow).where(col(ReportRow.chat_id) == chat_id).values(chat_id=0)
    )
    audit_count = 0
    if session.get(StaffRoleRow, chat_id) is None:
        audit = session.execute(
            update(AuditRow).where(col(AuditRow.actor_id) == chat_id).values(actor_id=0)
        )
        audit_count = int(audit.rowcount or 0)  # type: ignore[attr-defined]
    return Erased(
        subscriptions=subs,
        subscriber=subscriber is not None,
        deliveries=int(deliveries.rowcount or 0),  # type: ignore[attr-defined]
        reports=int(reports.rowcount or 0),  # type: ignore[attr-defined]
        audit_entries=audit_count,
    )


def places_within(place_id: str | None, kind: str | None, usps: str | None) -> ColumnElement[bool]:
    """A condition on subscription.place_id: the place itself and every place inside it
    (a state's counties and towns, a county's towns). ``None``: every place."""
    if place_id is None:
        return col(SubscriptionRow.place_id).is_not(None)
    if kind == "state":
        inner = select(PlaceRow.id).where(col(PlaceRow.usps) == usps)
    elif kind == "county":
        inner = select(PlaceRow.id).where(col(PlaceRow.county_id) == place_id)
    else:
        return col(SubscriptionRow.place_id) == place_id
    return or_(col(SubscriptionRow.place_id) == place_id, col(SubscriptionRow.place_id).in_(inner))


def recipients_query(
    place_id: str | None, kind: str | None, usps: str | None
) -> SelectOfScalar[int]:
    """Active subscribers who asked for news of this place (or of a place inside it)."""
    return (
        select(SubscriberRow.chat_id)
        .where(col(SubscriberRow.active))
        .where(
            col(SubscriberRow.chat_id).in_(
                select(SubscriptionRow.chat_id).where(places_within(place_id, kind, usps))
            )
        )
    )


def count_recipients(
    session: Session, *, place_id: str | None, kind: str | None, usps: str | None
) -> int:
    inner = recipients_query(place_id, kind, usps).subquery()
    return int(session.execute(select(func.count()).select_from(inner)).scalar_one())


def move_subscriptions(session: Session, *, renamed: dict[str, str]) -> int:
    """After the place directory was rebuilt: subscriptions to a place whose id changed follow
    it (one already subscribed to both keeps one). Returns how many moved."""
    moved = 0
    for old, new in renamed.items():
        rows = session.execute(
            select(SubscriptionRow).where(col(SubscriptionRow.place_id) == old)
        ).scalars()
        for row in list(rows):
            if session.get(SubscriptionRow, (row.chat_id, new)) is None:
                session.add(
                    SubscriptionRow(chat_id=row.chat_id, place_id=new, created_at=row.created_at)
                )
                moved += 1
            session.delete(row)
    return moved


def subscribed_place_ids(session: Session) -> set[str]:
    return set(session.execute(select(SubscriptionRow.place_id).distinct()).scalars())
