"""Telegram updates per second, parsed by aiogram: ours against an aiogram FSM bot with
one SQL transaction per update (bench/peer_aiogram.py), fed the same updates, interleaved.

    .venv/bin/python -m bench.bench_telegram [--backend sqlite|postgresql|both] [--rounds 5]
        [--learners 200] [--updates 3000] [--concurrency 1,50]

No network: each update is parsed into aiogram's `Update` (untimed, for both) and goes in where
the channel's polling and webhook hand it over (`TelegramChannel.feed`; the peer's
`Dispatcher.feed_update`), and every Bot API call goes to a session that records it and answers
at once.

"ours" is what `hocvuso run` does with one update: our handler of its kind, the
ConversationKey, the tutor's whole turn on a real database (dedup, per-learner lock, read,
gatherers, step, events, progress and state written in one transaction) and the reply queued
in the outbox in that transaction. The outbox sender is not running, so the platform send is
not in the measured path (for a callback, answerCallbackQuery is). "peer" answers with
bot.send_message inside its handler, to the same recording session.

Learners onboard first (untimed). Each round then sends `--updates` updates at each
concurrency: ours first, generated from the keyboards our bot drew (mostly taps on the first
button, every third a typed number, every fortieth a sticker), then the very same updates to
the peer, split among the same tasks. Per figure: the median of the rounds, with min and max.
SQLite lives in a temporary directory; PostgreSQL in the database hocvuso_bench_telegram
(127.0.0.1:5432, schema public dropped and recreated at start).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import statistics
import tempfile
import time
from collections.abc import AsyncGenerator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]
from aiogram import Bot, Dispatcher
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import Update
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bench import peer_aiogram
from bot.app import App, bootstrap
from bot.channels.telegram import TelegramChannel, build_telegram
from bot.clock import FakeClock
from bot.keys import ConversationKey
from bot.ratelimit import Limiter
from bot.sender import Sender
from bot.settings import load_settings
from bot.storage.db import create_engine
from bot.storage.turn_db import ThreadTurns
from bot.turn import TurnResult
from dialogs.messages import Choices
from tests.fakes.telegram_server import TOKEN, Person, Updates

POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/hocvuso_bench_telegram"
START = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
ONBOARDING: tuple[str | int, ...] = ("/start", 0, 0, "Lan", 2, "tan cuong", 2)  # text, or the button to tap
Json = dict[str, Any]


class RecordingSession(BaseSession):
    """Answers every Bot API call at once, counting them."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    async def close(self) -> None:
        pass

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109 — aiogram's signature
    ) -> TelegramType:
        self.calls += 1
        return True  # type: ignore[return-value]  # neither bot reads the answer

    async def stream_content(  # pragma: no cover - never downloads
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,  # noqa: ASYNC109 — aiogram's signature
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        yield b""


@dataclass
class Ours:
    """Our whole stack, and the screen each chat was last shown (read from the turn's result)."""

    app: App
    channel: TelegramChannel
    clock: FakeClock
    sender: Sender | None = None  # given: each update's reply is sent within its measured time
    screens: dict[str, Choices] = field(default_factory=dict)
    updates: Updates = field(default_factory=Updates)
    turns: dict[int, int] = field(default_factory=dict)

    def keep_screens(self) -> None:
        inner = self.app.tutor.handle

        async def handle(key: ConversationKey, *args: Any, **kwargs: Any) -> TurnResult:
            result = await inner(key, *args, **kwargs)
            shown = [m for m in result.messages if isinstance(m, Choices)]
            if shown:
                self.screens[key.chat_id] = shown[-1]
            return result

        self.app.tutor.handle = handle  # type: ignore[method-assign]

    def next_update(self, person: Person) -> Json:
        turn = self.turns.get(person.id, 0)
        self.turns[person.id] = turn + 1
        if turn < len(ONBOARDING):
            step = ONBOARDING[turn]
            return self.updates.text(person, step) if isinstance(step, str) else self._tap(person, step)
        if turn % 40 == 0:
            return self.updates.sticker(person)
        if turn % 3 == 0:
            return self.updates.text(person, "1")
        return self._tap(person, 0)

    def _tap(self, person: Person, index: int) -> Json:
        screen = self.screens[str(person.id)]
        option = screen.options[min(index, len(screen.options) - 1)]
        message = {"message_id": 1, "date": 0, "chat": person.chat(), "text": screen.text[:100]}
        return self.updates.callback(person, self.channel.renderer.codec.encode(screen.screen, option.id), message)

    async def feed(self, raw: Json) -> float:
        self.clock.advance(seconds=5)
        update = Update.model_validate(raw, context={"bot": self.channel.bot})
        started = time.perf_counter()
        await self.channel.feed(update)  # what polling and the webhook call
        if self.sender is not None:
            await self.sender.drain_once()
        return time.perf_counter() - started


@dataclass
class Peer:
    dispatcher: Dispatcher
    bot: Bot
    engine: AsyncEngine

    async def feed(self, raw: Json) -> float:
        update = Update.model_validate(raw, context={"bot": self.bot})
        started = time.perf_counter()
        await self.dispatcher.feed_update(self.bot, update)
        return time.perf_counter() - started


@dataclass
class Round:
    rate: float
    p50: float
    p99: float


def measure(wall: float, latencies: Sequence[float]) -> Round:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * len(ordered)))]
    return Round(len(ordered) / wall, statistics.median(ordered) * 1e3, p99 * 1e3)


