"""The resident's Telegram bot, end to end: PTB's real request stack against a strict HTTP fake
of the Bot API (tests/fakes). Tests wait on events, never on fixed sleeps."""

from __future__ import annotations

import logging
import os
import random
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, inspect, select, table

from bot.app import Services, build_services
from bot.channels.telegram.application import build_application
from bot.channels.telegram.callback_data import MAX_BYTES, ShowPlace, StatesPage, decode, encode
from bot.config import Settings
from bot.core.answers import View
from tests.conftest import CONTENT_DIR, ROOT
from tests.fakes import TelegramFake
from tests.fakes.models import MessageSnapshot
from tests.fakes.ptb import running_application

pytest_plugins = ("tests.fakes.fixtures",)

ANA = 1001  # writes in English
BEA = 1002  # her Telegram is set to Portuguese (pt-BR)
GROUP = -5001


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    url = f"sqlite:///{tmp_path_factory.mktemp('tg') / 'jurisbot.db'}"
    services = build_services(Settings(DATABASE_URL=url, JURISBOT_CONTENT_DIR=CONTENT_DIR))
    yield services
    services.close()


@pytest.fixture
async def fake(telegram_fake: TelegramFake) -> TelegramFake:
    telegram_fake.add_user(ANA, "Ana", "en")
    telegram_fake.add_user(BEA, "Bea", "pt-BR")
    telegram_fake.add_group(GROUP, "Neighbours")
    return telegram_fake


@pytest.fixture
async def bot(fake: TelegramFake, services: Services) -> AsyncIterator[TelegramFake]:
    application = build_application(services, fake.token, base_url=fake.base_url)
    async with running_application(application, poll_timeout=10):
        yield fake


def button(snapshot: MessageSnapshot, label: str) -> str:
    """The callback data of the button whose text contains ``label``."""
    assert snapshot.reply_markup is not None, snapshot.text
    for row in snapshot.reply_markup["inline_keyboard"]:
        for item in row:
            if label in item["text"]:
                return str(item["callback_data"])
    raise AssertionError(f"no button {label!r} in {snapshot.reply_markup}")


async def ask(fake: TelegramFake, text: str, user: int = ANA) -> MessageSnapshot:
    await fake.send_text(user, text)
    return await fake.wait_for_reply(user)


async def test_start_menu_and_descriptions(bot: TelegramFake) -> None:
    reply = await ask(bot, "/start")
    assert "Secure Communities" in reply.text
    assert "I do not store your questions" in reply.text
    commands = {c["command"] for c in bot.commands() or []}
    assert commands == {
        "start",
        "help",
        "states",
        "state",
        "policy",
        "privacy",
        "language",
        "subscribe",
        "subscriptions",
        "forget",
    }
    assert "Secure Communities" in (bot.description() or "")
    assert 0 < len(bot.short_description() or "") <= 120


async def test_deep_link_opens_a_place(bot: TelegramFake) -> None:
    reply = await ask(bot, "/start place-ma-t-northampton")
    assert "Northampton, Massachusetts" in reply.text
    assert "Lunn" in reply.text


async def test_a_question_then_switching_views_and_going_up(bot: TelegramFake) -> None:
    reply = await ask(bot, "when did secure communities start in massachusetts")
    assert "May 15, 2012" in reply.text
    assert "As of November 2026" in reply.text
    assert "information, not legal advice" in reply.text

    query = await bot.press_button(ANA, reply, button(reply, "Detainer policy"))
    await bot.wait_for_callback_answer(query)
    edited = await bot.wait_for_reply(ANA)
    assert edited.method == "editMessageText"
    assert edited.text.startswith("Massachusetts\n\nICE detainer policy")
    assert "Lunn v. Commonwealth" in edited.text

    town = await ask(bot, "01060")
    assert "Northampton, Massachusetts" in town.text
    query = await bot.press_button(ANA, town, button(town, "Hampshire County"))
    await bot.wait_for_callback_answer(query)
    county = await bot.wait_for_reply(ANA)
    assert county.text.startswith("Hampshire County, Massachusetts")
    query = await bot.press_button(ANA, county, button(county, "⬆ Massachusetts"))
    state = await bot.wait_for_reply(ANA)
    assert state.text.startswith("Massachusetts")


