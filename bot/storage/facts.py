"""The live facts from the database, kept in memory until they change.

Each read checks one number (the newest content version id), so an edit made by any process
is served at once, while answering stays a dictionary lookup.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from bot.content.snapshot import FactsSnapshot, build_snapshot
from bot.core.places import PlaceDirectory
from bot.storage import content as content_store
from bot.storage.database import Database


class FactsCache:
    """The core's FactsSource on top of the database: one cheap check per answer."""

    def __init__(
        self,
        database: Database,
        directory: PlaceDirectory,
        *,
        on_reload: Callable[[set[str]], None] | None = None,
    ) -> None:
        self._database = database
        self._directory = directory
        self._snapshot = FactsSnapshot()
        self._lock = threading.Lock()
        self._on_reload = on_reload

    def snapshot(self) -> FactsSnapshot:
        """The current facts; rebuilt when the content revision has moved on."""
        current = content_store.revision_of(self._database.engine)
        if current == self._snapshot.revision:
            return self._snapshot
        with self._database.session() as session:
            with self._lock:
                if current != self._snapshot.revision:
                    docs = {r.key: r.data for r in content_store.current_versions(session)}
                    scopes = content_store.load_scopes(session)
                    self._snapshot = build_snapshot(docs, scopes, self._directory, current)
                    if self._on_reload is not None:
                        self._on_reload(self._snapshot.curated_place_ids())
            return self._snapshot
