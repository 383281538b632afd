"""Remembered fragments change nothing a reader sees: every answer renders exactly as it does
without the cache, in every language and layout, on first sight and when remembered."""

from __future__ import annotations

import random
from contextvars import ContextVar

from markupsafe import Markup

from bot.core.answering import Answerer
from bot.core.answers import PlaceAnswer, View
from bot.core.places import PlaceKind
from bot.rendering.environment import Renderer
from bot.rendering.fragments import FragmentCache


def _sample_place_ids(answerer: Answerer) -> list[str]:
    """Every state and county with facts of its own, and a spread of counties and towns."""
    places = list(answerer.directory)
    rng = random.Random(11)
    states = [p.id for p in places if p.kind is PlaceKind.STATE]
    counties = rng.sample([p.id for p in places if p.kind is PlaceKind.COUNTY], 250)
    towns = rng.sample([p.id for p in places if p.kind is PlaceKind.TOWN], 250)
    curated = [p.id for p in places if answerer.directory.is_curated(p)]
    return states + counties + towns + curated


def test_cached_and_uncached_renders_are_identical(answerer: Answerer) -> None:
    cached, plain = Renderer(), Renderer(fragment_cache_size=0)
    ids = _sample_place_ids(answerer)
    for language in ("en", "es", "pt"):
        for place_id in ids:
            for view in View:
                answer = answerer.answer_place(place_id, view, language)
                assert isinstance(answer, PlaceAnswer)
                expected = plain.render_messages(answer)
                assert cached.render_messages(answer) == expected
                assert cached.render_messages(answer) == expected  # remembered this time
                compact = plain.render_template(
                    "place.html.j2", language, answer=answer, compact=True
                )
                assert (
                    cached.render_template("place.html.j2", language, answer=answer, compact=True)
                    == compact
                )
    assert cached.fragments.hits > cached.fragments.misses > 0
    assert len(plain.fragments) == 0


def test_each_language_and_layout_has_its_own_fragment() -> None:
    language, compact = ContextVar("language", default="en"), ContextVar("compact", default=False)
    cache = FragmentCache(language, compact)
    rendered: list[str] = []

    def body() -> str:
        text = f"{language.get()}-{compact.get()}-{len(rendered)}"
        rendered.append(text)
        return text

    facts = ["the same facts object"]
    assert cache(facts, "Texas", caller=body) == "en-False-0"
    assert cache(facts, "Texas", caller=body) == "en-False-0"  # remembered
    assert cache(list(facts), "Texas", caller=body) == "en-False-1"  # an equal but new object
    assert cache(facts, "Ohio", caller=body) == "en-False-2"
    language.set("es")
    assert cache(facts, "Texas", caller=body) == "es-False-3"
    compact.set(True)
    assert cache(facts, "Texas", caller=body) == "es-True-4"
    assert isinstance(cache(facts, "Texas", caller=body), Markup)  # not escaped again
    assert (cache.hits, cache.misses) == (2, 5)


def test_the_cache_is_bounded_and_keeps_the_most_recent() -> None:
    cache = FragmentCache(ContextVar("l", default="en"), ContextVar("c", default=False), 3)
    for number in range(10):
        cache(number, caller=lambda n=number: str(n))  # type: ignore[misc]
    assert len(cache) == 3
    assert cache(9, caller=lambda: "rendered again") == "9"
    assert cache(0, caller=lambda: "rendered again") == "rendered again"
