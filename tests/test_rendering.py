"""Rendering details: dates in each language, escaping, splitting long replies."""

from __future__ import annotations

import pytest

from bot.rendering.filters import format_partial, localize_dates
from bot.rendering.split import split_message, visible_length
from bot.rendering.text import html_to_text
from tests.fakes.telegram_html import parse_html


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        ("2012-05-15", "en", "May 15, 2012"),
        ("2012-05-15", "es", "15 de mayo de 2012"),
        ("2012-05-15", "pt", "15 de maio de 2012"),
        ("2008-10", "en", "October 2008"),
        ("2008-10", "es", "octubre de 2008"),
        ("2011", "en", "2011"),
    ],
)
def test_partial_dates_in_each_language(value: str, language: str, expected: str) -> None:
    assert format_partial(value, language) == expected


def test_iso_dates_inside_sentences_are_localized_and_others_left_alone() -> None:
    text = "Effective 2019-10-01 (PA 19-20); HB 7259 (2025); 2013 not verified; 287(g)."
    assert localize_dates(text, "en") == (
        "Effective October 1, 2019 (PA 19-20); HB 7259 (2025); 2013 not verified; 287(g)."
    )


def test_html_to_text_keeps_link_targets() -> None:
    html = '<b>A &amp; B</b> <a href="https://x.org/?a=1&amp;b=2">Globe</a>'
    assert html_to_text(html) == "A & B Globe (https://x.org/?a=1&b=2)"
    assert html_to_text(html, links=False) == "A & B Globe"


def test_a_long_reply_is_split_at_paragraphs_into_valid_messages() -> None:
    paragraph = "<b>Title</b>\n" + "word &amp; " * 300  # ~3,000 visible characters
    html = "\n\n".join([paragraph] * 5)
    parts = split_message(html)
    assert len(parts) >= 4
    for part in parts:
        assert visible_length(part) <= 4096
        parse_html(part)
    assert "\n\n".join(parts) == html  # nothing lost, nothing added


def test_a_huge_paragraph_is_cut_between_lines() -> None:
    html = "\n".join(f"line {i} &lt;ok&gt;" for i in range(2000))
    parts = split_message(html)
    assert len(parts) > 1
    assert all(visible_length(p) <= 4096 for p in parts)
    assert "\n".join(parts).replace("\n\n", "\n") == html


def test_emoji_count_as_two_units() -> None:
    assert visible_length("🗽") == 2
