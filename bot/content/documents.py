"""The content bundle as database documents (key -> JSON data), and back."""

from __future__ import annotations

from typing import Any

from bot.content.files import ContentBundle
from bot.content.schema import (
    AliasesFile,
    ExplainersFile,
    LocalPolicyFile,
    StateFile,
    TimelineFile,
)
from bot.core.facts import DetainerPolicy, StateActivation

TIMELINE = "timeline"
EXPLAINERS = "explainers"
ALIASES = "aliases"


def state_key(usps: str) -> str:
    return f"state:{usps}"


def activation_key(usps: str) -> str:
    return f"activation:{usps}"


def detainer_key(usps: str) -> str:
    return f"detainer:{usps}"


def local_key(path_key: str) -> str:
    """``MA/northampton`` -> ``local:MA/northampton``."""
    return f"local:{path_key}"


def _dump(model: Any) -> dict[str, Any]:
    data: dict[str, Any] = model.model_dump(mode="json", exclude_none=True)
    return data


def bundle_documents(bundle: ContentBundle) -> dict[str, dict[str, Any]]:
    docs: dict[str, dict[str, Any]] = {}
    for usps, state in bundle.states.items():
        docs[state_key(usps)] = {"usps": state.usps, "name": state.name, "kind": state.kind}
        docs[activation_key(usps)] = _dump(state.activation)
        if state.detainer is not None:
            docs[detainer_key(usps)] = _dump(state.detainer)
    for path_key, local in bundle.local.items():
        docs[local_key(path_key)] = _dump(local)
    for key, model in (
        (TIMELINE, bundle.timeline),
        (EXPLAINERS, bundle.explainers),
        (ALIASES, bundle.aliases),
    ):
        if model is not None:
            docs[key] = _dump(model)
    return docs


def documents_bundle(docs: dict[str, dict[str, Any]]) -> ContentBundle:
    """Rebuild a content bundle from current documents (used by export)."""
    bundle = ContentBundle()
    for key, data in docs.items():
        kind, _, name = key.partition(":")
        if kind == "state":
            detainer = docs.get(detainer_key(name))
            bundle.states[name] = StateFile(
                **data,
                activation=StateActivation.model_validate(docs[activation_key(name)]),
                detainer=DetainerPolicy.model_validate(detainer) if detainer else None,
            )
        elif kind == "local":
            bundle.local[name] = LocalPolicyFile.model_validate(data)
    if TIMELINE in docs:
        bundle.timeline = TimelineFile.model_validate(docs[TIMELINE])
    if EXPLAINERS in docs:
        bundle.explainers = ExplainersFile.model_validate(docs[EXPLAINERS])
    if ALIASES in docs:
        bundle.aliases = AliasesFile.model_validate(docs[ALIASES])
    return bundle
