"""Telegram updates per second through aiogram's Dispatcher: our whole stack against a bare echo bot.

    .venv/bin/python -m bench.bench_telegram [--backend sqlite|postgresql] [--learners 200] [--updates 3000]

No network: updates go in with `Dispatcher.feed_update(bot, update)` and every Bot API call
goes to a session class that records the call and answers at once, for both bots alike.

"ours" is what `hocvuso run` does with one update: the dispatcher, our handlers, the
ConversationKey, the tutor's full turn on a real database (dedup, per-learner lock, load,
gatherers, engine step, events, state and the reply's outbox row written in one
transaction), then the sender's round: claim the row, render the replies as inline
keyboards and split texts, the limiter before each call, the calls, the outcome written.
"echo" is aiogram's minimal bot fed the very same updates: it answers a text with the text
and a tap with answerCallbackQuery and one message. "ours, tutor replayed" feeds the same
updates to our channel once more, each answered with what the tutor said the first time,
and renders and sends those replies directly: the channel's own cost (dispatcher,
handlers, rendering, calls) without the database. All run one update at a time, so the
figures are per-update cost, not concurrency.

The learners first onboard (untimed); the timed updates then follow the keyboards the bot
drew: mostly taps on the first button (reading lessons, answering quizzes, moving on), every
third a typed number, every fortieth a sticker.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import tempfile
import time
from collections.abc import AsyncGenerator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
from aiogram import Bot, Dispatcher
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, Update
from sqlalchemy.engine import make_url

from bot.app import App, bootstrap
from bot.channels.base import Delivery
from bot.channels.telegram import TelegramChannel, build_telegram
from bot.clock import FakeClock
from bot.ratelimit import Limiter
from bot.sender import Sender
from bot.settings import load_settings
from bot.tutor import TurnResult
from tests.fakes.telegram_server import TOKEN, Person, Updates

POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/hocvuso_bench_telegram"
START = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
ONBOARDING: tuple[str | int, ...] = ("/start", 0, 0, "Lan", 2, "tan cuong", 2)  # text, or the button to tap
Json = dict[str, Any]


class RecordingSession(BaseSession):
    """Answers every Bot API call at once; keeps the last keyboard sent to each chat."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0
        self.keyboards: dict[str, tuple[InlineKeyboardMarkup, Json]] = {}
        self._ids = itertools.count(1)

    async def close(self) -> None:
        pass

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109 — aiogram's signature
    ) -> TelegramType:
        self.calls += 1
        markup = getattr(method, "reply_markup", None)
        chat_id = getattr(method, "chat_id", None)
        if not isinstance(markup, InlineKeyboardMarkup) or chat_id is None:
            return True  # type: ignore[return-value]  # neither handler reads the answer
        message = {
            "message_id": next(self._ids),
            "date": 0,
            "chat": {"id": int(chat_id), "type": "private"},
            "text": getattr(method, "text", ""),
        }
        self.keyboards[str(chat_id)] = (markup, message)
        return True  # type: ignore[return-value]

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
class Workload:
    session: RecordingSession
    updates: Updates = field(default_factory=Updates)
    turns: dict[int, int] = field(default_factory=dict)

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
        markup, message = self.session.keyboards[str(person.id)]
        buttons = [button for row in markup.inline_keyboard for button in row]
        data = buttons[min(index, len(buttons) - 1)].callback_data or ""
        return self.updates.callback(person, data, message)


def echo_dispatcher() -> Dispatcher:
    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "?")

    @dp.callback_query()
    async def tapped(query: CallbackQuery) -> None:
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.answer(query.data or "?")

    return dp


async def prepare_postgres(url: str) -> None:
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


async def our_stack(backend: str, workdir: Path) -> tuple[App, TelegramChannel, RecordingSession, FakeClock]:
    url = f"sqlite+aiosqlite:///{workdir / 'bench.db'}"
    if backend == "postgresql":
        await prepare_postgres(POSTGRES_URL)
        url = POSTGRES_URL
    settings = load_settings(database_url=url, data_dir=workdir, telegram_bot_token=TOKEN)
    clock = FakeClock(START)
    app = await bootstrap(settings, clock=clock)
    session = RecordingSession()
    # A limiter that never waits: the platform's pace is not what is measured here.
    channel = build_telegram(app, settings, Limiter(1e9, 1e9), session=session)
    return app, channel, session, clock


@dataclass
class Stopwatch:
    """Wall time spent inside chosen coroutine methods (the parts of "ours")."""

    parts: dict[str, float] = field(default_factory=dict)

    def wrap(self, owner: object, name: str, part: str) -> None:
        inner = getattr(owner, name)
        self.parts[part] = 0.0

        async def timed(*args: Any, **kwargs: Any) -> Any:
            began = time.perf_counter()
            try:
                return await inner(*args, **kwargs)
            finally:
                self.parts[part] += time.perf_counter() - began

        setattr(owner, name, timed)


async def timed_feed(dp: Dispatcher, bot: Bot, update: Update) -> float:
    started = time.perf_counter()
    await dp.feed_update(bot, update)
    return time.perf_counter() - started


@dataclass
class Ours:
    raw: list[Json]  # the timed updates, fed to the echo bot afterwards
    latencies: list[float]
    replayed: list[float]  # the same updates with the tutor's answers replayed: the channel alone
    parts: dict[str, float]  # of the full-stack run
    calls: int


