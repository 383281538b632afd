"""Per-person flood control for incoming updates.

Telegram lets a bot send about 30 messages a second in all. Someone (or a script) sending
hundreds of messages would spend that budget on themselves and make every other resident wait
(measured: 300 messages from one chat delayed another resident's answer by 9 s). Each person
gets a bucket of ``burst`` updates that refills at ``per_second``; beyond it their updates are
dropped, and they are told once per episode. Kept in memory only, never stored.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

DEFAULT_BURST = 20  # a pasted list, or a quick run of taps
DEFAULT_PER_SECOND = 0.5  # then one every two seconds: faster than anyone types and reads
_FORGET_AFTER = 600.0  # seconds idle before a person's bucket is dropped
_PRUNE_ABOVE = 10_000  # buckets kept before idle ones are pruned


class Verdict(Enum):
    PASS = "pass"
    DROP_AND_TELL = "drop_and_tell"  # the first drop of an episode: say why, once
    DROP = "drop"


@dataclass
class _Bucket:
    tokens: float
    updated: float
    told: bool = False


class FloodGuard:
    def __init__(
        self,
        burst: int = DEFAULT_BURST,
        per_second: float = DEFAULT_PER_SECOND,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._burst = float(burst)
        self._rate = per_second
        self._clock = clock
        self._buckets: dict[int, _Bucket] = {}

    def __len__(self) -> int:
        return len(self._buckets)

    def check(self, key: int) -> Verdict:
        now = self._clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= _PRUNE_ABOVE:
                self._prune(now)
            bucket = self._buckets[key] = _Bucket(self._burst, now)
        else:
            elapsed = now - bucket.updated
            bucket.tokens = min(self._burst, bucket.tokens + elapsed * self._rate)
            bucket.updated = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            if bucket.tokens >= 1.0:
                bucket.told = False  # recovered: a new episode may be told again
            return Verdict.PASS
        if bucket.told:
            return Verdict.DROP
        bucket.told = True
        return Verdict.DROP_AND_TELL

    def _prune(self, now: float) -> None:
        idle = [k for k, b in self._buckets.items() if now - b.updated > _FORGET_AFTER]
        for key in idle:
            del self._buckets[key]
