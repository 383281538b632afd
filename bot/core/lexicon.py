"""The words residents use to ask, per language (data from ``content/lexicon/<lang>.yaml``).

Adding a language is adding a lexicon file; nothing here names a language.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from bot.core.text import normalize_name


class Cue(StrEnum):
    PROGRAM = "program"
    ACTIVATION = "activation"
    DETAINER = "detainer"
    WHAT_IS = "what_is"
    END = "end"
    HELP = "help"
    GREETING = "greeting"
    THANKS = "thanks"
    STOPWORD = "stopwords"
    COUNTY = "county_of"  # "condado de Dallas" = "Dallas County"


class LexiconFile(BaseModel):
    """One language's word lists, as written in ``content/lexicon/<lang>.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    language: str = Field(pattern=r"^[a-z]{2,3}$")
    program: list[str]
    activation: list[str]
    detainer: list[str]
    what_is: list[str]
    end: list[str]
    help: list[str]
    greeting: list[str]
    thanks: list[str] = []
    stopwords: list[str]
    county_of: list[str] = []
    # When a question's words fit two languages equally (Spanish and Portuguese share many),
    # and the person's app language does not settle it: the higher priority is assumed.
    priority: int = 0
    # Letters or endings only this language writes ("ñ", "ção"): they settle a question whose
    # words the languages share.
    hints: list[str] = []


@dataclass(frozen=True, slots=True)
class CueHit:
    start: int
    end: int  # exclusive token index
    cue: Cue
    languages: frozenset[str]


@dataclass
class Lexicon:
    """All languages' phrases, matched on normalised word tokens."""

    # phrase (tuple of normalised words) -> cue -> languages using it
    _phrases: dict[tuple[str, ...], dict[Cue, set[str]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(set))
    )
    languages: list[str] = field(default_factory=list)
    hints: dict[str, list[str]] = field(default_factory=dict)
    priority: dict[str, int] = field(default_factory=dict)
    max_words: int = 1

    @classmethod
    def from_files(cls, files: Iterable[LexiconFile]) -> Lexicon:
        lexicon = cls()
        for spec in files:
            lexicon.languages.append(spec.language)
            lexicon.hints[spec.language] = [h.casefold() for h in spec.hints]
            lexicon.priority[spec.language] = spec.priority
            for cue in Cue:
                for phrase in getattr(spec, cue.value):
                    words = tuple(normalize_name(phrase).split())
                    if words:
                        lexicon._phrases[words][cue].add(spec.language)
                        lexicon.max_words = max(lexicon.max_words, len(words))
        return lexicon

    def scan(self, words: Sequence[str]) -> list[CueHit]:
        """Every phrase occurrence in the normalised words (overlaps allowed)."""
        hits: list[CueHit] = []
        for start in range(len(words)):
            for length in range(1, min(self.max_words, len(words) - start) + 1):
                found = self._phrases.get(tuple(words[start : start + length]))
                if found:
                    for cue, languages in found.items():
                        hits.append(CueHit(start, start + length, cue, frozenset(languages)))
        return hits

    def is_word(self, word: str) -> bool:
        """Whether a single normalised word is ordinary vocabulary in any language."""
        return (word,) in self._phrases
