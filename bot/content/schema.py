"""The layout of the reviewable content files under ``content/``.

- ``states/<XX>.yaml``: a state, DC or territory: its Secure Communities activation facts and,
  for the 50 states and DC, its statewide detainer policy.
- ``places/<XX>/<slug>.yaml``: a county's or town's own detainer policy.
- ``timeline.yaml``: program milestones and detainer-law events.
- ``explainers.yaml``: what Secure Communities is, what a detainer is.
- ``aliases.yaml``: other names people use for places ("Mass", "Washington DC", "Nueva York").
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from bot.core.facts import DetainerPolicy, Explainer, Frozen, StateActivation, TimelineEvent

StateKind = Literal["state", "district", "territory"]


class StateFile(Frozen):
    usps: str = Field(pattern=r"^[A-Z]{2}$")
    name: str = Field(min_length=2)
    kind: StateKind
    activation: StateActivation
    detainer: DetainerPolicy | None = None

    @model_validator(mode="after")
    def _states_have_policies(self) -> StateFile:
        # The facts cover detainer policy for the 50 states and DC, not the territories.
        if self.kind != "territory" and self.detainer is None:
            raise ValueError(f"{self.usps}: every state and DC needs a detainer policy")
        return self


class PlaceRef(Frozen):
    """A county or town of the places directory, named as the directory names it."""

    kind: Literal["county", "town"]
    name: str = Field(min_length=2)


class LocalPolicyFile(Frozen):
    name: str = Field(min_length=2)
    state: str = Field(pattern=r"^[A-Z]{2}$")
    kind: Literal["county", "town"]
    # The directory places this policy covers: the town itself, or a consolidated city-county
    # with its county ("Denver"), or a city with its counties ("New York City").
    applies_to: list[PlaceRef] = Field(min_length=1)
    detainer: DetainerPolicy


class TimelineFile(Frozen):
    events: list[TimelineEvent] = Field(min_length=1)


class ExplainersFile(Frozen):
    secure_communities: Explainer
    detainer: Explainer


class Alias(Frozen):
    """Another name for a place. ``target``: a state code, ``XX/county:Name`` or
    ``XX/town:Name``."""

    name: str = Field(min_length=2)
    target: str = Field(pattern=r"^[A-Z]{2}(/(county|town):.+)?$")
    language: str = Field(default="en", pattern=r"^[a-z]{2,3}$")


class AliasesFile(Frozen):
    aliases: list[Alias]
