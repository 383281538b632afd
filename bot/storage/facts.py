"""The live facts, read from the content documents and kept in memory until they change.

Each read checks one number (the newest content version id) so an edit made by any process is
served at once, while answering stays a dictionary lookup.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlmodel import Session

from bot.content.documents import ALIASES, EXPLAINERS, TIMELINE
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
from bot.storage import content as content_store
from bot.storage.database import Database

_LEVEL_ORDER = {"town": 0, "county": 1, "state": 2}


@dataclass
class _Snapshot:
    revision: int = -1
    activations: dict[str, StateActivation] = field(default_factory=dict)
    counties: dict[str, CountyActivation] = field(default_factory=dict)
    policies: dict[str, PolicyAtLevel] = field(default_factory=dict)
    scopes: dict[str, list[str]] = field(default_factory=dict)
    explainers: dict[str, Explainer] = field(default_factory=dict)
    timeline: tuple[TimelineEvent, ...] = ()


class FactsCache:
    """Implements the core's FactsReader on top of the database."""

    def __init__(
        self,
        database: Database,
        directory: PlaceDirectory,
        *,
        on_reload: Callable[[set[str]], None] | None = None,
    ) -> None:
        self._database = database
        self._directory = directory
        self._snapshot = _Snapshot()
        self._lock = threading.Lock()
        self._on_reload = on_reload

    # -- FactsReader -------------------------------------------------------------------------
    def state_activation(self, usps: str) -> StateActivation | None:
        return self._fresh().activations.get(usps)

    def county_activation(self, county_id: str) -> CountyActivation | None:
        return self._fresh().counties.get(county_id)

    def policies_for(self, place_ids: Sequence[str]) -> list[PolicyAtLevel]:
        snapshot = self._fresh()
        keys = dict.fromkeys(k for pid in place_ids for k in snapshot.scopes.get(pid, ()))
        found = [snapshot.policies[k] for k in keys if k in snapshot.policies]
        return sorted(found, key=lambda p: _LEVEL_ORDER[p.level])

    def explainer(self, topic: str) -> Explainer | None:
        return self._fresh().explainers.get(topic)

    def timeline(self) -> Sequence[TimelineEvent]:
        return self._fresh().timeline

    # -- freshness ---------------------------------------------------------------------------
    @property
    def revision(self) -> int:
        return self._fresh().revision

    def _fresh(self) -> _Snapshot:
        with self._database.session() as session:
            current = content_store.revision(session)
            if current == self._snapshot.revision:
                return self._snapshot
            with self._lock:
                if current != self._snapshot.revision:
                    self._snapshot = self._build(session, current)
                    if self._on_reload is not None:
                        self._on_reload(self.curated_from(self._snapshot))
        return self._snapshot

    @staticmethod
    def curated_from(snapshot: _Snapshot) -> set[str]:
        """Places with facts of their own: a local policy or a county activation row."""
        local = {
            pid for pid, keys in snapshot.scopes.items()
            if any(k.startswith("local:") for k in keys)
        }
        return local | set(snapshot.counties)

    def _build(self, session: Session, revision: int) -> _Snapshot:
        snapshot = _Snapshot(revision=revision)
        for row in content_store.current_versions(session):
            kind, _, name = row.key.partition(":")
            if kind == "activation":
                activation = StateActivation.model_validate(row.data)
                snapshot.activations[name] = activation
                for county in activation.counties:
                    place = resolve_place(self._directory, name, PlaceKind.COUNTY, county.county)
                    if place is not None:
                        snapshot.counties[place.id] = county
            elif kind == "detainer":
                snapshot.policies[row.key] = PolicyAtLevel(
                    STATES.get(name, name), "state", DetainerPolicy.model_validate(row.data),
                    row.key,
                )
            elif kind == "local":
                local = LocalPolicyFile.model_validate(row.data)
                snapshot.policies[row.key] = PolicyAtLevel(
                    local.name, local.kind, local.detainer, row.key
                )
            elif row.key == EXPLAINERS:
                explainers = ExplainersFile.model_validate(row.data)
                snapshot.explainers = {
                    "secure_communities": explainers.secure_communities,
                    "detainer": explainers.detainer,
                }
            elif row.key == TIMELINE:
                snapshot.timeline = tuple(TimelineFile.model_validate(row.data).events)
            elif row.key == ALIASES:
                continue
        snapshot.scopes = content_store.load_scopes(session)
        return snapshot