async def test_states_keyboard_pages_to_new_hampshire(bot: TelegramFake) -> None:
    page = await ask(bot, "/states")
    assert "page 1 of 4" in page.text
    assert len(page.callback_data) == 19  # 18 states and "Next"
    query = await bot.press_button(ANA, page, button(page, "Next"))
    await bot.wait_for_callback_answer(query)
    page2 = await bot.wait_for_reply(ANA)
    assert "page 2 of 4" in page2.text
    await bot.press_button(ANA, page2, button(page2, "New Hampshire"))
    answer = await bot.wait_for_reply(ANA)
    assert "May 8, 2012" in answer.text
    assert "HB 511" in answer.text


async def test_state_and_policy_commands(bot: TelegramFake) -> None:
    state = await ask(bot, "/state Texas")
    assert state.text.index("When Secure Communities started") < state.text.index(
        "ICE detainer policy"
    )
    assert "September 28, 2010" in state.text
    policy = await ask(bot, "/policy Northampton MA")
    assert policy.text.startswith("Northampton, Massachusetts · Hampshire County\n\nICE detainer")
    usage = await ask(bot, "/state")
    assert "/state Texas" in usage.text


async def test_help_and_privacy(bot: TelegramFake) -> None:
    help_text = (await ask(bot, "/help")).text
    assert "/policy" in help_text
    assert f"type @{bot.bot_user.username} and a place" in help_text
    privacy = (await ask(bot, "/privacy")).text
    assert "not end-to-end encrypted" in privacy
    assert "court" in privacy


async def test_ambiguous_place_gives_choice_buttons(bot: TelegramFake) -> None:
    choices = await ask(bot, "Springfield")
    assert "Which one do you mean" in choices.text
    assert len(choices.callback_data) == 8
    await bot.press_button(ANA, choices, button(choices, "Springfield, MA"))
    answer = await bot.wait_for_reply(ANA)
    assert answer.method == "editMessageText"
    assert answer.text.startswith("Springfield, Massachusetts")


async def test_stale_and_foreign_buttons_get_a_polite_toast(bot: TelegramFake) -> None:
    reply = await ask(bot, "NH")
    sent_before = len(bot.sent_messages(ANA))
    for data in ("p:b:zz-t-atlantis", "garbage", "s:999999", "x" * 64):
        query = await bot.press_button(ANA, reply, data, force=True)
        answer = await bot.wait_for_callback_answer(query)
        if data != "s:999999":
            assert "out of date" in answer.get("text", ""), data
    # A far page is clamped to the last one: an edit, no new message.
    assert len(bot.sent_messages(ANA)) == sent_before
    assert all(call.ok for call in bot.calls("answerCallbackQuery"))


async def test_groups_answer_commands_and_mentions_only(bot: TelegramFake) -> None:
    username = bot.bot_user.username
    await bot.send_text(ANA, "Boston MA", chat_id=GROUP)  # chatter: not for the bot
    await bot.send_text(ANA, f"/state@{username} Vermont", chat_id=GROUP)
    reply = await bot.wait_for_reply(GROUP)
    assert "May 22, 2012" in reply.text
    await bot.send_text(ANA, f"@{username} Cambridge MA", chat_id=GROUP)
    mention = await bot.wait_for_reply(GROUP)
    assert "Welcoming Community Ordinance" in mention.text
    texts = [m.text for m in bot.sent_messages(GROUP)]
    assert len(texts) == 2  # nothing for the plain chatter


async def test_every_call_the_bot_made_was_accepted(bot: TelegramFake) -> None:
    for question in (
        "hi",
        "<b>Boston</b> & <i>",
        "x" * 5000,
        "🇺🇸 Texas?",
        "/start place-nope",
        "asdkjh qwpoeiru",
        "what is a detainer?",
        "/policy Tegucigalpa",
    ):
        await ask(bot, question)
    bad = [call for call in bot.calls() if not call.ok]
    assert bad == [], [(c.method, c.description) for c in bad]


