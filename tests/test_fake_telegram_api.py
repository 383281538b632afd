"""The Telegram Bot API fake is strict like Telegram and works with PTB's real request stack."""

from __future__ import annotations

import asyncio
import datetime as dtm
import html
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeChat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.fakes import (
    EntityParseError,
    FakeUsageError,
    TelegramFake,
    parse_html,
    parse_markdown_v2,
    utf16_len,
)
from tests.fakes.ptb import application_builder, running_application

pytest_plugins = ("tests.fakes.fixtures",)

USER = 42
OTHER = 43
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
JSONDict = dict[str, Any]


def ptb(description: str) -> str:
    """The message PTB puts on its exception for a Telegram ``description``."""
    return TelegramError(description).message


def keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(d, callback_data=d) for d in data]])


@pytest.fixture
def fake(telegram_fake: TelegramFake) -> TelegramFake:
    telegram_fake.add_user(USER, "Ana", "es")
    telegram_fake.add_user(OTHER, "Bo", "en", username="bo_user")
    return telegram_fake


@pytest.fixture
async def bot(fake: TelegramFake) -> AsyncIterator[Bot]:
    async with Bot(fake.token, base_url=fake.base_url, base_file_url=fake.base_file_url) as b:
        yield b


async def raw_call(
    fake: TelegramFake, method: str, *, token: str | None = None, **kwargs: Any
) -> tuple[int, JSONDict]:
    """A request with a plain HTTP client (kwargs go to ``session.request``)."""
    http_method = kwargs.pop("http_method", "POST")
    url = f"{fake.base_url}{token or fake.token}/{method}"
    async with (
        aiohttp.ClientSession() as session,
        session.request(http_method, url, **kwargs) as response,
    ):
        body: JSONDict = await response.json()
        return response.status, body


# -- a real PTB Application against the fake ---------------------------------------------------


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    await update.effective_message.reply_html("<b>Welcome</b> &amp; hello")


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None
    assert message.text is not None
    await message.reply_html(
        f"<b>Echo:</b> {html.escape(message.text)}", reply_markup=keyboard("again")
    )


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("done")
    await query.edit_message_text(f"<i>pressed</i> {query.data}", parse_mode="HTML")


async def test_ptb_application_polls_replies_and_handles_buttons(fake: TelegramFake) -> None:
    app = application_builder(fake).build()
    app.add_handler(CommandHandler("start", on_start))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, on_text))
    app.add_handler(CallbackQueryHandler(on_button))
    async with running_application(app, poll_timeout=10):
        assert app.bot.username == fake.bot_user.username

        await fake.send_text(USER, f"/start@{fake.bot_user.username}")
        welcome = await fake.wait_for_reply(USER)
        assert welcome.text == "Welcome & hello"
        assert welcome.entities == [{"type": "bold", "offset": 0, "length": 7}]

        update = await fake.send_text(USER, "hola <mundo> & co")
        reply = await fake.wait_for_reply(USER)
        assert reply.html == "<b>Echo:</b> hola &lt;mundo&gt; &amp; co"
        assert reply.text == "Echo: hola <mundo> & co"
        assert reply.callback_data == ["again"]
        delivered = await fake.wait_for_delivery(update)
        assert delivered.ok

        query_id = await fake.press_button(USER, reply, "again")
        answer = await fake.wait_for_callback_answer(query_id)
        assert answer["text"] == "done"
        edited = await fake.wait_for_reply(USER)
        assert edited.method == "editMessageText"
        assert edited.text == "pressed again"
        # Telegram drops the keyboard when an edit does not resend it.
        assert edited.reply_markup is None
        with pytest.raises(FakeUsageError):
            await fake.press_button(USER, edited, "again")

    assert [m.text for m in fake.sent_messages(USER)] == ["Welcome & hello", "pressed again"]
    assert all(call.ok for call in fake.calls())
    # Every update was confirmed by the final getUpdates offset.
    assert fake.pending_updates() == []


