"""A clock that runs fast, so waits of minutes take a test milliseconds and nothing can hang.

Time flows continuously, `factor` times faster than the wall clock, from a fixed start:
everyone who reads it sees the same time, and `sleep(s)` returns once s seconds of it have
passed. Hand it to the sender, the limiter and the fake platforms alike; a back-off of a
minute then takes a test about a second at the default factor, and a wait can never stall
on a clock that does not move (the hang this replaces).
"""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta


class ScaledClock:
    def __init__(self, start: datetime, factor: float = 50.0) -> None:
        self.factor = factor
        self._start, self._origin, self._offset = start, time.monotonic(), 0.0

    def monotonic(self) -> float:
        """Seconds since the start, in this clock's time."""
        return (time.monotonic() - self._origin) * self.factor + self._offset

    def now(self) -> datetime:
        return self._start + timedelta(seconds=self.monotonic())

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds) / self.factor)

    def advance(self, **delta: float) -> None:
        """Jump ahead at once (e.g. past a claim's lease)."""
        self._offset += timedelta(**delta).total_seconds()

    def set(self, when: datetime) -> None:
        self._offset += (when - self.now()).total_seconds()