def _hostile_messages(services: Services, count: int) -> list[str]:
    """Questions as a phone, a copy-paste or a prankster sends them: place names mixed with
    markup, entities, bidi and zero-width characters, emoji, long runs, commands with junk."""
    rng = random.Random(3)
    names = [p.name for p in rng.sample(list(services.directory), 60)]
    junk = [
        "<",
        ">",
        "&",
        "&amp;",
        "</b>",
        "<b>",
        "<a href='javascript:x'>",
        "<tg-spoiler>",
        '"',
        "\u202e",
        "\u200b",
        "\u0301",
        "\ufeff",
        "🇺🇸",
        "👩🏽‍⚖️",
        "¿",
        "ñ",
        "ção",
        "\t",
        "\n\n",
        "%s",
        "%(place)s",
        "{{ 7*7 }}",
        "{% raw %}",
        "DROP TABLE",
        "0" * 12,
        "-" * 80,
    ]
    commands = ["", "", "", "/state ", "/policy ", "/start place-", "/subscribe ", "/language "]
    messages = []
    for _ in range(count):
        parts = [rng.choice(names) if rng.random() < 0.6 else rng.choice(junk) for _ in range(6)]
        text = rng.choice(commands) + " ".join(rng.sample(parts, rng.randint(1, 6)))
        if rng.random() < 0.1:
            text = text * rng.randint(50, 400)  # far past 4,096 characters
        messages.append(text.strip() or "?")
    return messages


async def test_hostile_and_random_messages_get_replies_telegram_accepts(
    bot: TelegramFake, services: Services
) -> None:
    senders = list(range(7001, 7009))  # several people, each within the flood allowance
    for sender in senders:
        bot.add_user(sender, f"P{sender}", "en")
    for number, text in enumerate(_hostile_messages(services, 80)):
        reply = await ask(bot, text, user=senders[number % len(senders)])
        assert reply.text.strip()
    bad = [call for call in bot.calls() if not call.ok]
    assert bad == [], [(c.method, c.description) for c in bad]
    assert not any(
        c.method == "sendMessage" and "went wrong" in str(c.params.get("text"))
        for c in bot.calls()
    )


async def test_throttling_is_obeyed_and_the_reply_still_arrives(bot: TelegramFake) -> None:
    bot.fail_next(
        "sendMessage",
        error_code=429,
        description="Too Many Requests: retry after 1",
        retry_after=1,
        chat_id=ANA,
    )
    reply = await ask(bot, "Vermont")
    assert "May 22, 2012" in reply.text
    sends = [c for c in bot.calls("sendMessage") if c.params.get("chat_id") in (ANA, str(ANA))]
    throttled, delivered = sends[-2], sends[-1]
    assert throttled.http_status == 429
    assert delivered.started_at - throttled.finished_at >= 1.0  # nothing sent before retry_after


async def test_a_blocked_user_does_not_stop_the_bot(bot: TelegramFake) -> None:
    # She asked, then blocked the bot before the answer went out.
    bot.fail_next(
        "sendMessage",
        error_code=403,
        description="Forbidden: bot was blocked by the user",
        chat_id=BEA,
    )
    await bot.send_text(BEA, "Texas")
    await bot.wait_for(lambda c: c.method == "sendMessage" and c.http_status == 403)
    assert "September 28, 2010" in (await ask(bot, "/state Texas")).text


