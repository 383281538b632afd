"""The facts the bot tells, as validated, immutable domain objects.

These models are shared by the content files (``content/``), the database documents and the
answering core, so a fact has one shape everywhere. Every fact carries its sources and an
``as_of`` date; uncertain facts carry who reports them so the bot never states them as fact.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from bot.core.dates import PartialDateStr

_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
_URL = re.compile(r"^https?://[^\s<>\"']+$")


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _coerce_localized(value: object) -> object:
    # A plain string in a content file is the English text.
    return {"en": value} if isinstance(value, str) else value


class LocalizedText(BaseModel):
    """A text in English and in any other languages (``es``, ``pt``, ...). A language without
    its own text falls back to English, and templates say so."""

    model_config = ConfigDict(frozen=True, extra="allow")

    en: str = Field(min_length=1)

    @model_validator(mode="after")
    def _languages(self) -> LocalizedText:
        for code, text in (self.__pydantic_extra__ or {}).items():
            if not _LANGUAGE_CODE.match(code):
                raise ValueError(f"{code!r} is not a language code (en, es, pt ...)")
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"the {code} text must be a non-empty string")
        return self

    def get(self, language: str) -> str:
        if language == "en":
            return self.en
        text = (self.__pydantic_extra__ or {}).get(language)
        return text if isinstance(text, str) and text else self.en

    def has(self, language: str) -> bool:
        return language == "en" or bool((self.__pydantic_extra__ or {}).get(language))

    def languages(self) -> list[str]:
        return ["en", *sorted(self.__pydantic_extra__ or {})]


Localized = Annotated[LocalizedText, BeforeValidator(_coerce_localized)]


class Confidence(StrEnum):
    """The facts' confidence vocabulary (facts README, section 5), shortened."""

    PRIMARY = "primary"  # confirmed (primary/official source)
    SECONDARY = "secondary"  # confirmed (reputable secondary source)
    UNCERTAIN = "uncertain"  # weak source or not verified: never stated as fact


class Source(Frozen):
    """Where a fact comes from: a named outlet or document, with its address when it has one."""

    label: str = Field(min_length=2, max_length=200)
    url: str | None = None

    @model_validator(mode="after")
    def _url_is_http(self) -> Source:
        if self.url is not None and not _URL.match(self.url):
            raise ValueError(f"source URL must start with http:// or https://: {self.url!r}")
        return self


def _sources_field() -> list[Source]:
    return []


class FirstActivation(Frozen):
    """The first jurisdiction of a state switched on to Secure Communities."""

    date: PartialDateStr | None = None
    where: Localized | None = None
    confidence: Confidence
    # For uncertain dates: what kind of source reports it ("a law-firm newsletter").
    reported_by: Localized | None = None
    # went_live: switched on that day; scheduled: an announced start; by: in use by then.
    wording: Literal["went_live", "scheduled", "by"] = "went_live"

    @model_validator(mode="after")
    def _uncertain_needs_reporter(self) -> FirstActivation:
        if self.date and self.confidence is Confidence.UNCERTAIN and not self.reported_by:
            raise ValueError("an uncertain first-activation date needs reported_by")
        return self


class StatewideActivation(Frozen):
    """When every jurisdiction of a state was on Secure Communities."""

    # exact: the source names the day; by: only "all were live by"; none: no date known.
    kind: Literal["exact", "by", "none"]
    date: PartialDateStr | None = None
    confidence: Confidence
    reported_by: Localized | None = None

    @model_validator(mode="after")
    def _date_matches_kind(self) -> StatewideActivation:
        if (self.kind == "none") != (self.date is None):
            raise ValueError("statewide: kind 'none' has no date; 'exact' and 'by' need one")
        if self.date and self.confidence is Confidence.UNCERTAIN and not self.reported_by:
            raise ValueError("an uncertain statewide date needs reported_by")
        return self


class CountyActivation(Frozen):
    """A county's Secure Communities start, worded by what the source really says."""

    county: str = Field(min_length=2)
    date: PartialDateStr
    confidence: Confidence
    # went_live: a source names the county and day; statewide: the state went live in one step;
    # announced: the day ICE released or announced it; scheduled: an announced planned start;
    # by: active by that date, the exact day not known.
    wording: Literal["went_live", "statewide", "announced", "scheduled", "by"] = "went_live"
    reported_by: Localized | None = None
    note: Localized | None = None
    sources: list[Source] = Field(default_factory=_sources_field)

    @model_validator(mode="after")
    def _uncertain_needs_reporter(self) -> CountyActivation:
        if self.confidence is Confidence.UNCERTAIN and not self.reported_by:
            raise ValueError(f"{self.county}: an uncertain date needs reported_by")
        # A county switched on with the whole state rests on the state's sources.
        if not self.sources and self.wording != "statewide":
            raise ValueError(f"{self.county}: a county date needs its own sources")
        return self


class StateActivation(Frozen):
    """What is known about Secure Communities' switch-on in one state, DC or territory."""

    first: FirstActivation | None = None
    statewide: StatewideActivation
    # Plain-language extras a resident should hear: conflicts, bounds, pilots. Never an
    # uncertain date stated as fact.
    details: Localized | None = None
    counties: list[CountyActivation] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=_sources_field)
    as_of: PartialDateStr

    @property
    def nothing_known(self) -> bool:
        """No date and no first place: the bot says it does not know, and where it would be."""
        first_known = self.first is not None and bool(self.first.date or self.first.where)
        return self.statewide.kind == "none" and not first_known


class Stance(StrEnum):
    """The facts' detainer stance vocabulary (facts README, section 3)."""

    MANDATES = "mandates compliance"
    LIMITS = "limits compliance"
    NO_RULE = "no statewide rule"
    UNCERTAIN = "uncertain"


class DetainerPolicy(Frozen):
    """One version of a place's ICE detainer policy."""

    stance: Stance
    summary: Localized
    # Laws, rulings and their dates, as the facts cite them; translations where they carry
    # words ("not verified", "approx.").
    law: Localized | None = None
    # As the facts give it: an ISO date, several with notes, "approx." or "not verified".
    effective: Localized | None = None
    # Where a resident can ask when the policy is uncertain (from the summary).
    where_to_ask: Localized | None = None
    sources: list[Source] = Field(default_factory=_sources_field)
    as_of: PartialDateStr

    @model_validator(mode="after")
    def _sourced(self) -> DetainerPolicy:
        # AK and WI have no source in the facts; their summaries say so.
        if not self.sources and self.stance is not Stance.UNCERTAIN:
            raise ValueError("a detainer policy needs at least one source")
        return self


class TimelineEvent(Frozen):
    """A dated milestone of the program or of detainer law."""

    date: PartialDateStr
    event: Localized
    scope: str = Field(pattern=r"^(national|[A-Z]{2})$")
    topic: Literal["program", "count", "detainer"]
    confidence: Confidence
    sources: list[Source] = Field(min_length=1)


class Explainer(Frozen):
    """A short plain-language explanation (what Secure Communities is, what a detainer is)."""

    title: Localized
    body: Localized
    sources: list[Source] = Field(min_length=1)
    as_of: PartialDateStr
