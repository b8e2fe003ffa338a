"""Shared fixtures: real SQLite and real PostgreSQL, an injected clock, the real library."""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pytest
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

from bot.app import App, bootstrap
from bot.clock import FakeClock
from bot.settings import load_settings
from bot.storage.db import create_engine
from bot.storage.migrate import alembic_config, upgrade
from content.library import Library
from content.loader import load_library
from content.places import PlaceIndex, load_default_places
from content.scam import load_scam_checker
from content.search.index import build_index
from dialogs.context import Readers
from dialogs.understanding import Reader

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


@pytest.fixture(scope="session")
def readers(library: Library) -> Readers:
    """The search index and the scam checker, built once for the run as a deployment builds
    them once at start (a third of a second each time otherwise); pure, so tests share them."""
    return Readers(Reader(), build_index(library), load_scam_checker())


async def _connect(url: str) -> asyncpg.Connection:
    parts = make_url(url)
    return await asyncpg.connect(
        host=parts.host, port=parts.port, user=parts.username, password=parts.password, database=parts.database
    )


async def reset_postgres(url: str = POSTGRES_URL) -> None:
    """An empty schema, as a fresh deployment finds it (for tests of the migrations themselves)."""
    connection = await _connect(url)
    try:
        await connection.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;")
    finally:
        await connection.close()


async def _migrate(url: str) -> None:
    engine = create_engine(url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


async def empty_postgres(head: str, url: str = POSTGRES_URL) -> None:
    """The schema of a freshly migrated deployment with no rows in it, as bootstrap() would leave
    an empty database, without running every migration again for each test (0.65 s): when the
    schema stands at `head`, every table is emptied and its ids restart; otherwise it is made anew."""
    connection = await _connect(url)
    try:
        migrated = await connection.fetchval("SELECT to_regclass('public.alembic_version') IS NOT NULL")
        at = await connection.fetchval("SELECT version_num FROM alembic_version") if migrated else None
        if at == head:
            tables = await connection.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
            )
            names = ", ".join(f'"{row[0]}"' for row in tables)
            await connection.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
            return
        await connection.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;")
    finally:
        await connection.close()
    await _migrate(url)


@pytest.fixture(scope="session")
def migration_head() -> str:
    config = alembic_config(POSTGRES_URL)
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database migrated once for the run; each test starts from a copy of it."""
    path = tmp_path_factory.mktemp("template") / "hocvuso.db"
    asyncio.run(_migrate(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture(params=BACKENDS)
async def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path, migration_head: str
) -> str:
    """A database with the whole schema and no rows: what bootstrap() makes of an empty one."""
    if request.param == "sqlite":
        path = tmp_path / "hocvuso.db"
        shutil.copyfile(sqlite_template, path)
        return f"sqlite+aiosqlite:///{path}"
    await empty_postgres(migration_head)
    return POSTGRES_URL


@pytest.fixture(params=BACKENDS)
async def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database with nothing in it, not even tables: for tests of the migrations themselves."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'hocvuso.db'}"
    await reset_postgres()
    return POSTGRES_URL


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
async def app(
    database_url: str, tmp_path: Path, clock: FakeClock, library: Library, readers: Readers
) -> AsyncIterator[App]:
    settings = load_settings(database_url=database_url, data_dir=tmp_path / "data")
    application = await bootstrap(settings, clock=clock, library=library, readers=readers)
    yield application
    await application.close()
