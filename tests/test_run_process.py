"""The Telegram issue's "must work", as an operator runs it: `jurisbot run` in a process of its
own, configured only by the environment and pointed at the Bot API fake with
TELEGRAM_API_BASE_URL; a resident asks, taps, pages; SIGINT stops it cleanly. And what an
operator reads when the token is refused or the Bot API cannot be reached."""

from __future__ import annotations

import asyncio
import signal
import socket
from pathlib import Path

import pytest

from bot import exits
from bot.channels.telegram.application import run
from bot.config import Settings
from tests.conftest import CONTENT_DIR
from tests.fakes import TelegramFake
from tests.processes import start_jurisbot
from tests.test_telegram_bot import button

pytest_plugins = ("tests.fakes.fixtures",)

RESIDENT = 7001


async def test_jurisbot_run_serves_a_resident_and_stops_on_sigint(
    telegram_fake: TelegramFake, tmp_path: Path
) -> None:
    fake = telegram_fake
    fake.add_user(RESIDENT, "Rosa", "en")
    process = await start_jurisbot(
        fake.token, fake.base_url, f"sqlite:///{tmp_path / 'jurisbot.db'}"
    )
    try:
        await fake.send_text(RESIDENT, "when did secure communities start in massachusetts")
        answer = await fake.wait_for_reply(RESIDENT, timeout=120)  # includes the first start
        assert "May 15, 2012" in answer.text
        assert "As of" in answer.text
        assert "Sources:" in answer.text

        query = await fake.press_button(RESIDENT, answer, button(answer, "Detainer policy"))
        await fake.wait_for_callback_answer(query)
        policy = await fake.wait_for_reply(RESIDENT)
        assert "ICE detainer policy" in policy.text
        assert "Lunn v. Commonwealth" in policy.text

        await fake.send_text(RESIDENT, "/states")
        page = await fake.wait_for_reply(RESIDENT)
        query = await fake.press_button(RESIDENT, page, button(page, "Next"))
        await fake.wait_for_callback_answer(query)
        page2 = await fake.wait_for_reply(RESIDENT)
        await fake.press_button(RESIDENT, page2, button(page2, "New Hampshire"))
        new_hampshire = await fake.wait_for_reply(RESIDENT)
        assert new_hampshire.text.startswith("New Hampshire")
        assert "May 8, 2012" in new_hampshire.text
    finally:
        process.send_signal(signal.SIGINT)
        code = await asyncio.wait_for(process.wait(), timeout=60)
    assert code == 0
    assert process.stderr is not None
    assert b"Traceback" not in await process.stderr.read()
    assert {"setMyCommands", "setMyDescription", "setMyShortDescription"} <= {
        call.method for call in fake.calls()
    }
    refused = [(c.method, c.description) for c in fake.calls() if not c.ok]
    assert refused == []


async def _run_to_exit(token: str, base_url: str, tmp_path: Path) -> tuple[int, str]:
    process = await start_jurisbot(token, base_url, f"sqlite:///{tmp_path / 'jurisbot.db'}")
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode is not None
    return process.returncode, stderr.decode()


async def test_a_revoked_token_is_one_line_and_exit_2(
    telegram_fake: TelegramFake, tmp_path: Path
) -> None:
    """Well-formed but unknown to Telegram (revoked, or another bot's): 401 at start."""
    code, stderr = await _run_to_exit("123456789:AAE" + "x" * 32, telegram_fake.base_url, tmp_path)
    assert code == 2
    assert (
        stderr.strip()
        .splitlines()[-1]
        .startswith("jurisbot: Telegram refused TELEGRAM_BOT_TOKEN (401")
    )
    assert "Traceback" not in stderr


async def test_a_refused_start_up_call_is_one_line_and_exit_1(
    telegram_fake: TelegramFake, tmp_path: Path
) -> None:
    telegram_fake.fail_next(
        "setMyCommands", error_code=400, description="Bad Request: BOT_COMMAND_INVALID"
    )
    code, stderr = await _run_to_exit(telegram_fake.token, telegram_fake.base_url, tmp_path)
    assert code == 1
    last = stderr.strip().splitlines()[-1]
    refused = f"jurisbot: the Bot API at {telegram_fake.base_url} refused a start-up call: "
    assert last.startswith(refused)
    assert last[len(refused) :].lower() == "bot_command_invalid"  # PTB capitalizes it
    assert "Traceback" not in stderr


def test_an_unreachable_bot_api_is_one_line_and_exit_69(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = Settings(
        TELEGRAM_BOT_TOKEN="123456789:AAE" + "x" * 32,
        TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{port}/bot",
        DATABASE_URL=f"sqlite:///{tmp_path / 'jurisbot.db'}",
        JURISBOT_CONTENT_DIR=CONTENT_DIR,
    )
    try:
        assert run(settings, bootstrap_retries=0) == exits.UNAVAILABLE
    finally:
        asyncio.get_event_loop().close()  # the loop run_polling left open (close_loop=False)
        asyncio.set_event_loop(None)
    err = capsys.readouterr().err
    assert err.startswith(
        f"jurisbot: could not reach the Bot API at http://127.0.0.1:{port}/bot: "
    )
    assert "Traceback" not in caplog.text  # PTB's own log line is one line too
    assert "Cannot connect" in caplog.text
