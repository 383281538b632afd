"""Resolve the place names used in content files to places of the directory."""

from __future__ import annotations

import re

from bot.core.places import Place, PlaceDirectory, PlaceKind
from bot.core.text import normalize_name

_PARENTHESES = re.compile(r"\s*\([^)]*\)")
_SUFFIXES = (" county", " parish", " borough", " city", " municipio", " census area")


def resolve_place(
    directory: PlaceDirectory, usps: str, kind: PlaceKind, name: str
) -> Place | None:
    """Find the directory place a content file means by ``name`` in state ``usps``.

    Tries the name as written, then without a parenthesis ("Denver (City and County)"),
    then with or without a county-type suffix.
    """
    base = normalize_name(_PARENTHESES.sub("", name))
    candidates = [normalize_name(name), base]
    if kind is PlaceKind.COUNTY:
        candidates += [base + suffix for suffix in _SUFFIXES]
        candidates += [base[: -len(s)] for s in _SUFFIXES if base.endswith(s)]
    for key in candidates:
        for place in directory.named(key):
            if place.usps == usps and place.kind is kind:
                return place
    return None


def resolve_target(directory: PlaceDirectory, target: str) -> Place | None:
    """An alias target: ``MA`` or ``NY/town:New York`` or ``TX/county:Dallas County``."""
    usps, _, rest = target.partition("/")
    if not rest:
        return directory.state(usps)
    kind, _, name = rest.partition(":")
    return resolve_place(directory, usps, PlaceKind(kind), name)
