"""Sliding-window limits: never more than N messages in any window, overall and per chat.

A leaky bucket lets a full burst plus a full refill into one window; platforms that count
calls per rolling second (Telegram's ~30/s) then answer 429. This keeps the last N calls
and waits until the oldest leaves the window.

What the platform counts is when a request *arrives*, which we never see: it lies between
the moment we let the request go and the moment its answer comes back. Stamping at the
start trusts both machines to be punctual to within the margin: a stall of a few tens of
milliseconds on either side (a busy machine, a garbage collection) bunches arrivals, costs
a 429 and a whole second's pause (measured: 12 of 2,000 when stamps were capped at 50 ms
on a loaded machine). So the overall window stamps each message when its answer comes
back, which is always safe; the price is one round trip per window (at 50 ms, 30/s becomes
about 28/s). A call that hangs frees its place ARRIVAL_BOUND after it left.

Per chat, a reply of up to REPLY_BURST messages leaves at once, and so does the next turn's
a second later (a learner is reading, and a gap invites a tap into the wrong screen); bulk
messages keep to about `per_chat` a second, counting the replies. Replies go before bulk.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable
from contextlib import asynccontextmanager
from dataclasses import dataclass

ARRIVAL_BOUND = 1.0  # seconds: a request unanswered this long is taken to have arrived
MARGIN = 0.01  # of the window: clock granularity on either side
REPLY_BURST = 4  # reply messages to one chat that may leave within REPLY_PERIOD
REPLY_PERIOD = 1.0
CHAT_PERIOD = 3.0  # seconds over which a chat's bulk pace is counted
MAX_CHATS = 10_000  # windows remembered; beyond, the idle ones are forgotten


@dataclass
class _Slot:
    left: float  # when the request was let go
    answered: float = math.inf  # when its answer came back


class SlidingWindow:
    def __init__(
        self, calls: int, period: float = 1.0, clock: Callable[[], float] = time.monotonic, bound: float = 0.0
    ) -> None:
        self.calls, self.period, self._clock, self._bound = max(1, calls), period, clock, bound
        self._slots: list[_Slot] = []

    def _stamp(self, slot: _Slot) -> float:
        return min(slot.answered, slot.left + self._bound)

    def delay(self, capacity: int | None = None, period: float | None = None) -> float:
        """Seconds to wait before one more call fits: at most `capacity` calls (default: the
        window's) in any `period` (default, and at most: the window's)."""
        now = self._clock()
        self._slots = [s for s in self._slots if now - self._stamp(s) < self.period]
        span = min(period or self.period, self.period)
        recent = [self._stamp(s) for s in self._slots if now - self._stamp(s) < span]
        if len(recent) < (capacity or self.calls):
            return 0.0
        return max(0.001, min(recent) + span - now)

    def take(self) -> _Slot:
        slot = _Slot(self._clock())
        self._slots.append(slot)
        return slot

    def answered(self, slot: _Slot) -> None:
        slot.answered = self._clock()

    def idle(self) -> bool:
        return self.delay() == 0.0 and not self._slots

    def fill(self) -> None:
        """As if the window had just been used up: the next call waits a whole window."""
        now = self._clock()
        self._slots = [_Slot(now, now) for _ in range(self.calls)]


class Limiter:
    """Overall and per-chat windows for one bot token, with replies ahead of bulk."""

    def __init__(
        self,
        per_second: float,
        per_chat: float,
        margin: float = MARGIN,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._clock, self._sleep = clock, sleep
        self._overall = SlidingWindow(int(per_second), 1.0 + margin, clock, ARRIVAL_BOUND)
        self._bulk_per_chat = max(1, round(CHAT_PERIOD * per_chat))
        self._chats: dict[Hashable, SlidingWindow] = {}
        self._replies_waiting = 0

    def _chat(self, chat: Hashable) -> SlidingWindow:
        window = self._chats.get(chat)
        if window is None:
            if len(self._chats) >= MAX_CHATS:
                self._chats = {key: w for key, w in self._chats.items() if not w.idle()}
            window = self._chats[chat] = SlidingWindow(self._bulk_per_chat, CHAT_PERIOD, self._clock)
        return window

    def assume_full(self) -> None:
        """A sender taking over from another (bot/leader.py) cannot know what the other sent in
        its last second: it starts as if that second had been full, so no burst meets a 429."""
        self._overall.fill()

    @asynccontextmanager
    async def slot(self, chat: Hashable, reply: bool = False) -> AsyncIterator[None]:
        """Hold one message's place while it is sent: wait for room, mark when it was answered."""
        taken = await self._acquire(chat, reply)
        try:
            yield
        finally:
            self._overall.answered(taken)

    async def acquire(self, chat: Hashable, reply: bool = False) -> None:
        """One message's place, stamped as soon as it is given (for callers without an answer)."""
        self._overall.answered(await self._acquire(chat, reply))

    async def _acquire(self, chat: Hashable, reply: bool) -> _Slot:
        if reply:
            self._replies_waiting += 1
        try:
            while True:
                if not reply and self._replies_waiting:
                    await self._sleep(0.01)
                    continue
                window = self._chat(chat)
                mine = window.delay(REPLY_BURST, REPLY_PERIOD) if reply else window.delay()
                wait = max(self._overall.delay(), mine)
                if wait <= 0:
                    window.answered(window.take())  # per chat, the start is what counts
                    return self._overall.take()
                await self._sleep(wait)
        finally:
            if reply:
                self._replies_waiting -= 1
