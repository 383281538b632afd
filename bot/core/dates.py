"""Partial dates: the facts give a day, a month or only a year, and the bot must never say more."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator

_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to a day, a month or a year."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def earliest(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def iso(self) -> str:
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def __str__(self) -> str:
        return self.iso()


def parse_partial_date(text: str) -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError naming what is wrong."""
    match = _PARTIAL.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"{text!r}: there is no month {month}")
    if day is not None:
        assert month is not None
        date(year, month, day)  # raises ValueError for 2012-02-30
    return PartialDate(year, month, day)


def _coerce(value: object) -> object:
    # YAML reads an unquoted 2012-05-15 as a date and 2012 as an int; both mean the same text.
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _check_partial(value: str) -> str:
    return parse_partial_date(value).iso()


# A string field holding a partial ISO date, normalised to its ISO text.
PartialDateStr = Annotated[str, BeforeValidator(_coerce), AfterValidator(_check_partial)]