async def test_a_failure_is_apologised_for_and_logged_without_text(
    bot: TelegramFake,
    services: Services,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    secret = "my name is Maria and I live at 12 Elm St"

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(services.answerer, "answer", broken)
    with caplog.at_level(logging.INFO):
        update = await bot.send_text(ANA, secret)
        reply = await bot.wait_for_reply(ANA)
    assert "something went wrong" in reply.text
    assert "Nothing was changed" in reply.text
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert f"update {update.update_id} (text) failed" in logged
    for private in ("Maria", "Elm", "Ana"):
        assert private not in caplog.text
    monkeypatch.undo()
    assert "May 22, 2012" in (await ask(bot, "Vermont")).text  # still serving


async def test_residents_who_only_ask_leave_nothing_in_the_database(
    bot: TelegramFake, services: Services
) -> None:
    def counts() -> dict[str, int]:
        engine = services.database.engine
        with engine.connect() as connection:
            return {
                name: connection.execute(
                    select(func.count()).select_from(table(name))
                ).scalar_one()
                for name in inspect(engine).get_table_names()
            }

    before = counts()
    for question in ("Texas", "01060", "/states", "/privacy", "Springfield"):
        await ask(bot, question)
    assert counts() == before


def test_callback_data_always_fits_64_bytes(services: Services) -> None:
    for place in services.directory:
        for view in View:
            data = encode(ShowPlace(place.id, view))
            assert len(data.encode()) <= MAX_BYTES
            assert decode(data) == ShowPlace(place.id, view)
    assert decode(encode(StatesPage(3))) == StatesPage(3)


@pytest.mark.parametrize("token", [None, "", "not-a-token", "12345:short"])
def test_run_without_a_valid_token_is_one_line_and_exit_2(
    token: str | None, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'x.db'}"
    if token is not None:
        env["TELEGRAM_BOT_TOKEN"] = token
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("jurisbot: TELEGRAM_BOT_TOKEN")
    assert "Traceback" not in result.stderr


async def test_inline_mode_shares_an_answer_in_any_chat(bot: TelegramFake) -> None:
    query = await bot.inline_query(ANA, "when did secure communities start in massachusets")
    answer = await bot.wait_for_inline_answer(query)
    results = answer["results"]
    assert [r["title"] for r in results] == [  # the view the question asked for first
        "Massachusetts: when Secure Communities started",
        "Massachusetts",
        "Massachusetts: ICE detainer policy",
    ]
    assert "May 15, 2012" in results[0]["input_message_content"]["message_text"]
    shared = results[1]["input_message_content"]
    assert shared["parse_mode"] == "HTML"
    assert "May 15, 2012" in shared["message_text"]
    assert "Lunn v. Commonwealth" in shared["message_text"]
    assert "information, not legal advice" in shared["message_text"]
    assert "Lunn v. Commonwealth" in results[2]["input_message_content"]["message_text"]
    assert results[2]["description"].startswith("Statewide (Massachusetts)")
    assert all(0 < len(r["description"]) <= 120 for r in results)
    link = results[0]["reply_markup"]["inline_keyboard"][0][0]["url"]
    assert link == f"https://t.me/{bot.bot_user.username}?start=place-ma"
    assert answer["is_personal"] is True


async def test_inline_mode_in_spanish_choices_and_nothing_to_share(bot: TelegramFake) -> None:
    query = await bot.inline_query(BEA, "¿Texas coopera con ICE?")
    spanish = (await bot.wait_for_inline_answer(query))["results"]
    assert spanish[0]["id"] == "tx:detainer"  # the view the question asked for comes first
    assert "SB 4" in spanish[0]["input_message_content"]["message_text"]
    assert "Fuentes:" in spanish[0]["input_message_content"]["message_text"]

    query = await bot.inline_query(ANA, "Springfield")
    choices = (await bot.wait_for_inline_answer(query))["results"]
    assert {"Springfield, MA", "Springfield, IL"} <= {r["title"] for r in choices}
    assert all("Springfield" in r["input_message_content"]["message_text"] for r in choices)

    for nothing in ("", "asdkjh qwpoeiru", "<b>" * 64):
        query = await bot.inline_query(ANA, nothing)
        empty = await bot.wait_for_inline_answer(query)
        assert empty["results"] == []
        assert empty["button"] == {"text": "How to ask: open the bot", "start_parameter": "help"}
    bad = [call for call in bot.calls() if not call.ok]
    assert bad == [], [(c.method, c.description) for c in bad]


async def test_one_persons_flood_does_not_delay_everybody_else(bot: TelegramFake) -> None:
    """300 messages at once from one person: they get the first 20 answers and one notice;
    another resident's question is answered as usual (before flood control, 9 s later)."""
    start = bot.mark()
    for number in range(300):
        await bot.send_text(ANA, f"Texas {number}")
    reply = await ask(bot, "Vermont", user=BEA)
    assert "22 de maio de 2012" in reply.text
    await bot.wait_for(
        lambda c: (
            c.seq > start
            and c.method == "sendMessage"
            and "faster than I can answer" in str(c.params.get("text"))
        )
    )
    to_ana = [
        c
        for c in bot.calls("sendMessage")
        if c.seq > start and int(c.params["chat_id"]) == ANA and c.ok
    ]
    notices = [c for c in to_ana if "faster than I can answer" in str(c.params.get("text"))]
    assert len(notices) == 1
    assert len(to_ana) <= 20 + 1 + 2  # the burst, the notice, what refilled meanwhile

    page = await ask(bot, "/states", user=BEA)
    pressed = [await bot.press_button(BEA, page, button(page, "›")) for _ in range(30)]
    toasts = [await bot.wait_for_callback_answer(query) for query in pressed]  # all answered
    assert any("Rápido demais" in str(toast.get("text")) for toast in toasts)  # Bea's pt-BR
