"""Apply Alembic migrations: on every start, and by `hocvuso db upgrade`."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_LOCK = 0x686F63767573  # a PostgreSQL advisory lock key of our own ("hocvus")


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


async def upgrade(engine: AsyncEngine) -> None:
    """Bring the schema to the newest revision, inside one transaction."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))

    def _upgrade(connection: object) -> None:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")

    async with engine.begin() as connection:
        await one_start_at_a_time(connection)
        await connection.run_sync(_upgrade)


async def one_start_at_a_time(connection: AsyncConnection | AsyncSession) -> None:
    """Several processes starting at once (hocvuso run --role ..., docs/deploy.md): on
    PostgreSQL one migrates (or seeds) in its transaction while the others wait here, then
    find the work done. SQLite serves one process."""
    dialect = connection.dialect if isinstance(connection, AsyncConnection) else connection.get_bind().dialect
    if dialect.name == "postgresql":
        await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
