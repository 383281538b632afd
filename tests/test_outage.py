"""The database goes away under a running bot (PostgreSQL dropped, the SQLite file's folder
gone): residents keep getting answers from the facts in memory, in their app's language, and
nothing raises. A real outage on both backends, not a mock."""

from __future__ import annotations

import shutil
from pathlib import Path

import psycopg
import pytest

from bot.app import build_services
from bot.config import Settings
from bot.core.answers import PlaceAnswer
from bot.storage.database import RETRY_AFTER_FAILURE
from bot.storage.facts import FactsCache
from tests.conftest import CONTENT_DIR, POSTGRES_ADMIN_DSN, fresh_database


def _cut_off(url: str, folder: Path) -> None:
    if url.startswith("sqlite"):
        shutil.move(folder, folder.with_name(folder.name + "-gone"))
        return
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(POSTGRES_ADMIN_DSN, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_answers_go_on_from_memory_while_the_database_is_gone(
    backend: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "db"
    folder.mkdir()
    with fresh_database(backend, folder) as url:
        services = build_services(Settings(DATABASE_URL=url, JURISBOT_CONTENT_DIR=CONTENT_DIR))
        now = [0.0]
        facts = FactsCache(services.database, services.directory, clock=lambda: now[0])
        answerer = services.answerer.with_facts(facts)
        assert "May 22, 2012" in services.renderer.render(answerer.answer("Vermont"))
        try:
            services.database.engine.dispose()  # no connection survives the outage
            _cut_off(url, folder)
            now[0] = 5.0  # past max_age: the revision is checked, and cannot be read
            answer = answerer.answer("Vermont", fallback="es")
            assert isinstance(answer, PlaceAnswer)
            assert "22 de mayo de 2012" in services.renderer.render(answer)
            assert services.subscriptions.language_of(424242) is None  # app language, then
            now[0] = 5.0 + RETRY_AFTER_FAILURE / 2  # not tried again meanwhile
            assert "May 22, 2012" in services.renderer.render(answerer.answer("VT"))
            warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
            assert sum("content revision unreadable" in w for w in warnings) == 1
            assert sum("chosen language unreadable" in w for w in warnings) == 1
        finally:
            services.close()
