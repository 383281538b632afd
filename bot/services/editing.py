"""Maintainers' changes: preview exactly as residents will see it, confirm, history, revert,
stale records. Transport-independent; every action is audited."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from bot.content.derived import derive
from bot.content.documents import activation_key, detainer_key, local_key
from bot.content.loader import LoadReport, refresh_derived
from bot.content.schema import LocalPolicyFile, PlaceRef
from bot.content.snapshot import build_snapshot
from bot.core.answering import Answerer
from bot.core.answers import PlaceAnswer, View
from bot.core.editing import (
    AddPolicy,
    EditError,
    SetDate,
    apply_add_policy,
    apply_set_date,
    local_kind,
    parse_add_policy,
    parse_set_date,
)
from bot.core.facts import DetainerPolicy, StateActivation
from bot.core.places import Place, PlaceDirectory, PlaceKind
from bot.core.text import slugify
from bot.services.pending import open_preview, refuse
from bot.services.places import label, resolve_one
from bot.services.records import HistoryEntry, StaleRecord, history_entry, stale_records
from bot.storage import content as content_store
from bot.storage import staff as staff_store
from bot.storage.database import Database

PREVIEW_TTL = timedelta(minutes=15)


@dataclass(frozen=True)
class Preview:
    pending_id: str
    answer: PlaceAnswer  # the place as residents will see it once confirmed
    kind: str  # "setdate" | "addpolicy" | "revert"
    change: str  # what changes, in a line, for the audit log and the confirmation


@dataclass(frozen=True)
class Confirmed:
    place: Place
    key: str
    version: int
    kind: str
    change: str


class EditingService:
    def __init__(
        self,
        database: Database,
        answerer: Answerer,
        directory: PlaceDirectory,
        *,
        today: Callable[[], date] = date.today,
    ) -> None:
        self._database = database
        self._answerer = answerer
        self._directory = directory
        self._today = today

    # -- proposals ---------------------------------------------------------------------------
    def propose_set_date(self, actor_id: int, text: str, language: str) -> Preview:
        with self._audited(actor_id, "setdate", text):
            state_text, day, url = parse_set_date(text, self._today())
            place = resolve_one(self._answerer, state_text)
            if place.kind is not PlaceKind.STATE:
                raise EditError("not_a_state", {"text": state_text[:60]})
            docs = self._current_docs()
            key = activation_key(place.usps)
            current = StateActivation.model_validate(docs[key])
            change = SetDate(place, day, url)
            data = _dump(apply_set_date(current, change, self._today()))
            summary = f"{place.usps} statewide date {day}"
            return self._preview(actor_id, "setdate", place, key, data, docs, summary, language)

    def propose_add_policy(self, actor_id: int, text: str, language: str) -> Preview:
        with self._audited(actor_id, "addpolicy", text):
            place_text, summary, url, effective, stance = parse_add_policy(text, self._today())
            place = resolve_one(self._answerer, place_text)
            docs = self._current_docs()
            key, existing = self._policy_document(place, docs)
            change = AddPolicy(place, summary, url, effective, stance)
            if place.kind is PlaceKind.STATE:
                old = DetainerPolicy.model_validate(existing) if existing else None
                data = _dump(apply_add_policy(old, change, self._today()))
            else:
                local = LocalPolicyFile.model_validate(existing) if existing else None
                policy = apply_add_policy(local.detainer if local else None, change, self._today())
                refs = [PlaceRef(kind=local_kind(place), name=place.name)]
                data = _dump(
                    LocalPolicyFile(
                        name=local.name if local else place.name,
                        state=place.usps,
                        kind=local_kind(place),
                        applies_to=local.applies_to if local else refs,
                        detainer=policy,
                    )
                )
            line = f"{label(place)} policy ({data.get('stance') or data['detainer']['stance']})"
            return self._preview(actor_id, "addpolicy", place, key, data, docs, line, language)

    def propose_revert(self, actor_id: int, text: str, language: str) -> Preview:
        with self._audited(actor_id, "revert", text):
            place = resolve_one(self._answerer, text)
            docs = self._current_docs()
            with self._database.session() as session:
                versions = {
                    key: content_store.history(session, key=key)
                    for key in self._place_keys(place, docs)
                }
            candidates = [rows for rows in versions.values() if len(rows) >= 2]
            if not candidates:
                raise EditError("nothing_to_revert", {"place": label(place)})
            latest = max(candidates, key=lambda rows: rows[0].created_at)
            current, previous = latest[0], latest[1]
            summary = f"{current.key} back to version {previous.version}"
            return self._preview(
                actor_id, "revert", place, current.key, previous.data, docs, summary, language
            )

    # -- confirm / cancel --------------------------------------------------------------------
    def confirm(self, actor_id: int, pending_id: str) -> Confirmed:
        with self._database.session() as session:
            row = open_preview(
                session,
                pending_id=pending_id,
                actor_id=actor_id,
                action="confirm",
                kinds=("setdate", "addpolicy", "revert"),
            )
            payload: dict[str, Any] = row.payload
            key = payload["key"]
            live = content_store.current_version(session, key=key)
            if (live.version if live else 0) != payload["base_version"]:
                refuse(
                    session,
                    actor_id=actor_id,
                    action="confirm",
                    target=key,
                    outcome="invalid",
                    detail="changed since preview",
                    code="changed_since",
                    row=row,
                    status="cancelled",
                )
            added = content_store.add_version(
                session,
                key=key,
                data=payload["data"],
                author=f"telegram:{actor_id}",
                note=payload["change"][:500],
            )
            if key.startswith("local:"):
                refresh_derived(session, self._directory, LoadReport())
            row.status = "confirmed"
            row.payload = {**payload, "version": added.version}  # for "Notify subscribers"
            staff_store.audit(
                session,
                actor_id=actor_id,
                action=f"confirm {row.kind}",
                outcome="ok",
                target=key,
                detail=payload["change"],
            )
            session.commit()
        place = self._directory.get(payload["place_id"])
        assert place is not None
        return Confirmed(place, key, added.version, row.kind, payload["change"])

    def confirmed_change(self, pending_id: str) -> Confirmed:
        """A change confirmed earlier (for "Notify subscribers" under its confirmation)."""
        with self._database.session() as session:
            row = staff_store.get_pending(session, pending_id)
        if row is None or row.status != "confirmed" or "version" not in row.payload:
            raise EditError("not_pending")
        place = self._directory.get(row.payload["place_id"])
        assert place is not None
        return Confirmed(
            place, row.payload["key"], row.payload["version"], row.kind, row.payload["change"]
        )

    def cancel(self, actor_id: int, pending_id: str) -> None:
        with self._database.session() as session:
            row = open_preview(
                session,
                pending_id=pending_id,
                actor_id=actor_id,
                action="cancel",
                kinds=("setdate", "addpolicy", "revert"),
            )
            row.status = "cancelled"
            staff_store.audit(
                session,
                actor_id=actor_id,
                action=f"cancel {row.kind}",
                outcome="cancelled",
                target=row.payload.get("key"),
            )
            session.commit()

    # -- reading -----------------------------------------------------------------------------
    def history(self, text: str) -> tuple[Place, list[HistoryEntry]]:
        place = resolve_one(self._answerer, text)
        docs = self._current_docs()
        entries: list[HistoryEntry] = []
        with self._database.session() as session:
            for key in self._place_keys(place, docs):
                entries += [
                    history_entry(row) for row in content_store.history(session, key=key)[:10]
                ]
        entries.sort(key=lambda e: e.created_at, reverse=True)
        return place, entries

    def stale(self, months: int) -> list[StaleRecord]:
        return stale_records(self._current_docs(), self._today(), months)

    # -- helpers -----------------------------------------------------------------------------
    def _audited(self, actor_id: int, action: str, text: str) -> _AuditInvalid:
        return _AuditInvalid(self._database, actor_id, action, text)

    def _current_docs(self) -> dict[str, dict[str, Any]]:
        with self._database.session() as session:
            return {row.key: row.data for row in content_store.current_versions(session)}

    def _place_keys(self, place: Place, docs: dict[str, dict[str, Any]]) -> list[str]:
        if place.kind is PlaceKind.STATE:
            return [k for k in (activation_key(place.usps), detainer_key(place.usps)) if k in docs]
        scopes = derive(docs, self._directory).scopes
        return [key for key, ids in scopes.items() if place.id in ids and key.startswith("local:")]

    def _policy_document(
        self, place: Place, docs: dict[str, dict[str, Any]]
    ) -> tuple[str, dict[str, Any] | None]:
        if place.kind is PlaceKind.STATE:
            key = detainer_key(place.usps)
            return key, docs.get(key)
        keys = self._place_keys(place, docs)
        if keys:
            return keys[0], docs[keys[0]]
        return local_key(f"{place.usps}/{slugify(place.name)}"), None

    def _preview(
        self,
        actor_id: int,
        kind: str,
        place: Place,
        key: str,
        data: dict[str, Any],
        docs: dict[str, dict[str, Any]],
        change: str,
        language: str,
    ) -> Preview:
        proposed = {**docs, key: data}
        directory = self._directory
        snapshot = build_snapshot(
            proposed, derive(proposed, directory).places_to_policies(), directory
        )
        view = View.ACTIVATION if kind == "setdate" else View.DETAINER
        if kind == "revert":
            view = View.ACTIVATION if key.startswith("activation:") else View.DETAINER
        answer = self._answerer.with_facts(snapshot).place_answer(place, view, language)
        with self._database.session() as session:
            live = content_store.current_version(session, key=key)
            row = staff_store.add_pending(
                session,
                actor_id=actor_id,
                kind=kind,
                payload={
                    "key": key,
                    "data": data,
                    "place_id": place.id,
                    "change": change,
                    "base_version": live.version if live else 0,
                },
                ttl=PREVIEW_TTL,
            )
            staff_store.audit(
                session,
                actor_id=actor_id,
                action=f"preview {kind}",
                outcome="ok",
                target=key,
                detail=change,
            )
            session.commit()
            return Preview(row.id, answer, kind, change)


class _AuditInvalid:
    """Records an invalid command in the audit log (and lets the error through)."""

    def __init__(self, database: Database, actor_id: int, action: str, text: str) -> None:
        self._database, self._actor, self._action, self._text = database, actor_id, action, text

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, error: object, _tb: object) -> None:
        if isinstance(error, EditError):
            with self._database.session() as session:
                staff_store.audit(
                    session,
                    actor_id=self._actor,
                    action=self._action,
                    outcome="invalid",
                    detail=error.code,
                )
                session.commit()


def _dump(model: Any) -> dict[str, Any]:
    data: dict[str, Any] = model.model_dump(mode="json", exclude_none=True)
    return data
