"""Subscriptions and broadcasts end to end through the Bot API fake, on SQLite and PostgreSQL:
every active subscriber gets a broadcast exactly once, blocked ones are deactivated, 429s are
waited out, 5xx retried, residents are answered during a large broadcast, /forget erases."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Iterator

import pytest
from sqlmodel import col, select

from bot.app import Services, build_services
from bot.channels.telegram.application import build_application
from bot.config import Settings
from bot.storage.tables import (
    AuditRow,
    OutboxRow,
    PendingChangeRow,
    SubscriberRow,
    SubscriptionRow,
    utcnow,
)
from tests.conftest import CONTENT_DIR
from tests.fakes import TelegramFake
from tests.fakes.models import MessageSnapshot
from tests.fakes.ptb import running_application
from tests.test_maintainers import press, replies, say
from tests.test_telegram_bot import button

pytest_plugins = ("tests.fakes.fixtures",)

MAINTAINER = 3001
ORGANIZER = 3002
RESIDENT = 3003
CROWD = range(40_000, 40_120)  # subscribers created directly in the database


@pytest.fixture(scope="module")
def services(module_database_url: str) -> Iterator[Services]:
    settings = Settings(
        DATABASE_URL=module_database_url,
        JURISBOT_CONTENT_DIR=CONTENT_DIR,
        JURISBOT_ADMINS=str(MAINTAINER),
        JURISBOT_BROADCAST_RATE=200,
    )
    services = build_services(settings)
    yield services
    services.close()


@pytest.fixture
async def bot(telegram_fake: TelegramFake, services: Services) -> AsyncIterator[TelegramFake]:
    for user_id in (MAINTAINER, ORGANIZER, RESIDENT, *CROWD):
        telegram_fake.add_user(user_id, f"U{user_id}", "en")
    application = build_application(services, telegram_fake.token, base_url=telegram_fake.base_url)
    async with running_application(application, poll_timeout=10):
        if services.staff.role_of(ORGANIZER) is None:
            await say(telegram_fake, MAINTAINER, f"/grant {ORGANIZER} organizer")
        yield telegram_fake


def _reset(services: Services) -> None:
    """Every test starts with no subscribers and no deliveries."""
    with services.database.session() as session:
        for table in (OutboxRow, SubscriptionRow, SubscriberRow):
            for row in session.exec(select(table)).all():
                session.delete(row)
        session.commit()


def _crowd(services: Services, place_text: str, chat_ids: range) -> None:
    place = services.subscriptions.place(place_text)
    for chat_id in chat_ids:
        services.subscriptions.subscribe(chat_id, place, "en")


def _deliveries(fake: TelegramFake, marker: str) -> Counter[int]:
    """How many times each resident received a message containing ``marker`` (the staff's
    previews and approval requests are not deliveries)."""
    return Counter(
        int(call.params["chat_id"])
        for call in fake.calls("sendMessage")
        if call.ok
        and marker in str(call.params.get("text", ""))
        and int(call.params["chat_id"]) not in (MAINTAINER, ORGANIZER)
    )


async def _send(fake: TelegramFake, user: int, command: str) -> list[MessageSnapshot]:
    parts = await replies(fake, user, command, 2)
    await press(fake, user, parts[1], "Send")
    return parts


async def _done(fake: TelegramFake, creator: int) -> str:
    """The summary the sender gets when every delivery is settled."""
    summary = await fake.wait_for(
        lambda c: (
            c.method == "sendMessage"
            and c.ok
            and int(c.params["chat_id"]) == creator
            and "finished" in str(c.params.get("text"))
        ),
        timeout=30,
    )
    return str(summary.params["text"])


async def test_subscribe_list_unsubscribe(bot: TelegramFake, services: Services) -> None:
    _reset(services)
    assert (
        "You will get updates about Boston, MA"
        in (await say(bot, RESIDENT, "/subscribe Boston MA")).text
    )
    answer = await say(bot, RESIDENT, "Texas")
    await bot.press_button(RESIDENT, answer, button(answer, "Subscribe"))
    assert "You will get updates about Texas" in (await bot.wait_for_reply(RESIDENT)).text
    listing = (await say(bot, RESIDENT, "/subscriptions")).text
    assert "Boston, MA" in listing
    assert "Texas" in listing
    assert (
        "no longer get updates about Boston"
        in (await say(bot, RESIDENT, "/unsubscribe Boston MA")).text
    )
    assert "1 subscription removed" in (await say(bot, RESIDENT, "/unsubscribe all")).text
    assert "no subscriptions" in (await say(bot, RESIDENT, "/subscriptions")).text
    # Stored about a subscriber: chat id, language, dates. Nothing else exists to store.
    assert set(SubscriberRow.model_fields) == {
        "chat_id",
        "language",
        "chose_language",
        "active",
        "created_at",
        "updated_at",
    }


async def test_broadcast_reaches_every_subscriber_once(
    bot: TelegramFake, services: Services
) -> None:
    _reset(services)
    _crowd(services, "Northampton MA", CROWD[:40])  # town: gets its state's news
    _crowd(services, "Hampshire County, MA", CROWD[40:60])  # county: gets its state's news
    _crowd(services, "MA", CROWD[60:100])
    _crowd(services, "Texas", CROWD[100:120])  # not Massachusetts: gets nothing
    parts = await replies(
        bot, ORGANIZER, "/broadcast Massachusetts | Rally <b>Friday</b> & bring ID", 2
    )
    assert "this will go to 100 subscribers" in parts[0].text
    assert "Rally <b>Friday</b> & bring ID" in parts[1].text  # as typed, escaped
    assert "Update for Massachusetts" in parts[1].text
    assert "Broadcast #" in await press(bot, ORGANIZER, parts[1], "Send")
    summary = await _done(bot, ORGANIZER)
    assert "Sent: 100" in summary
    got = _deliveries(bot, "Rally &lt;b&gt;Friday&lt;/b&gt; &amp; bring ID")
    assert set(got) == set(CROWD[:100])
    assert set(got.values()) == {1}
    assert bot.max_rate(window=1.0) <= 200 + 5
    listing = (await say(bot, ORGANIZER, "/broadcasts")).text
    assert "sent 100" in listing


async def test_throttling_blocking_and_errors(bot: TelegramFake, services: Services) -> None:
    _reset(services)
    _crowd(services, "Vermont", CROWD[:30])
    blocked, gone, flaky, throttled = CROWD[0], CROWD[1], CROWD[2], CROWD[3]
    bot.fail_next(
        "sendMessage",
        error_code=403,
        description="Forbidden: bot was blocked by the user",
        chat_id=blocked,
    )
    bot.fail_next(
        "sendMessage", error_code=400, description="Bad Request: chat not found", chat_id=gone
    )
    bot.fail_next(
        "sendMessage", error_code=500, description="Internal Server Error", chat_id=flaky
    )
    bot.fail_next(
        "sendMessage",
        error_code=429,
        description="Too Many Requests: retry after 1",
        retry_after=1,
        chat_id=throttled,
    )
    await _send(bot, ORGANIZER, "/broadcast Vermont | Town meeting tonight")
    summary = await _done(bot, ORGANIZER)
    assert "Sent: 28" in summary
    assert "blocked the bot: 2" in summary
    got = _deliveries(bot, "Town meeting tonight")
    assert set(got) == set(CROWD[:30]) - {blocked, gone}
    assert set(got.values()) == {1}
    # After the 429 nothing new was sent before retry_after had passed (requests already on
    # the wire when Telegram answered 429 arrive within a few milliseconds).
    calls = [c for c in bot.calls("sendMessage") if "Town meeting" in str(c.params.get("text"))]
    limited = next(c for c in calls if c.http_status == 429)
    in_flight = 0.05
    window = [
        c
        for c in calls
        if limited.finished_at + in_flight < c.started_at < limited.finished_at + 1
    ]
    assert window == []
    assert any(c.started_at >= limited.finished_at + 1 for c in calls)
    with services.database.session() as session:
        inactive = set(
            session.exec(select(SubscriberRow.chat_id).where(col(SubscriberRow.active).is_(False)))
        )
    assert inactive == {blocked, gone}
    # A second broadcast skips the deactivated subscribers.
    parts = await replies(bot, ORGANIZER, "/broadcast Vermont | Second notice", 2)
    assert "this will go to 28 subscribers" in parts[0].text


async def test_residents_are_answered_during_a_large_broadcast(
    telegram_fake: TelegramFake, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    _reset(services)
    _crowd(services, "Maine", CROWD)
    # At 20 messages a second the broadcast takes six seconds.
    monkeypatch.setattr(services.settings, "broadcast_rate", 20.0)
    fake = telegram_fake
    for user_id in (MAINTAINER, ORGANIZER, RESIDENT, *CROWD):
        fake.add_user(user_id, f"U{user_id}", "en")
    application = build_application(services, fake.token, base_url=fake.base_url)
    async with running_application(application, poll_timeout=10):
        await _send(fake, ORGANIZER, "/broadcast Maine | Large notice")
        await fake.wait_for(lambda c: "Large notice" in str(c.params.get("text")), after=0)
        reply = await say(fake, RESIDENT, "when did secure communities start in New Hampshire")
        assert "May 8, 2012" in reply.text
        # The answer came while deliveries were still queued: it did not wait behind them.
        with services.database.session() as session:
            waiting = session.exec(
                select(OutboxRow.id).where(col(OutboxRow.status).in_(["queued", "sending"]))
            ).all()
        assert len(waiting) > 20
        await _done(fake, ORGANIZER)
    assert set(_deliveries(fake, "Large notice")) == set(CROWD)
    assert set(_deliveries(fake, "Large notice").values()) == {1}
    assert fake.max_rate(window=1.0) <= 20 + 3  # the configured rate (replies included)


async def test_forget_erases_the_subscriber(bot: TelegramFake, services: Services) -> None:
    _reset(services)
    await say(bot, RESIDENT, "/subscribe Boston MA")
    await say(bot, RESIDENT, "/report Boston MA | The Trust Act changed")
    prompt = await say(bot, RESIDENT, "/forget")
    assert "cannot be undone" in prompt.text
    await bot.press_button(RESIDENT, prompt, button(prompt, "erase"))
    done = (await bot.wait_for_reply(RESIDENT)).text
    assert "subscriptions: 1" in done
    with services.database.session() as session:
        assert session.get(SubscriberRow, RESIDENT) is None
        assert not session.exec(
            select(SubscriptionRow).where(col(SubscriptionRow.chat_id) == RESIDENT)
        ).all()
        assert not session.exec(select(AuditRow).where(col(AuditRow.actor_id) == RESIDENT)).all()
    parts = await replies(bot, ORGANIZER, "/broadcast Boston MA | Hello Boston", 2)
    assert "this will go to 0 subscribers" in parts[0].text


async def test_four_eyes_rule(
    bot: TelegramFake, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    _reset(services)
    _crowd(services, "Iowa", CROWD[:5])
    monkeypatch.setattr(services.broadcasts, "approvals_needed", 2)
    parts = await replies(bot, ORGANIZER, "/broadcast Iowa | Needs two", 2)
    assert "needs approval by another staff member" in await press(
        bot, ORGANIZER, parts[1], "Send"
    )
    request = await bot.wait_for_reply(MAINTAINER, after=0)
    await bot.wait_for(
        lambda c: (
            c.method == "sendMessage"
            and int(c.params["chat_id"]) == MAINTAINER
            and "Needs two" in str(c.params.get("text"))
        ),
        after=0,
    )
    approval = bot.last_sent(MAINTAINER)
    assert approval is not None
    assert request is not None
    assert not _deliveries(bot, "Needs two")
    await bot.press_button(MAINTAINER, approval, button(approval.current, "Approve"))
    await _done(bot, ORGANIZER)
    assert set(_deliveries(bot, "Needs two")) == set(CROWD[:5])


async def test_policy_change_alert(bot: TelegramFake, services: Services) -> None:
    _reset(services)
    _crowd(services, "Cambridge MA", CROWD[:3])
    parts = await replies(
        bot,
        MAINTAINER,
        "/addpolicy Cambridge MA | The city now also bars ICE from city buildings. | "
        "https://example.org/cambridge | 2026-11-01 | stance=limits",
        2,
    )
    await press(bot, MAINTAINER, parts[1], "Confirm")
    await bot.wait_for(
        lambda c: (
            c.method == "sendMessage" and c.ok and "follow Cambridge" in str(c.params.get("text"))
        )
    )
    offer = bot.last_sent(MAINTAINER)
    assert offer is not None
    assert "3 subscribers follow Cambridge, MA" in offer.text
    await bot.press_button(MAINTAINER, offer, button(offer.current, "Notify subscribers (3)"))
    await _done(bot, MAINTAINER)
    got = _deliveries(bot, "bars ICE from city buildings")
    assert set(got) == set(CROWD[:3])
    alert = next(
        c
        for c in bot.calls("sendMessage")
        if int(c.params["chat_id"]) == CROWD[0]
        and "Detainer policy update" in str(c.params.get("text"))
    )
    assert "example.org" in str(alert.params["text"])


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/broadcast Xqzzyville | hello", "couldn't find the place"),
        ("/broadcast Boston MA |   ", "The message is empty"),
        ("/broadcast", "Write: /broadcast"),
        ("/broadcast all | " + "x" * 4050, "Telegram's limit is 4096"),
    ],
)
async def test_bad_broadcasts_change_nothing(
    bot: TelegramFake, services: Services, command: str, expected: str
) -> None:
    _reset(services)
    assert expected in (await say(bot, ORGANIZER, command)).text
    with services.database.session() as session:
        assert not session.exec(select(OutboxRow)).all()


async def test_residents_cannot_broadcast_and_previews_answer_once(
    bot: TelegramFake, services: Services
) -> None:
    _reset(services)
    refused = await say(bot, RESIDENT, "/broadcast all | spam")
    assert "don't know that command" in refused.text
    with services.database.session() as session:
        audit = session.exec(select(AuditRow).where(col(AuditRow.actor_id) == RESIDENT)).all()
    assert any(row.action == "broadcast" and row.outcome == "refused" for row in audit)
    _crowd(services, "Ohio", CROWD[:2])
    parts = await replies(bot, ORGANIZER, "/broadcast Ohio | Once", 2)
    data = button(parts[1], "Send")
    await press(bot, ORGANIZER, parts[1], "Send")
    query = await bot.press_button(ORGANIZER, parts[1], data, force=True)  # confirming twice
    await bot.wait_for_callback_answer(query)
    assert "already confirmed or cancelled" in (await bot.wait_for_reply(ORGANIZER)).text
    await _done(bot, ORGANIZER)
    assert set(_deliveries(bot, "Once").values()) == {1}
    # An expired preview sends nothing.
    parts = await replies(bot, ORGANIZER, "/broadcast Ohio | Too late", 2)
    with services.database.session() as session:
        for row in session.exec(select(PendingChangeRow)).all():
            row.expires_at = utcnow()
        session.commit()
    assert "expired" in await press(bot, ORGANIZER, parts[1], "Send")
    assert not _deliveries(bot, "Too late")
