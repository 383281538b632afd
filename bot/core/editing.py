"""Maintainers' edits, as pure functions: parse a command's text, validate it, and compute the
new version of a fact. Nothing here touches storage or Telegram; errors carry a code and
parameters, and templates word them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal
from urllib.parse import urlsplit

from bot.core.dates import parse_partial_date
from bot.core.facts import (
    Confidence,
    DetainerPolicy,
    LocalizedText,
    Source,
    Stance,
    StateActivation,
    StatewideActivation,
)
from bot.core.places import Place, PlaceKind

MAX_SUMMARY = 1000
MAX_FIELD = 2000  # any one field of a command, before validation
STANCES = {
    "mandates": Stance.MANDATES,
    "limits": Stance.LIMITS,
    "none": Stance.NO_RULE,
    "no-rule": Stance.NO_RULE,
    "uncertain": Stance.UNCERTAIN,
}
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class EditError(Exception):
    """What is wrong with a command; ``code`` picks the message, ``params`` fill it in."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.code} {self.params}"


@dataclass(frozen=True)
class SetDate:
    state: Place
    date: str
    source_url: str | None


@dataclass(frozen=True)
class AddPolicy:
    place: Place
    summary: str
    source_url: str
    effective: str
    stance: Stance | None


def split_fields(text: str) -> list[str]:
    """``A | B | C`` -> ["A", "B", "C"] (empty trailing fields dropped)."""
    fields = [part.strip() for part in text.split("|")]
    while fields and not fields[-1]:
        fields.pop()
    return fields


def check_day(value: str, today: date, *, allow_future: bool) -> str:
    if not _ISO_DAY.match(value):
        raise EditError("bad_date", {"value": value[:40]})
    try:
        day = parse_partial_date(value).earliest
    except ValueError:
        raise EditError("bad_date", {"value": value}) from None
    if not allow_future and day > today:
        raise EditError("future_date", {"value": value})
    return value


def check_url(value: str) -> str:
    parts = urlsplit(value)
    unsafe = any(c in value for c in " <>\"'")
    if parts.scheme not in ("http", "https") or not parts.netloc or unsafe:
        raise EditError("bad_url", {"value": value[:80]})
    return value


def parse_set_date(text: str, today: date) -> tuple[str, str, str | None]:
    """``STATE YYYY-MM-DD [| SOURCE_URL]`` -> (state text, date, url)."""
    fields = split_fields(text[:MAX_FIELD])
    if not fields or not fields[0]:
        raise EditError("usage_setdate")
    head = fields[0].split()
    if len(head) < 2:
        raise EditError("usage_setdate")
    state_text, day = " ".join(head[:-1]), head[-1]
    url = check_url(fields[1]) if len(fields) > 1 else None
    if len(fields) > 2:
        raise EditError("usage_setdate")
    # A statewide switch-on date cannot lie in the future.
    return state_text, check_day(day, today, allow_future=False), url


def parse_add_policy(text: str, today: date) -> tuple[str, str, str, str, Stance | None]:
    """``PLACE | SUMMARY | SOURCE_URL [| YYYY-MM-DD] [| stance=limits]``."""
    fields = split_fields(text[: MAX_FIELD * 3])
    if len(fields) < 3 or not fields[0]:
        raise EditError("usage_addpolicy")
    place_text, summary, url = fields[0], fields[1], fields[2]
    if not summary:
        raise EditError("empty_summary")
    if len(summary) > MAX_SUMMARY:
        raise EditError("summary_too_long", {"length": len(summary), "max": MAX_SUMMARY})
    effective, stance = today.isoformat(), None
    for extra in fields[3:]:
        if extra.lower().startswith("stance="):
            value = extra.split("=", 1)[1].strip().lower()
            if value not in STANCES:
                raise EditError("bad_stance", {"value": value[:30], "allowed": ", ".join(STANCES)})
            stance = STANCES[value]
        else:
            # A policy may be announced before it takes effect: future dates are allowed.
            effective = check_day(extra, today, allow_future=True)
    return place_text, summary, check_url(url), effective, stance


def source_for(url: str, today: date) -> Source:
    host = urlsplit(url).netloc.lower().removeprefix("www.")
    return Source(label=f"{host}, {today.isoformat()}", url=url)


def apply_set_date(current: StateActivation, change: SetDate, today: date) -> StateActivation:
    """A new version of the state's activation facts with the statewide day set."""
    sources = list(current.sources)
    if change.source_url is not None:
        sources = [source_for(change.source_url, today)] + [
            s for s in sources if s.url != change.source_url
        ]
    statewide = StatewideActivation(
        kind="exact", date=change.date, confidence=Confidence.SECONDARY
    )
    return current.model_copy(
        update={"statewide": statewide, "sources": sources, "as_of": today.isoformat()}
    )


def apply_add_policy(
    current: DetainerPolicy | None, change: AddPolicy, today: date
) -> DetainerPolicy:
    """A new version of a place's detainer policy. The stance stays as it was unless given;
    a place without a policy yet starts as "uncertain" until a stance is set."""
    stance = change.stance or (current.stance if current else Stance.UNCERTAIN)
    # Where to ask stays only while the policy stays uncertain (templates have a default).
    where_to_ask = current.where_to_ask if current and stance is Stance.UNCERTAIN else None
    return DetainerPolicy(
        stance=stance,
        summary=LocalizedText(en=change.summary),
        law=None,
        effective=LocalizedText(en=change.effective),
        where_to_ask=where_to_ask,
        sources=[source_for(change.source_url, today)],
        as_of=today.isoformat(),
    )


def local_kind(place: Place) -> Literal["county", "town"]:
    return "county" if place.kind is PlaceKind.COUNTY else "town"
