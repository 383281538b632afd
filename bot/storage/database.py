"""Engines, sessions and schema migrations for SQLite (embedded default) and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, create_engine

MIGRATIONS = Path(__file__).parent / "migrations"


def normalize_url(url: str) -> str:
    """Use the psycopg 3 driver for plain ``postgresql://`` and ``postgres://`` URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class DatabaseUnavailable(Exception):
    """The database cannot be opened or reached; the message is one readable line."""


def describe(url: str) -> str:
    """The URL without its password, fit for a log line or an error message."""
    return make_url(url).render_as_string(hide_password=True)


def make_engine(url: str) -> Engine:
    url = normalize_url(url)
    parsed = make_url(url)
    # A server that does not answer must not hold a caller for the OS's TCP timeout (minutes).
    kwargs: dict[str, Any] = {"pool_pre_ping": True, "connect_args": {"connect_timeout": 5}}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            folder = Path(parsed.database).expanduser().parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise DatabaseUnavailable(
                    f"cannot use the database {describe(url)}: cannot create {folder}: "
                    f"{error.strerror or error}"
                ) from error
        kwargs = {"connect_args": {"check_same_thread": False, "timeout": 30}}
    engine = create_engine(url, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets the bot read while a content load or a broadcast writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (creates it on an empty database)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


# After a failed connection, how long callers serve what they hold before trying again: an
# unreachable host can take the whole connect timeout to say so.
RETRY_AFTER_FAILURE = 30.0  # seconds


def failure_reason(error: Exception) -> str:
    """The driver's own first line ("Connection refused"), without SQLAlchemy's wrapping."""
    cause = getattr(error, "orig", None) or error
    text = str(cause).strip()
    return text.splitlines()[0] if text else type(cause).__name__


@contextmanager
def reachable(url: str) -> Iterator[None]:
    """Turn a refused connection or an unopenable SQLite file into DatabaseUnavailable."""
    try:
        yield
    except (OperationalError, InterfaceError) as error:
        reason = failure_reason(error)
        raise DatabaseUnavailable(f"cannot use the database {describe(url)}: {reason}") from error


class Database:
    def __init__(self, url: str) -> None:
        self.url = normalize_url(url)
        self.engine = make_engine(self.url)
        self._sessions = sessionmaker(self.engine, class_=Session, expire_on_commit=False)
        self._commits = 0
        # After the commit, not before: a cache that sees the new count sees the new rows.
        event.listen(self._sessions, "after_commit", self._count_commit)

    def _count_commit(self, _session: Session) -> None:
        self._commits += 1

    @property
    def commits(self) -> int:
        """How many transactions this process has committed through :meth:`session`: caches
        of what is stored compare it to know that this process may have changed something."""
        return self._commits

    @property
    def backend(self) -> str:
        return self.engine.url.get_backend_name()

    def migrate(self) -> None:
        migrate(self.engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
