"""One Jinja environment for every language: templates own every word the user sees.

Templates produce Telegram HTML (only b, i, a tags; everything else escaped). Plain text for
the console and SMS-like channels is derived from the same output, so both always agree.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context

from bot.core.answers import (
    Answer,
    ChoicesAnswer,
    ExplainerAnswer,
    HelpAnswer,
    NotFoundAnswer,
    PlaceAnswer,
)
from bot.core.dates import parse_partial_date
from bot.i18n.locales import translations
from bot.rendering.filters import format_partial, localize_dates, source_link

TEMPLATES = Path(__file__).parent / "templates"
MAX_MESSAGE = 4096
Format = Literal["html", "text"]

_TEMPLATE_FOR: dict[type, str] = {
    PlaceAnswer: "place.html.j2",
    ChoicesAnswer: "choices.html.j2",
    NotFoundAnswer: "not_found.html.j2",
    ExplainerAnswer: "explainer.html.j2",
    HelpAnswer: "help.html.j2",
}
_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.DOTALL)
_TAG = re.compile(r"</?(?:b|i|u|s|code|pre|blockquote)>")
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


# Jinja's newstyle gettext fills in the %(name)s variables itself, after translation.
@pass_context
def _gettext(context: Context, message: str) -> str:
    return str(translations(context["language"]).ugettext(message))


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    return str(translations(context["language"]).ungettext(singular, plural, n))


@pass_context
def _date(context: Context, value: str) -> str:
    return format_partial(value, context["language"])


@pass_context
def _dates(context: Context, value: str) -> str:
    return localize_dates(value, context["language"])


def html_to_text(markup: str) -> str:
    """Telegram HTML -> plain text: links become "label (url)"."""
    text = _LINK.sub(lambda m: f"{m.group(2)} ({html.unescape(m.group(1))})", markup)
    return html.unescape(_TAG.sub("", text))


def tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


class Renderer:
    def __init__(self, templates: Path = TEMPLATES) -> None:
        env = Environment(
            loader=FileSystemLoader(str(templates)),
            autoescape=True,
            undefined=StrictUndefined,
            extensions=["jinja2.ext.i18n", "jinja2.ext.do"],
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.install_gettext_callables(  # type: ignore[attr-defined]
            gettext=_gettext, ngettext=_ngettext, newstyle=True
        )
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
        """The whole answer as one message, never over Telegram's 4096 characters."""
        name = _TEMPLATE_FOR[type(answer)]
        output = self.render_template(name, answer.language, answer=answer)
        if len(output) > MAX_MESSAGE:
            # Fewer sources and no extra details first; then cut at a paragraph boundary.
            output = self.render_template(name, answer.language, answer=answer, compact=True)
        output = _fit(output)
        return html_to_text(output) if fmt == "text" else output

    def render_template(self, name: str, language: str, **context: Any) -> str:
        context.setdefault("compact", False)
        return tidy(self._env.get_template(name).render(language=language, **context))


def _fit(text: str) -> str:
    if len(text) <= MAX_MESSAGE:
        return text
    paragraphs = text.split("\n\n")
    kept: list[str] = []
    size = 0
    for paragraph in paragraphs:
        if size + len(paragraph) + 2 > MAX_MESSAGE - 2:
            break
        kept.append(paragraph)
        size += len(paragraph) + 2
    if not kept:  # one enormous paragraph: cut between lines (never inside a tag)
        lines = paragraphs[0].split("\n")
        while lines and len("\n".join(lines)) > MAX_MESSAGE - 2:
            lines.pop()
        kept = ["\n".join(lines)]
    return "\n\n".join(kept) + "\n…"
