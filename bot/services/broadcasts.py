"""Organizers' broadcasts: a preview exactly as recipients will see it, the recipient count,
confirmation (and, if configured, a second staff member's approval), then the durable outbox.
Policy-change alerts use the same path."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from bot.core.answering import Answerer
from bot.core.editing import EditError
from bot.core.facts import DetainerPolicy
from bot.core.places import Place, PlaceDirectory
from bot.i18n.locales import available_languages
from bot.rendering.environment import Renderer
from bot.rendering.split import MAX_MESSAGE, visible_length
from bot.services.pending import open_preview
from bot.services.places import label, resolve_prefix
from bot.storage import content as content_store
from bot.storage import outbox as outbox_store
from bot.storage import staff as staff_store
from bot.storage import subscribers as subscribers_store
from bot.storage.database import Database
from bot.storage.outbox import Progress
from bot.storage.tables import BroadcastRow

PREVIEW_TTL = timedelta(minutes=15)
EVERYONE = frozenset({"all", "todos", "todas", "tudo"})


@dataclass(frozen=True)
class BroadcastPreview:
    pending_id: str
    html: str  # exactly what recipients will read (in the sender's language)
    recipients: int
    place: str | None  # None: everyone


@dataclass(frozen=True)
class Enqueued:
    broadcast_id: int
    recipients: int


@dataclass(frozen=True)
class AwaitingApproval:
    pending_id: str
    approvals: int
    needed: int


class BroadcastService:
    def __init__(
        self,
        database: Database,
        answerer: Answerer,
        directory: PlaceDirectory,
        renderer: Renderer,
        *,
        approvals_needed: int = 1,
        wake: Callable[[], None] | None = None,
    ) -> None:
        self._database = database
        self._answerer = answerer
        self._directory = directory
        self._renderer = renderer
        self.approvals_needed = approvals_needed
        self.wake = wake or (lambda: None)

    # -- what recipients read ----------------------------------------------------------------
    def render(self, broadcast: BroadcastRow, language: str | None) -> str:
        lang = language if language in available_languages() else "en"
        place = self._directory.get(broadcast.place_id) if broadcast.place_id else None
        if broadcast.kind == "policy" and broadcast.payload is not None:
            return self._renderer.render_template(
                "telegram/broadcast/policy_alert.html.j2",
                lang,
                place=label(place) if place else None,
                jurisdiction=broadcast.payload["name"],
                policy=DetainerPolicy.model_validate(broadcast.payload["policy"]),
            )
        return self._renderer.render_template(
            "telegram/broadcast/message.html.j2",
            lang,
            place=label(place) if place else None,
            text=broadcast.text,
        )

    # -- organizers --------------------------------------------------------------------------
    def propose(self, actor_id: int, text: str, language: str) -> BroadcastPreview:
        place, message = self._target(text)
        if not message.strip():
            raise EditError("empty_message")
        draft = BroadcastRow(
            created_by=actor_id, place_id=place.id if place else None, text=message.strip()
        )
        longest = max(visible_length(self.render(draft, lang)) for lang in available_languages())
        if longest > MAX_MESSAGE:
            raise EditError("message_too_long", {"length": longest, "max": MAX_MESSAGE})
        with self._database.session() as session:
            recipients = self._count(session, place)
            row = staff_store.add_pending(
                session,
                actor_id=actor_id,
                kind="broadcast",
                payload={"place_id": draft.place_id, "text": draft.text, "approvals": []},
                ttl=PREVIEW_TTL,
            )
            staff_store.audit(
                session,
                actor_id=actor_id,
                action="preview broadcast",
                outcome="ok",
                target=draft.place_id or "all",
                detail=f"{recipients} recipients",
            )
            session.commit()
        return BroadcastPreview(
            row.id, self.render(draft, language), recipients, label(place) if place else None
        )

    def confirm(self, actor_id: int, pending_id: str) -> Enqueued | AwaitingApproval:
        return self._approve(actor_id, pending_id, author=True)

    def approve(self, actor_id: int, pending_id: str) -> Enqueued | AwaitingApproval:
        return self._approve(actor_id, pending_id, author=False)

    def cancel(self, actor_id: int, pending_id: str) -> None:
        with self._database.session() as session:
            row = open_preview(
                session,
                pending_id=pending_id,
                actor_id=actor_id,
                action="cancel broadcast",
                kinds=("broadcast",),
                statuses=("pending", "approving"),
            )
            row.status = "cancelled"
            staff_store.audit(
                session,
                actor_id=actor_id,
                action="cancel broadcast",
                outcome="cancelled",
                target=pending_id,
            )
            session.commit()

    def notify_policy(self, actor_id: int, key: str, version: int, place: Place) -> Enqueued:
        """ "Notify N subscribers" after a confirmed policy change: what changed and its
        source, rendered for each recipient in their language."""
        with self._database.session() as session:
            rows = [r for r in content_store.history(session, key=key) if r.version == version]
            if not rows:
                raise EditError("not_pending")
            data = rows[0].data
            policy = data.get("detainer", data)
            broadcast = outbox_store.enqueue(
                session,
                created_by=actor_id,
                place_id=place.id,
                place_kind=place.kind.value,
                usps=place.usps,
                kind="policy",
                text=f"{key} v{version}",
                payload={"name": data.get("name") or place.name, "policy": policy},
            )
            recipients = outbox_store.progress(session, [broadcast.id or 0])
            staff_store.audit(
                session,
                actor_id=actor_id,
                action="notify subscribers",
                outcome="ok",
                target=key,
                detail=f"version {version}",
            )
            session.commit()
        self.wake()
        return Enqueued(broadcast.id or 0, recipients[broadcast.id or 0].total)

    def pending_recipients(self, pending_id: str) -> int:
        with self._database.session() as session:
            row = staff_store.get_pending(session, pending_id)
            if row is None:
                return 0
            place_id = row.payload.get("place_id")
            place = self._directory.get(place_id) if place_id else None
            return self._count(session, place)

    def count_for(self, place: Place) -> int:
        with self._database.session() as session:
            return self._count(session, place)

    def recent(self, limit: int = 10) -> list[tuple[BroadcastRow, Progress]]:
        with self._database.session() as session:
            rows = outbox_store.recent(session, limit=limit)
            counts = outbox_store.progress(session, [r.id for r in rows if r.id is not None])
        return [(row, counts.get(row.id or 0, Progress())) for row in rows]

    # -- helpers -----------------------------------------------------------------------------
    def _target(self, text: str) -> tuple[Place | None, str]:
        """``PLACE | MESSAGE`` or ``all | MESSAGE`` (the bar may be left out)."""
        stripped = text.strip()
        if not stripped:
            raise EditError("usage_broadcast")
        first, _, after = stripped.partition(" ")
        if first.rstrip("|").lower() in EVERYONE:
            return None, after.lstrip("| ").strip()
        return resolve_prefix(self._answerer, stripped)

    def _count(self, session: Any, place: Place | None) -> int:
        return subscribers_store.count_recipients(
            session,
            place_id=place.id if place else None,
            kind=place.kind.value if place else None,
            usps=place.usps if place else None,
        )

    def _approve(
        self, actor_id: int, pending_id: str, *, author: bool
    ) -> Enqueued | AwaitingApproval:
        with self._database.session() as session:
            row = open_preview(
                session,
                pending_id=pending_id,
                actor_id=actor_id,
                action="confirm broadcast" if author else "approve broadcast",
                kinds=("broadcast",),
                # the author confirms first; only then may others approve
                statuses=("pending", "approving") if author else ("approving",),
                by_author=author,
            )
            payload = dict(row.payload)
            approvals = [*payload.get("approvals", [])]
            if actor_id not in approvals:
                approvals.append(actor_id)
            payload["approvals"] = approvals
            row.payload = payload
            if len(approvals) < self.approvals_needed:
                row.status = "approving"
                staff_store.audit(
                    session,
                    actor_id=actor_id,
                    action="approve broadcast",
                    outcome="ok",
                    target=pending_id,
                    detail=f"{len(approvals)} of {self.approvals_needed}",
                )
                session.commit()
                return AwaitingApproval(pending_id, len(approvals), self.approvals_needed)
            place = self._directory.get(payload["place_id"]) if payload["place_id"] else None
            broadcast = outbox_store.enqueue(
                session,
                created_by=row.actor_id,
                place_id=place.id if place else None,
                place_kind=place.kind.value if place else None,
                usps=place.usps if place else None,
                text=payload["text"],
                approved_by=",".join(str(a) for a in approvals),
            )
            row.status = "confirmed"
            staff_store.audit(
                session,
                actor_id=actor_id,
                action="send broadcast",
                outcome="ok",
                target=str(broadcast.id),
                detail=place.id if place else "all",
            )
            session.commit()  # the outbox and the confirmation in one transaction
            counts = outbox_store.progress(session, [broadcast.id or 0])
        self.wake()
        return Enqueued(broadcast.id or 0, counts[broadcast.id or 0].total)
