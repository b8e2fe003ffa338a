"""hocvuso keeps going when the database goes away, and says so on /readyz.

`hocvuso run` (bot.run.serve) runs against a PostgreSQL cluster this test makes for itself
(tests/fakes/postgres.py) and a fake Telegram over real HTTP, in webhook mode. The cluster
is stopped for 10 seconds in the middle of a broadcast while learners write; everything is
delivered once after it returns, without restarting anything.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientConnectionError, ClientSession, web
from sqlalchemy import insert, text

from bot.app import App, bootstrap
from bot.channels.telegram import build_telegram
from bot.ratelimit import Limiter
from bot.run import serve
from bot.scheduling import build_scheduler
from bot.settings import load_settings
from bot.storage.models import Learner
from bot.web import build_web_app
from content.library import Library
from tests.fakes.clock import ScaledClock
from tests.fakes.postgres import Cluster, free_port
from tests.fakes.telegram_server import TOKEN, FakeTelegram, Json, Person, Updates
from tests.helpers import urgent_announcement

SECRET = "resilience-secret_42"  # noqa: S105 — made up for the fake
PUBLIC_URL = "https://hocvuso.example.vn/webhook/telegram"
CROWD = 120
OUTAGE = 10.0  # seconds


@pytest.fixture
async def cluster() -> AsyncIterator[Cluster]:
    made = Cluster()
    try:
        await made.create()
        yield made
    finally:
        await made.remove()


async def readyz(port: int) -> tuple[int, dict[str, Any]]:
    try:
        async with ClientSession() as client, client.get(f"http://127.0.0.1:{port}/readyz") as answer:
            return answer.status, await answer.json()
    except ClientConnectionError:
        return 0, {}  # the web server is not up yet


async def until_ready(port: int, status: int, seconds: float = 30.0) -> dict[str, Any]:
    """Until /readyz answers `status`; its body."""
    async with asyncio.timeout(seconds):
        while (found := await readyz(port))[0] != status:  # noqa: ASYNC110 — polling another server
            await asyncio.sleep(0.2)
    return found[1]


async def crowd_and_broadcast(app: App, learners: int) -> set[str]:
    now = app.clock.now()
    chats = [str(8_000_000 + i) for i in range(learners)]
    rows = [
        {"channel": "telegram", "bot": TOKEN.split(":")[0], "chat_id": chat, "user_id": chat, "consent": True}
        | {"created_at": now, "last_seen_at": now, "timezone": "Asia/Ho_Chi_Minh", "reminder_time": "", "place": ""}
        for chat in chats
    ]
    async with app.sessions.begin() as session:
        await session.execute(insert(Learner), rows)
        await urgent_announcement(session, app)
    return set(chats)


async def redeliver(fake: FakeTelegram, update: Json, seconds: float = 30.0) -> None:
    """As Telegram does after a non-2xx answer: again, a little later, until it is taken."""
    async with asyncio.timeout(seconds):
        while await fake.deliver(update) != 200:  # noqa: ASYNC110 — that is what Telegram does
            await asyncio.sleep(0.5)


async def test_a_10_second_database_outage_mid_broadcast_and_mid_turns_loses_nothing(
    cluster: Cluster, tmp_path: Path, library: Library, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    time = ScaledClock(datetime.now(UTC), factor=1)
    port = free_port()
    async with FakeTelegram(clock=time.monotonic) as fake:
        fake.route_webhooks_to(f"http://127.0.0.1:{port}")
        settings = load_settings(
            database_url=cluster.url,
            data_dir=tmp_path,
            telegram_bot_token=TOKEN,
            telegram_api_base=fake.base_url,
            telegram_webhook_url=PUBLIC_URL,
            telegram_webhook_secret=SECRET,
            web_port=port,
            telegram_rate_per_second=20,
            database_pool_timeout=1,
        )
        app = await bootstrap(settings, clock=time, library=library)
        stop = asyncio.Event()
        serving = asyncio.create_task(serve(app, settings, stop))
        people = [Person(7_000_000 + i, f"Người {i}") for i in range(3)]
        updates = Updates()
        try:
            await until_ready(port, 200)
            chats = await crowd_and_broadcast(app, CROWD)
            await fake.wait_for(lambda _: len(fake.sent()) >= CROWD // 4, 30)
            await cluster.stop()
            down = time.monotonic()
            problems = (await until_ready(port, 503, 10))["problems"]
            assert problems["database"].startswith("unreachable")
            during = [updates.text(person, "/start") for person in people]
            for update in during:  # learners write meanwhile: refused with 503, so Telegram sends them again
                assert await fake.deliver(update) == 503
            await asyncio.sleep(max(0.0, OUTAGE - (time.monotonic() - down)))
            await cluster.start()
            for update in during:
                await redeliver(fake, update)
            everyone = chats | {str(p.id) for p in people}
            await fake.wait_for(lambda _: everyone <= {c.chat_id for c in fake.sent()}, 60)
            await fake.wait_for(lambda _: all(len(fake.sent(p.id)) == 3 for p in people), 30)
            await until_ready(port, 200)
        finally:
            stop.set()
            await serving
            await app.close()
    per_chat = Counter(c.chat_id for c in fake.sent() if c.chat_id in chats)
    assert len(per_chat) == CROWD and set(per_chat.values()) == {1}  # everyone, once
    for person in people:
        replies = fake.sent(person.id)
        assert replies[0].text.startswith("Xin chào!") and len(replies) == 3
    said = [(r.name, r.levelno, r.getMessage()) for r in caplog.records]
    sender_incidents = [m for name, _, m in said if name == "bot.sender" and "database: failing" in m]
    assert len(sender_incidents) == 1  # one line for the incident, not one per retry
    assert any(name == "bot.channels.telegram.channel.webhook" and "503" in m for name, _, m in said)
    assert not [m for _, level, m in said if level >= logging.ERROR]


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_an_exhausted_pool_answers_webhooks_503_with_retry_after_at_once(
    database_url: str, tmp_path: Path, library: Library
) -> None:
    settings = load_settings(
        database_url=database_url,
        data_dir=tmp_path,
        database_pool_size=1,  # one connection, and one more in a burst
        database_pool_timeout=0.5,
        telegram_bot_token=TOKEN,
        telegram_webhook_url=PUBLIC_URL,
        telegram_webhook_secret=SECRET,
    )
    app = await bootstrap(settings, library=library)
    async with FakeTelegram() as fake:
        settings = load_settings(**(settings.model_dump() | {"telegram_api_base": fake.base_url}))
        channel = build_telegram(app, settings, Limiter(30, 1))
        runner = web.AppRunner(build_web_app(channel.routes()))
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        fake.route_webhooks_to("http://{}:{}".format(*runner.addresses[0][:2]))
        await channel.start()
        try:
            async with app.engine.connect() as first, app.engine.connect() as second:
                for held in (first, second):
                    await held.execute(text("SELECT 1"))  # both pooled connections are busy
                started = asyncio.get_running_loop().time()
                status = await fake.deliver(Updates().text(Person(7_100_001), "/start"))
                waited = asyncio.get_running_loop().time() - started
            assert status == 503 and waited < 5.0  # not a 30-second wait and a 500
            assert await fake.deliver(Updates(first_update=800_000_001).text(Person(7_100_002), "/start")) == 200
        finally:
            await channel.stop()
            await runner.cleanup()
            await app.close()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_stopping_during_a_tick_cuts_it_short_quietly(app: App, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    scheduling = build_scheduler(app, app.settings)
    async with app.engine.connect() as blocker:
        # The reminder tick claims learners with SELECT ... FOR UPDATE: it waits on this lock.
        await blocker.execute(text("LOCK TABLE learners IN ACCESS EXCLUSIVE MODE"))
        scheduling.start()
        await asyncio.sleep(1.0)  # the first tick runs at once, and waits
        await scheduling.stop(grace=0.2)
        await blocker.rollback()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("cut short" in r.getMessage() for r in caplog.records)
