"""The heavy aggregates of the reading pages, kept for a short while per scope.

With a province of 100,000 learners, counting everything takes about a second on SQLite
(docs/benchmarks.md). Officers open the same pages every morning; nobody needs the figures
to the second. So each aggregate is kept, per commune (or the whole province), for
DASHBOARD_CACHE_SECONDS, and one request computes it while others for the same key wait for
that answer instead of starting their own. Who may see which key is decided before, on every
request (bot/dashboard/visit.py). Nothing personal is kept here: counts and lesson titles only.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TypeVar, cast

from bot.clock import Clock

T = TypeVar("T")
Key = tuple[str, str | None]  # (what, place key or None for the province)


class Figures:
    """One per dashboard (built by Site, never at import)."""

    def __init__(self, clock: Clock, lifetime: timedelta) -> None:
        self.clock, self.lifetime = clock, lifetime
        self._kept: dict[Key, tuple[datetime, object]] = {}
        self._busy: dict[Key, asyncio.Lock] = {}

    def _fresh(self, key: Key) -> tuple[datetime, object] | None:
        found = self._kept.get(key)
        return found if found is not None and self.clock.now() - found[0] < self.lifetime else None

    async def get(self, key: Key, compute: Callable[[], Awaitable[T]]) -> tuple[T, datetime]:
        """The kept value and when it was computed, or a new one."""
        found = self._fresh(key)
        if found is None:
            async with self._busy.setdefault(key, asyncio.Lock()):
                found = self._fresh(key)  # another request may have computed it meanwhile
                if found is None:
                    found = (self.clock.now(), await compute())
                    if self.lifetime > timedelta(0):
                        self._kept[key] = found
        return cast(T, found[1]), found[0]
