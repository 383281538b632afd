"""What follows from the live documents and the place directory: which places each policy
covers, and the aliases' target places. Pure functions, shared by the loader and the tests."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.content.documents import ALIASES
from bot.content.resolve import resolve_place, resolve_target
from bot.content.schema import AliasesFile, LocalPolicyFile
from bot.core.places import PlaceDirectory, PlaceKind
from bot.places.dataset import state_id


@dataclass
class Derived:
    scopes: dict[str, list[str]] = field(default_factory=dict)  # policy key -> place ids
    aliases: list[tuple[str, str, str]] = field(default_factory=list)  # name, place id, lang
    unresolved: list[str] = field(default_factory=list)

    def places_to_policies(self) -> dict[str, list[str]]:
        by_place: dict[str, list[str]] = {}
        for key, place_ids in self.scopes.items():
            for place_id in place_ids:
                by_place.setdefault(place_id, []).append(key)
        return by_place


def derive(docs: Mapping[str, Mapping[str, Any]], directory: PlaceDirectory) -> Derived:
    derived = Derived()
    for key, data in docs.items():
        kind, _, name = key.partition(":")
        if kind == "detainer":
            derived.scopes[key] = [state_id(name)]
        elif kind == "local":
            local = LocalPolicyFile.model_validate(data)
            ids = []
            for ref in local.applies_to:
                place = resolve_place(directory, local.state, PlaceKind(ref.kind), ref.name)
                if place is None:
                    derived.unresolved.append(f"{key}: {ref.kind} {ref.name!r}")
                else:
                    ids.append(place.id)
            derived.scopes[key] = ids
        elif key == ALIASES:
            for alias in AliasesFile.model_validate(data).aliases:
                target = resolve_target(directory, alias.target)
                if target is None:
                    derived.unresolved.append(f"aliases: {alias.name!r} -> {alias.target}")
                else:
                    derived.aliases.append((alias.name, target.id, alias.language))
    return derived
