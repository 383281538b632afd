"""``jurisbot content validate|load``."""

from __future__ import annotations

from pathlib import Path

from bot import exits
from bot.app import build_services, load_directory, prepare_database
from bot.config import Settings
from bot.content.exporter import export_documents
from bot.content.files import ContentError, read_content
from bot.content.loader import load_bundle
from bot.content.validate import validate_bundle
from bot.core.places import PlaceDirectory
from bot.places.dataset import build_dataset
from bot.storage import content as content_store


def validate_command(directory: Path) -> int:
    try:
        bundle = read_content(directory)
    except ContentError as error:
        for problem in error.problems:
            print(f"error: {problem}")
        print(f"{len(error.problems)} error(s) in {directory}")
        return exits.FAILED
    dataset = build_dataset()
    report = validate_bundle(bundle, PlaceDirectory(dataset.places, dataset.zips))
    for warning in report.warnings:
        print(f"warning: {warning}")
    for error_text in report.errors:
        print(f"error: {error_text}")
    print(report.summary())
    return exits.FAILED if report.errors else 0


def load_command(settings: Settings, directory: Path) -> int:
    if validate_command(directory) != 0:
        print("nothing was loaded")
        return exits.FAILED
    services = build_services(settings)
    try:
        prepare_database(services.database, directory)
        with services.database.session() as session:
            report = load_bundle(
                session, read_content(directory), load_directory(services.database)
            )
    finally:
        services.close()
    print(
        f"loaded {directory}: {len(report.added)} document(s) updated, "
        f"{report.unchanged} unchanged"
    )
    for key in report.added:
        print(f"  updated {key}")
    if report.added:
        print("a running bot serves the new content within a second")
    for key in report.kept:
        print(
            f"  kept {key}: edited in the chat since the files were loaded; "
            "run `jurisbot content export` to bring the files up to date"
        )
    for key in report.conflicts:
        print(
            f"  CONFLICT {key}: changed both in the chat and in the files; the files' version "
            "is live now, the chat edit stays in the history (/history, /revert)"
        )
    return 0


def export_command(settings: Settings, directory: Path) -> int:
    services = build_services(settings)
    try:
        with services.database.session() as session:
            docs = {row.key: row.data for row in content_store.current_versions(session)}
        written = export_documents(docs, directory, settings.content_dir / "lexicon")
    finally:
        services.close()
    print(f"exported {written} file(s) to {directory}")
    return validate_command(directory)
