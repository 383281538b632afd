"""Write the live content, chat edits included, in the same YAML layout as ``content/``."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from bot.content.documents import documents_bundle
from bot.content.files import ContentBundle

HEADER = "# Exported by `jurisbot content export` from the live database (chat edits included).\n"


class _Dumper(yaml.SafeDumper):
    pass


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = ">" if len(value) > 80 and "\n" not in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _write(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEADER)
        yaml.dump(data, handle, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=96)


def _dump(model: Any) -> Any:
    return model.model_dump(mode="json", exclude_none=True, exclude_defaults=True)


def write_bundle(bundle: ContentBundle, target: Path) -> int:
    """Write every document; returns the number of files written."""
    written = 0
    for usps, state in sorted(bundle.states.items()):
        _write(target / "states" / f"{usps}.yaml", _dump(state))
        written += 1
    for key, local in sorted(bundle.local.items()):
        _write(target / "places" / f"{key}.yaml", _dump(local))
        written += 1
    for name, model in (
        ("timeline.yaml", bundle.timeline),
        ("explainers.yaml", bundle.explainers),
        ("aliases.yaml", bundle.aliases),
    ):
        if model is not None:
            _write(target / name, _dump(model))
            written += 1
    return written


def export_documents(docs: dict[str, dict[str, Any]], target: Path, lexicon: Path) -> int:
    """Export live documents to ``target``; the lexicon (not kept in the database) is copied."""
    written = write_bundle(documents_bundle(docs), target)
    if lexicon.is_dir():
        shutil.copytree(lexicon, target / "lexicon", dirs_exist_ok=True)
    return written
