"""Configuration, only from the environment (documented in .env.example)."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).parent


def default_content_dir() -> Path:
    """The repository's content/ when running from a checkout, else the copy in the wheel."""
    checkout = PACKAGE_DIR.parent / "content"
    return checkout if (checkout / "states").is_dir() else PACKAGE_DIR / "_content"


def default_database_url() -> str:
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return f"sqlite:///{base / 'jurisbot' / 'jurisbot.db'}"


class Settings(BaseSettings):
    # Empty variables (as in a copy of .env.example) mean "not set": the default applies.
    model_config = SettingsConfigDict(
        env_prefix="", extra="ignore", populate_by_name=True, env_ignore_empty=True
    )

    database_url: str = Field(default_factory=default_database_url, alias="DATABASE_URL")
    content_dir: Path = Field(default_factory=default_content_dir, alias="JURISBOT_CONTENT_DIR")
    telegram_bot_token: str | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_base_url: str | None = Field(default=None, alias="TELEGRAM_API_BASE_URL")
    admins: str = Field(default="", alias="JURISBOT_ADMINS")
    broadcast_rate: float = Field(default=25.0, gt=0, le=1000, alias="JURISBOT_BROADCAST_RATE")
    broadcast_approvals: int = Field(default=1, ge=1, le=5, alias="JURISBOT_BROADCAST_APPROVALS")
    # Per person: updates in a burst, then updates per second (bot/channels/telegram/flood.py).
    flood_burst: int = Field(default=20, ge=1, le=10_000, alias="JURISBOT_FLOOD_BURST")
    flood_rate: float = Field(default=0.5, gt=0, le=100, alias="JURISBOT_FLOOD_RATE")

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        url = value.strip() or default_database_url()
        if not url.startswith(("sqlite:", "postgresql:", "postgresql+psycopg:", "postgres:")):
            raise ValueError(
                "expected sqlite:///PATH or postgresql://USER:PASSWORD@HOST:PORT/DATABASE"
            )
        return url

    @field_validator("telegram_api_base_url")
    @classmethod
    def _bot_api_url(cls, value: str | None) -> str | None:
        # PTB appends the token: "http://host:8081" would become "http://host:8081123:AA...".
        if value is None:
            return None
        url = value.strip().rstrip("/")
        if not url.startswith(("http://", "https://")) or not url.endswith("/bot"):
            raise ValueError(
                "expected the Bot API address ending in /bot (the token is appended), "
                "e.g. http://127.0.0.1:8081/bot"
            )
        return url

    @field_validator("admins")
    @classmethod
    def _user_ids(cls, value: str) -> str:
        # A mistyped id must not silently leave the bot without maintainers.
        entries = [v for v in value.replace(" ", "").split(",") if v]
        if not all(v.isdigit() for v in entries):
            raise ValueError("expected Telegram user ids (digits) separated by commas")
        return ",".join(entries)

    @property
    def admin_ids(self) -> frozenset[int]:
        return frozenset(int(v) for v in self.admins.split(",") if v)


def settings_problems(error: ValidationError) -> list[str]:
    """One readable line per bad variable: "JURISBOT_BROADCAST_RATE: should be greater than 0"."""
    lines = []
    for problem in error.errors():
        name = ".".join(str(part) for part in problem["loc"])
        message = str(problem["msg"]).removeprefix("Value error, ")
        lines.append(f"{name}: {message}")
    return lines
