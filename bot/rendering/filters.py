"""Template filters: dates in the reader's language, sources as links."""

from __future__ import annotations

import re

from babel.dates import format_date, format_skeleton
from markupsafe import Markup, escape

from bot.core.dates import PartialDate, Precision, parse_partial_date
from bot.core.facts import Source
from bot.i18n.locales import locale

_ISO_IN_TEXT = re.compile(r"(?<![\d-])(\d{4}-\d{2}(?:-\d{2})?)(?![\d-])")


def format_partial(value: str | PartialDate, language: str) -> str:
    """2012-05-15 -> "May 15, 2012" / "15 de mayo de 2012"; 2012-05 -> "May 2012"."""
    partial = parse_partial_date(value) if isinstance(value, str) else value
    loc = locale(language)
    if partial.precision is Precision.DAY:
        return str(format_date(partial.earliest, format="long", locale=loc))
    if partial.precision is Precision.MONTH:
        return str(format_skeleton("yMMMM", partial.earliest, locale=loc))
    return str(partial.year)


def localize_dates(text: str, language: str) -> str:
    """Rewrite the ISO dates inside a sentence of the facts in the reader's language."""

    def replace(match: re.Match[str]) -> str:
        try:
            return format_partial(match.group(1), language)
        except ValueError:
            return match.group(1)

    return _ISO_IN_TEXT.sub(replace, text)


def source_link(source: Source) -> Markup:
    if source.url:
        return Markup('<a href="{}">{}</a>').format(source.url, source.label)
    return escape(source.label)
