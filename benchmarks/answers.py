"""Benchmark the answering core: latency over every place, start-up time, peak memory.

    python -m benchmarks.answers [--database-url URL] [--limit N]

Runs on a fresh embedded SQLite database (created in a temporary folder) unless a URL is given.
Figures are printed as a Markdown table for the README.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.app import build_services
from bot.config import Settings
from bot.core.places import PlaceDirectory, PlaceKind

ROOT = Path(__file__).resolve().parents[1]


def _questions(directory: PlaceDirectory, limit: int | None) -> list[str]:
    """A question about every place of the directory, plus bare town names."""
    questions: list[str] = []
    for place in directory:
        if place.kind is PlaceKind.STATE:
            questions.append(f"when did secure communities start in {place.name}")
        else:
            questions.append(f"{place.name}, {place.usps} detainer policy")
    for index, place in enumerate(directory):
        if index % 10 == 0 and place.kind is PlaceKind.TOWN:
            questions.append(place.name)  # bare names: choices and fuzzy paths too
    return questions[:limit] if limit else questions


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="jurisbot-bench-"))
    url = args.database_url or f"sqlite:///{workdir / 'jurisbot.db'}"
    settings = Settings(DATABASE_URL=url)

    started = time.perf_counter()
    services = build_services(settings)  # first start: schema, places, content
    first_start = time.perf_counter() - started
    services.close()

    started = time.perf_counter()
    services = build_services(settings)  # a restart on the loaded database
    services.renderer.render(services.answerer.answer("NH"))
    warm_first_answer = time.perf_counter() - started

    # A whole new process on the loaded database, as a resident's first question is served.
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "bot", "ask", "NH"],
        cwd=ROOT,
        env={"DATABASE_URL": url, "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
    )
    process_first_answer = time.perf_counter() - started

    questions = _questions(services.directory, args.limit)
    latencies: list[float] = []
    for question in questions:
        t0 = time.perf_counter()
        services.renderer.render(services.answerer.answer(question))
        latencies.append((time.perf_counter() - t0) * 1000)
    services.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"| questions answered and rendered (HTML) | {len(latencies):,} |")
    print(f"| latency p50 | {statistics.median(latencies):.2f} ms |")
    print(f"| latency p99 | {_percentile(latencies, 0.99):.2f} ms |")
    print(f"| latency max | {max(latencies):.2f} ms |")
    print(f"| first start on an empty database (schema, places, content) | {first_start:.2f} s |")
    print(f"| restart on a loaded database to first answer | {warm_first_answer:.2f} s |")
    print(f"| new process to first answer (`jurisbot ask`) | {process_first_answer:.2f} s |")
    print(f"| peak memory (max RSS) | {peak_mb:.0f} MB |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
