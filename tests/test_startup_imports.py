"""What `hocvuso run` imports at start (issue 11): a library is imported when it is used, not
before. alembic only when the schema is behind, the PostgreSQL driver only for a PostgreSQL URL,
Pillow and qrcode only when drawing, Jinja2 only when a dashboard page is served; the Zalo
channel needs no httpx. Each is checked in a fresh interpreter, since this one has them all."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory

from bot import deferred
from bot.deferred import Deferred
from bot.leader import asyncpg_dsn, open_session
from bot.storage.migrate import HEAD, alembic_config
from tests.conftest import POSTGRES_URL

# SQLAlchemy's PostgreSQL dialect too: a process on SQLite has no use for it (bot/deferred.py).
PG_DIALECT = "sqlalchemy.dialects.postgresql"
HEAVY = ("alembic", "asyncpg", "PIL", "qrcode", "jinja2", "aiogram", "httpx", PG_DIALECT)
# What a fresh interpreter runs: {body}, which prints JSON lines; `loaded(...)` names those of
# the libraries given (all of HEAVY by default) it has imported by then.
SCRIPT = """
import asyncio, json, sys
from bot.app import bootstrap
from bot.run import Process
from bot.settings import load_settings

def loaded(*names):
    return sorted(name for name in names or {heavy!r} if name in sys.modules)

async def main():
{body}

asyncio.run(main())
"""
# Builds the process of `hocvuso run` (its channels, dashboard and senders made, nothing started).
BUILD_PROCESS = """
    settings = load_settings()
    app = await bootstrap(settings)
    try:
        Process(app, settings)
        print(json.dumps(loaded()))
    finally:
        await app.close()
"""


def run_fresh(body: str, tmp_path: Path, **env: str) -> list[object]:
    """Each line the script printed, read as JSON."""
    environment = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'h.db'}",
        "DATA_DIR": str(tmp_path / "data"),
        "ZALO_BOT_TOKEN": "12345:zalo-secret-token",
        **env,
    }
    script = SCRIPT.format(heavy=HEAVY, body=body)
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        cwd=Path(__file__).parent.parent,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_a_zalo_process_on_an_up_to_date_sqlite_database_imports_none_of_them(tmp_path: Path) -> None:
    first = run_fresh(BUILD_PROCESS, tmp_path)  # an empty database: migrated, so alembic is used
    again = run_fresh(BUILD_PROCESS, tmp_path)  # a restart: the schema is at its head already
    assert first == [["alembic", PG_DIALECT]]  # alembic loads every dialect's DDL
    assert again == [[]]


def test_the_known_head_is_the_head_alembic_finds() -> None:
    """HEAD lets a start skip alembic; a new migration must move it (bot/storage/migrate.py)."""
    assert ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head() == HEAD


def test_alembic_is_imported_only_when_the_schema_is_behind_its_head(tmp_path: Path) -> None:
    body = """
    import sqlite3
    settings = load_settings()
    print(json.dumps("alembic" in sys.modules))
    app = await bootstrap(settings)
    await app.close()
    print(json.dumps("alembic" in sys.modules))
    database = sqlite3.connect(settings.data_dir.parent / "h.db")
    print(json.dumps([row[0] for row in database.execute("SELECT version_num FROM alembic_version")]))
"""
    assert run_fresh(body, tmp_path) == [False, True, [HEAD]]  # an empty database
    assert run_fresh(body, tmp_path) == [False, False, [HEAD]]  # a restart
    command.downgrade(alembic_config(f"sqlite+aiosqlite:///{tmp_path / 'h.db'}"), "-1")
    assert run_fresh(body, tmp_path) == [False, True, [HEAD]]  # a revision behind


@pytest.mark.parametrize(
    ("url", "printed"),
    [("sqlite+aiosqlite:///{tmp}/h.db", []), ("postgresql+asyncpg://nobody@127.0.0.1:1/none", ["asyncpg"])],
)
def test_the_postgresql_driver_is_imported_only_for_a_postgresql_url(
    url: str, printed: list[str], tmp_path: Path
) -> None:
    body = f"""
    import bot.cli, bot.leader, bot.sending, bot.wakeups
    from bot.storage.db import create_engine
    engine = create_engine({url.format(tmp=tmp_path)!r})
    print(json.dumps(loaded("asyncpg", "psycopg")))
    await engine.dispose()
"""
    assert run_fresh(body, tmp_path) == [printed]


def test_pillow_and_qrcode_are_imported_when_drawing(tmp_path: Path) -> None:
    body = """
    import datetime
    from bot import certificates, families
    print(json.dumps(loaded("PIL", "qrcode")))
    png = certificates.render_certificate_png("Lan", "Tài khoản VNeID", datetime.date(2026, 3, 2), "HVABCDEFGHJKLM")
    invite = families.draw_invite("ABC123", "https://t.me/hocvuso_bot?start=ABC123")
    print(json.dumps(loaded("PIL", "qrcode")))
    print(json.dumps([png[:4].hex(), invite[:4].hex()]))
"""
    png = b"\x89PNG"[:4].hex()
    assert run_fresh(body, tmp_path) == [[], ["PIL", "qrcode"], [png, png]]


def test_jinja2_is_imported_when_a_dashboard_page_is_served(tmp_path: Path) -> None:
    body = """
    from bot.dashboard.render import Page, environment, html
    templates = environment("Asia/Ho_Chi_Minh")
    print(json.dumps(loaded("jinja2")))
    page = html(templates, Page("login.html", {"token": "x"}), {"viewer": None, "path": ""})
    print(json.dumps(loaded("jinja2")))
    print(json.dumps("<form" in page.text))
"""
    assert run_fresh(body, tmp_path) == [[], ["jinja2"], True]


# --- the loader itself ---------------------------------------------------------------------------


def test_a_deferred_module_is_imported_when_a_name_of_it_is_first_read(tmp_path: Path) -> None:
    body = """
    from bot.deferred import Deferred
    wave = Deferred("wave")
    print(json.dumps(["wave" in sys.modules, wave.loaded()]))
    print(json.dumps(wave.Error.__module__))
    print(json.dumps(["wave" in sys.modules, wave.loaded(), wave.module() is sys.modules["wave"]]))
"""
    assert run_fresh(body, tmp_path) == [[False, False], "wave", [True, True, True]]


def test_a_library_missing_from_the_installation_stops_start_up() -> None:
    with pytest.raises(ModuleNotFoundError, match="no_such_library"):
        Deferred("no_such_library.part")


@pytest.mark.parametrize(
    "name",
    [
        "alembic_command",
        "alembic_config",
        "asyncpg",
        "Image",
        "ImageDraw",
        "ImageFont",
        "qrcode",
        "jinja2",
        "postgresql",
    ],
)
def test_each_deferred_name_is_the_library_it_stands_for(name: str) -> None:
    stand_in = getattr(deferred, name)
    assert isinstance(stand_in, Deferred)
    module = stand_in.module()
    assert module is sys.modules[module.__name__]
    assert repr(stand_in) == f"Deferred({module.__name__!r})"


async def test_a_session_of_our_own_opens_on_postgresql() -> None:
    """The leader election's and the notifier's connection, asyncpg imported through the loader."""
    session = await open_session(asyncpg_dsn(POSTGRES_URL), server_settings={"application_name": "hocvuso test"})
    try:
        assert await session.fetchval("SELECT current_setting('application_name')") == "hocvuso test"
    finally:
        await session.close()
