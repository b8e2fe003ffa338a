"""This process's senders: every bot's on SQLite; on PostgreSQL, those of the bots it leads.

SQLite is one machine and one process: each configured bot's sender runs here from the start,
as it always did. On PostgreSQL a bot's sender runs only in the process that holds the bot's
advisory lock (bot/leader.py), whatever the number of processes started with a sending role.

Taking over from another process:
- wait HANDOVER_GRACE seconds: a leader that is still alive but lost its session notices
  within RETRY_SECONDS + CHECK_SECONDS and stops sending (within LOST_GRACE for what is in
  flight; its unwritten outcomes stay with this process's next sender of the bot);
- start the limiter as if the last second had been full, so the two senders' messages never
  add up to more than the platform's limit in any second (no 429 burst);
- take back at once, not after STALE_CLAIM, the rows the previous leader had claimed and not
  finished: a message sent twice is one that was in flight at the hand-over, never another.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.app import App
from bot.bots import BotSpec
from bot.channels.base import Listener
from bot.health import Health
from bot.leader import RETRY_SECONDS, Election, asyncpg_dsn
from bot.ledger import Ledger
from bot.metrics import Metrics
from bot.sender import STOP_GRACE, Sender
from bot.wakeups import Listening, Wakeups

# A sender whose session failed lets sends in flight finish for LOST_GRACE seconds, then
# stops; a live leader notices the failure within RETRY_SECONDS + CHECK_SECONDS. A new leader
# waits HANDOVER_GRACE, longer than both together, before it sends.
LOST_GRACE = 1.0
HANDOVER_GRACE = 4.0


@dataclass
class _Running:
    sender: Sender
    task: asyncio.Task[None]


class Sending:
    def __init__(
        self,
        app: App,
        bots: Sequence[tuple[BotSpec, Listener]],
        wakeups: Wakeups,
        health: Health,
        metrics: Metrics,
        *,
        postgres: bool,
        grace: float = HANDOVER_GRACE,
        retry: float = RETRY_SECONDS,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.app, self.wakeups, self.health, self.metrics = app, wakeups, health, metrics
        self._bots = {spec.name: (spec, channel) for spec, channel in bots}
        self._postgres, self._grace, self._retry, self._sleep = postgres, grace, retry, sleep
        self._running: dict[str, _Running] = {}
        self._starting: dict[str, asyncio.Task[None]] = {}
        # Per bot, kept across its senders here: outcomes a sender could not write before it
        # stopped (the database away) are written by the next one before it claims anything.
        self._ledgers: dict[str, Ledger] = {}
        self._loops: list[tuple[Election | Listening, asyncio.Task[None]]] = []

    @property
    def leading(self) -> list[BotSpec]:
        """The bots whose sender runs here now."""
        return [self._bots[name][0] for name in self._running]

    async def start(self) -> None:
        for spec, _ in self._bots.values():
            self.metrics.leading(spec.channel, spec.bot_id, False)
        if not self._postgres:
            for name in self._bots:
                self._launch(name, abandoned_before=None)
            return
        dsn = asyncpg_dsn(self.app.settings.db_url)
        keys = {name: spec.lock_key for name, (spec, _) in self._bots.items()}
        election = Election(dsn, keys, self._elected, self._deposed, retry=self._retry, health=self.health)
        listening = Listening(dsn, self.wakeups, self.health)
        for loop in (election, listening):
            task = asyncio.create_task(loop.run(), name=loop.NAME)
            self.health.watch(loop.NAME, task)
            self._loops.append((loop, task))

    async def stop(self) -> None:
        """Senders finish what they hold (bot/sender.py), then the leader locks are freed."""
        for loop, task in self._loops:
            loop.stop()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for name in list(self._running):
            await self._deposed(name, False)

    # --- leadership --------------------------------------------------------------------------

    async def _elected(self, name: str) -> None:
        started = self.app.clock.now()
        self._starting[name] = asyncio.create_task(self._take_over(name, started))

    async def _take_over(self, name: str, elected_at: datetime) -> None:
        await self._sleep(self._grace)
        self._bots[name][1].limiter.assume_full()
        self._launch(name, abandoned_before=elected_at)
        self._starting.pop(name, None)

    async def _deposed(self, name: str, lost: bool) -> None:
        starting = self._starting.pop(name, None)
        if starting is not None:
            starting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await starting
        running = self._running.pop(name, None)
        self.wakeups.detach(name)
        spec = self._bots[name][0]
        self.metrics.leading(spec.channel, spec.bot_id, False)
        if running is None:
            return
        # Lost: another process may be leading soon, so only what is in flight may still leave.
        running.sender.stop(grace=LOST_GRACE if lost else STOP_GRACE)
        with contextlib.suppress(asyncio.CancelledError):
            await running.task
        self.health.forget(running.sender.name)

    def _launch(self, name: str, abandoned_before: datetime | None) -> None:
        spec, channel = self._bots[name]
        sender = Sender(
            channel,
            self.app.sessions,
            self.app.clock,
            channel.limiter,
            retry_window=self.app.settings.outbox_retry_window_seconds,
            doorbell=channel.doorbell,
            health=self.health,
            bots=spec.claims,
            abandoned_before=abandoned_before,
            counts=self.metrics.send_counts(spec.channel, spec.bot_id),
            name=f"sender-{spec.channel}" if spec.alone else f"sender-{spec.name}",
            ledger=self._ledgers.get(name),
        )
        self._ledgers[name] = sender.ledger
        task = asyncio.create_task(sender.run(), name=sender.name)
        self.health.watch(sender.name, task)
        self._running[name] = _Running(sender, task)
        self.wakeups.attach(name, channel.doorbell)
        self.metrics.leading(spec.channel, spec.bot_id, True)
