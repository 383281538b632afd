"""The question table: real questions and the facts a correct answer must contain."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.core.answering import Answerer
from bot.core.answers import (
    ChoicesAnswer,
    ExplainerAnswer,
    HelpAnswer,
    NotFoundAnswer,
    PlaceAnswer,
)
from bot.i18n.locales import translations
from bot.rendering.environment import Renderer
from bot.rendering.split import MAX_MESSAGE, visible_length

DATA = Path(__file__).parent / "data"
CASES: list[dict[str, Any]] = [
    case
    for name in ("questions.yaml", "questions_es_pt.yaml")
    for case in yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
]
KINDS = {
    PlaceAnswer: "place",
    ChoicesAnswer: "choices",
    NotFoundAnswer: "not_found",
    ExplainerAnswer: "explainer",
    HelpAnswer: "help",
}


def test_the_table_is_large_enough() -> None:
    assert len(CASES) >= 100
    assert len({case["id"] for case in CASES}) == len(CASES)
    assert sum(case["id"].startswith("es-") for case in CASES) >= 40
    assert sum(case["id"].startswith("pt-") for case in CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_question(case: dict[str, Any], answerer: Answerer, renderer: Renderer) -> None:
    answer = answerer.answer(case["question"])
    kind = KINDS[type(answer)]
    html = renderer.render(answer)
    text = renderer.render(answer, fmt="text")
    assert 0 < visible_length(html) <= MAX_MESSAGE  # fits one Telegram message

    if "place" in case:
        assert isinstance(answer, PlaceAnswer), f"expected a place answer, got {kind}: {text}"
        assert answer.place.id == case["place"]
    if "choices" in case:
        assert isinstance(answer, ChoicesAnswer), f"expected choices, got {kind}: {text}"
        offered = [p.id for p in answer.options]
        assert set(case["choices"]) <= set(offered), offered
        assert len(offered) <= 8
        if "first_choice" in case:
            assert offered[0] == case["first_choice"], offered
    if "not_found" in case:
        assert isinstance(answer, NotFoundAnswer), f"expected not found, got {kind}: {text}"
        assert answer.reason.value == case["not_found"]
    if "explainer" in case:
        assert isinstance(answer, ExplainerAnswer), f"expected an explainer, got {kind}"
        assert answer.topic.value == case["explainer"]
    if "help" in case:
        assert isinstance(answer, HelpAnswer), f"expected help, got {kind}: {text}"
        assert answer.reason.value == case["help"]
    if "kinds" in case:
        assert kind in case["kinds"]
    if "language" in case:
        assert answer.language == case["language"]

    for pattern in case.get("contains", []):
        assert re.search(pattern, text, re.IGNORECASE), f"{pattern!r} missing from:\n{text}"
    for pattern in case.get("not_contains", []):
        assert not re.search(pattern, text, re.IGNORECASE), f"{pattern!r} found in:\n{text}"


def test_every_place_answer_shows_sources_as_of_and_disclaimer(
    answerer: Answerer, renderer: Renderer
) -> None:
    for case in CASES:
        answer = answerer.answer(case["question"])
        if isinstance(answer, PlaceAnswer | ExplainerAnswer):
            text = renderer.render(answer, fmt="text")
            words = translations(answer.language).ugettext
            assert words("As of %(date)s.").split("%(")[0] in text, case["id"]
            assert words("Sources:") in text or words("We have no source for this.") in text, case[
                "id"
            ]
            assert words("This is information, not legal advice.") in text, case["id"]