# -- parse_mode validation ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("<div>x</div>", 'Unsupported start tag "div" at byte offset 0'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("fish &nbsp; chips", 'Unsupported HTML entity "&nbsp;" at byte offset 5'),
        ("Smith & Wesson", 'Unescaped "&" at byte offset 6; use "&amp;"'),
        ("1 > 0", 'Unescaped ">" at byte offset 2; use "&gt;"'),
        ("<br/>", 'Unsupported start tag "br/" at byte offset 0'),
    ],
)
async def test_invalid_html_is_rejected(
    bot: Bot, fake: TelegramFake, text: str, detail: str
) -> None:
    description = f"Bad Request: can't parse entities: {detail}"
    with pytest.raises(BadRequest) as info:
        await bot.send_message(USER, text, parse_mode="HTML")
    assert info.value.message == ptb(description)
    call = fake.calls("sendMessage")[-1]
    assert call.http_status == 400
    assert call.response == {"ok": False, "error_code": 400, "description": description}


async def test_valid_html_produces_entities(bot: Bot, fake: TelegramFake) -> None:
    text = (
        '😀 <b>bold <i>both</i></b> <a href="https://example.org/?a=1&amp;b=2">link</a> '
        '<tg-spoiler>s</tg-spoiler> <pre><code class="language-python">x = 1</code></pre> '
        "<blockquote expandable>q</blockquote> &#128512; &lt;&gt;&quot;"
    )
    message = await bot.send_message(USER, text, parse_mode="HTML")
    assert message.text == '😀 bold both link s x = 1 q 😀 <>"'
    stored = fake.sent_messages(USER)[-1]
    assert stored.html == text
    assert stored.entities == [
        {"type": "bold", "offset": 3, "length": 9},
        {"type": "italic", "offset": 8, "length": 4},
        {"type": "text_link", "offset": 13, "length": 4, "url": "https://example.org/?a=1&b=2"},
        {"type": "spoiler", "offset": 18, "length": 1},
        {"type": "pre", "offset": 20, "length": 5, "language": "python"},
        {"type": "expandable_blockquote", "offset": 26, "length": 1},
    ]


async def test_markdown_v2_and_unknown_parse_modes(bot: Bot) -> None:
    ok = await bot.send_message(USER, r"*bold* _it_ \. [x](https://example.org)", "MarkdownV2")
    assert ok.text == "bold it . x"
    with pytest.raises(BadRequest) as info:
        await bot.send_message(USER, "Done.", parse_mode="MarkdownV2")
    assert info.value.message == ptb(
        "Bad Request: can't parse entities: "
        "Character '.' is reserved and must be escaped with the preceding '\\'"
    )
    with pytest.raises(BadRequest) as info:
        await bot.send_message(USER, "*open", parse_mode="MarkdownV2")
    assert info.value.message == ptb(
        "Bad Request: can't parse entities: Can't find end of Bold entity at byte offset 0"
    )
    with pytest.raises(BadRequest) as info:
        await bot.send_message(USER, "x", parse_mode="BBCode")
    assert info.value.message == ptb("Bad Request: unsupported parse_mode")


