"""Drains one channel's outbox at the platform's pace and records every outcome.

Rows are claimed a batch at a time, replies first, and sent chat by chat, several chats at
once; one chat's rows leave in order. A turn that queued a reply rings the doorbell, so
the reply is claimed at once; otherwise the sender looks again every `idle_seconds`.

What the platform answers decides (bot/retry.py): sent; Throttled pauses the whole sender
and the row waits, which is not a failed try; Transient is retried with back-off and jitter
until `retry_window` after the first failure; Blocked and Permanent end the row at once.
The sender's own trouble (the database away, say) is an incident: logged once, retried with
back-off; what was already sent meanwhile is written down when the database is back.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import outbox, retry
from bot.channels.base import Blocked, Channel, Delivery, Permanent, SendError, Throttled
from bot.clock import Clock
from bot.health import Health, Incident
from bot.ledger import Ledger, Write
from bot.metrics import SendCounts
from bot.outbox import Claimed, Doorbell
from bot.ratelimit import Limiter

log = logging.getLogger(__name__)
STOP_GRACE = 10.0  # seconds in-flight sends get to finish when the process stops
BEAT_SLACK = 60.0  # a loop that does not come round within this (plus any pause) is stuck


class Sender:
    def __init__(
        self,
        channel: Channel,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        limiter: Limiter,
        batch: int = 20,
        idle_seconds: float = 1.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        in_flight: int = 8,
        *,
        retry_window: float = retry.DEFAULT_WINDOW,
        doorbell: Doorbell | None = None,
        health: Health | None = None,
        rng: random.Random | None = None,
        bots: tuple[str, ...] | None = None,
        abandoned_before: datetime | None = None,
        counts: SendCounts | None = None,
        name: str = "",
        ledger: Ledger | None = None,
    ) -> None:
        self.channel, self.sessions, self.clock, self.limiter = channel, sessions, clock, limiter
        self.batch, self.idle_seconds = batch, idle_seconds
        # Tests pass a sleep that advances their fake clock instead of waiting.
        self._sleep = sleep
        self._lanes = asyncio.Semaphore(in_flight)
        self.doorbell = doorbell or Doorbell()
        self._health, self.name = health, name or f"sender-{channel.name}"
        # Which rows are ours (one bot among several: bot/bots.py), and since when rows still
        # marked as being sent are a previous leader's, abandoned (bot/leader.py).
        self._bots, self._abandoned_before, self._counts = bots, abandoned_before, counts
        self._grace = STOP_GRACE
        self._policy = retry.Policy(retry_window, rng or random.Random())  # noqa: S311 — jitter, not secrets
        self._database = Incident(log, f"{self.name}: database", health)
        self._platform = Incident(log, f"{self.name}: {channel.name} sends")
        self._pause: asyncio.Task[None] | None = None
        self._paused_until = clock.now()
        self._tasks: set[asyncio.Task[None]] = set()
        self._held: dict[int, Claimed] = {}
        # A ledger handed over by this bot's previous sender here holds what it could not write.
        self.ledger = ledger or Ledger(sessions, self._database)
        self.ledger.incident = self._database
        self._stopping = asyncio.Event()
        self.counts: Counter[str] = Counter()  # sent, throttled, retried, failed, unreachable

    @property
    def sent(self) -> int:
        return self.counts["sent"]

    # --- the loop ------------------------------------------------------------------------

    async def run(self) -> None:
        try:
            while not self._stopping.is_set():
                self._beat()
                try:
                    worked = await self._round()
                except Exception as error:  # the database or the network under it: an incident
                    self._database.failed(error)
                    await self._sleep(self._database.backoff())
                    continue
                if not worked:
                    await self._idle()
        except asyncio.CancelledError:
            for task in self._tasks:  # killed, not stopped: nothing more leaves from here
                task.cancel()
            raise
        await self._finish()

    def stop(self, grace: float = STOP_GRACE) -> None:
        """Finish: sends in flight get `grace` seconds (0 when another sender may be taking
        over: then nothing more leaves from here), the rest goes back to the queue."""
        self._grace = min(self._grace, grace)
        self._stopping.set()
        self.doorbell.ring()

    async def _round(self) -> bool:
        await self.ledger.catch_up()
        if self._pause is not None and not self._pause.done():
            await asyncio.shield(self._pause)
            return True
        rung = self.doorbell.rung()
        self.doorbell.clear()
        room = 2 * self.batch - len(self._held)
        if room < self.batch and not rung:
            return False  # enough in hand: claim again when a chat is done
        reply_only = outbox.PRIORITY["reply"] if room < self.batch else None
        rows = await self._claim(max(room, self.batch) if reply_only is None else self.batch, reply_only)
        self._database.recovered()
        self._dispatch(rows)
        if not rows and not self._held:
            self.doorbell.quiet()
        return bool(rows)

    async def _idle(self) -> None:
        """Until a reply is queued, a chat finishes, or `idle_seconds` pass."""
        waits: list[asyncio.Future[Any]] = [
            asyncio.ensure_future(self.doorbell.wait()),
            asyncio.ensure_future(self._sleep(self.idle_seconds)),
        ]
        if self._tasks:
            waits.append(asyncio.ensure_future(asyncio.wait(list(self._tasks))))
        try:
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for wait in waits:
                wait.cancel()

    def _beat(self) -> None:
        if self._health is not None:
            pause = max(0.0, (self._paused_until - self.clock.now()).total_seconds())
            self._health.beat(self.name, BEAT_SLACK + self.idle_seconds + pause)

    async def drain_once(self) -> int:
        """Claim one batch, send it all, record every outcome; how many rows were claimed."""
        await self.ledger.catch_up()
        rows = await self._claim(self.batch)
        await asyncio.gather(*self._dispatch(rows))
        await self.ledger.catch_up()
        return len(rows)

    async def _claim(self, limit: int, max_priority: int | None = None) -> list[Claimed]:
        async with self.sessions.begin() as session:
            now = self.clock.now()
            rows = await outbox.claim(
                session,
                self.channel.name,
                now,
                limit,
                max_priority,
                self._held.keys(),
                bots=self._bots,
                abandoned_before=self._abandoned_before,
            )
        self._held.update((row.id, row) for row in rows)
        return rows

    def _dispatch(self, rows: list[Claimed]) -> list[asyncio.Task[None]]:
        by_chat: dict[str, list[Claimed]] = {}
        for row in rows:
            by_chat.setdefault(row.chat_id, []).append(row)
        started = []
        for chat_rows in by_chat.values():
            # A reply the claim let overtake an unsent bulk row of the same chat goes first.
            task = asyncio.create_task(self._chat(sorted(chat_rows, key=lambda r: (r.priority, r.id))))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            started.append(task)
        return started

    async def _chat(self, rows: list[Claimed]) -> None:
        # Bulk takes one of a few lanes; a reply never waits for one (the limiter puts it first).
        async with contextlib.nullcontext() if rows[0].reply else self._lanes:
            for index, row in enumerate(rows):
                if not await self._deliver(row):
                    await self._release(rows[index + 1 :])  # keep the chat's order: they wait too
                    return

    # --- one row ---------------------------------------------------------------------------

    async def _deliver(self, row: Claimed) -> bool:
        delivery = Delivery(row.reply, row.edit_message, row.sent_count, lambda: self._paced(row))
        try:
            await self.channel.send(row.chat_id, outbox.loads(row.payload), delivery)
        except SendError as error:
            await self._failed(row, error, delivery.done)
            return False
        except Exception as error:  # a bug or a failed image source: kept and retried
            log.error("%s: row %s could not be sent: %s", self.name, row.id, type(error).__name__)
            await self._failed(row, retry.unexpected(error), delivery.done)
            return False
        self.counts["sent"] += 1
        self._count("sent")
        self._platform.recovered()
        await self._settle(row, retry.sent(self.clock.now(), delivery.done))
        return True

    @contextlib.asynccontextmanager
    async def _paced(self, row: Claimed) -> AsyncIterator[None]:
        """Before each platform message: not while paused, and within the limits."""
        self._check_pause()
        async with self.limiter.slot(row.chat_id, reply=row.reply):
            self._check_pause()
            yield

    def _check_pause(self) -> None:
        waiting = (self._paused_until - self.clock.now()).total_seconds()
        if self._pause is not None and not self._pause.done() and waiting > 0:
            raise retry.Paused(waiting, "sender paused")

    def _count(self, outcome: str) -> None:
        if self._counts is not None:
            self._counts.count(outcome)

    def _count_failure(self, error: SendError) -> None:
        if isinstance(error, retry.Paused):
            return  # our own pause, not the platform's answer
        if isinstance(error, Throttled):
            self._count("throttled")
        elif isinstance(error, Blocked):
            self._count("blocked")
        elif isinstance(error, Permanent):
            self._count("permanent")
        else:
            self._count("transient")

    async def _failed(self, row: Claimed, error: SendError, done: int) -> None:
        now = self.clock.now()
        self._count_failure(error)
        if isinstance(error, Throttled) and not isinstance(error, retry.Paused):
            self._start_pause(error.retry_after)
        elif not isinstance(error, Throttled):
            self._platform.failed(error)
            if pause := self._policy.breaker(self._platform.failures):
                self._start_pause(pause)  # the platform is down for everyone: stop hammering it
        outcome = self._policy.after(row, error, done, now)
        self.counts[outcome.counted] += 1
        if outcome.log:
            log.warning("%s: row %s %s", self.name, row.id, outcome.log)
        if outcome.unreachable:
            await self._write(row, lambda session: outbox.mark_unreachable(session, row, now, str(error)))
        else:
            await self._settle(row, outcome.values)

    def _start_pause(self, seconds: float) -> None:
        until = self.clock.now() + timedelta(seconds=seconds)
        if until > self._paused_until or self._pause is None or self._pause.done():
            self._paused_until = until
            self._pause = asyncio.ensure_future(self._sleep(seconds))
            self._beat()  # a long pause is not a stuck loop

    # --- writing outcomes, even when the database is away for a while ---------------------

    async def _settle(self, row: Claimed, values: dict[str, object]) -> None:
        await self._write(row, lambda session: outbox.settle(session, row, **values))

    async def _release(self, rows: list[Claimed]) -> None:
        for row in rows:
            await self._settle(row, retry.released(row))

    async def _write(self, row: Claimed, write: Write) -> None:
        try:
            await self.ledger.write(write)
        finally:
            self._held.pop(row.id, None)

    async def _finish(self) -> None:
        """Stopping: let what is in flight finish briefly; put the rest back for the next start."""
        if self._tasks:
            _, late = (
                await asyncio.wait(list(self._tasks), timeout=self._grace)
                if self._grace > 0
                else (set(), set(self._tasks))
            )
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)
        for row in list(self._held.values()):
            await self._release([row])
        try:
            await self.ledger.catch_up()
        except Exception as error:  # at worst those rows are claimed again in a minute
            log.warning(
                "%s: stopped with outcomes unwritten (%s); kept for this bot's next sender here",
                self.name,
                type(error).__name__,
            )