async def reset_postgres(url: str) -> None:
    parts = make_url(url)
    connect = {"host": parts.host, "port": parts.port, "user": parts.username, "password": parts.password}
    admin = await asyncpg.connect(database="postgres", **connect)
    try:
        if not await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", parts.database):
            await admin.execute(f'CREATE DATABASE "{parts.database}"')
    finally:
        await admin.close()
    conn = await asyncpg.connect(database=parts.database, **connect)
    try:
        await conn.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;")
    finally:
        await conn.close()


async def build(backend: str, workdir: Path, pg_driver: str = "asyncpg", send: bool = False) -> tuple[Ours, Peer]:
    url, peer_url = f"sqlite+aiosqlite:///{workdir / 'ours.db'}", f"sqlite+aiosqlite:///{workdir / 'peer.db'}"
    if backend == "postgresql":
        await reset_postgres(POSTGRES_URL)
        url = peer_url = POSTGRES_URL
    # The pool waits as long as the peer's does (30 s): at concurrency 50 a turn may wait for
    # one of the 20 connections longer than the production default of 2 s (a 503 in production).
    settings = load_settings(database_url=url, data_dir=workdir, telegram_bot_token=TOKEN, database_pool_timeout=30)
    clock = FakeClock(START)
    app = await bootstrap(settings, clock=clock)
    if backend == "postgresql" and pg_driver == "psycopg":  # the alternative measured for docs/benchmarks.md
        await app.tutor.database.close()
        app.tutor.database = ThreadTurns.psycopg(url, settings.database_pool_size, settings.database_pool_timeout)
    # A limiter that never waits: the platform's pace is not what is measured here.
    channel = build_telegram(app, settings, Limiter(1e9, 1e9), session=RecordingSession())
    sender = Sender(channel, app.sessions, clock, Limiter(1e9, 1e9), doorbell=channel.doorbell) if send else None
    ours = Ours(app, channel, clock, sender)
    ours.keep_screens()
    engine = create_engine(peer_url, pool_size=settings.database_pool_size, pool_timeout=30)
    await peer_aiogram.create_tables(engine)
    peer = Peer(peer_aiogram.build(engine), Bot(TOKEN, session=RecordingSession()), engine)
    return ours, peer


async def run_tasks(feed: Any, per_task: Sequence[Sequence[Json]]) -> tuple[float, list[float]]:
    async def task(updates: Sequence[Json]) -> list[float]:
        return [await feed(raw) for raw in updates]

    started = time.perf_counter()
    results = await asyncio.gather(*(task(chunk) for chunk in per_task))
    return time.perf_counter() - started, [t for part in results for t in part]


