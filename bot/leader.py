"""One sender per bot across every process: the holder of that bot's PostgreSQL advisory lock.

Each process that may send (roles `sender` and `all`) keeps one connection of its own and,
every `retry` seconds, asks for the session-level advisory lock of each bot it does not lead
yet (`pg_try_advisory_lock`, which never waits). Holding it makes this process the bot's only
sender; the others stand by and keep asking. The lock lives exactly as long as the session:
when the leader dies, even by kill -9, the kernel closes its socket, PostgreSQL ends the
session and frees the lock, and a standby gets it at its next ask. A machine that vanishes
without closing its socket is found by TCP keepalives, set short on this session (about 11 s).

The leader proves its session alive at every round; when that fails it stops sending at once
(the lock may be another's by now) and starts again from connecting.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from sqlalchemy.engine import make_url

from bot.deferred import asyncpg
from bot.health import Health, Incident

log = logging.getLogger(__name__)
RETRY_SECONDS = 1.0  # how often a standby asks, and a leader checks its session
CHECK_SECONDS = 2.0  # a round that takes longer means the session is in trouble
# A dead peer's session (and lock) is ended after idle + interval x count seconds of silence.
KEEPALIVES = {"tcp_keepalives_idle": "5", "tcp_keepalives_interval": "2", "tcp_keepalives_count": "3"}
Connect = Callable[..., Awaitable[Any]]


async def open_session(dsn: str, **options: Any) -> Any:
    """A session of our own (asyncpg.connect). asyncpg is imported at the first one: a process
    on SQLite never does (bot/deferred.py)."""
    return await asyncpg.connect(dsn, **options)


def asyncpg_dsn(url: str) -> str:
    """The application's SQLAlchemy URL (postgresql+asyncpg://...) as asyncpg wants it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class Election:
    """Leads whichever bots it can; `elected(name)` and `deposed(name, lost)` start and stop
    their senders (`lost`: the session failed, so another process may be sending already)."""

    NAME = "leader election"

    def __init__(
        self,
        dsn: str,
        keys: Mapping[str, int],
        elected: Callable[[str], Awaitable[None]],
        deposed: Callable[[str, bool], Awaitable[None]],
        *,
        retry: float = RETRY_SECONDS,
        health: Health | None = None,
        connect: Connect = open_session,
    ) -> None:
        self._dsn, self._keys, self._elected, self._deposed = dsn, dict(keys), elected, deposed
        self._retry, self._health, self._connect = retry, health, connect
        self._incident = Incident(log, self.NAME, health)
        self._stopping = asyncio.Event()
        self.held: set[str] = set()

    async def run(self) -> None:
        while not self._stopping.is_set():
            connection = None
            try:
                connection = await asyncio.wait_for(self._open(), CHECK_SECONDS * 5)
                await self._hold(connection)
            except Exception as error:  # the database or the way to it: step down, try again
                self._incident.failed(error)
            finally:
                await self._step_down_all(lost=not self._stopping.is_set())
                if connection is not None:
                    await close_session(connection)  # frees every lock this session held
            if not self._stopping.is_set():
                await self._pause(self._incident.backoff(self._retry, 10.0))

    def stop(self) -> None:
        """Stop leading: each sender here finishes first (deposed, not lost), then the session
        and with it every lock is closed."""
        self._stopping.set()

    async def _open(self) -> Any:
        settings = {"application_name": "hocvuso sender election", **KEEPALIVES}
        return await self._connect(self._dsn, server_settings=settings)

    async def _hold(self, connection: Any) -> None:
        while not self._stopping.is_set():
            self._beat()
            async with asyncio.timeout(CHECK_SECONDS):
                wanted = [(name, key) for name, key in self._keys.items() if name not in self.held]
                for name, key in wanted:
                    if await connection.fetchval("SELECT pg_try_advisory_lock($1)", key):
                        self.held.add(name)
                        log.info("%s: this process sends now", name)
                        await self._elected(name)
                if not wanted:
                    await connection.fetchval("SELECT 1")  # our locks live as long as this session
            self._incident.recovered()
            await self._pause(self._retry)

    async def _step_down_all(self, lost: bool) -> None:
        for name in sorted(self.held):
            log.info("%s: this process stops sending%s", name, " (its database session failed)" if lost else "")
            await self._deposed(name, lost)
        self.held.clear()

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

    def _beat(self) -> None:
        if self._health is not None:
            self._health.beat(self.NAME, self._retry + 5 * CHECK_SECONDS + 30)


async def close_session(connection: Any) -> None:
    """Close an asyncpg connection; one that will not close politely is cut off."""
    if connection is None:
        return
    try:
        await asyncio.wait_for(connection.close(), CHECK_SECONDS)
    except Exception:  # closing is best effort: the server ends the session either way
        connection.terminate()
