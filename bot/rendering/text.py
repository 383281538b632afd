"""Telegram HTML to plain text (for the console, and to measure what Telegram counts)."""

from __future__ import annotations

import html
import re

_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.DOTALL)
_TAG = re.compile(r"</?(?:b|i|u|s|code|pre|blockquote)>")


def html_to_text(markup: str, *, links: bool = True) -> str:
    """Links become "label (url)" when ``links``, else just the label."""

    def link(match: re.Match[str]) -> str:
        if links:
            return f"{match.group(2)} ({html.unescape(match.group(1))})"
        return match.group(2)

    return html.unescape(_TAG.sub("", _LINK.sub(link, markup)))
