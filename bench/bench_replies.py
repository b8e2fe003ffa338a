"""Whole-reply latency: from a learner's update reaching our webhook to the last message of
the answer reaching the platform, on Telegram and Zalo, at the platforms' real pace.

    .venv/bin/python -m bench.bench_replies [--channel telegram|zalo|both] [--learners 20]
        [--turns 15] [--think 1.0]

`hocvuso`'s channel in webhook mode (aiohttp on 127.0.0.1) with SQLite in a temporary
folder, against the fake Bot API / Zalo servers of tests/fakes over real HTTP. Each learner
onboards and then taps the first option again and again, reading for `--think` seconds
after a reply has fully arrived (a reply is complete when its screen, the message with the
options, has arrived). The limits are the defaults: Telegram 30/s and about 1/s per chat,
Zalo 10/s and about 1/s per chat. Reported: median, p95 and max of the whole-reply latency.

It runs against whichever code is checked out: where replies go through the outbox, the
channel's sender runs beside it (as `hocvuso run` wires it), woken by the channel's doorbell.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import tempfile
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.app import App, bootstrap
from bot.channels.telegram import build_telegram
from bot.channels.zalo import ZaloChannel, zalo_config
from bot.ratelimit import Limiter
from bot.sender import Sender
from bot.settings import Settings, load_settings
from bot.web import build_web_app
from tests.fakes.telegram_server import TOKEN, FakeTelegram, Person, Updates
from tests.fakes.zalo_server import FakeZaloServer, text_update

SECRET = "bench-webhook-secret_1"  # noqa: S105 — made up for the fake
SCRIPT: tuple[str | None, ...] = ("/start", None, None, "Lan", None, "tan cuong", None)  # None: the first option


async def serve_web(channel: Any) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(build_web_app(channel.routes()), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    host, port = runner.addresses[0][:2]
    return runner, f"http://{host}:{port}"


@contextlib.asynccontextmanager
async def sender_beside(app: App, channel: Any, limiter: Limiter) -> AsyncIterator[None]:
    """The channel's sender, when replies go through the outbox; nothing otherwise."""
    if not hasattr(channel, "doorbell"):
        yield
        return
    sender = Sender(channel, app.sessions, app.clock, limiter, doorbell=channel.doorbell)
    task = asyncio.create_task(sender.run())
    try:
        yield
    finally:
        sender.stop()
        await task


class TelegramLearner:
    def __init__(self, fake: FakeTelegram, person: Person, updates: Updates) -> None:
        self.fake, self.person, self.updates = fake, person, updates

    def seen(self) -> int:
        return len(self.fake.sent(self.person.id))

    def screen_after(self, count: int) -> float | None:
        """When the reply's screen (a message with buttons) arrived, if it has."""
        fresh = self.fake.sent(self.person.id)[count:]
        return next((c.time for c in fresh if c.buttons), None)

    async def send(self, step: str | None) -> None:
        if step is not None:
            update = self.updates.text(self.person, step)
        else:
            message = next(c for c in reversed(self.fake.sent(self.person.id)) if c.buttons)
            update = self.updates.callback(self.person, message.buttons[0]["callback_data"], message.result)
        assert await self.fake.deliver(update) == 200


class ZaloLearner:
    def __init__(self, fake: FakeZaloServer, user: str, endpoint: str) -> None:
        self.fake, self.user, self.endpoint = fake, user, endpoint

    def _mine(self) -> list[Any]:
        return [c for c in self.fake.calls if c.method == "sendMessage" and c.ok and c.params["chat_id"] == self.user]

    def seen(self) -> int:
        return len(self._mine())

    def screen_after(self, count: int) -> float | None:
        fresh = self._mine()[count:]
        return next((c.time for c in fresh if "\n1. " in c.params["text"]), None)

    async def send(self, step: str | None) -> None:
        status, _ = await self.fake.deliver(self.endpoint, text_update(step or "1", self.user))
        assert status == 200


