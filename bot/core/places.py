"""The directory of U.S. places: states, counties, towns and ZIP codes, held in memory.

It is built once from the stored place records and answers lookups in microseconds: exact
names, ZIP codes, state codes and, when nothing matches exactly, fuzzy names (rapidfuzz).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz, process

from bot.core.text import normalize_name


class PlaceKind(StrEnum):
    STATE = "state"
    COUNTY = "county"
    TOWN = "town"


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    kind: PlaceKind
    name: str
    usps: str
    county_id: str | None = None
    # How big the place is, as the number of ZIP codes it has: the tie-breaker for ambiguous
    # names ("then larger places"). The offline data set carries no population.
    size: int = 0


@dataclass(frozen=True, slots=True)
class ZipCode:
    code: str
    town_id: str
    county_id: str | None


@dataclass(frozen=True, slots=True)
class NameMatch:
    place: Place
    exact: bool
    score: float


class PlaceDirectory:
    """Every place, indexed by id, normalised name and ZIP code."""

    def __init__(
        self,
        places: Iterable[Place],
        zips: Iterable[ZipCode],
        aliases: Iterable[tuple[str, str] | tuple[str, str, str]] = (),
        curated_ids: Iterable[str] = (),
    ) -> None:
        self._by_id: dict[str, Place] = {}
        self._by_name: dict[str, list[Place]] = defaultdict(list)
        self._states: dict[str, Place] = {}
        for place in places:
            self._by_id[place.id] = place
            self._by_name[normalize_name(place.name)].append(place)
            if place.kind is PlaceKind.STATE:
                self._states[place.usps] = place
        # name -> languages whose speakers call the place so ("Nueva York": es)
        self._name_languages: dict[str, set[str]] = defaultdict(set)
        for alias in aliases:
            name, place_id = alias[0], alias[1]
            target = self._by_id.get(place_id)
            if target is None:
                continue
            # A language's own name for a place tells the question's language, unless it is
            # spelt like the English one ("Califórnia").
            own_name = normalize_name(name) != normalize_name(target.name)
            if len(alias) == 3 and alias[2] != "en" and own_name:
                self._name_languages[normalize_name(name)].add(alias[2])
            # A curated alias ("NYC" -> New York) beats a postal name in the same state.
            key = normalize_name(name)
            others = [
                p for p in self._by_name[key] if p.usps != target.usps or p.kind != target.kind
            ]
            self._by_name[key] = [target, *others]
        self._zips = {z.code: z for z in zips}
        self._curated = frozenset(curated_ids)
        # Fuzzy search scans names that share the first letter: typos rarely change it, and
        # it keeps a lookup well under a millisecond.
        self._names_by_initial: dict[str, list[str]] = defaultdict(list)
        for name in sorted(self._by_name):
            self._names_by_initial[name[:1]].append(name)
        self._state_names = sorted(
            key
            for key, found in self._by_name.items()
            if any(p.kind is PlaceKind.STATE for p in found)
        )
        self.max_name_words = max((len(n.split()) for n in self._by_name), default=1)

    # -- lookups ---------------------------------------------------------------------------
    def get(self, place_id: str) -> Place | None:
        return self._by_id.get(place_id)

    def state(self, usps: str) -> Place | None:
        return self._states.get(usps.upper())

    def states(self) -> list[Place]:
        return sorted(self._states.values(), key=lambda p: p.name)

    def zip_code(self, code: str) -> ZipCode | None:
        return self._zips.get(code)

    def named(self, normalized: str) -> Sequence[Place]:
        return self._by_name.get(normalized, ())

    def name_languages(self, normalized: str) -> set[str]:
        """The languages in which this is a name of its own ("nueva york": es)."""
        return self._name_languages.get(normalized, set())

    def is_curated(self, place: Place) -> bool:
        """Whether the place has facts of its own (a local policy or county activation date)."""
        return place.id in self._curated

    def set_curated(self, place_ids: Iterable[str]) -> None:
        self._curated = frozenset(place_ids)

    def county_of(self, place: Place) -> Place | None:
        return self._by_id.get(place.county_id) if place.county_id else None

    def state_of(self, place: Place) -> Place:
        state = self._states.get(place.usps)
        assert state is not None, place
        return state

    def __iter__(self) -> Iterator[Place]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def counts(self) -> dict[str, int]:
        counted: dict[str, int] = defaultdict(int)
        for place in self._by_id.values():
            counted[place.kind.value] += 1
        counted["zip"] = len(self._zips)
        return dict(counted)

    # -- ranking and fuzzy search ------------------------------------------------------------
    def rank(self, places: Iterable[Place]) -> list[Place]:
        """States first, then places with their own curated facts, then larger places."""
        kind_order = {PlaceKind.STATE: 0, PlaceKind.COUNTY: 1, PlaceKind.TOWN: 1}
        unique = {p.id: p for p in places}.values()
        return sorted(
            unique,
            key=lambda p: (kind_order[p.kind], not self.is_curated(p), -p.size, p.name, p.usps),
        )

    def fuzzy(self, text: str, *, limit: int = 5) -> list[NameMatch]:
        """Places whose name is close to ``text`` (typos), best first; states are preferred."""
        key = normalize_name(text)
        if len(key) < 4:
            return []
        # Short words need a closer match: "drop" must not become Droop, West Virginia.
        cutoff = 85.0 if len(key) >= 8 else 90.0
        matches: list[NameMatch] = []
        # States first: a typo in a state name must never lose to an obscure town.
        state_hit = process.extractOne(
            key, self._state_names, scorer=fuzz.ratio, score_cutoff=cutoff
        )
        if state_hit is not None:
            for place in self._by_name[state_hit[0]]:
                if place.kind is PlaceKind.STATE:
                    matches.append(NameMatch(place, False, float(state_hit[1])))
            return matches
        hits = process.extract(
            key,
            self._names_by_initial.get(key[:1], []),
            scorer=fuzz.ratio,
            score_cutoff=cutoff,
            limit=limit,
        )
        best = max((hit[1] for hit in hits), default=0.0)
        for name, score, _ in hits:
            if score < best:  # keep only the closest spelling(s)
                continue
            for place in self._by_name[name]:
                matches.append(NameMatch(place, False, float(score)))
        return matches
