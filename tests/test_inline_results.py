"""Inline results for every kind of place: each shared message is one valid Telegram HTML
message within 4,096 characters, with a short description and an id Telegram accepts."""

from __future__ import annotations

import random

import pytest
from telegram import InlineQueryResultArticle, InputTextMessageContent

from bot.channels.telegram.inline_results import MAX_DESCRIPTION, InlineResults, ShowPlace
from bot.core.answering import Answerer
from bot.core.answers import Answer, View
from bot.core.places import PlaceKind
from bot.rendering.environment import Renderer
from bot.rendering.split import MAX_MESSAGE, visible_length
from tests.fakes.telegram_html import parse_html


@pytest.fixture(scope="module")
def results(renderer: Renderer) -> InlineResults:
    return InlineResults(renderer, "jurisbot_test_bot")


def _show(answerer: Answerer) -> ShowPlace:
    def show(place_id: str, view: View, language: str) -> Answer:
        return answerer.answer_place(place_id, view, language)

    return show


def _text(result: InlineQueryResultArticle) -> str:
    content = result.input_message_content
    assert isinstance(content, InputTextMessageContent)
    return content.message_text


@pytest.mark.parametrize("language", ["en", "es", "pt"])
def test_every_result_is_a_message_telegram_accepts(
    answerer: Answerer, results: InlineResults, language: str
) -> None:
    places = list(answerer.directory)
    rng = random.Random(5)
    sample = [p for p in places if p.kind is PlaceKind.STATE or answerer.directory.is_curated(p)]
    sample += rng.sample([p for p in places if p.kind is not PlaceKind.STATE], 150)
    for place in sample:
        built = results.build(
            answerer.answer_place(place.id, View.BOTH, language), _show(answerer)
        )
        assert built.button is None
        assert len(built.results) == 3
        ids = [r.id for r in built.results]
        assert len(set(ids)) == 3
        for result in built.results:
            assert 1 <= len(result.id.encode()) <= 64
            assert result.title.strip()
            assert result.description
            assert 0 < len(result.description) <= MAX_DESCRIPTION
            assert not result.description.startswith(("<", "Showing results"))
            text = _text(result)
            parse_html(text)  # raises on anything Telegram would refuse
            assert visible_length(text) <= MAX_MESSAGE
            link = result.reply_markup.inline_keyboard[0][0].url  # type: ignore[union-attr]
            assert link == f"https://t.me/jurisbot_test_bot?start=place-{place.id}"
            assert len(f"place-{place.id}") <= 64


def test_a_corrected_name_is_described_by_its_facts_not_the_correction(
    answerer: Answerer, results: InlineResults
) -> None:
    built = results.build(answerer.answer("massachusettes"), _show(answerer))
    text = _text(built.results[0])
    assert "Showing results for Massachusetts" in text
    assert (built.results[0].description or "").startswith("Suffolk County (Boston)")


def test_an_explainer_is_shared_under_its_own_title(
    answerer: Answerer, results: InlineResults
) -> None:
    built = results.build(answerer.answer("what is a detainer?"), _show(answerer))
    (only,) = built.results
    assert only.id == "explainer:detainer"
    assert only.title == "What is an ICE detainer?"
