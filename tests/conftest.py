"""Shared fixtures: real SQLite and real PostgreSQL, an injected clock, the real library."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from bot.app import App, bootstrap
from bot.clock import FakeClock
from bot.settings import load_settings
from content.library import Library
from content.loader import load_library
from content.places import PlaceIndex, load_default_places

# The server the suite uses; it connects to this database only to create its own.
SERVER_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
# Each run gets a database of its own, so two runs on one machine never trample each other.
RUN_DATABASE = f"hocvuso_test_{os.getpid()}"
POSTGRES_URL = make_url(SERVER_URL).set(database=RUN_DATABASE).render_as_string(hide_password=False)
BACKENDS = ("sqlite", "postgresql")
START = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)  # Monday 08:30 in Thái Nguyên


async def _admin(sql: str) -> None:
    parts = make_url(SERVER_URL)
    connection = await asyncpg.connect(
        host=parts.host, port=parts.port, user=parts.username, password=parts.password, database=parts.database
    )
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def pytest_sessionstart(session: pytest.Session) -> None:
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{RUN_DATABASE}"'))
    asyncio.run(_admin(f'CREATE DATABASE "{RUN_DATABASE}"'))


def pytest_sessionfinish(session: pytest.Session) -> None:
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{RUN_DATABASE}" WITH (FORCE)'))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-transcripts", action="store_true", help="rewrite tests/transcripts from the bot")


@pytest.fixture(scope="session")
def library() -> Library:
    # HOCVUSO_TEST_CONTENT: another content folder (e.g. a snapshot while lessons are being written).
    found = os.environ.get("HOCVUSO_TEST_CONTENT")
    return load_library(Path(found)) if found else load_library()


@pytest.fixture(scope="session")
def places() -> PlaceIndex:
    return PlaceIndex(load_default_places())


async def reset_postgres(url: str = POSTGRES_URL) -> None:
    """Start each PostgreSQL test from an empty schema, as a fresh deployment would."""
    parts = make_url(url)
    connection = await asyncpg.connect(
        host=parts.host, port=parts.port, user=parts.username, password=parts.password, database=parts.database
    )
    try:
        await connection.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;")
    finally:
        await connection.close()


@pytest.fixture(params=BACKENDS)
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'hocvuso.db'}"
    await reset_postgres()
    return POSTGRES_URL


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
async def app(database_url: str, tmp_path: Path, clock: FakeClock, library: Library) -> AsyncIterator[App]:
    settings = load_settings(database_url=database_url, data_dir=tmp_path / "data")
    application = await bootstrap(settings, clock=clock, library=library)
    yield application
    await application.close()