async def test_length_is_counted_after_parsing_in_utf16(bot: Bot) -> None:
    # 4096 visible characters pass even though the HTML source is longer.
    await bot.send_message(USER, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    # An emoji outside the BMP counts twice, like in Telegram.
    await bot.send_message(USER, "😀" * 2048)
    for text, mode in (("a" * 4097, None), ("😀" * 2049, None), ("&amp;" * 4097, "HTML")):
        with pytest.raises(BadRequest) as info:
            await bot.send_message(USER, text, parse_mode=mode)
        assert info.value.message == ptb("Bad Request: message is too long")
    for text, mode in (("<b> </b>", "HTML"), (" \n ", None)):
        with pytest.raises(BadRequest) as info:
            await bot.send_message(USER, text, parse_mode=mode)
        assert info.value.message == ptb("Bad Request: message text is empty")


# -- reply_markup validation -------------------------------------------------------------------


async def test_inline_keyboard_validation(bot: Bot, fake: TelegramFake) -> None:
    ok = "é" * 32  # 64 UTF-8 bytes
    await bot.send_message(USER, "fits", reply_markup=keyboard(ok))
    cases: list[tuple[InlineKeyboardMarkup, str]] = [
        (keyboard("x" * 65), "Bad Request: BUTTON_DATA_INVALID"),
        (keyboard("é" * 33), "Bad Request: BUTTON_DATA_INVALID"),
        (
            InlineKeyboardMarkup([[InlineKeyboardButton("go", url="ftp://example.org")]]),
            "Bad Request: BUTTON_URL_INVALID",
        ),
        (
            InlineKeyboardMarkup([[InlineKeyboardButton("go", url="http://localhost:8080/")]]),
            "Bad Request: BUTTON_URL_INVALID",
        ),
        (
            InlineKeyboardMarkup([[InlineKeyboardButton(" ", callback_data="a")]]),
            "Bad Request: BUTTON_TEXT_EMPTY",
        ),
    ]
    for markup, description in cases:
        with pytest.raises(BadRequest) as info:
            await bot.send_message(USER, "x", reply_markup=markup)
        assert info.value.message == ptb(description)
    status, body = await raw_call(
        fake,
        "sendMessage",
        json={
            "chat_id": USER,
            "text": "x",
            "reply_markup": {"inline_keyboard": [[{"text": "t"}]]},
        },
    )
    assert (status, body["description"]) == (
        400,
        "Bad Request: can't parse inline keyboard button: "
        "Text buttons are unallowed in the inline keyboard",
    )
    status, body = await raw_call(
        fake,
        "sendMessage",
        json={"chat_id": USER, "text": "x", "reply_markup": "{not json"},
    )
    assert (status, body["description"]) == (
        400,
        "Bad Request: can't parse reply keyboard markup JSON object",
    )


# -- chats, edits, deletes ---------------------------------------------------------------------


async def test_unknown_chat_and_forbidden_chats(bot: Bot, fake: TelegramFake) -> None:
    with pytest.raises(BadRequest) as bad:
        await bot.send_message(999, "x")
    assert bad.value.message == ptb("Bad Request: chat not found")
    await bot.send_message("@bo_user", "by username")

    fake.block_user(USER)
    with pytest.raises(Forbidden) as blocked:
        await bot.send_message(USER, "x")
    assert blocked.value.message == "Forbidden: bot was blocked by the user"
    fake.deactivate_user(OTHER)
    with pytest.raises(Forbidden) as gone:
        await bot.send_chat_action(OTHER, "typing")
    assert gone.value.message == "Forbidden: user is deactivated"

    fake.add_user(44, "Cy", None, started=False)
    with pytest.raises(Forbidden) as never:
        await bot.send_message(44, "hi")
    assert never.value.message == "Forbidden: bot can't initiate conversation with a user"

    # Writing to the bot unblocks it again.
    await fake.send_text(USER, "I'm back")
    await bot.send_message(USER, "welcome back")


async def test_edit_and_delete_rules(bot: Bot, fake: TelegramFake) -> None:
    message = await bot.send_message(
        USER, "<b>v1</b>", parse_mode="HTML", reply_markup=keyboard("a")
    )
    with pytest.raises(BadRequest) as missing:
        await bot.edit_message_text("x", chat_id=USER, message_id=999)
    assert missing.value.message == ptb("Bad Request: message to edit not found")

    # Same parsed text and entities (different source) and same markup: not modified.
    with pytest.raises(BadRequest) as same:
        await bot.edit_message_text(
            "<strong>v1</strong>",
            chat_id=USER,
            message_id=message.message_id,
            parse_mode="HTML",
            reply_markup=keyboard("a"),
        )
    assert same.value.message == ptb(NOT_MODIFIED)

    edited = await bot.edit_message_text(
        "<b>v1</b>", chat_id=USER, message_id=message.message_id, parse_mode="HTML"
    )
    assert isinstance(edited, type(message))
    assert edited.reply_markup is None  # the edit removed the keyboard
    with pytest.raises(BadRequest) as no_markup:
        await bot.edit_message_reply_markup(USER, message.message_id)
    assert no_markup.value.message == ptb(NOT_MODIFIED)
    await bot.edit_message_reply_markup(USER, message.message_id, reply_markup=keyboard("b"))
    stored = fake.sent_messages(USER)[-1]
    assert [v.method for v in stored.versions] == [
        "sendMessage",
        "editMessageText",
        "editMessageReplyMarkup",
    ]
    assert stored.callback_data == ["b"]

    incoming = await fake.send_text(USER, "user text")
    assert incoming.message_id is not None
    with pytest.raises(BadRequest) as foreign:
        await bot.edit_message_text("x", chat_id=USER, message_id=incoming.message_id)
    assert foreign.value.message == ptb("Bad Request: message can't be edited")

    assert await bot.delete_message(USER, message.message_id)
    for attempt in (
        bot.delete_message(USER, message.message_id),
        bot.edit_message_text("x", chat_id=USER, message_id=message.message_id),
    ):
        with pytest.raises(BadRequest) as gone:
            await attempt
        assert "not found" in gone.value.message
    assert fake.sent_messages(USER) == []
    assert len(fake.sent_messages(USER, include_deleted=True)) == 1


async def test_reply_to_missing_message(bot: Bot) -> None:
    with pytest.raises(BadRequest) as info:
        await bot.send_message(USER, "x", reply_to_message_id=12345)
    assert info.value.message == ptb("Bad Request: message to be replied not found")
    sent = await bot.send_message(
        USER, "x", reply_to_message_id=12345, allow_sending_without_reply=True
    )
    assert sent.reply_to_message is None


async def test_chat_action_is_validated(bot: Bot) -> None:
    assert await bot.send_chat_action(USER, "typing")
    with pytest.raises(BadRequest) as info:
        await bot.send_chat_action(USER, "dancing")
    assert info.value.message == ptb("Bad Request: wrong parameter action in request")


# -- callback and inline queries ---------------------------------------------------------------


async def test_callback_query_answers(bot: Bot, fake: TelegramFake) -> None:
    message = await bot.send_message(USER, "pick", reply_markup=keyboard("a", "b"))
    with pytest.raises(FakeUsageError):
        await fake.press_button(USER, (USER, message.message_id), "zzz")

    query_id = await fake.press_button(USER, (USER, message.message_id), "a")
    with pytest.raises(BadRequest) as long_text:
        await bot.answer_callback_query(query_id, text="x" * 201)
    assert long_text.value.message == ptb("Bad Request: MESSAGE_TOO_LONG")
    assert await bot.answer_callback_query(query_id, text="ok", show_alert=True)
    assert fake.callback_answer(query_id) == {
        "text": "ok",
        "show_alert": True,
        "url": None,
        "cache_time": 0,
    }
    for stale in (query_id, "123"):
        with pytest.raises(BadRequest) as info:
            await bot.answer_callback_query(stale)
        assert info.value.message == ptb(QUERY_TOO_OLD)

    # Forged data is possible with force=True; expiry follows the fake's clock.
    forged = await fake.press_button(USER, (USER, message.message_id), "forged", force=True)
    fake.advance_time(16)
    with pytest.raises(BadRequest) as expired:
        await bot.answer_callback_query(forged)
    assert expired.value.message == ptb(QUERY_TOO_OLD)


async def test_inline_query_answers(bot: Bot, fake: TelegramFake) -> None:
    def article(n: int, text: str = "<b>ok</b>") -> InlineQueryResultArticle:
        content = InputTextMessageContent(text, parse_mode="HTML")
        return InlineQueryResultArticle(id=str(n), title=f"t{n}", input_message_content=content)

    query_id = await fake.inline_query(OTHER, "houston")
    failures: list[tuple[dict[str, Any], str]] = [
        ({"results": [article(n) for n in range(51)]}, "Bad Request: RESULTS_TOO_MUCH"),
        (
            {"results": [article(1, "<p>x</p>")]},
            'Bad Request: can\'t parse entities: Unsupported start tag "p" at byte offset 0',
        ),
        ({"results": [article(1), article(1)]}, "Bad Request: RESULT_ID_DUPLICATE"),
        ({"results": [article(1)], "next_offset": "x" * 65}, "Bad Request: NEXT_OFFSET_INVALID"),
    ]
    for kwargs, description in failures:
        with pytest.raises(BadRequest) as info:
            await bot.answer_inline_query(query_id, **kwargs)
        assert info.value.message == ptb(description)
    assert await bot.answer_inline_query(query_id, [article(1)], next_offset="10")
    answer = fake.inline_answer(query_id)
    assert answer is not None
    assert answer["next_offset"] == "10"
    assert [r["id"] for r in answer["results"]] == ["1"]
    with pytest.raises(BadRequest) as twice:
        await bot.answer_inline_query(query_id, [article(2)])
    assert twice.value.message == ptb(QUERY_TOO_OLD)


# -- scripted faults ---------------------------------------------------------------------------


async def test_scripted_faults(
    bot: Bot, fake: TelegramFake, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # RetryAfter.retry_after as a timedelta
    fake.fail_next(
        "sendMessage",
        error_code=429,
        description="Too Many Requests: retry after 3",
        retry_after=3,
    )
    with pytest.raises(RetryAfter) as flood:
        await bot.send_message(USER, "x")
    assert flood.value.retry_after == dtm.timedelta(seconds=3)
    call = fake.calls("sendMessage")[-1]
    assert call.scripted
    assert call.response == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 3",
        "parameters": {"retry_after": 3},
    }
    await bot.send_message(USER, "the fault was used up")

    fake.fail_next(
        "sendMessage",
        error_code=403,
        description="Forbidden: bot was blocked by the user",
        chat_id=OTHER,
        times=2,
    )
    await bot.send_message(USER, "other chats are unaffected")
    for _ in range(2):
        with pytest.raises(Forbidden):
            await bot.send_message(OTHER, "x")
    await bot.send_message(OTHER, "and then it works again")

    fake.fail_next("*", error_code=500, description="Internal Server Error")
    with pytest.raises(NetworkError) as server_error:
        await bot.send_chat_action(USER, "typing")
    assert server_error.value.message == "Internal Server Error"


async def test_flood_limits_and_rate_accounting(
    bot: Bot, fake: TelegramFake, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    for n in range(3):
        await bot.send_message(USER, f"burst {n}")
    assert fake.max_rate(window=60.0, chat_id=USER) == 3
    assert fake.max_rate(window=60.0, chat_id=OTHER) == 0
    assert len(fake.send_times()) == 3

    fake.set_flood_limits(per_chat_per_second=None, global_per_second=None, retry_after=7)
    fake.add_group(-1001, "Houston group")
    for n in range(20):
        await bot.send_message(-1001, f"group {n}")
    with pytest.raises(RetryAfter) as flood:
        await bot.send_message(-1001, "one too many per minute")
    assert flood.value.retry_after == dtm.timedelta(seconds=7)


# -- getUpdates --------------------------------------------------------------------------------


async def test_get_updates_offset_confirms_updates(bot: Bot, fake: TelegramFake) -> None:
    first = await fake.send_text(USER, "one")
    second = await fake.send_text(USER, "two")
    assert [u.update_id for u in await bot.get_updates(timeout=0)] == [
        first.update_id,
        second.update_id,
    ]
    # Without an offset nothing is confirmed, so the same updates come again.
    assert len(await bot.get_updates(timeout=0)) == 2
    assert [u.update_id for u in await bot.get_updates(limit=1)] == [first.update_id]
    rest = await bot.get_updates(offset=first.update_id + 1, timeout=0)
    assert [u.update_id for u in rest] == [second.update_id]
    assert await bot.get_updates(offset=second.update_id + 1, timeout=0) == ()
    assert fake.pending_updates() == []
    # A confirmed update is never delivered twice.
    delivered = [
        item["update_id"]
        for call in fake.calls("getUpdates")
        for item in call.result
        if item["update_id"] == first.update_id
    ]
    assert len(delivered) == 3  # by the three unconfirmed calls, never after the offset

    updates = [await fake.send_text(USER, f"m{n}") for n in range(3)]
    last = await bot.get_updates(offset=-1, timeout=0)
    assert [u.update_id for u in last] == [updates[-1].update_id]
    assert len(fake.pending_updates()) == 1


async def test_long_poll_wakes_up_on_injection(bot: Bot, fake: TelegramFake) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=60))
    await fake.wait_for_poller()  # the request is parked inside the fake
    assert not poll.done()
    injected = await fake.send_text(USER, "wake up")
    async with asyncio.timeout(10):  # far below the 60 s long-poll timeout
        updates = await poll
    assert [u.update_id for u in updates] == [injected.update_id]
    assert updates[0].message is not None
    assert updates[0].message.text == "wake up"


