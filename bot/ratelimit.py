"""Sliding-window limits: never more than N calls in any window, overall and per chat.

A leaky bucket lets a full burst plus a full refill into one window; platforms that count
calls per rolling second (Telegram's ~30/s) then answer 429. This keeps the last N call
times and waits until the oldest leaves the window. Replies to a learner who is waiting
go before bulk sends.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable, Hashable


class SlidingWindow:
    def __init__(self, calls: int, period: float = 1.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.calls, self.period, self._clock = max(1, calls), period, clock
        self._times: deque[float] = deque()

    def delay(self) -> float:
        """Seconds to wait before one more call fits in the window."""
        now = self._clock()
        while self._times and now - self._times[0] >= self.period:
            self._times.popleft()
        return 0.0 if len(self._times) < self.calls else self.period - (now - self._times[0])

    def record(self) -> None:
        self._times.append(self._clock())


class Limiter:
    """Overall and per-chat windows for one bot token, with replies ahead of bulk."""

    def __init__(self, per_second: float, per_chat: float, margin: float = 0.02) -> None:
        # A small margin keeps us under the limit when clocks and networks jitter.
        self._overall = SlidingWindow(int(per_second), 1.0 + margin)
        self._per_chat_rate = per_chat
        self._chats: dict[Hashable, SlidingWindow] = {}
        self._lock = asyncio.Lock()
        self._replies_waiting = 0

    def _chat(self, chat: Hashable) -> SlidingWindow:
        window = self._chats.get(chat)
        if window is None:
            if len(self._chats) > 10_000:
                self._chats.clear()
            # ~1/s per chat on average, but a reply of two or three messages may go together.
            window = self._chats[chat] = SlidingWindow(max(1, round(3 * self._per_chat_rate)), 3.0)
        return window

    async def acquire(self, chat: Hashable, reply: bool = False) -> None:
        if reply:
            self._replies_waiting += 1
        try:
            while True:
                if not reply and self._replies_waiting:
                    await asyncio.sleep(0.01)
                    continue
                async with self._lock:
                    wait = max(self._overall.delay(), self._chat(chat).delay())
                    if wait <= 0:
                        self._overall.record()
                        self._chat(chat).record()
                        return
                await asyncio.sleep(wait)
        finally:
            if reply:
                self._replies_waiting -= 1
