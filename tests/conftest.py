"""Shared fixtures: the offline core, and the storage backends (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app import build_offline_answerer
from bot.core.answering import Answerer
from bot.rendering.environment import Renderer

ROOT = Path(__file__).resolve().parents[1]
CONTENT_DIR = ROOT / "content"
POSTGRES_ADMIN_URL = os.environ.get(
    "JURISBOT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
# CI sets this: there a skipped PostgreSQL test is a failure, not a skip.
REQUIRE_POSTGRES = os.environ.get("JURISBOT_REQUIRE_POSTGRES") == "1"


@pytest.fixture(scope="session")
def answerer() -> Answerer:
    return build_offline_answerer(CONTENT_DIR)


@pytest.fixture(scope="session")
def renderer() -> Renderer:
    return Renderer()


def _postgres_reachable() -> str | None:
    try:
        import psycopg

        with psycopg.connect(
            POSTGRES_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://"),
            connect_timeout=3,
        ):
            return None
    except Exception as error:  # any failure means: not reachable here
        return str(error).splitlines()[0] if str(error) else type(error).__name__


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for this test session, dropped afterwards."""
    problem = _postgres_reachable()
    if problem is not None:
        if REQUIRE_POSTGRES:
            pytest.fail(f"PostgreSQL is required here but not reachable: {problem}")
        pytest.skip(f"PostgreSQL not reachable: {problem}")
    import psycopg

    name = f"jurisbot_test_{uuid.uuid4().hex[:10]}"
    admin = POSTGRES_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Every storage test runs on the embedded SQLite and on the real PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'jurisbot.db'}"
    url: str = request.getfixturevalue("postgres_url")
    return url