async def test_second_poller_terminates_the_first(fake: TelegramFake) -> None:
    async with (
        Bot(fake.token, base_url=fake.base_url) as first,
        Bot(fake.token, base_url=fake.base_url) as second,
    ):
        old = asyncio.create_task(first.get_updates(timeout=60))
        await fake.wait_for_poller()
        new = asyncio.create_task(second.get_updates(timeout=60))
        with pytest.raises(Conflict) as info:
            async with asyncio.timeout(10):
                await old
        assert info.value.message == (
            "Conflict: terminated by other getUpdates request; "
            "make sure that only one bot instance is running"
        )
        injected = await fake.send_text(USER, "for the survivor")
        async with asyncio.timeout(10):
            assert [u.update_id for u in await new] == [injected.update_id]


async def test_allowed_updates_and_webhook_conflict(bot: Bot, fake: TelegramFake) -> None:
    assert await bot.get_updates(timeout=0, allowed_updates=["message"]) == ()
    assert fake.allowed_updates == frozenset({"message"})
    dropped = await fake.inline_query(USER, "not wanted")
    assert not (await fake.inject_update({"callback_query": {"id": "1"}})).queued
    kept = await fake.send_text(USER, "wanted")
    assert dropped  # the query id is still returned
    assert [u.update_id for u in await bot.get_updates(timeout=0)] == [kept.update_id]

    with pytest.raises(BadRequest) as http:
        await bot.set_webhook("http://example.org/hook")
    assert http.value.message == ptb(
        "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
    )
    assert await bot.set_webhook("https://example.org/hook")
    assert (await bot.get_webhook_info()).url == "https://example.org/hook"
    with pytest.raises(Conflict):
        await bot.get_updates(timeout=0)
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates(timeout=0) == ()


