"""The live facts as one immutable snapshot built from content documents (no database)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.content.documents import EXPLAINERS, TIMELINE
from bot.content.resolve import resolve_place
from bot.content.schema import ExplainersFile, LocalPolicyFile, TimelineFile
from bot.core.answers import PolicyAtLevel
from bot.core.facts import (
    CountyActivation,
    DetainerPolicy,
    Explainer,
    StateActivation,
    TimelineEvent,
)
from bot.core.places import PlaceDirectory, PlaceKind
from bot.places.states import STATES

_LEVEL_ORDER = {"town": 0, "county": 1, "state": 2}


@dataclass
class FactsSnapshot:
    """Implements the core's FactsReader for one revision of the content."""

    revision: tuple[int, int] = (-1, -1)
    activations: dict[str, StateActivation] = field(default_factory=dict)
    counties: dict[str, CountyActivation] = field(default_factory=dict)
    policies: dict[str, PolicyAtLevel] = field(default_factory=dict)
    scopes: dict[str, list[str]] = field(default_factory=dict)  # place id -> policy keys
    explainers: dict[str, Explainer] = field(default_factory=dict)
    events: tuple[TimelineEvent, ...] = ()

    def state_activation(self, usps: str) -> StateActivation | None:
        return self.activations.get(usps)

    def county_activation(self, county_id: str) -> CountyActivation | None:
        return self.counties.get(county_id)

    def policies_for(self, place_ids: Sequence[str]) -> list[PolicyAtLevel]:
        keys = dict.fromkeys(k for pid in place_ids for k in self.scopes.get(pid, ()))
        found = [self.policies[k] for k in keys if k in self.policies]
        return sorted(found, key=lambda p: _LEVEL_ORDER[p.level])

    def explainer(self, topic: str) -> Explainer | None:
        return self.explainers.get(topic)

    def timeline(self) -> Sequence[TimelineEvent]:
        return self.events

    def snapshot(self) -> FactsSnapshot:
        """A snapshot is its own, unchanging source of facts (FactsSource)."""
        return self

    def curated_place_ids(self) -> set[str]:
        """Places with facts of their own: a local policy or a county activation row."""
        local = {
            pid for pid, keys in self.scopes.items() if any(k.startswith("local:") for k in keys)
        }
        return local | set(self.counties)


def build_snapshot(
    docs: Mapping[str, Mapping[str, Any]],
    scopes: Mapping[str, list[str]],
    directory: PlaceDirectory,
    revision: tuple[int, int] = (0, 0),
) -> FactsSnapshot:
    """``docs``: key -> data of the live documents; ``scopes``: place id -> policy keys."""
    snapshot = FactsSnapshot(revision=revision, scopes=dict(scopes))
    for key, data in docs.items():
        kind, _, name = key.partition(":")
        if kind == "activation":
            activation = StateActivation.model_validate(data)
            snapshot.activations[name] = activation
            for county in activation.counties:
                place = resolve_place(directory, name, PlaceKind.COUNTY, county.county)
                if place is not None:
                    snapshot.counties[place.id] = county
        elif kind == "detainer":
            snapshot.policies[key] = PolicyAtLevel(
                STATES.get(name, name), "state", DetainerPolicy.model_validate(data), key
            )
        elif kind == "local":
            local = LocalPolicyFile.model_validate(data)
            snapshot.policies[key] = PolicyAtLevel(local.name, local.kind, local.detainer, key)
        elif key == EXPLAINERS:
            explainers = ExplainersFile.model_validate(data)
            snapshot.explainers = {
                "secure_communities": explainers.secure_communities,
                "detainer": explainers.detainer,
            }
        elif key == TIMELINE:
            snapshot.events = tuple(TimelineFile.model_validate(data).events)
    return snapshot
