"""The composition root: builds every service once, explicitly, with no import-time effects."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.config import Settings
from bot.content.derived import derive
from bot.content.documents import bundle_documents
from bot.content.files import read_content
from bot.content.loader import LoadReport, load_bundle
from bot.content.snapshot import build_snapshot
from bot.core.answering import Answerer
from bot.core.lexicon import Lexicon, LexiconFile
from bot.core.places import PlaceDirectory
from bot.places.dataset import build_dataset, dataset_version, renamed_place_ids
from bot.rendering.environment import Renderer
from bot.services.broadcasts import BroadcastService
from bot.services.editing import EditingService
from bot.services.reports import ReportService
from bot.services.staff import StaffService
from bot.services.subscriptions import SubscriptionService
from bot.storage import places as places_store
from bot.storage import subscribers as subscribers_store
from bot.storage.database import Database, reachable
from bot.storage.facts import FactsCache

log = logging.getLogger(__name__)
CONTENT_FINGERPRINT = "content_fingerprint"


@dataclass
class Services:
    settings: Settings
    database: Database
    directory: PlaceDirectory
    facts: FactsCache
    answerer: Answerer
    renderer: Renderer
    staff: StaffService
    editing: EditingService
    reports: ReportService
    subscriptions: SubscriptionService
    broadcasts: BroadcastService

    def close(self) -> None:
        self.database.dispose()


def read_lexicon(content_dir: Path) -> Lexicon:
    files = []
    for path in sorted((content_dir / "lexicon").glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            files.append(LexiconFile.model_validate(yaml.safe_load(handle)))
    return Lexicon.from_files(files)


def prepare_database(database: Database, content_dir: Path) -> LoadReport | None:
    """Create or upgrade the schema; on first use load the places and the content."""
    database.migrate()
    with database.session() as session:
        if places_store.places_version(session) != dataset_version():
            log.info("loading the place directory")
            dataset = build_dataset()
            places_store.replace_places(
                session, places=dataset.places, zips=dataset.zips, version=dataset_version()
            )
            present = {p.id for p in dataset.places}
            missing = subscribers_store.subscribed_place_ids(session) - present
            renamed = renamed_place_ids(missing, present)
            if renamed:  # nobody loses a subscription to a rebuild
                moved = subscribers_store.move_subscriptions(session, renamed=renamed)
                log.info("%d subscription(s) moved to renamed places", moved)
            session.commit()
        fingerprint = content_fingerprint(content_dir)
        if places_store.meta(session, CONTENT_FINGERPRINT) != fingerprint:
            # First start, or the shipped content changed (an upgrade): load it. Chat edits
            # the files do not know about are kept; conflicts are logged (see load_bundle).
            log.info("loading content from %s", content_dir)
            directory = load_directory(database)
            report = load_bundle(session, read_content(content_dir), directory)
            for key in report.conflicts:
                log.warning("content conflict on %s: the files' version is live", key)
            places_store.set_meta(session, CONTENT_FINGERPRINT, fingerprint)
            session.commit()
            return report
    return None


def content_fingerprint(content_dir: Path) -> str:
    """Changes whenever any content file changes."""
    digest = hashlib.sha256()
    for path in sorted(content_dir.rglob("*.yaml")):
        digest.update(path.relative_to(content_dir).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def load_directory(database: Database) -> PlaceDirectory:
    with database.session() as session:
        places, zips = places_store.load_places(session)
        aliases = places_store.load_aliases(session)
    return PlaceDirectory(places, zips, aliases)


def build_services(settings: Settings | None = None) -> Services:
    settings = settings or Settings()
    with reachable(settings.database_url):
        database = Database(settings.database_url)
        prepare_database(database, settings.content_dir)
    directory = load_directory(database)
    facts = FactsCache(database, directory, on_reload=directory.set_curated)
    facts.snapshot()  # warm: the first resident should not wait for it
    answerer = Answerer(directory, read_lexicon(settings.content_dir), facts)
    staff = StaffService(database)
    staff.bootstrap(settings.admin_ids)
    renderer = Renderer()
    return Services(
        settings,
        database,
        directory,
        facts,
        answerer,
        renderer,
        staff,
        EditingService(database, answerer, directory),
        ReportService(database, answerer),
        SubscriptionService(database, answerer, directory),
        BroadcastService(
            database,
            answerer,
            directory,
            renderer,
            approvals_needed=settings.broadcast_approvals,
        ),
    )


def build_offline_answerer(content_dir: Path) -> Answerer:
    """The core on the content files alone, without a database (tests, tools)."""
    dataset = build_dataset()
    docs = bundle_documents(read_content(content_dir))
    bare = PlaceDirectory(dataset.places, dataset.zips)
    derived = derive(docs, bare)
    directory = PlaceDirectory(dataset.places, dataset.zips, derived.aliases)
    snapshot = build_snapshot(docs, derived.places_to_policies(), directory)
    directory.set_curated(snapshot.curated_place_ids())
    return Answerer(directory, read_lexicon(content_dir), snapshot)