# -- bot settings ------------------------------------------------------------------------------


async def test_commands_per_scope_and_language(bot: Bot, fake: TelegramFake) -> None:
    scope = BotCommandScopeChat(USER)
    assert await bot.set_my_commands([BotCommand("start", "Empezar")], scope, "es")
    assert await bot.set_my_commands([BotCommand("help", "Help")])
    assert [c.command for c in await bot.get_my_commands(scope, "es")] == ["start"]
    assert [c.command for c in await bot.get_my_commands()] == ["help"]
    assert await bot.get_my_commands(scope) == ()
    assert fake.commands({"type": "chat", "chat_id": USER}, "es") == [
        {"command": "start", "description": "Empezar"}
    ]
    bad: list[tuple[list[BotCommand], str]] = [
        ([BotCommand("Start!", "x")], "Bad Request: BOT_COMMAND_INVALID"),
        ([BotCommand("c" * 33, "x")], "Bad Request: BOT_COMMAND_INVALID"),
        ([BotCommand("ok", "")], "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID"),
        ([BotCommand("ok", "d" * 257)], "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID"),
        ([BotCommand(f"c{n}", "d") for n in range(101)], "Bad Request: BOT_COMMANDS_TOO_MUCH"),
    ]
    for commands, description in bad:
        with pytest.raises(BadRequest) as info:
            await bot.set_my_commands(commands)
        assert info.value.message == ptb(description)
    with pytest.raises(BadRequest):
        await bot.set_my_commands([BotCommand("x", "y")], language_code="spanish")
    with pytest.raises(BadRequest) as no_chat:
        await bot.set_my_commands([BotCommand("x", "y")], BotCommandScopeChat(999))
    assert no_chat.value.message == ptb("Bad Request: chat not found")
    assert await bot.delete_my_commands(scope, "es")
    assert fake.commands({"type": "chat", "chat_id": USER}, "es") is None


