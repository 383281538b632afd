"""Message text validation: parse_mode dispatch, trimming and Telegram's length limits."""

from __future__ import annotations

from typing import Any

from . import errors
from .entities import EntityParseError, ParsedText, TextEntity, sort_entities, trim, utf16_len
from .errors import ApiError, bad_request
from .telegram_html import parse_html
from .telegram_markdown import parse_markdown, parse_markdown_v2

MAX_MESSAGE_LENGTH = 4096
_ENTITY_TYPES = frozenset(
    {
        "mention",
        "hashtag",
        "cashtag",
        "bot_command",
        "url",
        "email",
        "phone_number",
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "spoiler",
        "blockquote",
        "expandable_blockquote",
        "code",
        "pre",
        "text_link",
        "text_mention",
        "custom_emoji",
        "date_time",
    }
)


def parse_text(source: str, parse_mode: str | None, *, strict_html: bool) -> ParsedText:
    """Parse ``source`` for ``parse_mode`` (case-insensitive, like the Bot API server)."""
    mode = (parse_mode or "").strip().lower()
    try:
        if mode == "":
            return ParsedText(source)
        if mode == "html":
            return parse_html(source, strict=strict_html)
        if mode == "markdownv2":
            return parse_markdown_v2(source, strict=strict_html)
        if mode == "markdown":
            return parse_markdown(source, strict=strict_html)
    except EntityParseError as exc:
        raise bad_request(f"{errors.CANT_PARSE_ENTITIES}: {exc.detail}") from exc
    raise bad_request(errors.UNSUPPORTED_PARSE_MODE)


def explicit_entities(source: str, raw: Any) -> ParsedText:
    """Text given with an explicit ``entities`` array (parse_mode is then ignored)."""
    if not isinstance(raw, list):
        raise bad_request(f"{errors.CANT_PARSE_ENTITIES}: entities must be an Array")
    total = utf16_len(source)
    entities: list[TextEntity] = []
    for item in raw:
        if not isinstance(item, dict):
            raise bad_request(f"{errors.CANT_PARSE_ENTITIES}: MessageEntity must be an Object")
        kind, offset, length = item.get("type"), item.get("offset"), item.get("length")
        if kind not in _ENTITY_TYPES:
            raise bad_request(f"{errors.CANT_PARSE_ENTITIES}: unsupported entity type {kind!r}")
        if not isinstance(offset, int) or not isinstance(length, int) or offset < 0:
            raise bad_request(
                f"{errors.CANT_PARSE_ENTITIES}: entity offset and length must be integers"
            )
        end = min(offset + length, total)
        if end > offset:
            url = item.get("url") if kind == "text_link" else None
            language = item.get("language") if kind == "pre" else None
            emoji = item.get("custom_emoji_id") if kind == "custom_emoji" else None
            entities.append(TextEntity(kind, offset, end - offset, url, language, emoji))
    return ParsedText(source, sort_entities(entities))


def message_text(
    source: str | None,
    parse_mode: str | None,
    raw_entities: Any,
    *,
    strict_html: bool,
    max_length: int = MAX_MESSAGE_LENGTH,
) -> ParsedText:
    """Validate a message text like sendMessage/editMessageText/input_message_content do."""
    if source is None or source == "":
        raise bad_request(errors.MESSAGE_TEXT_EMPTY)
    if raw_entities is not None:
        parsed = explicit_entities(source, raw_entities)
    else:
        parsed = parse_text(source, parse_mode, strict_html=strict_html)
    parsed = trim(parsed)
    if not parsed.text:
        raise bad_request(errors.MESSAGE_TEXT_EMPTY)
    if utf16_len(parsed.text) > max_length:
        raise bad_request(errors.MESSAGE_TOO_LONG)
    return parsed


def check_plain_length(value: str, limit: int, description: str) -> None:
    """Raise ``Bad Request: <description>`` if ``value`` exceeds ``limit`` UTF-16 units."""
    if utf16_len(value) > limit:
        raise ApiError(400, description)
