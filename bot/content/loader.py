"""Load the content bundle into the database: idempotent, and never discards history."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from bot.content.derived import derive
from bot.content.documents import bundle_documents
from bot.content.files import ContentBundle
from bot.core.places import PlaceDirectory
from bot.storage import content as content_store
from bot.storage import places as places_store
from bot.storage.tables import ContentVersionRow

CONTENT_AUTHOR = "content"


@dataclass
class LoadReport:
    added: list[str] = field(default_factory=list)
    unchanged: int = 0
    unresolved: list[str] = field(default_factory=list)
    # Chat edits the files do not know about yet (the files are unchanged since): kept live.
    kept: list[str] = field(default_factory=list)
    # Both a chat edit and the file changed: the file's version goes live, the chat edit stays
    # in the history (revert brings it back).
    conflicts: list[str] = field(default_factory=list)


def load_bundle(
    session: Session,
    bundle: ContentBundle,
    directory: PlaceDirectory,
    *,
    author: str = CONTENT_AUTHOR,
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
        if live is not None and live.author != CONTENT_AUTHOR:
            loaded = _last_loaded(session, key)
            if loaded is not None and loaded.data == data:
                report.kept.append(key)
                continue
            report.conflicts.append(key)
        content_store.add_version(session, key=key, data=data, author=author)
        report.added.append(key)
    refresh_derived(session, directory, report)
    session.commit()
    return report


def refresh_derived(session: Session, directory: PlaceDirectory, report: LoadReport) -> None:
    """Recompute policy scopes and aliases from the live documents."""
    docs = {row.key: row.data for row in content_store.current_versions(session)}
    derived = derive(docs, directory)
    report.unresolved.extend(derived.unresolved)
    content_store.replace_scopes(session, scopes=derived.scopes)
    places_store.replace_aliases(session, aliases=derived.aliases)


def _last_loaded(session: Session, key: str) -> ContentVersionRow | None:
    """The newest version of ``key`` that came from the content files."""
    return next(
        (row for row in content_store.history(session, key=key) if row.author == CONTENT_AUTHOR),
        None,
    )