async def test_descriptions_per_language(bot: Bot, fake: TelegramFake) -> None:
    assert await bot.set_my_description("Descripción", language_code="es")
    assert await bot.set_my_short_description("Short")
    assert (await bot.get_my_description("es")).description == "Descripción"
    assert (await bot.get_my_description()).description == ""
    assert (await bot.get_my_short_description()).short_description == "Short"
    assert fake.description("es") == "Descripción"
    with pytest.raises(BadRequest):
        await bot.set_my_description("d" * 513)
    with pytest.raises(BadRequest):
        await bot.set_my_short_description("s" * 121)
    await bot.set_my_description("d" * 512)
    await bot.set_my_short_description("s" * 120)


# -- transport, authentication, recording ------------------------------------------------------


async def test_every_transport_is_accepted_and_recorded_alike(fake: TelegramFake) -> None:
    markup = {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
    form = aiohttp.FormData()
    form.add_field("chat_id", str(USER))
    form.add_field("text", "multipart")
    form.add_field("reply_markup", json.dumps(markup))
    form.add_field("document", b"bytes", filename="a.txt")
    requests: list[dict[str, Any]] = [
        {"json": {"chat_id": USER, "text": "json", "reply_markup": markup}},
        {"json": {"chat_id": str(USER), "text": "json str", "reply_markup": json.dumps(markup)}},
        {"data": {"chat_id": str(USER), "text": "form", "reply_markup": json.dumps(markup)}},
        {"data": form},
        {"http_method": "GET", "params": {"chat_id": str(USER), "text": "query"}},
    ]
    for kwargs in requests:
        status, body = await raw_call(fake, "sendMessage", **kwargs)
        assert status == 200, body
        assert body["ok"] is True
        assert body["result"]["chat"] == {"id": USER, "type": "private", "first_name": "Ana"}
    calls = fake.calls("sendMessage")
    assert {type(c.params["chat_id"]) for c in calls} == {int}
    assert [c.params.get("reply_markup") for c in calls] == [markup] * 4 + [None]
    assert [m.callback_data for m in fake.sent_messages(USER)] == [["a"]] * 4 + [[]]

    status, body = await raw_call(fake, "SENDMESSAGE", json={"chat_id": USER, "text": "case"})
    assert status == 200  # method names are case-insensitive
    status, body = await raw_call(
        fake, "sendMessage", data=b"{oops", headers={"Content-Type": "application/json"}
    )
    assert status == 400
    assert body["ok"] is False


async def test_authentication_and_unknown_methods(bot: Bot, fake: TelegramFake) -> None:
    status, body = await raw_call(fake, "getMe", token="987654321:WRONG")
    assert (status, body) == (401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    status, body = await raw_call(fake, "getMe", token="not-a-token")
    assert (status, body) == (404, {"ok": False, "error_code": 404, "description": "Not Found"})
    status, body = await raw_call(fake, "sendPigeon")
    assert (status, body) == (404, {"ok": False, "error_code": 404, "description": "Not Found"})
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendPigeon")
    wrong = Bot("987654321:WRONG", base_url=fake.base_url)
    with pytest.raises(InvalidToken):
        await wrong.initialize()
    await wrong.shutdown()
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (
        fake.bot_user.id,
        fake.bot_user.username,
        True,
    )


async def test_wait_for_is_event_driven(bot: Bot, fake: TelegramFake) -> None:
    waiter = asyncio.create_task(fake.wait_for("sendMessage"))
    await bot.send_message(USER, "<i>hi</i>", parse_mode="HTML")
    call = await waiter
    assert call.ok
    assert call.params == {"chat_id": USER, "text": "<i>hi</i>", "parse_mode": "HTML"}
    assert call.result["text"] == "hi"
    matched = await fake.wait_for(lambda c: c.method == "sendMessage" and c.ok, after=0)
    assert matched is call
    with pytest.raises(TimeoutError):
        await fake.wait_for("deleteMessage", timeout=0.05)


async def test_files_are_served_under_base_file_url(bot: Bot, fake: TelegramFake) -> None:
    file_id = fake.add_file(b"hello file", "documents/hello.txt")
    file = await bot.get_file(file_id)
    assert file.file_path == f"{fake.base_file_url}{fake.token}/documents/hello.txt"
    assert bytes(await file.download_as_bytearray()) == b"hello file"
    with pytest.raises(BadRequest):
        await bot.get_file("nope")


async def test_close_and_log_out_are_recorded(bot: Bot, fake: TelegramFake) -> None:
    assert await bot.close()
    assert await bot.log_out()
    assert fake.state.closed_by_bot
    assert fake.state.logged_out


# -- the parsers on their own ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "text", "entities"),
    [
        ("😀<b>x</b>", "😀x", [{"type": "bold", "offset": 2, "length": 1}]),
        ("<B>x</B>", "x", [{"type": "bold", "offset": 0, "length": 1}]),
        ("<code class='language-py'>x</code>", "x", [{"type": "code", "offset": 0, "length": 1}]),
        (
            "<a href=example.org>e</a>",
            "e",
            [
                {"type": "text_link", "offset": 0, "length": 1, "url": "http://example.org"},
            ],
        ),
        (
            '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
            "👍",
            [
                {
                    "type": "custom_emoji",
                    "offset": 0,
                    "length": 2,
                    "custom_emoji_id": "5368324170671202286",
                }
            ],
        ),
        ("<b></b>x", "x", []),
    ],
)
def test_html_parser(source: str, text: str, entities: list[JSONDict]) -> None:
    parsed = parse_html(source)
    assert parsed.text == text
    assert parsed.entities_api() == entities


def test_html_parser_lenient_mode_matches_telegram_server() -> None:
    # The Telegram server itself lets these through; the strict default does not.
    assert parse_html("a > b & c &nbsp; &lt", strict=False).text == "a > b & c &nbsp; <"
    with pytest.raises(EntityParseError):
        parse_html("a > b")
    assert utf16_len("😀a") == 3


def test_markdown_v2_parser() -> None:
    parsed = parse_markdown_v2("*b* __u__ ||s|| ```py\ncode```\n>quote")
    assert parsed.text == "b u s code\nquote"
    assert [e.type for e in parsed.entities] == [
        "bold",
        "underline",
        "spoiler",
        "pre",
        "blockquote",
    ]
    with pytest.raises(EntityParseError, match="reserved"):
        parse_markdown_v2("a-b")


async def test_latency_delays_every_answer(bot: Bot, fake: TelegramFake) -> None:
    fake.set_latency(0.05)
    assert await bot.send_chat_action(USER, "typing")
    call = fake.calls("sendChatAction")[-1]
    assert call.finished_at - call.started_at >= 0.04
    fake.set_latency(0)
