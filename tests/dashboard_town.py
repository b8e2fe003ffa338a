"""What the dashboard tests share: the application with a public address, people who get
their link from the bot in a chat, the dashboard served over real HTTP on 127.0.0.1, and a
snapshot of every table to prove that a refused request changed nothing."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from aiohttp import web
from sqlalchemy import inspect, text

from bot import roles
from bot.app import App, bootstrap
from bot.clock import FakeClock
from bot.dashboard.mount import dashboard_routes
from bot.settings import Settings, load_settings
from bot.storage import repo
from bot.storage.models import Learner, LearningEvent
from bot.web import build_web_app
from content.library import Library
from dialogs.context import Readers
from dialogs.messages import Link
from tests.helpers import Learner as Person
from tests.helpers import onboard

BASE = "https://hocvuso.example"
TAN_CUONG = "Thái Nguyên/xã Tân Cương"
LA_BANG = "Thái Nguyên/xã La Bằng"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def settings_for(database_url: str, tmp_path: Path, **overrides: object) -> Settings:
    """Counted afresh on every visit unless a test asks otherwise: tests change the data as they go."""
    given: dict[str, object] = {"dashboard_refresh_seconds": 0, **overrides}
    return load_settings(database_url=database_url, data_dir=tmp_path / "data", public_base_url=BASE, **given)


@asynccontextmanager
async def dashboard_app(
    database_url: str,
    tmp_path: Path,
    clock: FakeClock,
    library: Library,
    readers: Readers | None = None,
    **overrides: object,
) -> AsyncIterator[App]:
    settings = settings_for(database_url, tmp_path, **overrides)
    application = await bootstrap(settings, clock=clock, library=library, readers=readers)
    try:
        yield application
    finally:
        await application.close()


@asynccontextmanager
async def served(app: App) -> AsyncIterator[httpx.AsyncClient]:
    """The dashboard on the application's own web server, as `hocvuso run` mounts it."""
    runner = web.AppRunner(build_web_app(dashboard_routes(app, app.settings)), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = runner.addresses[0][1]
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            yield client
    finally:
        await runner.cleanup()


async def learner_id(app: App, person: Person) -> int:
    async with app.sessions() as session:
        found = await repo.find_learner(session, person.key)
    assert found is not None
    return found.id


async def person(
    app: App, name: str, role: str = "", scope: roles.Scope = roles.WHOLE_PROVINCE, place: str = TAN_CUONG
) -> Person:
    """Someone who onboarded in the chat, lives in `place`, and holds `role` if given."""
    someone = Person(app, name)
    await onboard(someone, name=name.capitalize())
    ident = await learner_id(app, someone)
    async with app.sessions.begin() as session:
        row = await session.get(Learner, ident)
        assert row is not None
        row.place = place
        if role:
            await roles.grant(session, ident, role, "test", app.clock.now(), scope)
    return someone


async def link_path(someone: Person) -> str:
    """Ask the bot for the link, as an officer would, and keep its path."""
    links = [m for m in await someone.say("/dashboard") if isinstance(m, Link)]
    assert len(links) == 1, someone.text()
    assert links[0].url.startswith(f"{BASE}/dashboard/login/")
    return links[0].url.removeprefix(BASE)


async def sign_in(client: httpx.AsyncClient, someone: Person) -> str:
    """Open the link the bot gave and press the button; returns the CSRF token of the session."""
    path = await link_path(someone)
    shown = await client.get(path)
    assert shown.status_code == 200 and 'id="login"' in shown.text
    answer = await client.post("/dashboard/login", data={"token": path.rsplit("/", 1)[1]})
    assert answer.status_code == 303, answer.text
    home = await client.get(answer.headers["location"], follow_redirects=True)
    assert home.status_code == 200, home.text
    found = CSRF.search(home.text)
    assert found is not None
    return found.group(1)


async def snapshot(app: App) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table the database holds, in a fixed order."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    async with app.engine.connect() as connection:
        names = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
        for name in sorted(names):
            rows = (await connection.execute(text(f'SELECT * FROM "{name}"'))).all()  # noqa: S608 — names from the database
            tables[name] = sorted((tuple(row) for row in rows), key=repr)
    return tables


def add_event(app: App, session: Any, learner: int, verb: str, lesson: str, days_ago: float = 0, **result: Any) -> None:
    at = app.clock.now() - timedelta(days=days_ago)
    question = str(result.pop("question", ""))
    session.add(
        LearningEvent(learner_id=learner, verb=verb, lesson_id=lesson, question_id=question, result=result, at=at)
    )
