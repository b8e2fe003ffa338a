"""Where a turn's transaction runs: one synchronous unit of work on one connection.

- SQLite: its own synchronous engine (pysqlite) and one worker thread. A turn is one call
  into that thread (begin, every read and write, commit); the event loop hands it over once
  instead of once per statement, which is what the async driver costs.
- PostgreSQL: the application's async engine (asyncpg). The same synchronous unit of work runs
  inside `AsyncConnection.run_sync`, each statement awaiting asyncpg underneath; turns share
  the pool with everything else, so an exhausted pool still fails fast (a webhook answers 503).
  A synchronous driver (psycopg) in a thread pool was measured as well: docs/benchmarks.md.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol, TypeVar

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.util import await_only

from bot.storage.db import _sqlite_pragmas, is_sqlite
from bot.storage.turn_orm import IN_THREAD, Inside

T = TypeVar("T")


class TurnDatabase(Protocol):
    async def run(self, work: Callable[[Connection, Inside], T]) -> T: ...

    async def checkpoint(self) -> None: ...

    async def close(self) -> None: ...


class ThreadTurns:
    """A synchronous engine and worker threads: each turn is one call into a thread."""

    def __init__(self, engine: Engine, workers: int) -> None:
        self.engine = engine
        self._threads = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="turn")
        # Each worker keeps its connection: a checkout and its reset per turn cost as much as a statement.
        self._held = threading.local()
        self._opened: list[Connection] = []

    @classmethod
    def sqlite(cls, url: str) -> ThreadTurns:
        engine = create_engine(make_url(url).set(drivername="sqlite"), hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        return cls(engine, workers=1)  # one writer at a time: more threads would only wait

    @classmethod
    def psycopg(cls, url: str, pool_size: int, pool_timeout: float) -> ThreadTurns:
        """PostgreSQL through psycopg 3 in a thread pool (kept for the benchmarks' comparison)."""
        sync_url = make_url(url).set(drivername="postgresql+psycopg")
        engine = create_engine(
            sync_url,
            pool_size=pool_size,
            max_overflow=pool_size,
            pool_timeout=pool_timeout,
            pool_pre_ping=True,
            hide_parameters=True,
        )
        return cls(engine, workers=2 * pool_size)

    async def run(self, work: Callable[[Connection, Inside], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._threads, self._transaction, work)

    def _transaction(self, work: Callable[[Connection, Inside], T]) -> T:
        conn = self._connection()
        try:
            with conn.begin():
                return work(conn, IN_THREAD)
        finally:
            if conn.invalidated:  # the database went away: the next turn connects afresh
                self._held.conn = None
                self._opened.remove(conn)
                conn.close()

    def _connection(self) -> Connection:
        conn: Connection | None = getattr(self._held, "conn", None)
        if conn is None or conn.closed:
            conn = self._held.conn = self.engine.connect()
            self._opened.append(conn)
        return conn

    async def checkpoint(self) -> None:
        """SQLite: fold the write-ahead log into the file and empty it (after a deletion)."""
        if self.engine.dialect.name == "sqlite":
            await asyncio.get_running_loop().run_in_executor(self._threads, self._checkpoint)

    def _checkpoint(self) -> None:
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    async def close(self) -> None:
        await asyncio.get_running_loop().run_in_executor(None, self._threads.shutdown)
        for conn in self._opened:
            conn.close()
        self.engine.dispose()


class GreenletTurns:
    """The application's async engine: each turn is one `run_sync` on one pooled connection."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def run(self, work: Callable[[Connection, Inside], T]) -> T:
        async with self.engine.connect() as conn, conn.begin():
            # Features get a session on this very connection, awaited from inside run_sync.
            inside = Inside(await_only, lambda _sync: AsyncSession(bind=conn))
            return await conn.run_sync(work, inside)

    async def checkpoint(self) -> None:
        return None  # PostgreSQL keeps no write-ahead log in a file beside the data

    async def close(self) -> None:
        return None  # the engine is the application's: App.close() disposes of it


def turn_database(url: str, engine: AsyncEngine) -> TurnDatabase:
    """SQLite: its own engine in a worker thread; PostgreSQL: the application's async engine."""
    if is_sqlite(url):
        return ThreadTurns.sqlite(url)
    return GreenletTurns(engine)
