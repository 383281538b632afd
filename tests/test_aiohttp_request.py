"""PTB's request interface on aiohttp: network failures become PTB's own exceptions, so the
bot's retry and error handling behave as with PTB's default request class."""

from __future__ import annotations

import asyncio
import json
import socket

import pytest
from aiohttp import web
from telegram import Bot, BotCommand, InputFile
from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.channels.telegram.aiohttp_request import AiohttpRequest
from tests.fakes import TelegramFake

pytest_plugins = ("tests.fakes.fixtures",)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_a_real_bot_call_and_a_refused_connection(telegram_fake: TelegramFake) -> None:
    async with Bot(
        telegram_fake.token, base_url=telegram_fake.base_url, request=AiohttpRequest()
    ) as bot:
        assert (await bot.get_me()).username == telegram_fake.bot_user.username
    closed = f"http://127.0.0.1:{_free_port()}/bot"
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError):
            await request.post(f"{closed}{telegram_fake.token}/getMe")
    finally:
        await request.shutdown()


async def test_a_slow_server_times_out() -> None:
    async def slow(_: web.Request) -> web.Response:
        await asyncio.sleep(1)
        return web.json_response({"ok": True, "result": True})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", slow)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    request = AiohttpRequest(read_timeout=0.2)
    await request.initialize()
    try:
        with pytest.raises(TimedOut):
            await request.post(f"http://127.0.0.1:{port}/bot1:x/getMe")
    finally:
        await request.shutdown()
        await runner.cleanup()


async def test_it_must_be_initialized() -> None:
    with pytest.raises(RuntimeError):
        await AiohttpRequest().do_request("http://127.0.0.1/", "POST")


async def test_parameters_go_as_json_and_files_as_multipart() -> None:
    """What a Bot API server receives: one JSON body with nested objects (not JSON-in-strings);
    a file upload as multipart/form-data."""
    seen: list[tuple[str, bytes]] = []

    async def record(request: web.Request) -> web.Response:
        seen.append((request.content_type, await request.read()))
        return web.json_response({"ok": True, "result": True})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", record)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = runner.addresses[0][1]
    request = AiohttpRequest()
    await request.initialize()
    try:
        bot = Bot("1:x", base_url=f"http://127.0.0.1:{port}/bot", request=request)
        await bot.answer_callback_query("7", text="¿Texas? <b>ç</b>", show_alert=True)
        await bot.set_my_commands([BotCommand("help", "Ayuda")])
        upload = RequestData(
            [
                RequestParameter.from_input("chat_id", 5),
                RequestParameter.from_input("document", InputFile(b"abc", "a.txt")),
            ]
        )
        await request.post(f"http://127.0.0.1:{port}/bot1:x/sendDocument", upload)
    finally:
        await request.shutdown()
        await runner.cleanup()
    (first_type, first), (second_type, second), (third_type, _) = seen
    assert first_type == second_type == "application/json"
    assert json.loads(first) == {
        "callback_query_id": "7",
        "text": "¿Texas? <b>ç</b>",
        "show_alert": True,
    }
    assert json.loads(second) == {"commands": [{"command": "help", "description": "Ayuda"}]}
    assert third_type == "multipart/form-data"
