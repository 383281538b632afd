"""`kill -9` in the middle of a broadcast: the restarted bot resumes where it was. Nobody is
lost; duplicates are at most the deliveries that were in flight. Runs `jurisbot run` as a real
subprocess against the Bot API fake, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import signal
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.app import build_services
from bot.config import Settings
from tests.conftest import CONTENT_DIR
from tests.fakes import TelegramFake
from tests.processes import start_jurisbot

pytest_plugins = ("tests.fakes.fixtures",)

ORGANIZER = 5001
CROWD = list(range(50_000, 50_150))
RATE = 30  # deliveries per second: the sender claims one second's worth at a time


def _prepare(url: str) -> None:
    services = build_services(
        Settings(
            DATABASE_URL=url, JURISBOT_CONTENT_DIR=CONTENT_DIR, JURISBOT_ADMINS=str(ORGANIZER)
        )
    )
    try:
        place = services.subscriptions.place("Rhode Island")
        for chat_id in CROWD:
            services.subscriptions.subscribe(chat_id, place, "en")
        preview = services.broadcasts.propose(ORGANIZER, "Rhode Island | Vigil at 6 pm", "en")
        services.broadcasts.confirm(ORGANIZER, preview.pending_id)
    finally:
        services.close()


async def _start(fake: TelegramFake, url: str) -> asyncio.subprocess.Process:
    return await start_jurisbot(fake.token, fake.base_url, url, JURISBOT_BROADCAST_RATE=str(RATE))


def _received(fake: TelegramFake) -> Counter[int]:
    return Counter(
        int(c.params["chat_id"])
        for c in fake.calls("sendMessage")
        if c.ok and "Vigil at 6 pm" in str(c.params.get("text", ""))
    )


async def _until(fake: TelegramFake, done: Callable[[], bool], what: str) -> None:
    """Wait (on the fake's events) until ``done()`` holds; two minutes at most."""
    await fake.state.recorder.wait_until(lambda: True if done() else None, timeout=120, what=what)


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
async def test_kill_9_mid_broadcast_loses_nobody(
    backend: str, tmp_path: Path, telegram_fake: TelegramFake
) -> None:
    from tests.conftest import fresh_database

    fake = telegram_fake
    for chat_id in (ORGANIZER, *CROWD):
        fake.add_user(chat_id, f"U{chat_id}", "en")
    with fresh_database(backend, tmp_path) as url:
        await asyncio.to_thread(_prepare, url)

        first = await _start(fake, url)
        await _until(fake, lambda: len(_received(fake)) >= 40, "40 deliveries")
        first.send_signal(signal.SIGKILL)  # no clean-up of any kind
        await first.wait()
        before = _received(fake)
        assert 40 <= len(before) < len(CROWD)

        second = await _start(fake, url)
        await _until(fake, lambda: set(_received(fake)) == set(CROWD), "every recipient")
        await _until(
            fake,
            lambda: any(
                int(c.params["chat_id"]) == ORGANIZER and "finished" in str(c.params.get("text"))
                for c in fake.calls("sendMessage")
                if c.ok
            ),
            "the summary",
        )
        second.send_signal(signal.SIGTERM)  # a clean stop
        assert await asyncio.wait_for(second.wait(), timeout=30) == 0
        assert second.stderr is not None
        assert b"Traceback" not in await second.stderr.read()

    received = _received(fake)
    assert set(received) == set(CROWD)  # nobody lost
    duplicates = sum(count - 1 for count in received.values())
    print(f"{backend}: delivered before the kill {len(before)}, duplicates {duplicates}")
    assert duplicates <= RATE  # at most one claimed batch was in flight at the kill
