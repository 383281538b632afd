"""The broadcast sender: drains the outbox at a steady rate, separately from residents'
replies, and records every outcome. Transport-independent: a Transport sends one message
and says what happened; this module decides what that means for the delivery."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum
from typing import Protocol

from bot.storage import outbox as outbox_store
from bot.storage import subscribers as subscribers_store
from bot.storage.database import Database
from bot.storage.outbox import BLOCKED, FAILED, QUEUED, SENT, Delivery, Outcome, Progress
from bot.storage.tables import BroadcastRow, utcnow

log = logging.getLogger("bot.broadcast")
MAX_ATTEMPTS = 6  # network errors and 5xx: then the delivery is given up as failed
FLUSH_EVERY = 0.2  # seconds between writes of delivery outcomes
PER_CHAT_INTERVAL = 1.0  # Telegram: about one message per second to the same chat


class Result(Enum):
    SENT = "sent"
    RETRY_AFTER = "retry_after"  # 429: nothing may be sent before retry_after has passed
    GONE = "gone"  # 403 blocked/deactivated/can't initiate, 400 chat not found
    TRANSIENT = "transient"  # network error, 5xx: try again later
    REJECTED = "rejected"  # any other 400: retrying would not help


@dataclass(frozen=True)
class SendReport:
    result: Result
    retry_after: float = 0.0
    detail: str = ""


class Transport(Protocol):
    async def send(self, chat_id: int, html: str) -> SendReport: ...


Render = Callable[[BroadcastRow, str | None], str]
OnFinished = Callable[[BroadcastRow, Progress], Awaitable[None]]


class RateLimiter:
    """A steady pace: at most ``rate`` sends a second, and nothing while paused (429)."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate
        self._next = time.monotonic()
        self.paused_until = 0.0

    def pause(self, seconds: float) -> None:
        self.paused_until = max(self.paused_until, time.monotonic() + seconds)

    async def acquire(self) -> None:
        now = time.monotonic()
        start = max(self._next, self.paused_until, now)
        self._next = start + self.interval
        if start > now:
            await asyncio.sleep(start - now)
        # A 429 may have arrived while we waited: wait it out too (it can extend the pause).
        while (wait := self.paused_until - time.monotonic()) > 0:  # noqa: ASYNC110
            await asyncio.sleep(wait)


