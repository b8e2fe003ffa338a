"""Platform outages the fake servers play: what fails, how, and until when on their clock."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web

OUTAGE_KINDS = ("500", "500-html", "429", "drop", "hang")
ERROR_PAGE = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>"


@dataclass
class Outage:
    """Every call of `methods` (all if None) fails as `kind` for `seconds` of the fake's clock,
    from `start`, or (start None) from the first such call: then it surely meets that call."""

    kind: str
    seconds: float
    start: float | None = None
    methods: frozenset[str] | None = None
    retry_after: int = 1

    @property
    def until(self) -> float:
        return float("inf") if self.start is None else self.start + self.seconds

    def covers(self, method: str, now: float) -> bool:
        if self.methods is not None and method not in self.methods:
            return False
        if self.start is None:
            self.start = now
        return now < self.until


async def hang_until(clock: Callable[[], float], until: float, closing: asyncio.Event) -> None:
    """Hold a call without answering until `clock` reaches `until` (or the fake closes)."""
    while clock() < until and not closing.is_set():  # noqa: ASYNC110 — the clock may be a fake one: poll it
        await asyncio.sleep(0.01)


def cut(request: web.Request) -> web.Response:
    """No answer at all: the connection is closed under the caller (a dropped long poll)."""
    if request.transport is not None:
        request.transport.close()
    return web.Response(status=500)  # never reaches the caller
