"""One Jinja environment for every language: templates own every word the user sees.

Templates produce Telegram HTML (only b, i, a tags; everything else escaped). Plain text for
the console and SMS-like channels is derived from the same output, so both always agree.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from bot.core.answers import (
    Answer,
    ChoicesAnswer,
    ExplainerAnswer,
    HelpAnswer,
    NotFoundAnswer,
    PlaceAnswer,
)
from bot.core.dates import parse_partial_date
from bot.core.facts import LocalizedText
from bot.i18n.locales import translations
from bot.rendering.filters import format_partial, localize_dates, source_link
from bot.rendering.fragments import FragmentCache
from bot.rendering.split import MAX_MESSAGE, split_message, visible_length
from bot.rendering.text import html_to_text

TEMPLATES = Path(__file__).parent / "templates"
Format = Literal["html", "text"]

_TEMPLATE_FOR: dict[type, str] = {
    PlaceAnswer: "place.html.j2",
    ChoicesAnswer: "choices.html.j2",
    NotFoundAnswer: "not_found.html.j2",
    ExplainerAnswer: "explainer.html.j2",
    HelpAnswer: "help.html.j2",
}
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


# The language and the compact flag of the render in progress. A context variable, not a
# template variable, so macro modules can be imported once and cached, and concurrent renders
# in different languages (threads or asyncio tasks) never see each other's settings.
_language: ContextVar[str] = ContextVar("render_language", default="en")
_compact: ContextVar[bool] = ContextVar("render_compact", default=False)


# Jinja's newstyle gettext fills in the %(name)s variables itself, after translation.
def _gettext(message: str) -> str:
    return str(translations(_language.get()).ugettext(message))


def _ngettext(singular: str, plural: str, n: int) -> str:
    return str(translations(_language.get()).ungettext(singular, plural, n))


def _date(value: str) -> str:
    return format_partial(value, _language.get())


def _dates(value: str) -> str:
    return localize_dates(value, _language.get())


def _local(text: LocalizedText) -> str:
    return text.get(_language.get())


def tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


class Renderer:
    def __init__(self, templates: Path = TEMPLATES, *, fragment_cache_size: int = 4096) -> None:
        env = Environment(
            loader=FileSystemLoader(str(templates)),
            autoescape=True,
            undefined=StrictUndefined,
            extensions=["jinja2.ext.i18n", "jinja2.ext.do"],
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,  # templates ship with the code; no stat() per render
        )
        env.install_gettext_callables(  # type: ignore[attr-defined]
            gettext=_gettext, ngettext=_ngettext, newstyle=True
        )
        env.globals["is_compact"] = _compact.get
        self.fragments = FragmentCache(_language, _compact, maxsize=fragment_cache_size)
        env.globals["memo"] = self.fragments
        env.globals["current_language"] = _language.get
        env.filters["local"] = _local
        env.filters["date"] = _date
        env.filters["dates"] = _dates
        env.filters["link"] = source_link
        env.filters["precision"] = lambda value: parse_partial_date(value).precision.value
        env.filters["capfirst"] = lambda text: text[:1].upper() + text[1:]
        # "Gov. Code 7284 et seq." must not end in two periods.
        env.filters["unstop"] = lambda text: text[:-1] if text.endswith(".") else text
        env.filters["quote"] = lambda text, limit=60: (
            text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
        )
        self._env = env

    def render(self, answer: Answer, *, fmt: Format = "html") -> str:
        """The whole answer as one text (the console prints it as it is)."""
        output = self.render_template(_TEMPLATE_FOR[type(answer)], answer.language, answer=answer)
        return html_to_text(output) if fmt == "text" else output

    def render_messages(self, answer: Answer) -> list[str]:
        """The answer as Telegram messages: one when it fits (with fewer sources and details
        if need be), else split at paragraph boundaries."""
        name = _TEMPLATE_FOR[type(answer)]
        output = self.render_template(name, answer.language, answer=answer)
        if visible_length(output) > MAX_MESSAGE:
            output = self.render_template(name, answer.language, answer=answer, compact=True)
        return split_message(output)

    def render_template(
        self, name: str, language: str, *, compact: bool = False, **context: Any
    ) -> str:
        language_token = _language.set(language)
        compact_token = _compact.set(compact)
        try:
            template = self._env.get_template(name)
            return tidy(template.render(language=language, **context))
        finally:
            _compact.reset(compact_token)
            _language.reset(language_token)
