"""Split a rendered HTML reply into Telegram-sized messages at paragraph boundaries."""

from __future__ import annotations

from bot.rendering.text import html_to_text

MAX_MESSAGE = 4096  # Telegram's limit, counted after entity parsing, in UTF-16 code units


def visible_length(html: str) -> int:
    """The length Telegram measures: the text without tags, in UTF-16 code units."""
    return len(html_to_text(html, links=False).encode("utf-16-le")) // 2


def split_message(html: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Paragraphs stay whole; a paragraph too long on its own is cut between lines. Our
    templates never open a tag across a line break, so every part stays valid HTML."""
    if visible_length(html) <= limit:
        return [html]
    parts: list[str] = []
    current: list[str] = []
    for block in _blocks(html, limit):
        candidate = "\n\n".join([*current, block])
        if current and visible_length(candidate) > limit:
            parts.append("\n\n".join(current))
            current = [block]
        else:
            current.append(block)
    if current:
        parts.append("\n\n".join(current))
    return parts


def _blocks(html: str, limit: int) -> list[str]:
    blocks: list[str] = []
    for paragraph in html.split("\n\n"):
        if visible_length(paragraph) <= limit:
            blocks.append(paragraph)
            continue
        lines: list[str] = []
        for line in paragraph.split("\n"):
            if lines and visible_length("\n".join([*lines, line])) > limit:
                blocks.append("\n".join(lines))
                lines = []
            lines.append(line)
        blocks.append("\n".join(lines))
    return blocks
