"""Structured answers: what the core returns and the templates render. No words live here."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from bot.core.facts import (
    CountyActivation,
    DetainerPolicy,
    Explainer,
    StateActivation,
    TimelineEvent,
)
from bot.core.places import Place


class View(StrEnum):
    """Which facts of a place to show."""

    BOTH = "both"
    ACTIVATION = "activation"
    DETAINER = "detainer"


@dataclass(frozen=True)
class PolicyAtLevel:
    """A detainer policy and the jurisdiction it belongs to ("Northampton", "Massachusetts")."""

    name: str
    level: str  # "town", "county" or "state"
    policy: DetainerPolicy
    key: str


@dataclass(frozen=True)
class PlaceAnswer:
    place: Place
    state: Place
    county: Place | None
    view: View
    activation: StateActivation | None
    county_activation: CountyActivation | None
    policies: tuple[PolicyAtLevel, ...]
    # Set when the place was found by spelling correction ("massachusets").
    corrected_from: str | None = None
    # Set when the question was a ZIP code (its county may differ from the town's).
    zip_code: str | None = None
    language: str = "en"


@dataclass(frozen=True)
class ChoicesAnswer:
    query: str
    options: tuple[Place, ...]
    total: int
    view: View
    # place id -> the county or state shown beside it ("Hampshire County, MA")
    context: dict[str, str] = field(default_factory=dict)
    language: str = "en"


class NotFoundReason(StrEnum):
    UNKNOWN_PLACE = "unknown_place"
    UNKNOWN_ZIP = "unknown_zip"
    NOT_IN_STATE = "not_in_state"


@dataclass(frozen=True)
class NotFoundAnswer:
    query: str
    reason: NotFoundReason
    suggestions: tuple[Place, ...] = ()
    state: Place | None = None
    language: str = "en"


class Topic(StrEnum):
    SECURE_COMMUNITIES = "secure_communities"
    PROGRAM_END = "program_end"
    DETAINER = "detainer"


@dataclass(frozen=True)
class ExplainerAnswer:
    topic: Topic
    explainer: Explainer
    events: tuple[TimelineEvent, ...]
    language: str = "en"


class HelpReason(StrEnum):
    HELP = "help"
    GREETING = "greeting"
    THANKS = "thanks"
    EMPTY = "empty"
    NOT_UNDERSTOOD = "not_understood"


@dataclass(frozen=True)
class HelpAnswer:
    reason: HelpReason
    language: str = "en"


Answer = PlaceAnswer | ChoicesAnswer | NotFoundAnswer | ExplainerAnswer | HelpAnswer
