"""The live facts from the database, kept in memory until they change.

An edit made in this process (a maintainer's /setdate) is served from the next answer on: any
commit here makes the next read check the content revision. Edits by another process (a
`jurisbot content load`, a second bot replica) are seen within ``max_age`` seconds: the revision
is a database round trip, too dear to pay on every answer (benchmarks/telegram_throughput.py).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from sqlalchemy.exc import SQLAlchemyError

from bot.content.snapshot import FactsSnapshot, build_snapshot
from bot.core.places import PlaceDirectory
from bot.storage import content as content_store
from bot.storage.database import RETRY_AFTER_FAILURE, Database, failure_reason

log = logging.getLogger(__name__)


class FactsCache:
    """The core's FactsSource on top of the database: one cheap check per answer."""

    def __init__(
        self,
        database: Database,
        directory: PlaceDirectory,
        *,
        on_reload: Callable[[set[str]], None] | None = None,
        max_age: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._database = database
        self._directory = directory
        self._snapshot = FactsSnapshot()
        self._lock = threading.Lock()
        self._on_reload = on_reload
        self._max_age = max_age
        self._clock = clock
        self._checked_at = clock() - max_age  # monotonic time of the last revision check
        self._checked_commits = -1  # the database's commit count at that check
        self._loaded = False

    def snapshot(self) -> FactsSnapshot:
        """The current facts; rebuilt when the content revision has moved on."""
        commits, now = self._database.commits, self._clock()
        if commits == self._checked_commits and now - self._checked_at < self._max_age:
            return self._snapshot
        try:
            current = content_store.revision_of(self._database.engine)
        except SQLAlchemyError as error:
            if not self._loaded:
                raise  # nothing to serve yet
            # The database is out of reach: the facts in memory are still the newest we know,
            # and residents keep getting answers. Not tried again for a while.
            self._checked_commits, self._checked_at = commits, now + RETRY_AFTER_FAILURE
            log.warning(
                "content revision unreadable (%s); serving the facts in memory",
                failure_reason(error),
            )
            return self._snapshot
        # Counted before the query: a commit that lands during it is checked for next time.
        self._checked_commits, self._checked_at = commits, now
        if current == self._snapshot.revision:
            return self._snapshot
        with self._database.session() as session:
            with self._lock:
                if current != self._snapshot.revision:
                    docs = {r.key: r.data for r in content_store.current_versions(session)}
                    scopes = content_store.load_scopes(session)
                    self._snapshot = build_snapshot(docs, scopes, self._directory, current)
                    self._loaded = True
                    if self._on_reload is not None:
                        self._on_reload(self._snapshot.curated_place_ids())
            return self._snapshot
