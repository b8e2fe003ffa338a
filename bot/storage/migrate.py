"""Apply Alembic migrations: on every start, and by `hocvuso db upgrade`.

A start finds the schema up to date nearly always, so it reads the version table first and
imports alembic (about 11 MiB with the dialects, Mako and Pygments it brings) only when there
is something to do (issue 11). HEAD is the newest revision under migrations/versions; a test
holds it equal to the head alembic finds there, so a new migration cannot be forgotten here.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, inspect, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from bot import deferred

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_LOCK = 0x686F63767573  # a PostgreSQL advisory lock key of our own ("hocvus")
HEAD = "0008"
VERSION_TABLE = "alembic_version"  # alembic's default, which migrations/env.py keeps


def alembic_config(url: str) -> deferred.alembic_config.Config:
    config = deferred.alembic_config.Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


async def upgrade(engine: AsyncEngine) -> None:
    """Bring the schema to the newest revision, inside one transaction."""
    url = engine.url.render_as_string(hide_password=False)

    def _upgrade(connection: Connection) -> None:
        if at_head(connection):
            return
        config = alembic_config(url)
        config.attributes["connection"] = connection
        deferred.alembic_command.upgrade(config, "head")

    async with engine.begin() as connection:
        await one_start_at_a_time(connection)
        await connection.run_sync(_upgrade)


def at_head(connection: Connection) -> bool:
    """The schema's recorded revision is HEAD (one row, as alembic keeps it on a single branch)."""
    if not inspect(connection).has_table(VERSION_TABLE):
        return False
    versions = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()  # noqa: S608 — our constant
    return list(versions) == [HEAD]


async def one_start_at_a_time(connection: AsyncConnection | AsyncSession) -> None:
    """Several processes starting at once (hocvuso run --role ..., docs/deploy.md): on
    PostgreSQL one migrates (or seeds) in its transaction while the others wait here, then
    find the work done. SQLite serves one process."""
    dialect = connection.dialect if isinstance(connection, AsyncConnection) else connection.get_bind().dialect
    if dialect.name == "postgresql":
        await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
