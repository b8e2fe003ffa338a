"""Drains one channel's outbox at the platform's pace and records every outcome."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import outbox
from bot.channels.base import Blocked, Channel, Permanent, SendError, Throttled, Transient
from bot.clock import Clock
from bot.ratelimit import Limiter
from bot.storage.models import OutboxMessage

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3


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
    ) -> None:
        self.channel, self.sessions, self.clock, self.limiter = channel, sessions, clock, limiter
        self.batch, self.idle_seconds = batch, idle_seconds
        # Tests pass a sleep that advances their fake clock instead of waiting.
        self._sleep = sleep
        self._in_flight = asyncio.Semaphore(in_flight)
        self._paused_until = datetime.min.replace(tzinfo=UTC)
        self._stopping = asyncio.Event()
        self.sent = 0

    async def run(self) -> None:
        while not self._stopping.is_set():
            if not await self.drain_once():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), self.idle_seconds)

    def stop(self) -> None:
        self._stopping.set()

    async def drain_once(self) -> int:
        """Claim one batch and send it; return how many rows were handled."""
        async with self.sessions.begin() as session:
            rows = await outbox.claim(session, self.channel.name, self.clock.now(), self.batch)
            claimed = [(row.id, row.chat_id, row.payload) for row in rows]
        # Several chats in flight at once (a round trip to the platform takes far longer than
        # our share of the rate limit); one chat's rows stay in order.
        by_chat: dict[str, list[tuple[int, str]]] = {}
        for row_id, chat_id, payload in claimed:
            by_chat.setdefault(chat_id, []).append((row_id, payload))
        await asyncio.gather(*(self._deliver_chat(chat_id, rows) for chat_id, rows in by_chat.items()))
        return len(claimed)

    async def _deliver_chat(self, chat_id: str, rows: list[tuple[int, str]]) -> None:
        async with self._in_flight:
            for row_id, payload in rows:
                await self._deliver(row_id, chat_id, payload)

    async def _deliver(self, row_id: int, chat_id: str, payload: str) -> None:
        messages = outbox.loads(payload)
        while (wait := (self._paused_until - self.clock.now()).total_seconds()) > 0:
            await self._sleep(wait)  # the platform asked everyone to wait
        try:
            for _ in messages:
                await self.limiter.acquire(chat_id)
            await self.channel.send(chat_id, messages)
        except SendError as error:
            await self._record_failure(row_id, error)
            return
        async with self.sessions.begin() as session:
            row = await session.get(OutboxMessage, row_id)
            if row is not None:
                row.status, row.sent_at = "sent", self.clock.now()
        self.sent += 1

    async def _record_failure(self, row_id: int, error: SendError) -> None:
        now = self.clock.now()
        async with self.sessions.begin() as session:
            row = await session.get(OutboxMessage, row_id)
            if row is None:
                return
            await self._classify(session, row, error, now)
        if isinstance(error, Throttled):
            # The platform asked everyone to wait: the whole sender pauses, not just this row.
            self._paused_until = now + timedelta(seconds=error.retry_after)
            await self._sleep(error.retry_after)

    async def _classify(self, session: AsyncSession, row: OutboxMessage, error: SendError, now: datetime) -> None:
        if isinstance(error, Blocked):
            await outbox.mark_unreachable(session, row, now, str(error))
        elif isinstance(error, Throttled):
            row.status, row.not_before = "pending", now + timedelta(seconds=error.retry_after)
            row.attempts -= 1  # being asked to wait is not a failed try
        elif isinstance(error, Transient) and row.attempts < MAX_ATTEMPTS:
            row.status, row.not_before = "pending", now + timedelta(seconds=2**row.attempts)
            row.error = str(error)[:200]
        else:
            level = logging.WARNING if isinstance(error, Permanent) else logging.ERROR
            log.log(level, "outbox row %s dropped: %s", row.id, type(error).__name__)
            row.status, row.error = "failed", str(error)[:200]