async def one_learner(learner: Any, turns: int, think: float, latencies: list[float]) -> None:
    steps = [*SCRIPT, *([None] * max(0, turns - len(SCRIPT)))]
    for step in steps:
        before, sent_at = learner.seen(), time.monotonic()
        await learner.send(step)
        async with asyncio.timeout(60):
            while (arrived := learner.screen_after(before)) is None:  # noqa: ASYNC110 — the fake records arrivals
                await asyncio.sleep(0.005)
        latencies.append(arrived - sent_at)
        await asyncio.sleep(think)


async def telegram_run(app: App, settings: Settings, args: argparse.Namespace) -> list[float]:
    async with FakeTelegram() as fake:
        values = settings.model_dump() | {
            "telegram_bot_token": TOKEN,
            "telegram_api_base": fake.base_url,
            "telegram_webhook_url": "https://bench.example.vn/webhook/telegram",
            "telegram_webhook_secret": SECRET,
        }
        tg_settings = load_settings(**values)
        limiter = Limiter(tg_settings.telegram_rate_per_second, tg_settings.telegram_rate_per_chat)
        channel = build_telegram(app, tg_settings, limiter)
        runner, url = await serve_web(channel)
        fake.route_webhooks_to(url)
        await channel.start()
        latencies: list[float] = []
        try:
            async with sender_beside(app, channel, limiter):
                updates = Updates()
                people = [TelegramLearner(fake, Person(6_000_000 + i), updates) for i in range(args.learners)]
                await asyncio.gather(*(one_learner(p, args.turns, args.think, latencies) for p in people))
        finally:
            await channel.stop()
            await runner.cleanup()
    return latencies


async def zalo_run(app: App, settings: Settings, args: argparse.Namespace) -> list[float]:
    fake = await FakeZaloServer().start()
    values = settings.model_dump() | {
        "zalo_bot_token": fake.token,
        "zalo_api_base": fake.url,
        "zalo_webhook_url": "https://bench.example.vn/webhook/zalo",
        "zalo_webhook_secret": SECRET,
    }
    zalo_settings = load_settings(**values)
    limiter = Limiter(zalo_settings.zalo_rate_per_second, zalo_settings.zalo_rate_per_chat)
    channel = ZaloChannel(app, replace(zalo_config(zalo_settings), poll_timeout=5), limiter)
    runner, url = await serve_web(channel)
    await channel.start()
    latencies: list[float] = []
    try:
        async with sender_beside(app, channel, limiter):
            people = [ZaloLearner(fake, f"u-{i:04d}", f"{url}/webhook/zalo") for i in range(args.learners)]
            await asyncio.gather(*(one_learner(p, args.turns, args.think, latencies) for p in people))
    finally:
        await channel.stop()
        await runner.cleanup()
        await fake.close()
    return latencies


def report(name: str, latencies: Sequence[float]) -> None:
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(
        f"  {name:<9} {len(ordered):>6} replies   median {statistics.median(ordered) * 1000:7.0f} ms"
        f"   p95 {p95 * 1000:7.0f} ms   max {ordered[-1] * 1000:7.0f} ms"
    )


async def run(args: argparse.Namespace) -> None:
    print(f"load average {os.getloadavg()[0]:.2f}; {args.learners} learners x {args.turns} turns, think {args.think} s")
    for name in ("telegram", "zalo") if args.channel == "both" else (args.channel,):
        with tempfile.TemporaryDirectory() as folder:
            settings = load_settings(database_url=f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}", data_dir=folder)
            app = await bootstrap(settings)
            try:
                latencies = await (telegram_run if name == "telegram" else zalo_run)(app, settings, args)
            finally:
                await app.close()
        report(name, latencies)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--channel", choices=("telegram", "zalo", "both"), default="both")
    parser.add_argument("--learners", type=int, default=20)
    parser.add_argument("--turns", type=int, default=15)
    parser.add_argument("--think", type=float, default=1.0, help="seconds a learner reads before the next tap")
    asyncio.run(run(parser.parse_args(argv)))


if __name__ == "__main__":
    main()
