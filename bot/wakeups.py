"""Waking a bot's sender when a row was queued for it, in this process or in another.

- The sender runs here: its doorbell rings (bot/outbox.Doorbell), as before.
- It runs in another process (PostgreSQL): NOTIFY `hocvuso_outbox` with the payload
  "<channel>:<bot>", after the turn committed, on a connection of this process's own. Rings
  that come while one NOTIFY is on its way are gathered into the next, so a burst of turns
  costs a few NOTIFYs and no turn ever waits for one. The sending process LISTENs and rings
  the doorbell of that bot's sender, if it leads that bot.
- A notification lost (a connection down, a process restarting) costs at most the poll: every
  sender still looks every `idle_seconds` (1 s), and looks at once after it (re)connects.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterable
from typing import Any

from bot.bots import BotSpec
from bot.health import Health, Incident
from bot.leader import CHECK_SECONDS, Connect, close_session, open_session
from bot.outbox import Doorbell

log = logging.getLogger(__name__)
CHANNEL = "hocvuso_outbox"
LISTEN_CHECK_SECONDS = 5.0  # a listening session proves itself alive this often
NOTIFY = "SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload"  # one round trip


class Wakeups:
    """Where "a row was queued for (channel, bot)" goes: a doorbell here, or a NOTIFY."""

    def __init__(self, specs: Iterable[BotSpec], notifier: Notifier | None = None) -> None:
        self._specs = list(specs)
        self._notifier = notifier
        self._here: dict[str, Doorbell] = {}  # senders running in this process, by bot name

    def owner(self, channel: str, bot: str) -> BotSpec | None:
        """The bot whose sender takes a row of (channel, bot): bot/bots.py's rules."""
        mine = [spec for spec in self._specs if spec.channel == channel]
        exact = next((spec for spec in mine if spec.bot_id == bot), None)
        if exact is not None:
            return exact
        return next((spec for spec in mine if spec.alone or (spec.primary and not bot)), None)

    def attach(self, name: str, doorbell: Doorbell) -> None:
        self._here[name] = doorbell

    def detach(self, name: str) -> None:
        self._here.pop(name, None)

    def queued(self, channel: str, bot: str) -> None:
        spec = self.owner(channel, bot)
        if spec is None:
            return  # a console turn, or a bot no longer configured: nobody sends it
        doorbell = self._here.get(spec.name)
        if doorbell is not None:
            doorbell.ring()
        elif self._notifier is not None:
            self._notifier.notify(f"{spec.channel}:{spec.bot_id}")

    def heard(self, payload: str) -> None:
        channel, _, bot = payload.partition(":")
        spec = self.owner(channel, bot)
        doorbell = self._here.get(spec.name) if spec is not None else None
        if doorbell is not None:
            doorbell.ring()

    def ring_all(self) -> None:
        for doorbell in self._here.values():
            doorbell.ring()


class Notifier:
    """Sends NOTIFYs on its own connection, gathering the rings that come meanwhile."""

    NAME = "outbox notifications"

    def __init__(self, dsn: str, health: Health | None = None, connect: Connect = open_session) -> None:
        self._dsn, self._connect = dsn, connect
        self._pending: set[str] = set()
        self._rung = asyncio.Event()
        self._stopping = asyncio.Event()
        self._incident = Incident(log, self.NAME, health)
        self.sent = 0

    def notify(self, payload: str) -> None:
        self._pending.add(payload)
        self._rung.set()

    async def run(self) -> None:
        connection: Any = None
        try:
            while not self._stopping.is_set():
                await self._rung.wait()
                self._rung.clear()
                batch, self._pending = sorted(self._pending), set()
                try:
                    connection = connection or await asyncio.wait_for(self._open(), CHECK_SECONDS * 5)
                    async with asyncio.timeout(CHECK_SECONDS):
                        await connection.execute(NOTIFY, CHANNEL, batch)
                    self.sent += len(batch)
                    self._incident.recovered()
                except Exception as error:  # the senders' poll covers what is lost here
                    self._incident.failed(error)
                    await close_session(connection)
                    connection = None
                    await self._pause(self._incident.backoff(0.5, 10.0))
        finally:
            await close_session(connection)

    def stop(self) -> None:
        self._stopping.set()
        self._rung.set()

    async def _open(self) -> Any:
        return await self._connect(self._dsn, server_settings={"application_name": "hocvuso notify"})

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)


class Listening:
    """LISTENs for the notifications of other processes; rings every sender here after each
    (re)connection, since notifications sent meanwhile were missed."""

    NAME = "outbox listening"

    def __init__(
        self, dsn: str, wakeups: Wakeups, health: Health | None = None, connect: Connect = open_session
    ) -> None:
        self._dsn, self._wakeups, self._health, self._connect = dsn, wakeups, health, connect
        self._stopping = asyncio.Event()
        self._incident = Incident(log, self.NAME, health)

    async def run(self) -> None:
        while not self._stopping.is_set():
            connection: Any = None
            try:
                connection = await asyncio.wait_for(self._open(), CHECK_SECONDS * 5)
                await connection.add_listener(CHANNEL, self._heard)
                self._wakeups.ring_all()
                await self._watch(connection)
            except Exception as error:  # the poll carries on meanwhile
                self._incident.failed(error)
            finally:
                await close_session(connection)
            if not self._stopping.is_set():
                await self._pause(self._incident.backoff(0.5, 10.0))

    def stop(self) -> None:
        self._stopping.set()

    async def _open(self) -> Any:
        return await self._connect(self._dsn, server_settings={"application_name": "hocvuso listen"})

    def _heard(self, _connection: Any, _pid: int, _channel: str, payload: str) -> None:
        self._wakeups.heard(payload)

    async def _watch(self, connection: Any) -> None:
        while not self._stopping.is_set():
            if self._health is not None:
                self._health.beat(self.NAME, LISTEN_CHECK_SECONDS + 5 * CHECK_SECONDS + 30)
            async with asyncio.timeout(CHECK_SECONDS):
                await connection.fetchval("SELECT 1")
            self._incident.recovered()
            await self._pause(LISTEN_CHECK_SECONDS)

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)