class BroadcastSender:
    def __init__(
        self,
        database: Database,
        transport: Transport,
        render: Render,
        *,
        rate: float = 25.0,
        max_in_flight: int = 64,
        on_finished: OnFinished | None = None,
    ) -> None:
        self._database = database
        self._transport = transport
        self._render = render
        self._limiter = RateLimiter(rate)
        self._batch = max(1, min(500, int(rate)))
        self._in_flight = asyncio.Semaphore(max_in_flight)
        self._on_finished = on_finished
        self._outcomes: list[Outcome] = []
        self._gone: list[int] = []
        self._last_sent: dict[int, float] = {}
        self._texts: dict[tuple[int, str | None], str] = {}
        self._broadcasts: dict[int, BroadcastRow] = {}
        self._wake = asyncio.Event()
        self._stopping = False
        self._tasks: set[asyncio.Task[None]] = set()
        self._runner: asyncio.Task[None] | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> None:
        self._runner = asyncio.get_running_loop().create_task(self._run(), name="broadcasts")
        self._runner.add_done_callback(self._report_crash)

    @staticmethod
    def _report_crash(task: asyncio.Task[None]) -> None:
        if not task.cancelled() and task.exception() is not None:
            log.error("the broadcast sender stopped", exc_info=task.exception())

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        if self._runner is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._runner
        await self._flush()

    def wake(self) -> None:
        """A broadcast was just enqueued: start now rather than at the next poll."""
        self._wake.set()

    # -- the loop ----------------------------------------------------------------------------
    async def _run(self) -> None:
        recovered = await asyncio.to_thread(self._recover)
        if recovered:
            log.info("resuming %s deliveries that were in flight", recovered)
        flusher = asyncio.get_running_loop().create_task(self._flush_periodically())
        try:
            while not self._stopping:
                batch = await asyncio.to_thread(self._claim)
                if not batch:
                    await self._flush()
                    await self._finish()
                    await self._idle()
                    continue
                for delivery in batch:
                    if self._stopping:
                        self._outcomes.append(
                            Outcome(delivery.outbox_id, QUEUED, counts_as_attempt=False)
                        )
                        continue
                    await self._in_flight.acquire()
                    task = asyncio.get_running_loop().create_task(self._deliver(delivery))
                    self._tasks.add(task)
                    task.add_done_callback(self._tasks.discard)
        finally:
            if self._tasks:
                await asyncio.gather(*self._tasks, return_exceptions=True)
            flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await flusher

    async def _idle(self) -> None:
        due = await asyncio.to_thread(self._next_due)
        wait = 5.0 if due is None else max(0.05, min(5.0, due))
        if self._tasks:  # deliveries still in flight: look again as soon as they settle
            wait = min(wait, FLUSH_EVERY)
        self._wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=wait)

    async def _deliver(self, delivery: Delivery) -> None:
        try:
            last = self._last_sent.get(delivery.chat_id, 0.0)
            wait = last + PER_CHAT_INTERVAL - time.monotonic()
            if wait > 0:  # this chat got a message less than a second ago
                self._requeue(delivery, wait)
                return
            html = self._texts.get((delivery.broadcast_id, delivery.language))
            if html is None:  # rendered once per broadcast and language
                html = await asyncio.to_thread(self._text, delivery)
            await self._limiter.acquire()  # the last step before the request goes out
            self._last_sent[delivery.chat_id] = time.monotonic()
            report = await self._transport.send(delivery.chat_id, html)
            self._record(delivery, report)
        except Exception as error:  # never lose a delivery to an unexpected error
            log.exception("delivery %s failed unexpectedly", delivery.outbox_id)
            self._record(delivery, SendReport(Result.TRANSIENT, detail=type(error).__name__))
        finally:
            self._in_flight.release()

    def _record(self, delivery: Delivery, report: SendReport) -> None:
        now = utcnow()
        if report.result is Result.SENT:
            self._outcomes.append(Outcome(delivery.outbox_id, SENT))
        elif report.result is Result.RETRY_AFTER:
            self._limiter.pause(report.retry_after)
            retry = now + timedelta(seconds=report.retry_after)
            self._outcomes.append(
                Outcome(
                    delivery.outbox_id,
                    QUEUED,
                    retry_at=retry,
                    error="429",
                    counts_as_attempt=False,
                )
            )
        elif report.result is Result.GONE:
            self._outcomes.append(Outcome(delivery.outbox_id, BLOCKED, error=report.detail))
            self._gone.append(delivery.chat_id)
        elif report.result is Result.TRANSIENT and delivery.attempts + 1 < MAX_ATTEMPTS:
            retry = now + outbox_store.backoff(delivery.attempts + 1)
            self._outcomes.append(
                Outcome(delivery.outbox_id, QUEUED, retry_at=retry, error=report.detail)
            )
        else:
            self._outcomes.append(Outcome(delivery.outbox_id, FAILED, error=report.detail))

    def _requeue(self, delivery: Delivery, seconds: float) -> None:
        retry = utcnow() + timedelta(seconds=seconds)
        self._outcomes.append(
            Outcome(delivery.outbox_id, QUEUED, retry_at=retry, counts_as_attempt=False)
        )

    async def _flush_periodically(self) -> None:
        while True:
            await asyncio.sleep(FLUSH_EVERY)
            await self._flush()

    async def _flush(self) -> None:
        if not self._outcomes and not self._gone:
            return
        outcomes, self._outcomes = self._outcomes, []
        gone, self._gone = self._gone, []
        await asyncio.to_thread(self._settle, outcomes, gone)

    async def _finish(self) -> None:
        finished = await asyncio.to_thread(self._finished)
        for broadcast, progress in finished:
            log.info("broadcast %s finished: %s", broadcast.id, progress)
            self._broadcasts.pop(broadcast.id or 0, None)
            if self._on_finished is not None:
                with contextlib.suppress(Exception):
                    await self._on_finished(broadcast, progress)

    # -- database (run in a worker thread) ---------------------------------------------------
    def _recover(self) -> int:
        with self._database.session() as session:
            count = outbox_store.recover(session)
            session.commit()
            return count

    def _claim(self) -> list[Delivery]:
        with self._database.session() as session:
            batch = outbox_store.claim(session, limit=self._batch)
            session.commit()
            return batch

    def _settle(self, outcomes: list[Outcome], gone: list[int]) -> None:
        with self._database.session() as session:
            outbox_store.settle(session, outcomes)
            subscribers_store.deactivate(session, chat_ids=gone)
            session.commit()

    def _finished(self) -> list[tuple[BroadcastRow, Progress]]:
        with self._database.session() as session:
            rows = outbox_store.finish_completed(session)
            counts = outbox_store.progress(session, [r.id for r in rows if r.id is not None])
            session.commit()
            return [(row, counts.get(row.id or 0, Progress())) for row in rows]

    def _next_due(self) -> float | None:
        with self._database.session() as session:
            due = outbox_store.next_due(session)
        if due is None:
            return None
        if due.tzinfo is None:
            due = due.replace(tzinfo=utcnow().tzinfo)
        return (due - utcnow()).total_seconds()

    def _text(self, delivery: Delivery) -> str:
        key = (delivery.broadcast_id, delivery.language)
        if key not in self._texts:
            broadcast = self._broadcasts.get(delivery.broadcast_id)
            if broadcast is None:
                with self._database.session() as session:
                    broadcast = session.get(BroadcastRow, delivery.broadcast_id)
                assert broadcast is not None
                self._broadcasts[delivery.broadcast_id] = broadcast
            self._texts[key] = self._render(broadcast, delivery.language)
        return self._texts[key]
