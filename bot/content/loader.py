"""Load the content bundle into the database: idempotent, and never discards history."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from bot.content.documents import ALIASES, bundle_documents, detainer_key
from bot.content.files import ContentBundle
from bot.content.resolve import resolve_place, resolve_target
from bot.content.schema import AliasesFile, LocalPolicyFile
from bot.core.places import PlaceDirectory, PlaceKind
from bot.places.dataset import state_id
from bot.storage import content as content_store
from bot.storage import places as places_store

CONTENT_AUTHOR = "content"


@dataclass
class LoadReport:
    added: list[str] = field(default_factory=list)
    unchanged: int = 0
    unresolved: list[str] = field(default_factory=list)


def load_bundle(
    session: Session, bundle: ContentBundle, directory: PlaceDirectory, *, author: str = CONTENT_AUTHOR
) -> LoadReport:
    """Add a version for every document that differs from the live one; then refresh the
    derived tables (which places each policy covers, aliases)."""
    report = LoadReport()
    current = {row.key: row for row in content_store.current_versions(session)}
    for key, data in bundle_documents(bundle).items():
        live = current.get(key)
        if live is not None and live.data == data:
            report.unchanged += 1
            continue
        content_store.add_version(session, key=key, data=data, author=author)
        report.added.append(key)
    refresh_derived(session, directory, report)
    session.commit()
    return report


def refresh_derived(session: Session, directory: PlaceDirectory, report: LoadReport) -> None:
    """Recompute policy scopes and aliases from the live documents."""
    scopes: dict[str, list[str]] = {}
    aliases: list[tuple[str, str, str]] = []
    for row in content_store.current_versions(session):
        kind, _, name = row.key.partition(":")
        if kind == "detainer":
            scopes[detainer_key(name)] = [state_id(name)]
        elif kind == "local":
            local = LocalPolicyFile.model_validate(row.data)
            ids = []
            for ref in local.applies_to:
                place = resolve_place(directory, local.state, PlaceKind(ref.kind), ref.name)
                if place is None:
                    report.unresolved.append(f"{row.key}: {ref.kind} {ref.name!r}")
                else:
                    ids.append(place.id)
            scopes[row.key] = ids
        elif row.key == ALIASES:
            for alias in AliasesFile.model_validate(row.data).aliases:
                target = resolve_target(directory, alias.target)
                if target is None:
                    report.unresolved.append(f"aliases: {alias.name!r} -> {alias.target}")
                else:
                    aliases.append((alias.name, target.id, alias.language))
    content_store.replace_scopes(session, scopes=scopes)
    places_store.replace_aliases(session, aliases=aliases)
