"""Inline mode's results: the core's answer as articles a resident can share in any chat
("@jurisbot Northampton"). Each article is the same answer the bot would send, in one message,
with a link that opens the place in the bot."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
)
from telegram.constants import ParseMode

from bot.core.answers import (
    Answer,
    ChoicesAnswer,
    ExplainerAnswer,
    NotFoundAnswer,
    PlaceAnswer,
    View,
)
from bot.core.places import Place
from bot.rendering import phrases
from bot.rendering.environment import Renderer
from bot.rendering.phrases import phrase
from bot.rendering.text import html_to_text
from bot.services.places import label

MAX_RESULTS = 50  # Telegram's limit per answer
MAX_DESCRIPTION = 120
DEEP_LINK_PLACE = "place-"
DEEP_LINK_HELP = "help"
_TITLE_LINE = re.compile(r"^<([bi])>.*</\1>$|^<b>[^<]*</b> · ")  # headings, notes

ShowPlace = Callable[[str, View, str], Answer]


@dataclasses.dataclass(frozen=True)
class InlineAnswer:
    results: list[InlineQueryResultArticle]
    button: InlineQueryResultsButton | None


def _views(asked: View) -> list[View]:
    """The view asked for first, then the others."""
    return [asked, *(view for view in View if view is not asked)]


def _title(place: Place, view: View, language: str) -> str:
    if view is View.ACTIVATION:
        return phrase(language, phrases.INLINE_ACTIVATION, place=label(place))
    if view is View.DETAINER:
        return phrase(language, phrases.INLINE_DETAINER, place=label(place))
    return label(place)


def _description(html: str) -> str:
    """The first sentence under the headings, as plain text, short."""
    for line in html.splitlines()[1:]:
        if line.strip() and not _TITLE_LINE.match(line.strip()):
            text = html_to_text(line).strip()
            if len(text) > MAX_DESCRIPTION:
                text = text[: MAX_DESCRIPTION - 1].rstrip() + "…"
            return text
    return ""


class InlineResults:
    def __init__(self, renderer: Renderer, bot_username: str) -> None:
        self._renderer = renderer
        self._link = f"https://t.me/{bot_username}?start="

    def build(self, answer: Answer, show_place: ShowPlace) -> InlineAnswer:
        """``show_place(place_id, view, language)`` answers about one place (for choices)."""
        language = answer.language
        results: list[InlineQueryResultArticle] = []
        if isinstance(answer, PlaceAnswer):
            for view in _views(answer.view):
                variant = dataclasses.replace(answer, view=view)
                results.append(self._article(variant, _title(answer.place, view, language)))
        elif isinstance(answer, ChoicesAnswer | NotFoundAnswer):
            options = answer.options if isinstance(answer, ChoicesAnswer) else answer.suggestions
            view = answer.view if isinstance(answer, ChoicesAnswer) else View.BOTH
            for place in options[:MAX_RESULTS]:
                found = show_place(place.id, view, language)
                results.append(self._article(found, _title(place, View.BOTH, language)))
        elif isinstance(answer, ExplainerAnswer):
            html = self._renderer.render_messages(answer)[0]
            results.append(self._article(answer, html_to_text(html.splitlines()[0])))
        button = None
        if not results:  # nothing to share: offer the conversation instead
            button = InlineQueryResultsButton(
                phrase(language, phrases.INLINE_OPEN_BOT), start_parameter=DEEP_LINK_HELP
            )
        return InlineAnswer(results, button)

    def _article(self, answer: Answer, title: str) -> InlineQueryResultArticle:
        parts = self._renderer.render_messages(answer)
        # One message: an answer too long even in compact form is shared up to its first
        # paragraph boundary, and the button opens the whole of it in the bot.
        html = parts[0]
        link = self._link + DEEP_LINK_HELP
        if isinstance(answer, PlaceAnswer):
            link = self._link + DEEP_LINK_PLACE + answer.place.id
            result_id = f"{answer.place.id}:{answer.view.value}"  # ids are ASCII, ≤ 44 bytes
        elif isinstance(answer, ExplainerAnswer):
            result_id = f"explainer:{answer.topic.value}"
        else:
            result_id = type(answer).__name__
        open_in_bot = InlineKeyboardButton(
            phrase(answer.language, phrases.INLINE_OPEN_ANSWER), url=link
        )
        return InlineQueryResultArticle(
            id=result_id,
            title=title,
            description=_description(html),
            input_message_content=InputTextMessageContent(
                html,
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            ),
            reply_markup=InlineKeyboardMarkup([[open_in_bot]]),
        )