async def run_ours(args: argparse.Namespace, workdir: Path) -> Ours:
    """Onboard everyone (untimed), time `--updates` updates, then the same with the tutor replayed."""
    app, channel, session, clock = await our_stack(args.backend, workdir)
    # Replies leave through the outbox: the channel's sender, as `hocvuso run` wires it.
    sender = Sender(channel, app.sessions, clock, Limiter(1e9, 1e9), doorbell=channel.doorbell)
    people = [Person(9_000_000 + i, f"Người {i}") for i in range(args.learners)]
    workload = Workload(session)
    mount = channel.bot
    raw: list[Json] = []
    latencies: list[float] = []
    watch = Stopwatch()
    answers: list[TurnResult] = []
    try:
        for _ in ONBOARDING:
            for person in people:
                await channel.feed(Update.model_validate(workload.next_update(person), context={"bot": mount}))
                await sender.drain_once()
        watch.wrap(app.tutor, "handle", "tutor turn (database + engine)")
        answers_of(app, answers)
        watch.wrap(sender, "drain_once", "sender (claim, render, calls, outcome)")
        watch.wrap(channel, "send", "  of which render and calls")
        calls_before = session.calls
        for person in itertools.islice(itertools.cycle(people), args.updates):
            clock.advance(seconds=5)
            raw.append(workload.next_update(person))
            update = Update.model_validate(raw[-1], context={"bot": mount})
            latencies.append(await timed_turn(channel, sender, update))
        calls = session.calls - calls_before
        parts = dict(watch.parts)
        replayed = await replay(app, channel, raw, answers)
    finally:
        await channel.stop()
        await app.close()
    return Ours(raw, latencies, replayed, parts, calls)


def answers_of(app: App, answers: list[TurnResult]) -> None:
    """Keep what the tutor answered to each timed update."""
    inner = app.tutor.handle

    async def keep(*args: Any, **kwargs: Any) -> TurnResult:
        result = await inner(*args, **kwargs)
        answers.append(result)
        return result

    app.tutor.handle = keep  # type: ignore[method-assign]


async def timed_turn(channel: TelegramChannel, sender: Sender, update: Update) -> float:
    """One update in, its reply out through the outbox."""
    started = time.perf_counter()
    await channel.dispatcher.feed_update(channel.bot, update)
    await sender.drain_once()
    return time.perf_counter() - started


async def replay(app: App, channel: TelegramChannel, raw: Sequence[Json], answers: Sequence[TurnResult]) -> list[float]:
    """The same updates again, each answered with what the tutor said the first time and sent
    directly: the dispatcher, our handlers, rendering and calls, without the database."""
    given = iter(answers)
    said: list[TurnResult] = []

    async def answer(*args: Any, **kwargs: Any) -> TurnResult:
        said.append(next(given))
        return said[-1]

    app.tutor.handle = answer  # type: ignore[method-assign]
    latencies = []
    for raw_update in raw:
        update = Update.model_validate(raw_update, context={"bot": channel.bot})
        started = time.perf_counter()
        await channel.dispatcher.feed_update(channel.bot, update)
        await channel.send(chat_of(raw_update), said[-1].messages, Delivery(reply=True))
        latencies.append(time.perf_counter() - started)
    return latencies


def chat_of(update: Json) -> str:
    message = update.get("message") or update["callback_query"]["message"]
    return str(message["chat"]["id"])


async def run_echo(raw: Sequence[Json]) -> tuple[list[float], int]:
    session = RecordingSession()
    bot = Bot(TOKEN, session=session)
    dp = echo_dispatcher()
    updates = [Update.model_validate(u, context={"bot": bot}) for u in raw]
    latencies = [await timed_feed(dp, bot, update) for update in updates]
    await bot.session.close()
    return latencies, session.calls


async def run(args: argparse.Namespace, workdir: Path) -> None:
    ours = await run_ours(args, workdir)
    echo, echo_calls = await run_echo(ours.raw)
    echo_cost = statistics.fmean(echo)
    print(f"backend={args.backend} learners={args.learners} updates={len(ours.latencies)}")
    print(f"  {'run':<24} {'updates/s':>10} {'mean ms':>9} {'p50 ms':>8} {'p99 ms':>8} {'x echo':>7}")
    row("ours (full stack)", ours.latencies, echo_cost)
    row("ours, tutor replayed", ours.replayed, echo_cost)
    row("bare aiogram echo", echo, echo_cost)
    print(f"  API calls per update: ours {ours.calls / len(ours.latencies):.2f}, echo {echo_calls / len(echo):.2f}")
    print("  where the full stack's time goes:")
    rest = sum(ours.latencies) - sum(v for k, v in ours.parts.items() if not k.startswith(" "))
    for part, spent in (*ours.parts.items(), ("dispatcher + our handlers", rest)):
        print(f"    {part:<34} {spent / len(ours.latencies) * 1e3:>7.3f} ms/update")


def row(label: str, latencies: list[float], echo_cost: float) -> None:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * len(ordered)))]
    mean = statistics.fmean(ordered)
    print(
        f"  {label:<24} {len(ordered) / sum(ordered):>10,.0f} {statistics.fmean(ordered) * 1e3:>9.3f} "
        f"{statistics.median(ordered) * 1e3:>8.3f} {p99 * 1e3:>8.3f} {mean / echo_cost:>7.1f}"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--updates", type=int, default=3000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as workdir:
        asyncio.run(run(args, Path(workdir)))


if __name__ == "__main__":
    main()