async def ours_round(
    ours: Ours, people: list[Person], updates: int, workers: int
) -> tuple[float, list[list[Json]], list[float]]:
    """Each task sends updates for its own learners in turn; returns what it sent, to replay."""
    groups = [people[i::workers] for i in range(workers)]
    sent: list[list[Json]] = [[] for _ in range(workers)]

    async def task(index: int) -> list[float]:
        latencies = []
        for person in itertools.islice(itertools.cycle(groups[index]), updates // workers):
            raw = ours.next_update(person)
            sent[index].append(raw)
            latencies.append(await ours.feed(raw))
        return latencies

    started = time.perf_counter()
    results = await asyncio.gather(*(task(i) for i in range(workers)))
    return time.perf_counter() - started, sent, [t for part in results for t in part]


async def run_backend(backend: str, args: argparse.Namespace) -> dict[int, dict[str, list[Round]]]:
    with tempfile.TemporaryDirectory(prefix=f"hocvuso-tg-{backend}-") as tmp:
        ours, peer = await build(backend, Path(tmp), args.pg_driver, args.send)
        people = [Person(9_000_000 + i, f"Người {i}") for i in range(args.learners)]
        found: dict[int, dict[str, list[Round]]] = {c: {"ours": [], "peer": []} for c in args.concurrency}
        try:
            for _ in ONBOARDING:  # untimed; the peer meets every learner once too
                for person in people:
                    raw = ours.next_update(person)
                    await ours.feed(raw)
                    await peer.feed(raw)
            for number in range(1, args.rounds + 1):
                for workers in args.concurrency:
                    wall, sent, latencies = await ours_round(ours, people, args.updates, workers)
                    found[workers]["ours"].append(measure(wall, latencies))
                    wall, latencies = await run_tasks(peer.feed, sent)
                    found[workers]["peer"].append(measure(wall, latencies))
                    o, p = found[workers]["ours"][-1], found[workers]["peer"][-1]
                    print(
                        f"  {backend} round {number} c={workers:<3} ours {o.rate:7,.0f}/s p99 {o.p99:7.1f} ms | "
                        f"peer {p.rate:6,.0f}/s p99 {p.p99:7.1f} ms",
                        flush=True,
                    )
        finally:
            await ours.channel.stop()
            await ours.app.close()
            await peer.engine.dispose()
    return found


def spread(values: Sequence[float], fmt: str) -> str:
    return f"{format(statistics.median(values), fmt)} ({format(min(values), fmt)}–{format(max(values), fmt)})"


def report(backend: str, found: dict[int, dict[str, list[Round]]]) -> None:
    for workers, bots in found.items():
        for name, rounds in bots.items():
            rates, p50s, p99s = ([getattr(r, a) for r in rounds] for a in ("rate", "p50", "p99"))
            print(
                f"  {backend:<10} c={workers:<3} {name:<5} {spread(rates, ',.0f'):>22} updates/s   "
                f"p50 {spread(p50s, '.2f'):>20} ms   p99 {spread(p99s, '.1f'):>20} ms"
            )
        ratios = [o.rate / p.rate for o, p in zip(bots["ours"], bots["peer"], strict=True)]
        print(f"  {backend:<10} c={workers:<3} ours/peer per round: {spread(ratios, '.2f')}")


async def main_async(args: argparse.Namespace) -> None:
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    sending = "ours sends each reply through the outbox sender in the path" if args.send else "replies stay queued"
    print(f"learners={args.learners} updates/round={args.updates} rounds={args.rounds}; {sending}; load {load}")
    results = {backend: await run_backend(backend, args) for backend in backends}
    print(
        f"summary (median of {args.rounds} rounds, min–max); load at end: "
        + " ".join(f"{x:.2f}" for x in os.getloadavg())
    )
    for backend, found in results.items():
        report(backend, found)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--updates", type=int, default=3000, help="updates per round and concurrency")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--send", action="store_true", help="send each reply through the outbox sender in the path")
    parser.add_argument(
        "--pg-driver", choices=("asyncpg", "psycopg"), default="asyncpg", help="how our turns reach PostgreSQL"
    )
    parser.add_argument(
        "--concurrency", type=lambda s: [int(x) for x in s.split(",") if x], default=[1, 50], help="e.g. 1,50"
    )
    asyncio.run(main_async(parser.parse_args(argv)))


if __name__ == "__main__":
    main()
