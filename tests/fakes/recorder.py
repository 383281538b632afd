"""Call recorder: every request and injected update gets a sequence number; waiters are woken
through one ``asyncio.Condition`` (no polling, no sleeps)."""

from __future__ import annotations

import asyncio
import bisect
from collections.abc import Callable, Iterable
from typing import TypeVar

from .models import InjectedUpdate, MessageSnapshot, RecordedCall

T = TypeVar("T")
DEFAULT_SEND_METHODS = ("sendMessage",)


class Recorder:
    def __init__(self) -> None:
        self.changed = asyncio.Condition()
        self._seq = 0
        self.calls: list[RecordedCall] = []
        self.injected: list[InjectedUpdate] = []
        self.snapshots: list[MessageSnapshot] = []  # bot sends and edits, in order
        self.last_injection_seq = 0
        self.last_injection_by_chat: dict[int, int] = {}

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def mark(self) -> int:
        """The current sequence number; pass it as ``after=`` to only see later events."""
        return self._seq

    async def notify(self) -> None:
        async with self.changed:
            self.changed.notify_all()

    def add_call(self, call: RecordedCall) -> None:
        self.calls.append(call)

    def add_injected(self, update: InjectedUpdate) -> None:
        self.injected.append(update)
        self.last_injection_seq = update.seq
        if update.chat_id is not None:
            self.last_injection_by_chat[update.chat_id] = update.seq

    def calls_for(self, method: str | None = None) -> list[RecordedCall]:
        if method is None:
            return list(self.calls)
        wanted = method.lower()
        return [call for call in self.calls if call.method.lower() == wanted]

    async def wait_until(
        self,
        find: Callable[[], T | None],
        *,
        timeout: float,  # noqa: ASYNC109
        what: str,
    ) -> T:
        """Return ``find()`` as soon as it is not ``None``; re-checked on every state change."""
        try:
            async with asyncio.timeout(timeout):
                async with self.changed:
                    while (found := find()) is None:
                        await self.changed.wait()
                    return found
        except TimeoutError:
            recent = ", ".join(f"#{c.seq} {c.method}->{c.http_status}" for c in self.calls[-8:])
            raise TimeoutError(
                f"timed out after {timeout}s waiting for {what}; last calls: [{recent}]"
            ) from None

    # -- rate accounting -------------------------------------------------------------------
    def send_times(
        self,
        chat_id: int | str | None = None,
        methods: Iterable[str] = DEFAULT_SEND_METHODS,
    ) -> list[float]:
        """``time.monotonic()`` arrival times of successful sends (optionally in one chat)."""
        wanted = {method.lower() for method in methods}
        return sorted(
            call.started_at
            for call in self.calls
            if call.ok
            and call.method.lower() in wanted
            and (chat_id is None or call.params.get("chat_id") == chat_id)
        )

    def max_rate(
        self,
        window: float = 1.0,
        chat_id: int | str | None = None,
        methods: Iterable[str] = DEFAULT_SEND_METHODS,
    ) -> int:
        """The largest number of successful sends inside any ``window``-second interval."""
        times = self.send_times(chat_id, methods)
        best = 0
        for index, start in enumerate(times):
            end = bisect.bisect_left(times, start + window)
            best = max(best, end - index)
        return best
