"""Shared fixtures: the offline core, and the storage backends (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
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
# The same server as psycopg itself names it (no SQLAlchemy driver suffix).
POSTGRES_ADMIN_DSN = POSTGRES_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")
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
            POSTGRES_ADMIN_DSN,
            connect_timeout=3,
        ):
            return None
    except Exception as error:  # any failure means: not reachable here
        return str(error).splitlines()[0] if str(error) else type(error).__name__


def _require_postgres() -> None:
    problem = _postgres_reachable()
    if problem is not None:
        if REQUIRE_POSTGRES:
            pytest.fail(f"PostgreSQL is required here but not reachable: {problem}")
        pytest.skip(f"PostgreSQL not reachable: {problem}")


@contextmanager
def _postgres_database() -> Iterator[str]:
    """A fresh, empty PostgreSQL database, dropped afterwards."""
    import psycopg

    name = f"jurisbot_test_{uuid.uuid4().hex[:10]}"
    admin = POSTGRES_ADMIN_DSN
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def fresh_database(kind: str, tmp: Path) -> Iterator[str]:
    """An empty database of the given kind ("sqlite" or "postgres")."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp / f'jurisbot-{uuid.uuid4().hex[:8]}.db'}"
        return
    _require_postgres()
    with _postgres_database() as url:
        yield url


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Every storage test runs on the embedded SQLite and on the real PostgreSQL."""
    with fresh_database(request.param, tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def module_database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Like database_url, but a database of its own for a module that changes data."""
    with fresh_database(request.param, tmp_path_factory.mktemp("db")) as url:
        yield url
