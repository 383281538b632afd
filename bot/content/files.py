"""Read and parse the content folder into validated objects (no database involved)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.content.schema import (
    AliasesFile,
    ExplainersFile,
    LocalPolicyFile,
    StateFile,
    TimelineFile,
)


class ContentError(Exception):
    """The content folder cannot be read; ``problems`` names each file and what is wrong."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class ContentBundle:
    states: dict[str, StateFile] = field(default_factory=dict)
    local: dict[str, LocalPolicyFile] = field(default_factory=dict)  # key: "XX/slug"
    timeline: TimelineFile | None = None
    explainers: ExplainersFile | None = None
    aliases: AliasesFile | None = None


def _read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _describe(path: Path, root: Path, error: ValidationError) -> list[str]:
    rel = path.relative_to(root)
    return [
        f"{rel}: {'.'.join(str(p) for p in item['loc']) or '(file)'}: {item['msg']}"
        for item in error.errors()
    ]


def read_content(root: Path) -> ContentBundle:
    """Parse every content file; raise ContentError listing all problems at once."""
    bundle = ContentBundle()
    problems: list[str] = []

    def parse(path: Path, model: Any) -> Any:
        try:
            return model.model_validate(_read_yaml(path))
        except ValidationError as error:
            problems.extend(_describe(path, root, error))
        except (yaml.YAMLError, OSError) as error:
            problems.append(f"{path.relative_to(root)}: {error}")
        return None

    for path in sorted((root / "states").glob("*.yaml")):
        state = parse(path, StateFile)
        if state is not None:
            if path.stem != state.usps:
                problems.append(f"{path.relative_to(root)}: file name must be {state.usps}.yaml")
            bundle.states[state.usps] = state
    for path in sorted((root / "places").glob("*/*.yaml")):
        local = parse(path, LocalPolicyFile)
        if local is not None:
            if path.parent.name != local.state:
                problems.append(f"{path.relative_to(root)}: folder must be {local.state}/")
            bundle.local[f"{path.parent.name}/{path.stem}"] = local
    for name, model, attr in (
        ("timeline.yaml", TimelineFile, "timeline"),
        ("explainers.yaml", ExplainersFile, "explainers"),
        ("aliases.yaml", AliasesFile, "aliases"),
    ):
        path = root / name
        if path.exists():
            setattr(bundle, attr, parse(path, model))
        else:
            problems.append(f"{name}: missing")
    if problems:
        raise ContentError(problems)
    return bundle
