"""Formatted text: message entities, UTF-16 arithmetic and link checks shared by the parsers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

# Characters Telegram strips from both ends of a message text.
TRIMMED = " \t\r\n\x0b\x0c"


class EntityParseError(ValueError):
    """Text that Telegram refuses with ``Bad Request: can't parse entities: <detail>``."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's offsets and length limits."""
    return len(text.encode("utf-16-le")) // 2


def byte_offset(text: str, index: int) -> int:
    """UTF-8 byte offset of code point ``index`` (Telegram reports byte offsets in errors)."""
    return len(text[:index].encode("utf-8"))


@dataclass(frozen=True)
class TextEntity:
    type: str
    offset: int
    length: int
    url: str | None = None
    language: str | None = None
    custom_emoji_id: str | None = None

    def to_api(self) -> dict[str, Any]:
        data: dict[str, Any] = {"type": self.type, "offset": self.offset, "length": self.length}
        if self.url is not None:
            data["url"] = self.url
        if self.language is not None:
            data["language"] = self.language
        if self.custom_emoji_id is not None:
            data["custom_emoji_id"] = self.custom_emoji_id
        return data


@dataclass(frozen=True)
class ParsedText:
    """Text as Telegram stores it: plain text plus entities (UTF-16 offsets)."""

    text: str
    entities: tuple[TextEntity, ...] = field(default_factory=tuple)

    def entities_api(self) -> list[dict[str, Any]]:
        return [entity.to_api() for entity in self.entities]


class TextBuilder:
    """Accumulates parsed text and tracks the UTF-16 offset of the end."""

    def __init__(self) -> None:
        self._chunks: list[str] = []
        self.utf16 = 0

    def append(self, text: str) -> None:
        self._chunks.append(text)
        self.utf16 += utf16_len(text)

    def value(self) -> str:
        return "".join(self._chunks)

    def since(self, utf16_start: int) -> str:
        """The text appended since UTF-16 offset ``utf16_start``."""
        data = self.value().encode("utf-16-le")
        return data[utf16_start * 2 :].decode("utf-16-le")


def sort_entities(entities: list[TextEntity]) -> tuple[TextEntity, ...]:
    return tuple(sorted(entities, key=lambda e: (e.offset, -e.length)))


def trim(parsed: ParsedText) -> ParsedText:
    """Strip surrounding whitespace like Telegram does, clipping the entities accordingly."""
    text = parsed.text
    stripped_left = text.lstrip(TRIMMED)
    lead = utf16_len(text) - utf16_len(stripped_left)
    result = stripped_left.rstrip(TRIMMED)
    total = utf16_len(result)
    entities: list[TextEntity] = []
    for entity in parsed.entities:
        start = max(entity.offset - lead, 0)
        end = min(entity.offset + entity.length - lead, total)
        if end > start:
            entities.append(
                TextEntity(
                    entity.type,
                    start,
                    end - start,
                    entity.url,
                    entity.language,
                    entity.custom_emoji_id,
                )
            )
    return ParsedText(result, sort_entities(entities))


_HOST_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)*$")
_LINK_SCHEMES = ("http", "https", "tg", "ton")


def normalize_link(url: str) -> str | None:
    """The URL Telegram would store for a text link, or ``None`` if it would drop the link.

    Like Telegram, a bare host ("example.com/x") gets ``http://`` prepended.
    """
    url = url.strip()
    if not url or any(ch.isspace() for ch in url):
        return None
    if "://" not in url:
        if ":" in url.split("/", 1)[0] and not re.match(r"^[^:/]+:\d+(/|$)", url):
            return None  # another scheme such as "javascript:" or "mailto:"
        url = "http://" + url
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _LINK_SCHEMES:
        return None
    if scheme in ("http", "https"):
        host = parts.hostname or ""
        if not host or not _HOST_RE.match(host):
            return None
    elif not (parts.netloc or parts.path):
        return None
    return url


def is_button_url(url: str) -> bool:
    """Inline button URLs: absolute http(s) URLs with a real host, or tg:// links."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme == "tg":
        return bool(parts.netloc or parts.path)
    if scheme not in ("http", "https"):
        return False
    host = (parts.hostname or "").lower()
    if not host or not _HOST_RE.match(host):
        return False
    return host not in ("localhost", "127.0.0.1", "0.0.0.0")


_COMMAND_RE = re.compile(r"(?<![\w/@])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/])")
_MENTION_RE = re.compile(r"(?<![\w@/])@[A-Za-z0-9_]{5,32}(?!\w)")
_URL_RE = re.compile(r"(?<!\w)https?://[^\s<>\"]+[^\s<>\".,;:!?)\]'}]")


def detect_entities(text: str) -> tuple[TextEntity, ...]:
    """The entities a Telegram client attaches to a typed text: bot commands (also
    ``/cmd@botname``), @mentions and URLs."""
    found: list[TextEntity] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in (
        ("bot_command", _COMMAND_RE),
        ("url", _URL_RE),
        ("mention", _MENTION_RE),
    ):
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            taken.append((start, end))
            offset = utf16_len(text[:start])
            found.append(TextEntity(kind, offset, utf16_len(match.group())))
    return sort_entities(found)
