"""No input, however odd or hostile, raises or yields a reply Telegram would reject."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.core.answering import Answerer
from bot.core.answers import View
from bot.rendering.environment import Renderer
from bot.rendering.split import MAX_MESSAGE, visible_length
from tests.fakes.telegram_html import parse_html

HOSTILE = [
    "",
    " ",
    "x" * 10_000,
    "Boston " * 2_000,
    "\x00\x01\x02\x1b[31m\x7f",
    "🗽🇺🇸🙏🏽 " * 50,
    "\u202eTexas\u202c مرحبا بكم في تكساس",
    "שלום מסצ'וסטס",
    "'; DROP TABLE place; --",
    "1 OR 1=1; SELECT * FROM content_version",
    "<script>alert(1)</script>",
    "<b>Boston</b> &amp; &lt; &#x27; <a href='javascript:x'>MA</a>",
    "&&&&<<<<>>>>",
    "01060" * 1000,
    "\u200b\u200c\u200d\ufeff",
    "N" * 64 + "." * 64,
    "%(place)s {{ 7*7 }} {% raw %}",
]


def _check(answerer: Answerer, renderer: Renderer, text: str) -> None:
    answer = answerer.answer(text)
    messages = renderer.render_messages(answer)
    assert messages
    for html in messages:
        parsed = parse_html(html)  # raises on anything Telegram's HTML parser would reject
        assert 0 < len(parsed.text.encode("utf-16-le")) // 2 <= MAX_MESSAGE
        assert visible_length(html) == len(parsed.text.encode("utf-16-le")) // 2
        assert "<script" not in html
    assert renderer.render(answer, fmt="text").strip()


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_inputs(text: str, answerer: Answerer, renderer: Renderer) -> None:
    _check(answerer, renderer, text)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=300))
@example("Springfield " * 30)
def test_any_text(answerer: Answerer, renderer: Renderer, text: str) -> None:
    _check(answerer, renderer, text)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(
            [
                "when",
                "did",
                "secure",
                "communities",
                "start",
                "in",
                "IN",
                "OR",
                "ME",
                "hi",
                "Boston",
                "Portland",
                "MA",
                "county",
                "Dallas",
                "detainer",
                "policy",
                "¿",
                "?",
                "01060",
                "99999",
                "Nueva",
                "York",
                "ICE",
                "hold",
                "de",
                "LA",
                "Paris",
                ",",
            ]
        ),
        max_size=12,
    ).map(" ".join)
)
def test_word_salad(answerer: Answerer, renderer: Renderer, text: str) -> None:
    _check(answerer, renderer, text)


def test_every_state_in_every_view_renders(answerer: Answerer, renderer: Renderer) -> None:
    for state in answerer.directory.states():
        for view in View:
            for language in ("en", "es", "pt"):
                for html in renderer.render_messages(answerer.place_answer(state, view, language)):
                    assert visible_length(html) <= MAX_MESSAGE
                    parse_html(html)


def test_every_curated_place_renders(answerer: Answerer, renderer: Renderer) -> None:
    directory = answerer.directory
    curated = sorted(place.id for place in directory if directory.is_curated(place))
    assert len(curated) > 250  # county activation rows and local policies
    for place_id in curated:
        for html in renderer.render_messages(answerer.answer_place(place_id, View.BOTH, "en")):
            assert visible_length(html) <= MAX_MESSAGE, place_id
            parse_html(html)
