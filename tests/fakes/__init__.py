"""Test fakes.  ``TelegramFake`` is a real HTTP fake of the Telegram Bot API.

Fixtures live in :mod:`tests.fakes.fixtures` (``telegram_fake``); PTB helpers in
:mod:`tests.fakes.ptb` (``application_builder``, ``running_application``).
"""

from .entities import EntityParseError, ParsedText, TextEntity, utf16_len
from .errors import ApiError, FakeUsageError
from .models import (
    BotIdentity,
    FakeChat,
    FakeUser,
    InjectedUpdate,
    MessageSnapshot,
    RecordedCall,
    ScriptedFault,
    StoredMessage,
)
from .telegram_api import DEFAULT_TOKEN, TelegramFake
from .telegram_html import parse_html
from .telegram_markdown import parse_markdown, parse_markdown_v2

__all__ = [
    "DEFAULT_TOKEN",
    "ApiError",
    "BotIdentity",
    "EntityParseError",
    "FakeChat",
    "FakeUsageError",
    "FakeUser",
    "InjectedUpdate",
    "MessageSnapshot",
    "ParsedText",
    "RecordedCall",
    "ScriptedFault",
    "StoredMessage",
    "TelegramFake",
    "TextEntity",
    "parse_html",
    "parse_markdown",
    "parse_markdown_v2",
    "utf16_len",
]
