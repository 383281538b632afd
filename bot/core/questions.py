"""Understand a free-text question: what the resident wants to know, and about which place."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from bot.core.lexicon import Cue, CueHit, Lexicon
from bot.core.places import Place, PlaceDirectory, PlaceKind
from bot.core.text import clean_input, normalize_name, tokenize

_ZIP = re.compile(r"^\d{5}$")
_COUNTY_SUFFIXES = ("county", "parish", "borough", "municipio", "census area")
_DIGITS = re.compile(r"^\d+$")


@dataclass(frozen=True)
class PlaceMention:
    """A stretch of the question that names places."""

    start: int
    end: int
    text: str
    places: tuple[Place, ...]

    @property
    def is_state(self) -> bool:
        return any(p.kind is PlaceKind.STATE for p in self.places)

    @property
    def states(self) -> tuple[Place, ...]:
        return tuple(p for p in self.places if p.kind is PlaceKind.STATE)


@dataclass(frozen=True)
class ParsedQuestion:
    text: str
    language: str | None
    cues: frozenset[Cue]
    # Languages the question fits equally well, best priority first (when ``language`` is None).
    language_candidates: tuple[str, ...] = ()
    zip_code: str | None = None
    unknown_zip: str | None = None
    candidates: tuple[Place, ...] = ()
    # The text that named the place(s), for "did you mean" and "not found" replies.
    place_text: str | None = None
    # Words that are neither vocabulary nor a known place ("Tegucigalpa").
    unknown_text: str | None = None
    fuzzy: bool = False
    state_filter: tuple[Place, ...] = field(default=())
    # Places of that name outside the state the question named ("Northampton, Texas").
    elsewhere: tuple[Place, ...] = ()

    @property
    def wants_activation(self) -> bool:
        return Cue.ACTIVATION in self.cues or Cue.PROGRAM in self.cues

    @property
    def wants_detainer(self) -> bool:
        return Cue.DETAINER in self.cues


class QuestionParser:
    def __init__(self, directory: PlaceDirectory, lexicon: Lexicon) -> None:
        self._directory = directory
        self._lexicon = lexicon

    def parse(self, raw: str) -> ParsedQuestion:
        text = clean_input(raw).strip()
        tokens = tokenize(text)
        words = [normalize_name(t) for t in tokens]
        hits = self._lexicon.scan(words)
        vocabulary = _covered(hits)
        cues = frozenset(hit.cue for hit in hits if hit.cue is not Cue.STOPWORD)

        zip_code, unknown_zip = self._find_zip(tokens)
        mentions = self._county_mentions(tokens, words, hits)
        mentions += self._name_mentions(tokens, words, vocabulary, mentions)
        mentions += self._code_mentions(tokens, words, vocabulary, mentions)
        mentions.sort(key=lambda m: m.start)
        language, language_candidates = self._language(text, hits, mentions)

        state_mentions = [m for m in mentions if m.is_state]
        place_mentions = [m for m in mentions if not m.is_state]
        states = tuple(dict.fromkeys(s for m in state_mentions for s in m.states))
        fuzzy = False

        if zip_code is not None:
            found = self._directory.zip_code(zip_code)
            assert found is not None
            town = self._directory.get(found.town_id)
            candidates: tuple[Place, ...] = (town,) if town else ()
            place_text = zip_code
        elif place_mentions:
            candidates = tuple(p for m in place_mentions for p in m.places)
            place_text = " ".join(m.text for m in place_mentions)
        elif states:
            candidates, place_text = states, " ".join(m.text for m in state_mentions)
            states = ()
        else:
            candidates, place_text = (), None

        unknown = [
            tokens[i]
            for i in range(len(tokens))
            if i not in vocabulary
            and not any(m.start <= i < m.end for m in mentions)
            and not _DIGITS.match(tokens[i])
        ]
        if not candidates and unknown_zip is None:
            fuzzy_hits = self._fuzzy(unknown)
            if fuzzy_hits:
                candidates, place_text, fuzzy = fuzzy_hits[0], fuzzy_hits[1], True
        elif states == () and not place_mentions and zip_code is None and unknown:
            # Only a state was named ("Northamton MA"): a misspelt town of that state wins.
            named = {p.usps for p in candidates}
            fuzzy_hits = self._fuzzy(unknown)
            if fuzzy_hits:
                inside = tuple(p for p in fuzzy_hits[0] if p.usps in named)
                if inside:
                    candidates, place_text, fuzzy = inside, fuzzy_hits[1], True

        elsewhere: tuple[Place, ...] = ()
        if states and candidates:
            wanted = {s.usps for s in states}
            narrowed = tuple(p for p in candidates if p.usps in wanted)
            if not narrowed:
                elsewhere = tuple(self._directory.rank(candidates))
            candidates = narrowed
        return ParsedQuestion(
            text=text,
            language=language,
            language_candidates=language_candidates,
            cues=cues,
            zip_code=zip_code,
            unknown_zip=unknown_zip,
            candidates=tuple(self._directory.rank(candidates)),
            place_text=place_text,
            unknown_text=" ".join(unknown) or None,
            fuzzy=fuzzy,
            state_filter=states,
            elsewhere=elsewhere,
        )

    # -- pieces ------------------------------------------------------------------------------
    def _language(
        self, text: str, hits: list[CueHit], mentions: list[PlaceMention]
    ) -> tuple[str | None, tuple[str, ...]]:
        """The language the question is written in, or None when its words do not tell:
        words only one language uses count most, shared words are split between their
        languages, a place named the Spanish or Portuguese way counts, and letters only one
        language writes ("ñ", "ção") settle a tie."""
        score: dict[str, float] = defaultdict(float)
        # Words inside a place's name say nothing of the asker's language: "Las Vegas",
        # "El Paso TX" and "LA" are asked in English too. ("condado de", which opens a
        # county's mention, is the asker's own.)
        in_names = {i for m in mentions for i in range(m.start, m.end)}
        for hit in hits:
            if hit.cue is not Cue.COUNTY and all(i in in_names for i in range(hit.start, hit.end)):
                continue
            if len(hit.languages) == 1:  # "com", "con", "quando": one language's own words
                weight = 1.5 if hit.cue is Cue.STOPWORD else 2.0
            else:
                weight = 1.0 / len(hit.languages)
            for language in hit.languages:
                score[language] += weight
        for mention in mentions:
            for language in self._directory.name_languages(normalize_name(mention.text)):
                score[language] += 1.0
        folded = text.casefold()
        names = [m.text.casefold() for m in mentions]
        for language, hints in self._lexicon.hints.items():
            found = sum(folded.count(h) - sum(n.count(h) for n in names) for h in hints)
            score[language] += 0.5 * found
        if not score or max(score.values()) <= 0:
            return None, ()
        best = max(score.values())
        top = sorted(
            (lang for lang, value in score.items() if value >= best - 1e-9),
            key=lambda lang: -self._lexicon.priority.get(lang, 0),
        )
        return (top[0], ()) if len(top) == 1 else (None, tuple(top))

    def _find_zip(self, tokens: list[str]) -> tuple[str | None, str | None]:
        unknown = None
        for token in tokens:
            if _ZIP.match(token):
                if self._directory.zip_code(token) is not None:
                    return token, None
                unknown = unknown or token
        return None, unknown

    def _county_mentions(
        self, tokens: list[str], words: list[str], hits: list[CueHit]
    ) -> list[PlaceMention]:
        """ "condado de Dallas", "county of Suffolk": the words after are a county's name."""
        found: list[PlaceMention] = []
        for hit in hits:
            if hit.cue is not Cue.COUNTY:
                continue
            for length in range(min(4, len(words) - hit.end), 0, -1):
                name = " ".join(words[hit.end : hit.end + length])
                places = [
                    p
                    for suffix in _COUNTY_SUFFIXES
                    for p in self._directory.named(f"{name} {suffix}")
                    if p.kind is PlaceKind.COUNTY
                ]
                if places:
                    end = hit.end + length
                    text = " ".join(tokens[hit.start : end])
                    found.append(PlaceMention(hit.start, end, text, tuple(places)))
                    break
        return found

    def _name_mentions(
        self,
        tokens: list[str],
        words: list[str],
        vocabulary: set[int],
        earlier: list[PlaceMention],
    ) -> list[PlaceMention]:
        """Longest non-overlapping word runs that name places, skipping plain vocabulary."""
        found: list[PlaceMention] = []
        taken: set[int] = {i for m in earlier for i in range(m.start, m.end)}
        longest = min(self._directory.max_name_words, 6)
        spans = [
            (length, start)
            for length in range(longest, 0, -1)
            for start in range(len(words) - length + 1)
        ]
        for length, start in spans:
            end = start + length
            if any(i in taken for i in range(start, end)):
                continue
            if all(i in vocabulary for i in range(start, end)):
                continue  # "start", "hope", "when": words first, not towns
            key = " ".join(words[start:end])
            if len(key) < 3 or _DIGITS.match(key.replace(" ", "")):
                continue
            places = self._directory.named(key)
            if not places:
                continue
            # A state's name wins over towns of the same name ("Washington", "New York").
            if any(p.kind is PlaceKind.STATE for p in places):
                places = [p for p in places if p.kind is PlaceKind.STATE]
            found.append(PlaceMention(start, end, " ".join(tokens[start:end]), tuple(places)))
            taken.update(range(start, end))
        return found

    def _code_mentions(
        self,
        tokens: list[str],
        words: list[str],
        vocabulary: set[int],
        mentions: list[PlaceMention],
    ) -> list[PlaceMention]:
        """Two-letter state codes. Codes that are also words (IN, ME, OR, OK, HI, LA, DE...)
        count only when written in capitals or right after a place ("Portland, or")."""
        taken = {i for m in mentions for i in range(m.start, m.end)}
        shouting = sum(t.isupper() for t in tokens) > max(2, len(tokens) // 2)
        found: list[PlaceMention] = []
        for i, token in enumerate(tokens):
            if len(token) != 2 or i in taken or not token.isalpha():
                continue
            state = self._directory.state(token)
            if state is None:
                continue
            after_place = any(m.end == i and not m.is_state for m in mentions)
            capitals = token.isupper() and not shouting
            if i in vocabulary:
                others = any(m for m in mentions) or len(found) > 0
                accepted = after_place or (capitals and not others)
            else:
                accepted = after_place or capitals or not shouting
            if accepted:
                found.append(PlaceMention(i, i + 1, token, (state,)))
        return found

    def _fuzzy(self, unknown: list[str]) -> tuple[tuple[Place, ...], str] | None:
        """Typos: the longest run of unknown words that is close to a place name."""
        runs = [
            (length, start)
            for length in range(min(3, len(unknown)), 0, -1)
            for start in range(len(unknown) - length + 1)
        ]
        for length, start in runs:
            text = " ".join(unknown[start : start + length])
            matches = self._directory.fuzzy(text)
            if matches:
                return tuple(m.place for m in matches), text
        return None


def _covered(hits: list[CueHit]) -> set[int]:
    return {i for hit in hits for i in range(hit.start, hit.end)}
