"""Residents subscribe to places and can erase themselves completely."""

from __future__ import annotations

import logging
import time

from bot.core.answering import Answerer
from bot.core.editing import EditError
from bot.core.places import Place, PlaceDirectory
from bot.services.places import resolve_one
from bot.storage import subscribers as store
from bot.storage.database import (
    RETRY_AFTER_FAILURE,
    Database,
    DatabaseUnavailable,
    reachable,
)
from bot.storage.subscribers import Erased

# "/unsubscribe all" in the languages we speak.
EVERYTHING = frozenset({"all", "todo", "todos", "todas", "tudo"})


log = logging.getLogger(__name__)


class SubscriptionService:
    def __init__(self, database: Database, answerer: Answerer, directory: PlaceDirectory) -> None:
        self._database = database
        self._answerer = answerer
        self._directory = directory
        # chat id -> chosen language (None: none chosen). Read on every message, so cached;
        # this process is the only writer.
        self._languages: dict[int, str | None] = {}
        self._unreachable_until = 0.0

    def language_of(self, chat_id: int) -> str | None:
        if chat_id not in self._languages:
            if len(self._languages) > 100_000:
                self._languages.clear()
            if time.monotonic() < self._unreachable_until:
                return None
            try:
                with reachable(self._database.url), self._database.session() as session:
                    self._languages[chat_id] = store.language_of(session, chat_id=chat_id)
            except DatabaseUnavailable:
                # Out of reach: answer in the app's language rather than not at all, and do not
                # make every new chat wait for the connect timeout meanwhile.
                self._unreachable_until = time.monotonic() + RETRY_AFTER_FAILURE
                log.warning("chosen language unreadable: the database is out of reach")
                return None
        return self._languages[chat_id]

    def set_language(self, chat_id: int, language: str) -> None:
        with self._database.session() as session:
            store.set_language(session, chat_id=chat_id, language=language)
            session.commit()
        self._languages[chat_id] = language

    def place(self, text: str) -> Place:
        if not text.strip():
            raise EditError("usage_subscribe")
        return resolve_one(self._answerer, text)

    def subscribe(self, chat_id: int, place: Place, language: str | None) -> bool:
        with self._database.session() as session:
            created = store.subscribe(
                session, chat_id=chat_id, place_id=place.id, language=language
            )
            session.commit()
        self._languages.pop(chat_id, None)
        return created

    def unsubscribe(self, chat_id: int, text: str) -> tuple[Place | None, int]:
        """``all`` removes every subscription; returns (place or None for all, how many)."""
        if not text.strip():
            raise EditError("usage_unsubscribe")
        place = None
        if text.strip().lower() not in EVERYTHING:
            place = resolve_one(self._answerer, text)
        with self._database.session() as session:
            removed = store.unsubscribe(
                session, chat_id=chat_id, place_id=place.id if place else None
            )
            session.commit()
        return place, removed

    def places(self, chat_id: int) -> list[Place]:
        with self._database.session() as session:
            ids = store.subscriptions(session, chat_id=chat_id)
        return [p for p in (self._directory.get(i) for i in ids) if p is not None]

    def forget(self, chat_id: int) -> Erased:
        with self._database.session() as session:
            erased = store.forget(session, chat_id=chat_id)
            session.commit()
        self._languages.pop(chat_id, None)
        return erased
