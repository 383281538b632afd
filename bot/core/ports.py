"""What the core needs from storage, as Protocols (the storage layer implements them)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.core.answers import PolicyAtLevel
from bot.core.facts import CountyActivation, Explainer, StateActivation, TimelineEvent


class FactsReader(Protocol):
    def state_activation(self, usps: str) -> StateActivation | None:
        """The live activation facts of a state, DC or territory."""

    def county_activation(self, county_id: str) -> CountyActivation | None:
        """The county's own activation row, if the facts have one."""

    def policies_for(self, place_ids: Sequence[str]) -> list[PolicyAtLevel]:
        """Live detainer policies covering any of the places, most specific first."""

    def explainer(self, topic: str) -> Explainer | None: ...

    def timeline(self) -> Sequence[TimelineEvent]: ...


class FactsSource(Protocol):
    def snapshot(self) -> FactsReader:
        """The facts as they are now: one consistent view for one answer."""
