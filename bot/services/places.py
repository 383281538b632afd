"""Resolving the place named in a staff command (one place, or a clear error)."""

from __future__ import annotations

from bot.core.answering import Answerer
from bot.core.editing import EditError
from bot.core.places import Place, PlaceKind


def label(place: Place) -> str:
    return place.name if place.kind is PlaceKind.STATE else f"{place.name}, {place.usps}"


def resolve_one(answerer: Answerer, text: str, *, whole: bool = False) -> Place:
    """The one place ``text`` names; with ``whole``, every word must be part of the name."""
    parsed = answerer.parse(text)
    if not parsed.candidates or (whole and parsed.unknown_text):
        raise EditError("unknown_place", {"text": text[:60]})
    if len(parsed.candidates) > 1:
        options = ", ".join(label(p) for p in parsed.candidates[:5])
        raise EditError("ambiguous_place", {"text": text[:60], "options": options})
    return parsed.candidates[0]


def resolve_prefix(answerer: Answerer, text: str) -> tuple[Place, str]:
    """``Boston MA the date is wrong`` -> (Boston, MA; "the date is wrong"): the longest
    leading words that name exactly one place. ``PLACE | TEXT`` is split at the bar."""
    if "|" in text:
        place_text, _, rest = text.partition("|")
        return resolve_one(answerer, place_text.strip()), rest.strip()
    words = text.split()
    for size in range(min(6, len(words)), 0, -1):
        try:
            place = resolve_one(answerer, " ".join(words[:size]), whole=True)
            return place, " ".join(words[size:])
        except EditError:
            continue
    raise EditError("unknown_place", {"text": " ".join(words[:4])[:60]})
