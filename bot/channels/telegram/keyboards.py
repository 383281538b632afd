"""Inline keyboards under answers, choices and the states list."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.channels.telegram.callback_data import (
    Payload,
    ShowPlace,
    StatesPage,
    Subscribe,
    encode,
)
from bot.core.answers import (
    Answer,
    ChoicesAnswer,
    ExplainerAnswer,
    HelpAnswer,
    NotFoundAnswer,
    PlaceAnswer,
    View,
)
from bot.core.places import Place, PlaceDirectory, PlaceKind
from bot.rendering import phrases
from bot.rendering.phrases import phrase
from bot.services.places import label

STATES_PER_PAGE = 18
STATES_PER_ROW = 3


def _place_button(text: str, place: Place, view: View) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=encode(ShowPlace(place.id, view)))


def answer_keyboard(answer: Answer) -> InlineKeyboardMarkup | None:
    lang = answer.language
    if isinstance(answer, PlaceAnswer):
        return _place_keyboard(answer)
    if isinstance(answer, ChoicesAnswer):
        rows = [[_place_button(label(p), p, answer.view)] for p in answer.options]
        return InlineKeyboardMarkup(rows)
    if isinstance(answer, NotFoundAnswer) and answer.suggestions:
        rows = [[_place_button(label(p), p, View.BOTH)] for p in answer.suggestions]
        return InlineKeyboardMarkup(rows)
    if isinstance(answer, ExplainerAnswer | HelpAnswer | NotFoundAnswer):
        states = InlineKeyboardButton(
            phrase(lang, phrases.BUTTON_STATES), callback_data=encode(StatesPage(0))
        )
        return InlineKeyboardMarkup([[states]])
    return None


def _place_keyboard(answer: PlaceAnswer) -> InlineKeyboardMarkup:
    lang = answer.language
    place = answer.place
    views = []
    if answer.view is not View.ACTIVATION:
        views.append(
            _place_button(phrase(lang, phrases.BUTTON_ACTIVATION), place, View.ACTIVATION)
        )
    if answer.view is not View.DETAINER:
        views.append(_place_button(phrase(lang, phrases.BUTTON_DETAINER), place, View.DETAINER))
    subscribe = InlineKeyboardButton(
        phrase(lang, phrases.BUTTON_SUBSCRIBE), callback_data=encode(Subscribe(place.id))
    )
    rows = [views, [subscribe]]
    up = []
    if place.kind is PlaceKind.TOWN and answer.county is not None:
        up.append(_up_button(lang, answer.county, answer.view))
    if place.kind is not PlaceKind.STATE:
        up.append(_up_button(lang, answer.state, answer.view))
    if up:
        rows.append(up)
    return InlineKeyboardMarkup(rows)


def _up_button(language: str, place: Place, view: View) -> InlineKeyboardButton:
    return _place_button(phrase(language, phrases.BUTTON_UP, place=place.name), place, view)


def states_page_count(directory: PlaceDirectory) -> int:
    return -(-len(directory.states()) // STATES_PER_PAGE)


def states_keyboard(directory: PlaceDirectory, page: int, language: str) -> InlineKeyboardMarkup:
    states = directory.states()
    pages = states_page_count(directory)
    page = min(max(page, 0), pages - 1)
    shown = states[page * STATES_PER_PAGE : (page + 1) * STATES_PER_PAGE]
    rows = [
        [_place_button(s.name, s, View.BOTH) for s in shown[i : i + STATES_PER_ROW]]
        for i in range(0, len(shown), STATES_PER_ROW)
    ]
    navigation = []
    if page > 0:
        navigation.append(
            InlineKeyboardButton(
                phrase(language, phrases.BUTTON_PREVIOUS),
                callback_data=encode(StatesPage(page - 1)),
            )
        )
    if page < pages - 1:
        navigation.append(
            InlineKeyboardButton(
                phrase(language, phrases.BUTTON_NEXT), callback_data=encode(StatesPage(page + 1))
            )
        )
    if navigation:
        rows.append(navigation)
    return InlineKeyboardMarkup(rows)


def choice_row(language: str, *buttons: tuple[str, Payload]) -> InlineKeyboardMarkup:
    """One row of labelled buttons (a preview's Confirm and Cancel)."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(phrase(language, label), callback_data=encode(payload))
                for label, payload in buttons
            ]
        ]
    )
