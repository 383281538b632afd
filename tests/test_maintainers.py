"""Maintainers keep the content true from the chat, end to end through the Bot API fake, on
SQLite and PostgreSQL: roles, preview and confirm, history, revert, audit, reports, stale
records, bad input, and the export round trip."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from sqlmodel import col, select

from bot.app import Services, build_offline_answerer, build_services
from bot.channels.telegram.application import build_application
from bot.config import Settings
from bot.content.exporter import export_documents
from bot.content.files import read_content
from bot.content.loader import load_bundle
from bot.content.validate import validate_bundle
from bot.storage import content as content_store
from bot.storage.tables import PendingChangeRow, utcnow
from tests.conftest import CONTENT_DIR
from tests.fakes import TelegramFake
from tests.fakes.models import MessageSnapshot
from tests.fakes.ptb import running_application
from tests.test_telegram_bot import button

pytest_plugins = ("tests.fakes.fixtures",)

MAINTAINER = 2001  # bootstrapped from JURISBOT_ADMINS
SECOND = 2002
RESIDENT = 2003
ORGANIZER = 2004
STAFF_GROUP = -7001


@pytest.fixture(scope="module")
def services(module_database_url: str) -> Iterator[Services]:
    settings = Settings(
        DATABASE_URL=module_database_url,
        JURISBOT_CONTENT_DIR=CONTENT_DIR,
        JURISBOT_ADMINS=str(MAINTAINER),
    )
    services = build_services(settings)
    yield services
    services.close()


@pytest.fixture
async def bot(telegram_fake: TelegramFake, services: Services) -> AsyncIterator[TelegramFake]:
    for user_id, name in (
        (MAINTAINER, "Mae"),
        (SECOND, "Sol"),
        (RESIDENT, "Rui"),
        (ORGANIZER, "Ola"),
    ):
        telegram_fake.add_user(user_id, name, "en")
    application = build_application(services, telegram_fake.token, base_url=telegram_fake.base_url)
    async with running_application(application, poll_timeout=10):
        yield telegram_fake


async def say(fake: TelegramFake, user: int, text: str) -> MessageSnapshot:
    await fake.send_text(user, text)
    return await fake.wait_for_reply(user)


async def replies(fake: TelegramFake, user: int, text: str, count: int) -> list[MessageSnapshot]:
    update = await fake.send_text(user, text)
    got: list[MessageSnapshot] = []
    after = update.seq
    for _ in range(count):
        snapshot = await fake.wait_for_reply(user, after=after)
        got.append(snapshot)
        after = snapshot.seq
    return got


async def press(fake: TelegramFake, user: int, message: MessageSnapshot, label: str) -> str:
    query = await fake.press_button(user, message, button(message, label))
    await fake.wait_for_callback_answer(query)
    return (await fake.wait_for_reply(user)).text


async def test_a_resident_cannot_use_staff_commands(bot: TelegramFake) -> None:
    for command in (
        "/setdate NH 2012-05-09",
        "/addpolicy Boston MA | x | https://a.org",
        "/grant 2003 maintainer",
        "/audit",
        "/revert NH",
        "/reports",
    ):
        reply = await say(bot, RESIDENT, command)
        assert reply.text == "Sorry, I don't know that command. See /help."
    # Indistinguishable from a command that does not exist: nothing is revealed.
    assert (await say(bot, RESIDENT, "/nonsense")).text == reply.text
    assert "May 8, 2012" in (await say(bot, RESIDENT, "NH")).text
    audit = (await say(bot, MAINTAINER, "/audit")).text
    assert f"{RESIDENT} · setdate · refused" in audit
    assert f"{RESIDENT} · grant · refused" in audit
    assert bot.commands({"type": "chat", "chat_id": RESIDENT}) is None  # no staff menu


async def test_set_a_date_preview_confirm_history_and_revert(bot: TelegramFake) -> None:
    parts = await replies(bot, MAINTAINER, "/setdate NH 2012-05-09 | https://example.org/nh", 2)
    assert "Preview" in parts[0].text
    assert "May 9, 2012" in parts[1].text
    assert "example.org" in parts[1].text
    # Not live before the confirmation.
    assert "May 8, 2012" in (await say(bot, RESIDENT, "NH")).text

    assert "Confirmed: New Hampshire" in await press(bot, MAINTAINER, parts[1], "Confirm")
    live = (await say(bot, RESIDENT, "when did secure communities start in NH")).text
    assert "May 9, 2012" in live  # at once: no restart, no stale cache

    history = (await say(bot, MAINTAINER, "/history NH")).text
    assert "activation:NH v2" in history
    assert "activation:NH v1" in history
    assert f"telegram:{MAINTAINER}" in history

    revert = await replies(bot, MAINTAINER, "/revert NH", 2)
    assert "May 8, 2012" in revert[1].text
    assert "Reverted: New Hampshire" in await press(bot, MAINTAINER, revert[1], "Confirm")
    assert "May 8, 2012" in (await say(bot, RESIDENT, "NH")).text
    assert "activation:NH v3" in (await say(bot, MAINTAINER, "/history NH")).text


async def test_add_a_town_policy_with_html_stored_as_text(bot: TelegramFake) -> None:
    text = (
        "/addpolicy Springfield, IL | The <b>City Council</b> voted to stop 48-hour holds "
        "& refer requests to the county. | https://example.org/springfield | 2026-12-01 "
        "| stance=limits"
    )
    parts = await replies(bot, MAINTAINER, text, 2)
    assert "The <b>City Council</b> voted" in parts[1].text  # shown escaped, as typed
    assert "&lt;b&gt;" in parts[1].html
    assert "Confirmed: Springfield, IL" in await press(bot, MAINTAINER, parts[1], "Confirm")
    answer = (await say(bot, RESIDENT, "Springfield IL detainer policy")).text
    assert "Springfield: limits holds for ICE" in answer
    assert "The <b>City Council</b> voted to stop 48-hour holds & refer" in answer
    assert "December 1, 2026" in answer
    assert "Statewide (Illinois)" in answer  # the state's rule still follows


async def test_only_the_author_confirms_and_previews_expire(
    bot: TelegramFake, services: Services
) -> None:
    assert "now a maintainer" in (await say(bot, MAINTAINER, f"/grant {SECOND} maintainer")).text
    bot.add_group(STAFF_GROUP, "Maintainers")
    update = await bot.send_text(MAINTAINER, "/setdate VT 2012-05-21", chat_id=STAFF_GROUP)
    header = await bot.wait_for_reply(STAFF_GROUP, after=update.seq)
    await bot.wait_for_reply(STAFF_GROUP, after=header.seq)
    preview = bot.last_sent(STAFF_GROUP)
    assert preview is not None
    # The second maintainer may not confirm someone else's preview; the preview stays.
    query = await bot.press_button(SECOND, preview, button(preview.current, "Confirm"))
    answer = await bot.wait_for_callback_answer(query)
    assert "Only the person who asked" in answer["text"]
    assert bot.last_sent(STAFF_GROUP) is not None
    assert "May 22, 2012" in (await say(bot, RESIDENT, "Vermont")).text
    query = await bot.press_button(MAINTAINER, preview, button(preview.current, "Confirm"))
    assert "Confirmed: Vermont" in (await bot.wait_for_reply(STAFF_GROUP)).text
    assert "May 21, 2012" in (await say(bot, RESIDENT, "Vermont")).text

    parts = await replies(bot, MAINTAINER, "/setdate VT 2012-05-20", 2)
    with services.database.session() as session:
        pending = session.exec(
            select(PendingChangeRow).where(col(PendingChangeRow.status) == "pending")
        ).all()
        for row in pending:
            row.expires_at = utcnow() - timedelta(seconds=1)
        session.commit()
    assert "expired" in await press(bot, MAINTAINER, parts[1], "Confirm")
    assert "May 21, 2012" in (await say(bot, RESIDENT, "Vermont")).text

    parts = await replies(bot, MAINTAINER, "/setdate VT 2012-05-19", 2)
    assert "Cancelled" in await press(bot, MAINTAINER, parts[1], "Cancel")
    assert "May 21, 2012" in (await say(bot, RESIDENT, "Vermont")).text
    assert "no longer a maintainer" in (await say(bot, MAINTAINER, f"/revoke {SECOND}")).text


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/setdate NH 2012-13-45", "is not a valid date"),
        ("/setdate NH 2012-02-30", "is not a valid date"),
        ("/setdate NH 2999-01-01", "is in the future"),
        ("/setdate Xqzzyville 2012-05-08", "couldn't find the place"),
        ("/setdate Boston MA 2012-05-08", "is not a state"),
        ("/setdate NH", "Write: /setdate"),
        ("/setdate NH 2012-05-08 | ftp://example.org/x", "must be a web address"),
        ("/addpolicy Boston MA | only a summary", "Write: /addpolicy"),
        ("/addpolicy Boston MA |  | https://example.org", "The summary is empty"),
        ("/addpolicy Boston MA | " + "x" * 1001 + " | https://example.org", "1001 characters"),
        ("/addpolicy Boston MA | ok | javascript:alert(1)", "must be a web address"),
        ("/addpolicy Springfield | ok | https://example.org", "could be several places"),
        ("/addpolicy Boston MA | ok | https://example.org | stance=maybe", "is not a stance"),
        ("/addpolicy Boston MA | ok | https://example.org | 2026-02-30", "is not a valid date"),
        ("/grant someone maintainer", "Write: /grant"),
        ("/grant 5 king", "is not a role"),
        (f"/revoke {MAINTAINER}", "last maintainer"),
        ("/stale soon", "Write: /stale"),
        ("/revert Tegucigalpa", "couldn't find the place"),
    ],
)
async def test_bad_input_is_explained_and_changes_nothing(
    bot: TelegramFake, services: Services, command: str, expected: str
) -> None:
    with services.database.session() as session:
        before = content_store.revision(session)
    reply = await say(bot, MAINTAINER, command)
    assert expected in reply.text
    with services.database.session() as session:
        assert content_store.revision(session) == before
    assert all(call.ok for call in bot.calls() if call.method != "getUpdates")


async def test_roles_and_staff_menus(bot: TelegramFake, services: Services) -> None:
    assert "now an organizer" in (await say(bot, MAINTAINER, f"/grant {ORGANIZER} organizer")).text
    menu = bot.commands({"type": "chat", "chat_id": ORGANIZER}) or []
    assert {"broadcast", "broadcasts"} <= {c["command"] for c in menu}
    assert "setdate" not in {c["command"] for c in menu}
    maintainer_menu = bot.commands({"type": "chat", "chat_id": MAINTAINER}) or []
    assert {"setdate", "addpolicy", "revert", "audit"} <= {c["command"] for c in maintainer_menu}
    refused = await say(bot, ORGANIZER, "/setdate NH 2012-05-07")
    assert "don't know that command" in refused.text
    assert services.staff.role_of(ORGANIZER) == "organizer"
    assert "no longer an organizer" in (await say(bot, MAINTAINER, f"/revoke {ORGANIZER}")).text
    assert services.staff.role_of(ORGANIZER) is None
    assert bot.commands({"type": "chat", "chat_id": ORGANIZER}) is None


async def test_a_resident_reports_an_error_and_a_maintainer_resolves_it(
    bot: TelegramFake,
) -> None:
    thanks = await say(bot, RESIDENT, "/report Boston MA | The Trust Act text changed in 2026")
    assert "Thank you" in thanks.text
    notice = await bot.wait_for_reply(MAINTAINER, after=0)
    assert "New report" in notice.text
    listing = (await replies(bot, MAINTAINER, "/reports", 1))[0]
    assert "The Trust Act text changed in 2026" in listing.text
    query = await bot.press_button(MAINTAINER, listing, button(listing, "Resolved"))
    await bot.wait_for_callback_answer(query)
    assert "No open reports" in (await say(bot, MAINTAINER, "/reports")).text
    usage = await say(bot, RESIDENT, "/report Boston MA")
    assert "Write: /report" in usage.text


async def test_stale_records(bot: TelegramFake) -> None:
    reply = (await say(bot, MAINTAINER, "/stale 60")).text
    assert "Records older than 60 months" in reply
    assert "Strafford County, NH" in reply  # as of 2019-08-18
    assert "Alaska" not in reply  # as of 2026-11-28


def test_export_round_trip_reproduces_the_answers(services: Services, tmp_path: Path) -> None:
    with services.database.session() as session:
        docs = {row.key: row.data for row in content_store.current_versions(session)}
    target = tmp_path / "export"
    export_documents(docs, target, CONTENT_DIR / "lexicon")
    bundle = read_content(target)
    assert validate_bundle(bundle, services.directory).errors == []
    exported = build_offline_answerer(target)
    renderer = services.renderer
    for question in (
        "NH",
        "Vermont",
        "Springfield IL detainer policy",
        "Northampton MA",
        "01060",
        "Springfield",
        "california",
        "what is a detainer?",
    ):
        assert renderer.render(exported.answer(question)) == renderer.render(
            services.answerer.answer(question)
        ), question


def test_reloading_files_keeps_chat_edits_and_reports_conflicts(
    services: Services, tmp_path: Path
) -> None:
    key = "activation:WY"
    with services.database.session() as session:
        live = content_store.current_version(session, key=key)
        assert live is not None
        content_store.add_version(
            session,
            key=key,
            data={**live.data, "as_of": "2026-10"},
            author="telegram:2001",
            note="chat edit",
        )
        session.commit()
    # The files did not change since: the chat edit stays live.
    with services.database.session() as session:
        report = load_bundle(session, read_content(CONTENT_DIR), services.directory)
    assert key in report.kept
    # Now the file changes too: a conflict, reported; both versions are in the history.
    copy = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, copy)
    path = copy / "states" / "WY.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["activation"]["as_of"] = "2026-09"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with services.database.session() as session:
        report = load_bundle(session, read_content(copy), services.directory)
        history = content_store.history(session, key=key)
    assert key in report.conflicts
    assert [v.data["as_of"] for v in history[:3]] == ["2026-09", "2026-10", "2026-11"]
    assert [v.author for v in history[:2]] == ["content", "telegram:2001"]
