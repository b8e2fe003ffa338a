"""Engine and sessions: SQLite in WAL mode by default, PostgreSQL for scale."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.ext.asyncio import AsyncSession as AsyncSession

from bot.logsafe import hide_database_values


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # secure_delete: deleted rows are overwritten with zeros, not left readable in free pages.
    pragmas = ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "busy_timeout=10000", "secure_delete=ON")
    for pragma in pragmas:
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def create_engine(url: str, echo: bool = False, pool_size: int = 10, pool_timeout: float = 2.0) -> AsyncEngine:
    """`pool_size` connections kept (as many again in a burst); past those, a request waits at
    most `pool_timeout` seconds, then fails fast (a webhook answers 503) instead of queueing."""
    # Parameters are learners' names, places and answers: never in a log line or an error message.
    hide_database_values()
    if is_sqlite(url):
        engine = create_async_engine(url, echo=echo, hide_parameters=True)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(
        url,
        echo=echo,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_timeout=pool_timeout,
        pool_pre_ping=True,
        hide_parameters=True,
    )


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
