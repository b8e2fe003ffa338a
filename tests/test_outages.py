"""The outbox against platform outages, over real HTTP to the fake Telegram and Zalo servers.

Time runs on a ScaledClock shared by the sender, its limiter and the fake platform, so a
30-second outage and the back-off around it take a fraction of a second.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from sqlalchemy import insert, select

from bot.app import App
from bot.channels.base import Listener
from bot.channels.telegram import build_telegram
from bot.channels.zalo import ZaloChannel, zalo_config
from bot.ratelimit import Limiter
from bot.sender import Sender
from bot.settings import load_settings
from bot.storage.models import Learner, OutboxMessage
from tests.fakes.clock import ScaledClock
from tests.fakes.sending import sending
from tests.fakes.telegram_server import TOKEN, FakeTelegram
from tests.fakes.zalo_server import FakeZaloServer
from tests.helpers import urgent_announcement

LEARNERS = 200
ANNOUNCEMENT = "Tối nay 19 giờ họp thôn tại nhà văn hóa, bà con nhớ đến đúng giờ nhé."


class Platform:
    """A fake platform and our real channel to it, both on `clock`."""

    def __init__(self, name: str, clock: ScaledClock) -> None:
        self.name, self.clock = name, clock
        self.telegram = FakeTelegram(clock=clock.monotonic)
        self.zalo = FakeZaloServer(clock=clock.monotonic)
        self.channel: Listener | None = None

    async def start(self, app: App) -> Listener:
        limiter = Limiter(30, 1, clock=self.clock.monotonic, sleep=self.clock.sleep)
        if self.name == "telegram":
            await self.telegram.start()
            settings = load_settings(telegram_bot_token=TOKEN, telegram_api_base=self.telegram.base_url)
            self.channel = build_telegram(app, settings, limiter)
        else:
            await self.zalo.start()
            settings = load_settings(zalo_bot_token=self.zalo.token, zalo_api_base=self.zalo.url)
            self.channel = ZaloChannel(app, replace(zalo_config(settings), poll_timeout=1), limiter)
        return self.channel

    async def stop(self) -> None:
        if self.name == "telegram":
            if self.channel is not None:
                await self.channel.stop()
            await self.telegram.close()
        else:
            if self.channel is not None:
                await self.channel.stop()
            await self.zalo.close()

    def outage(self, seconds: float, kind: str) -> float:
        fake = self.telegram if self.name == "telegram" else self.zalo
        return fake.outage(seconds, kind, methods=("sendMessage",)).until

    def received(self) -> list[str]:
        """Chat ids of every message the platform accepted, in order."""
        if self.name == "telegram":
            return [c.chat_id or "" for c in self.telegram.sent()]
        return [params["chat_id"] for params in self.zalo.sent()]


@pytest.fixture
async def platform(request: pytest.FixtureRequest, app: App) -> AsyncIterator[Platform]:
    found = Platform(request.param, ScaledClock(app.clock.now(), factor=50))
    await found.start(app)
    yield found
    await found.stop()


async def broadcast(app: App, channel: str, learners: int) -> None:
    now = app.clock.now()
    rows = [
        {"channel": channel, "bot": "", "chat_id": str(10_000 + i), "user_id": str(10_000 + i), "consent": True}
        | {"created_at": now, "last_seen_at": now, "timezone": "Asia/Ho_Chi_Minh", "reminder_time": "", "place": ""}
        for i in range(learners)
    ]
    async with app.sessions.begin() as session:
        await session.execute(insert(Learner), rows)
        _, released = await urgent_announcement(session, app, text=ANNOUNCEMENT)
    assert released == learners


async def statuses(app: App) -> Counter[str]:
    async with app.sessions() as session:
        return Counter((await session.execute(select(OutboxMessage.status))).scalars())


async def wait_until(platform: Platform, count: int) -> None:
    """Until the platform has accepted `count` messages (a guard of 30 real seconds)."""
    if platform.name == "telegram":
        await platform.telegram.wait_for(lambda _: len(platform.received()) >= count, 30)
    else:
        await platform.zalo.wait_for("sendMessage", count, 30)


@pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)
@pytest.mark.parametrize(
    ("platform", "kind"),
    [("telegram", "500-html"), ("telegram", "drop"), ("zalo", "500"), ("zalo", "429")],
    indirect=["platform"],
)
async def test_a_30_second_outage_during_a_200_learner_broadcast_delivers_everyone_once_after_it(
    app: App, platform: Platform, kind: str
) -> None:
    assert platform.channel is not None
    await broadcast(app, platform.name, LEARNERS)
    async with sending(app, platform.channel, platform.clock) as sender:
        await wait_until(platform, LEARNERS // 4)
        ends = platform.outage(30, kind)
        await wait_until(platform, LEARNERS)
        assert platform.clock.monotonic() >= ends
    per_chat = Counter(platform.received())
    assert len(per_chat) == LEARNERS and set(per_chat.values()) == {1}  # everyone, once
    assert await statuses(app) == Counter({"sent": LEARNERS})
    assert sender.counts["retried"] + sender.counts["throttled"] > 0  # the outage was met, not missed


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("platform", ["telegram"], indirect=True)
async def test_rows_still_failing_when_the_retry_window_closes_are_counted_failed(app: App, platform: Platform) -> None:
    assert platform.channel is not None
    await broadcast(app, platform.name, 20)
    platform.outage(10_000, "500")
    clock = platform.clock
    sender = Sender(platform.channel, app.sessions, clock, platform.channel.limiter, sleep=clock.sleep, retry_window=60)
    async with asyncio.timeout(30):  # 60 s of the fast clock take about a second
        while (await statuses(app))["pending"]:
            await sender.drain_once()
            await clock.sleep(1)
    assert await statuses(app) == Counter({"failed": 20}) and sender.counts["failed"] == 20
    assert platform.received() == []
