"""Storage on the embedded SQLite and on the real PostgreSQL: schema, seeding, idempotent
loads, versioned history and immediate freshness of edits."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, inspect
from sqlmodel import col, select

from bot.app import Services, build_services, load_directory, prepare_database
from bot.config import Settings
from bot.content.documents import activation_key, bundle_documents
from bot.content.files import read_content
from bot.content.loader import load_bundle
from bot.core.answering import Answerer
from bot.core.answers import PlaceAnswer, View
from bot.rendering.environment import Renderer
from bot.storage import content as content_store
from bot.storage import places as places_store
from bot.storage import subscribers as subscribers_store
from bot.storage.database import Database
from bot.storage.facts import FactsCache
from bot.storage.tables import ContentVersionRow, PlaceRow, SubscriptionRow, ZipRow
from tests.conftest import CONTENT_DIR


@pytest.fixture(scope="session")
def services(database_url: str) -> Iterator[Services]:
    services = build_services(
        Settings(DATABASE_URL=database_url, JURISBOT_CONTENT_DIR=CONTENT_DIR)
    )
    yield services
    services.close()


def test_first_start_creates_schema_and_loads_everything(services: Services) -> None:
    tables = set(inspect(services.database.engine).get_table_names())
    assert {"place", "zip_code", "content_version", "policy_scope", "alembic_version"} <= tables
    with services.database.session() as session:
        places = session.execute(select(func.count()).select_from(PlaceRow)).scalar_one()
        zips = session.execute(select(func.count()).select_from(ZipRow)).scalar_one()
        docs = len(content_store.current_versions(session))
    assert places > 40_000  # 56 states, ~3,200 counties, ~39,000 towns and postal names
    assert zips > 40_000
    expected = len(bundle_documents(read_content(CONTENT_DIR)))
    assert docs == expected
    counts = services.directory.counts()
    assert counts["state"] == 56
    assert counts["county"] > 3000
    assert counts["town"] > 29_000


def test_second_start_and_reload_change_nothing(services: Services) -> None:
    with services.database.session() as session:
        before = content_store.revision(session)
    assert prepare_database(services.database, CONTENT_DIR) is None
    with services.database.session() as session:
        report = load_bundle(session, read_content(CONTENT_DIR), services.directory)
        after = content_store.revision(session)
    assert report.added == []
    assert report.unchanged > 100
    assert report.unresolved == []
    assert after == before


def test_answers_from_the_database_match_the_content_files(
    services: Services, answerer: Answerer, renderer: Renderer
) -> None:
    for question in (
        "Northampton MA",
        "01060",
        "NH",
        "california",
        "Springfield",
        "Alaska",
        "11354",
        "dallas county texas",
        "what is a detainer?",
        "Tegucigalpa",
    ):
        from_db = renderer.render(services.answerer.answer(question))
        from_files = renderer.render(answerer.answer(question))
        assert from_db == from_files, question


def test_an_edit_is_a_new_version_and_served_at_once(services: Services) -> None:
    key = activation_key("NH")
    renderer = services.renderer
    with services.database.session() as session:
        original = content_store.current_version(session, key=key)
        assert original is not None
        edited = dict(original.data)
        edited["statewide"] = {**edited["statewide"], "date": "2012-05-09"}
        content_store.add_version(session, key=key, data=edited, author="test")
        session.commit()
    try:
        answer = services.answerer.answer("NH", language="en")
        assert isinstance(answer, PlaceAnswer)
        assert "May 9, 2012" in renderer.render(answer)
        with services.database.session() as session:
            versions = content_store.history(session, key=key)
            assert [v.version for v in versions][:2] == [original.version + 1, original.version]
            assert [v.is_current for v in versions][:2] == [True, False]
            assert versions[1].data == original.data  # the old version is kept, unchanged
    finally:
        with services.database.session() as session:
            content_store.add_version(session, key=key, data=original.data, author="test")
            session.commit()
    assert "May 8, 2012" in renderer.render(services.answerer.answer("NH"))


def test_an_edit_by_another_process_is_served_within_max_age(services: Services) -> None:
    """Another process's commit is not counted here: the cache checks the revision again once
    ``max_age`` has passed (a fake clock, no sleeping)."""
    now = [0.0]
    facts = FactsCache(services.database, services.directory, max_age=1.0, clock=lambda: now[0])
    answerer = services.answerer.with_facts(facts)
    key = activation_key("NH")
    assert "May 8, 2012" in services.renderer.render(answerer.answer("NH"))
    other = Database(services.database.url)  # its own engine and commit count
    with other.session() as session:
        original = content_store.current_version(session, key=key)
    assert original is not None
    try:
        with other.session() as session:
            edited = {**original.data, "statewide": {**original.data["statewide"]}}
            edited["statewide"]["date"] = "2012-05-09"
            content_store.add_version(session, key=key, data=edited, author="test")
            session.commit()
        now[0] = 0.5
        assert "May 8, 2012" in services.renderer.render(answerer.answer("NH"))
        now[0] = 1.01
        assert "May 9, 2012" in services.renderer.render(answerer.answer("NH"))
    finally:
        with other.session() as session:
            content_store.add_version(session, key=key, data=original.data, author="test")
            session.commit()
        other.dispose()
    now[0] = 2.02
    assert "May 8, 2012" in services.renderer.render(answerer.answer("NH"))


def test_only_one_current_version_per_key(services: Services) -> None:
    with services.database.session() as session:
        rows = session.execute(
            select(col(ContentVersionRow.key), func.count())
            .where(col(ContentVersionRow.is_current))
            .group_by(col(ContentVersionRow.key))
        ).all()
    assert rows
    assert all(count == 1 for _, count in rows)


def test_a_second_process_sees_the_same_data(services: Services) -> None:
    """A fresh start on a loaded database reads places and facts back without reloading."""
    directory = load_directory(services.database)
    assert directory.counts() == services.directory.counts()
    answer = services.answerer.answer_place("ma-t-northampton", View.DETAINER, "en")
    assert isinstance(answer, PlaceAnswer)
    assert [p.key for p in answer.policies] == ["local:MA/northampton", "detainer:MA"]


def test_changed_content_files_are_loaded_at_the_next_start(
    services: Services, tmp_path: Path
) -> None:
    """An upgrade that ships new content: the next start loads what changed, nothing else."""
    copy = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, copy)
    path = copy / "states" / "ND.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["detainer"]["as_of"] = "2025-04-15"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    report = prepare_database(services.database, copy)
    assert report is not None
    assert report.added == ["detainer:ND"]
    assert prepare_database(services.database, copy) is None  # once
    report = prepare_database(services.database, CONTENT_DIR)  # and back
    assert report is not None
    assert report.added == ["detainer:ND"]


def test_a_directory_rebuild_keeps_subscriptions_to_renamed_places(services: Services) -> None:
    """Builder version 2 renamed five Puerto Rico counties ("Bayamon" -> "Bayamon Municipio"):
    their subscribers follow the new id; nobody is dropped, nobody subscribed twice."""
    with services.database.session() as session:
        subscribers_store.subscribe(session, chat_id=9101, place_id="pr-c-bayamon", language="es")
        subscribers_store.subscribe(session, chat_id=9102, place_id="pr-c-bayamon", language="es")
        subscribers_store.subscribe(
            session, chat_id=9102, place_id="pr-c-bayamon-municipio", language="es"
        )
        places_store.set_meta(session, places_store.PLACES_VERSION_KEY, "zipcodes-old-b1")
        session.commit()
    try:
        prepare_database(services.database, CONTENT_DIR)  # the directory is rebuilt
        with services.database.session() as session:
            rows = session.execute(
                select(SubscriptionRow.chat_id, SubscriptionRow.place_id).where(
                    col(SubscriptionRow.chat_id).in_([9101, 9102])
                )
            ).all()
        assert sorted(rows) == [(9101, "pr-c-bayamon-municipio"), (9102, "pr-c-bayamon-municipio")]
    finally:
        with services.database.session() as session:
            for chat_id in (9101, 9102):
                subscribers_store.forget(session, chat_id=chat_id)
            session.commit()
