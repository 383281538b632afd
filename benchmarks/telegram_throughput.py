"""Updates per second end to end through the Telegram fake: jurisbot against a minimal PTB echo
bot, on the same fake, in the same run.

    python -m benchmarks.telegram_throughput [--users 200] [--questions 10]

The fake runs in its own process (benchmarks/fake_server.py), as Telegram's servers do not share
the bot's CPU. Both bots process the same number of updates at once and run without PTB's rate
limiter (the fake does not throttle): the figure is what the bot itself can process; in
production AIORateLimiter keeps jurisbot within Telegram's limits. The residents' questions are
drawn from the whole place directory, so answers are as varied as in real use.

Each jurisbot round starts with its remembered fragments cleared (bot/rendering/fragments.py),
so no round profits from answers rendered in an earlier one. A third contestant, the same echo
bot on jurisbot's aiohttp request class, shows how much of the difference is the HTTP stack.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from bot.app import build_services
from bot.channels.telegram.aiohttp_request import AiohttpRequest
from bot.channels.telegram.application import CONCURRENT_UPDATES, build_application
from bot.config import Settings
from bot.core.places import PlaceDirectory, PlaceKind
from tests.fakes.ptb import running_application

ROOT = Path(__file__).resolve().parents[1]


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None
    assert message.text is not None
    await message.reply_text(message.text)


def _questions(directory: PlaceDirectory, count: int) -> list[str]:
    rng = random.Random(2026)
    places = [p for p in directory if p.kind is not PlaceKind.STATE]
    forms = ["{name}, {usps}", "{name} {usps} detainer policy", "secure communities {name} {usps}"]
    questions = [
        rng.choice(forms).format(name=p.name, usps=p.usps) for p in rng.sample(places, count)
    ]
    states = directory.states()
    for index in range(0, count, 10):  # some whole states and a few hard cases too
        questions[index] = f"when did secure communities start in {states[index % 56].name}"
    return questions


@dataclass
class Run:
    seconds: float
    bot_cpu: float  # CPU seconds of this (the bot's) process
    fake_cpu: float  # CPU seconds of the fake's process


async def _drive(
    session: aiohttp.ClientSession, control: str, app: Any, messages: list[list[Any]]
) -> Run:
    async with running_application(app, poll_timeout=10):
        async with session.post(f"{control}/wait", json={"count": 0, "after": 0}) as response:
            fake_before = (await response.json())["cpu"]
        cpu_before, started = time.process_time(), time.perf_counter()
        async with session.post(f"{control}/inject", json={"messages": messages}) as response:
            after = (await response.json())["after"]
        wait = {"count": len(messages), "after": after}
        async with session.post(f"{control}/wait", json=wait) as response:
            fake_after = (await response.json())["cpu"]
        return Run(
            time.perf_counter() - started,
            time.process_time() - cpu_before,
            fake_after - fake_before,
        )


def _echo_bot(
    info: dict[str, str], *, on_aiohttp: bool
) -> Application[Any, Any, Any, Any, Any, Any]:
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder().token(info["token"]).base_url(info["base_url"])
    )
    builder = builder.concurrent_updates(CONCURRENT_UPDATES)
    if on_aiohttp:
        builder = builder.request(
            AiohttpRequest(connection_pool_size=CONCURRENT_UPDATES + 8)
        ).get_updates_request(AiohttpRequest(connection_pool_size=1, read_timeout=None))
    else:
        builder = builder.connection_pool_size(CONCURRENT_UPDATES + 8)
    echo = builder.build()
    echo.add_handler(MessageHandler(filters.TEXT, _echo))
    return echo


ECHO, ECHO_AIOHTTP, JURISBOT = "PTB echo bot", "PTB echo bot on aiohttp", "jurisbot"


async def main_async(
    info: dict[str, str], messages: list[list[Any]], services: Any, rounds: int
) -> None:
    """Alternate the bots ``rounds`` times (the machine's noise hits them alike) and report
    each round and the median."""
    timeout = aiohttp.ClientTimeout(total=1800)
    runs: dict[str, list[Run]] = {ECHO: [], ECHO_AIOHTTP: [], JURISBOT: []}
    async with aiohttp.ClientSession(timeout=timeout) as session:
        for _ in range(rounds):
            control = info["control"]
            echo = _echo_bot(info, on_aiohttp=False)
            runs[ECHO].append(await _drive(session, control, echo, messages))
            services.renderer.fragments.clear()
            juris = build_application(
                services, info["token"], base_url=info["base_url"], rate_limiter=False
            )
            runs[JURISBOT].append(await _drive(session, control, juris, messages))
            echo = _echo_bot(info, on_aiohttp=True)
            runs[ECHO_AIOHTTP].append(await _drive(session, control, echo, messages))
    updates = len(messages)
    rates = {name: [updates / run.seconds for run in found] for name, found in runs.items()}
    print(f"| updates per round (distinct questions) | {updates:,} |")
    for name, found in runs.items():
        cpu = statistics.median(1000 * run.bot_cpu / updates for run in found)
        each = ", ".join(f"{rate:,.0f}" for rate in rates[name])
        print(
            f"| {name} | {statistics.median(rates[name]):,.0f} updates/s (rounds: {each}); "
            f"bot CPU {cpu:.2f} ms per update |"
        )
    for echo_name in (ECHO, ECHO_AIOHTTP):
        ratios = [j / e for j, e in zip(rates[JURISBOT], rates[echo_name], strict=True)]
        each = ", ".join(f"{ratio:.2f}" for ratio in ratios)
        print(f"| jurisbot / {echo_name} | {statistics.median(ratios):.2f}× (rounds: {each}) |")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="jurisbot-tg-bench-"))
    services = build_services(Settings(DATABASE_URL=f"sqlite:///{workdir / 'jurisbot.db'}"))
    texts = _questions(services.directory, args.users * args.questions)
    messages = [[10_000 + i % args.users, text] for i, text in enumerate(texts)]
    server = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.fake_server", str(args.users)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        info = json.loads(server.stdout.readline())
        print(f"{args.users} users × {args.questions} questions")
        asyncio.run(main_async(info, messages, services, args.rounds))
    finally:
        server.terminate()
        server.wait()
        services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
