"""Readiness: every long-running loop says it is alive, and trouble is logged once per incident.

`/healthz` only says the process runs. `/readyz` asks this: is the database reachable, is
every loop (senders, pollers, scheduler ticks) still running, beating on time, and free of
an ongoing incident? A load balancer or an operator reads the reason from its JSON.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

DATABASE_CHECK_SECONDS = 2.0
# What /readyz asks: every problem by name ("database", "sender-telegram"...); empty when ready.
Readiness = Callable[[], Awaitable[dict[str, str]]]


class Incident:
    """A run of failures of one kind: logged when it starts and when it ends, not per retry."""

    def __init__(
        self,
        logger: logging.Logger,
        what: str,
        health: Health | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._log, self.what, self._health, self._clock = logger, what, health, clock
        self.since: float | None = None
        self.failures = 0

    @property
    def active(self) -> bool:
        return self.since is not None

    def failed(self, error: BaseException | str) -> None:
        # Only the kind of error: its text may quote SQL parameters or a learner's words.
        reason = error if isinstance(error, str) else type(error).__name__
        self.failures += 1
        if self.since is None:
            self.since = self._clock()
            self._log.warning("%s: failing (%s); retrying with back-off", self.what, reason)
        if self._health is not None:
            self._health.trouble(self.what, reason)

    def recovered(self) -> None:
        if self.since is not None:
            lasted = self._clock() - self.since
            self._log.info("%s: working again after %.0f s and %d failures", self.what, lasted, self.failures)
            self.since, self.failures = None, 0
        if self._health is not None:
            self._health.clear(self.what)

    def backoff(self, first: float = 0.5, cap: float = 30.0) -> float:
        """How long to wait before the next try: doubling from `first`, at most `cap`."""
        return min(cap, first * 2.0 ** max(0, self.failures - 1))


@dataclass
class _Loop:
    deadline: float = math.inf
    trouble: str = ""
    task: asyncio.Task[None] | None = None


class Health:
    """What each loop last said about itself."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._loops: dict[str, _Loop] = {}

    def _loop(self, name: str) -> _Loop:
        return self._loops.setdefault(name, _Loop())

    def beat(self, name: str, within: float) -> None:
        """`name` is alive and will beat again within `within` seconds, or it is stuck."""
        self._loop(name).deadline = self._clock() + within

    def trouble(self, name: str, reason: str) -> None:
        self._loop(name).trouble = reason

    def clear(self, name: str) -> None:
        self._loop(name).trouble = ""

    def watch(self, name: str, task: asyncio.Task[None]) -> None:
        self._loop(name).task = task

    def forget(self, name: str) -> None:
        """A loop that stopped on purpose (a sender whose bot another process now leads)."""
        self._loops.pop(name, None)

    def problems(self) -> dict[str, str]:
        now, found = self._clock(), {}
        for name, loop in self._loops.items():
            if loop.task is not None and loop.task.done():
                found[name] = "stopped"
            elif now > loop.deadline:
                found[name] = f"no sign of life for {now - loop.deadline:.0f} s past its deadline"
            elif loop.trouble:
                found[name] = loop.trouble
        return found


async def database_problem(engine: AsyncEngine, within: float = DATABASE_CHECK_SECONDS) -> str:
    """ "" when one trivial query answers in time; otherwise why not."""
    try:
        async with asyncio.timeout(within), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as error:  # any failure means "not ready"; its kind is the reason
        return f"unreachable ({type(error).__name__})"
    return ""


def readiness(engine: AsyncEngine, health: Health) -> Readiness:
    async def problems() -> dict[str, str]:
        found = health.problems()
        if database := await database_problem(engine):
            found["database"] = database
        return found

    return problems
