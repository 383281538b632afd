"""Corrections from anyone: stored with nothing about the reporter but the chat id."""

from __future__ import annotations

from bot.core.answering import Answerer
from bot.core.editing import EditError
from bot.core.places import Place
from bot.services.places import resolve_prefix
from bot.storage import staff as staff_store
from bot.storage.database import Database
from bot.storage.tables import ReportRow

MAX_REPORT = 1000


class ReportService:
    def __init__(self, database: Database, answerer: Answerer) -> None:
        self._database = database
        self._answerer = answerer

    def report(self, chat_id: int, text: str) -> tuple[ReportRow, Place]:
        place, message = resolve_prefix(self._answerer, text[: MAX_REPORT * 2])
        if not message.strip():
            raise EditError("usage_report")
        if len(message) > MAX_REPORT:
            raise EditError("report_too_long", {"length": len(message), "max": MAX_REPORT})
        with self._database.session() as session:
            row = staff_store.add_report(session, chat_id=chat_id, place_id=place.id, text=message)
            session.commit()
            return row, place

    def open(self) -> list[ReportRow]:
        with self._database.session() as session:
            return staff_store.open_reports(session)

    def resolve(self, actor_id: int, report_id: int) -> bool:
        with self._database.session() as session:
            done = staff_store.resolve_report(session, report_id=report_id, by=actor_id)
            staff_store.audit(
                session,
                actor_id=actor_id,
                action="resolve report",
                outcome="ok" if done else "invalid",
                target=str(report_id),
            )
            session.commit()
            return done
