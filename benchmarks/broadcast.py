"""Benchmark the broadcast sender against the Bot API fake (in a process of its own).

    python -m benchmarks.broadcast [--subscribers 10000] [--big 100000]

1. throughput with the rate set high (the fake does not throttle): the sender must never be
   the bottleneck (target ≥ 1,000 messages/s on SQLite);
2. with the default rate (25/s): the achieved rate (target ≥ 95% of it);
3. 100,000 subscribers: the time to enqueue the broadcast, and the sender process's peak
   memory while it delivers them (target ≤ 200 MB).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from bot.app import Services, build_services
from bot.broadcast.worker import BroadcastSender
from bot.channels.telegram.delivery import TelegramTransport, broadcast_bot
from bot.config import Settings
from bot.storage import outbox as outbox_store
from bot.storage.tables import SubscriberRow, SubscriptionRow, utcnow

ROOT = Path(__file__).resolve().parents[1]
FIRST_CHAT = 10_000
FAKE = "benchmarks.fast_fake"


def _fake(users: int) -> tuple[subprocess.Popen[str], dict[str, str]]:
    server = subprocess.Popen(
        [sys.executable, "-m", FAKE, *([str(users)] if FAKE.endswith("fake_server") else [])],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    return server, json.loads(server.stdout.readline())


def _subscribe(services: Services, count: int) -> None:
    """Subscribers straight into the database (a benchmark set-up, not the feature)."""
    now = utcnow()
    with services.database.session() as session:
        for start in range(FIRST_CHAT, FIRST_CHAT + count, 10_000):
            ids = range(start, min(start + 10_000, FIRST_CHAT + count))
            session.execute(
                insert(SubscriberRow),
                [
                    {
                        "chat_id": i,
                        "language": "en",
                        "active": True,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for i in ids
                ],
            )
            session.execute(
                insert(SubscriptionRow),
                [{"chat_id": i, "place_id": "ca", "created_at": now} for i in ids],
            )
        session.commit()


def _enqueue(services: Services) -> tuple[int, float]:
    started = time.perf_counter()
    with services.database.session() as session:
        row = outbox_store.enqueue(
            session,
            created_by=1,
            place_id="ca",
            place_kind="state",
            usps="CA",
            text="Benchmark notice",
        )
        session.commit()
        broadcast_id = row.id or 0
    return broadcast_id, time.perf_counter() - started


async def _deliver(services: Services, info: dict[str, str], rate: float, count: int) -> float:
    """Seconds the sender takes to settle ``count`` deliveries."""
    bot = broadcast_bot(info["token"], info["base_url"], pool=32)
    await bot.initialize()
    finished = asyncio.Event()

    async def done(*_: object) -> None:
        finished.set()

    sender = BroadcastSender(
        services.database,
        TelegramTransport(bot),
        services.broadcasts.render,
        rate=rate,
        on_finished=done,
    )
    started = time.perf_counter()
    sender.start()
    await asyncio.wait_for(finished.wait(), timeout=3600)
    seconds = time.perf_counter() - started
    await sender.stop()
    await bot.shutdown()
    return seconds


def seeded_database() -> str:
    """A database with the places and content loaded, as a bot finds it after its first
    start (seeded in a separate process, so that this one's memory is the sender's own)."""
    workdir = Path(tempfile.mkdtemp(prefix="jurisbot-bc-bench-"))
    url = f"sqlite:///{workdir / 'jurisbot.db'}"
    code = "from bot.app import build_services; build_services().close()"
    subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        check=True,
        env={"DATABASE_URL": url, "PATH": "/usr/bin:/bin"},
    )
    return url


def run_case(subscribers: int, rate: float) -> tuple[float, float]:
    services = build_services(Settings(DATABASE_URL=seeded_database()))
    server, info = _fake(0)
    try:
        _subscribe(services, subscribers)
        _, enqueue_seconds = _enqueue(services)
        seconds = asyncio.run(_deliver(services, info, rate, subscribers))
    finally:
        server.terminate()
        server.wait()
        services.close()
    return subscribers / seconds, enqueue_seconds


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--case", choices=["all", "fast", "default", "big"], default="all")
    args = parser.parse_args()
    if args.case in ("all", "fast"):
        achieved, _ = run_case(args.subscribers, 5000.0)
        print(
            f"| throughput, rate set to 5,000/s, {args.subscribers:,} subscribers "
            f"| {achieved:,.0f} messages/s |"
        )
    if args.case in ("all", "default"):
        achieved, _ = run_case(500, 25.0)
        print(
            f"| default rate 25/s, 500 subscribers | {achieved:.2f} messages/s "
            f"({100 * achieved / 25:.1f}% of the rate) |"
        )
    if args.case in ("all", "big"):
        # A separate process, so that its peak memory is this case's alone.
        code = f"import benchmarks.broadcast as b; b.big_case({args.big})"
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
        )
        print(result.stdout.strip())
    return 0


def big_case(subscribers: int) -> None:
    achieved, enqueue_seconds = run_case(subscribers, 5000.0)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"| enqueue a broadcast to {subscribers:,} subscribers | {enqueue_seconds:.2f} s |")
    print(f"| deliver it (rate 5,000/s) | {achieved:,.0f} messages/s |")
    print(f"| peak memory of the sender process (max RSS) | {peak_mb:.0f} MB |")


if __name__ == "__main__":
    sys.exit(main())
