"""The reminder tick over a million learners, and a broadcast against a rate-limited fake Telegram.

    .venv/bin/python -m bench.bench_scheduler [--backend sqlite|postgresql|both] [--learners 1000000]
        [--due 10000] [--engine-due 2000] [--broadcast 2000] [--rate 30] [--latency-ms 0]
        [--skip-tick] [--skip-broadcast] [--aiogram] [--inject-429 N]

Reminder tick, per backend, on a fresh database holding `--learners` learners inserted
set-based (a recursive CTE on SQLite, generate_series on PostgreSQL), every one with a
reminder time and a next_reminder_at spread over the coming day:
  * nothing due: the whole tick (one claim query on the next_reminder_at index, nothing found);
  * `--due` due: the claim (SELECT ... FOR UPDATE SKIP LOCKED + lease) and the advance of
    next_reminder_at per the back-off rules, batch by batch, without the engine;
  * `--engine-due` due, fed through the full engine (a real reminder turn per learner, the reply
    written to the outbox), reported per learner and scaled to 10,000;
  * peak Python memory (tracemalloc) of each, and the process's peak RSS at the end.

Broadcast, once: `--broadcast` Telegram learners, one announcement with a lesson released (each
recipient's own turn, run untimed, queues its message in the outbox), one
Sender draining it through a fake Bot API server in a separate process that answers 429 past
`--rate` messages in any one second (and waits `--latency-ms` before each answer, to stand in
for the network). Reported: 429s, achieved rate / allowed rate, and the sender process's CPU
time per message. `--aiogram` drains through the real Telegram channel (aiogram) as well.
`--inject-429 N` makes the fake answer one 429 (retry_after 1) after N messages whatever the
pace: the sender pauses a second, and the rate must still hold.

SQLite lives in a fresh temporary directory; PostgreSQL in the database
`hocvuso_bench_scheduler` (created if missing; schema public is dropped and recreated).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import resource
import statistics
import tempfile
import time
import tracemalloc
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import asyncpg  # type: ignore[import-untyped]
from aiohttp import ClientError, ClientSession, ClientTimeout, web
from sqlalchemy import String, func, insert, literal, select, text, update
from sqlalchemy.engine import make_url

from bot.app import App, bootstrap
from bot.broadcasts import create_broadcast, release
from bot.channels.base import Blocked, Channel, Delivery, Permanent, Throttled, Transient
from bot.clock import FakeClock, SystemClock
from bot.ratelimit import Limiter
from bot.scheduling import CLAIM_BATCH, reminder_tick
from bot.sender import Sender
from bot.settings import load_settings
from bot.storage.models import DialogStateRow, Learner, OutboxMessage, UTCDateTime
from dialogs.messages import Choices, Outbound, Text
from dialogs.state import DialogState, StateName
from scheduler import tick
from scheduler.audiences import parse_audience
from scheduler.reminders import QuietHours, next_due

POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/hocvuso_bench_scheduler"
NOW = datetime.fromisoformat("2026-03-02T12:00:00+00:00")  # 19:00 in Thái Nguyên
QUIET = QuietHours.parse("21:00", "07:00")
TOKEN = "123456789:AAHbenchTokenForTheFakeServer-0123456"  # noqa: S105 — the fake's made-up token
T = TypeVar("T")


# --- databases --------------------------------------------------------------------------------


async def fresh_url(backend: str, folder: Path) -> str:
    if backend == "sqlite":
        return f"sqlite+aiosqlite:///{folder / 'bench.db'}"
    parts = make_url(POSTGRES_URL)
    server = await asyncpg.connect(host=parts.host, port=parts.port, user=parts.username, database="postgres")
    try:
        if not await server.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", parts.database):
            await server.execute(f'CREATE DATABASE "{parts.database}"')
    finally:
        await server.close()
    bench = await asyncpg.connect(host=parts.host, port=parts.port, user=parts.username, database=parts.database)
    try:
        await bench.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;")
    finally:
        await bench.close()
    return POSTGRES_URL


async def open_app(backend: str, folder: Path, **overrides: object) -> App:
    url = await fresh_url(backend, folder)
    settings = load_settings(database_url=url, data_dir=folder, **overrides)
    return await bootstrap(settings, clock=FakeClock(NOW))


SQLITE_FILL = """
INSERT INTO learners (channel, bot, chat_id, user_id, consent, address, name, age_group, place, reminder_time,
                      timezone, unreachable, announcements, next_reminder_at, reminders_ignored,
                      created_at, last_seen_at)
WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < :count)
SELECT 'bench', '', 'c' || n, 'u' || n, 1, 'bác', '', '', '', '19:00', 'Asia/Ho_Chi_Minh', 0, 1,
       datetime(:base, '+' || (n % 1440) || ' minutes') || '.000000', 0, :seen, :seen
FROM seq
"""
POSTGRES_FILL = """
INSERT INTO learners (channel, bot, chat_id, user_id, consent, address, name, age_group, place, reminder_time,
                      timezone, unreachable, announcements, next_reminder_at, reminders_ignored,
                      created_at, last_seen_at)
SELECT 'bench', '', 'c' || n, 'u' || n, true, 'bác', '', '', '', '19:00', 'Asia/Ho_Chi_Minh', false, true,
       CAST(:base AS timestamptz) + make_interval(mins => n % 1440), 0,
       CAST(:seen AS timestamptz), CAST(:seen AS timestamptz)
FROM generate_series(1, :count) AS n
"""


async def fill(app: App, backend: str, count: int) -> float:
    """`count` learners, none due at NOW; returns the seconds it took."""
    base = NOW + timedelta(minutes=1)
    seen = NOW - timedelta(days=2)
    started = time.perf_counter()
    async with app.sessions.begin() as session:
        if backend == "sqlite":
            params: dict[str, object] = {"count": count, "base": base.strftime("%Y-%m-%d %H:%M:%S")}
            params["seen"] = seen.strftime("%Y-%m-%d %H:%M:%S.000000")
            await session.execute(text(SQLITE_FILL), params)
        else:
            await session.execute(text(POSTGRES_FILL), {"count": count, "base": base, "seen": seen})
    async with app.sessions.begin() as session:
        await session.execute(text("ANALYZE"))
    return time.perf_counter() - started


async def make_due(app: App, count: int, with_menu_state: bool) -> None:
    """The first `count` learners fall due one minute ago (and sit on the menu, if asked)."""
    first = select(Learner.id).order_by(Learner.id).limit(count)
    async with app.sessions.begin() as session:
        await session.execute(
            update(Learner)
            .where(Learner.id.in_(first.scalar_subquery()))
            .values(next_reminder_at=NOW - timedelta(minutes=1))
            .execution_options(synchronize_session=False)
        )
        if with_menu_state:
            state = DialogState(StateName.MENU, screen=1).dumps()
            source = first.add_columns(literal(state, String), literal(NOW, UTCDateTime()))
            await session.execute(insert(DialogStateRow).from_select(["learner_id", "state", "updated_at"], source))


# --- measuring ------------------------------------------------------------------------------------


async def timed(body: Callable[[], Awaitable[T]]) -> tuple[T, float]:
    """(result, wall seconds), untraced: tracemalloc slows Python down several times."""
    started = time.perf_counter()
    result = await body()
    return result, time.perf_counter() - started


async def traced(body: Callable[[], Awaitable[T]]) -> float:
    """Peak traced Python memory of one more run, in MiB."""
    tracemalloc.start()
    try:
        await body()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


async def nothing_due(app: App, repeats: int = 30) -> tuple[float, float, float]:
    times = []
    for _ in range(repeats):
        report, elapsed = await timed(lambda: reminder_tick(app, QUIET))
        assert report.claimed == 0
        times.append(elapsed * 1000)
    times.sort()
    peak = await traced(lambda: reminder_tick(app, QUIET))
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], peak


async def claim_and_advance(app: App, batch: int = CLAIM_BATCH) -> int:
    """What the tick does to the database for due learners, without feeding the engine."""
    done = 0
    while True:
        async with app.sessions.begin() as session:
            due = await tick.claim_due(session, NOW, batch)
        if not due:
            return done
        moves = [(r.learner_id, next_due(NOW, r.reminder_time, r.timezone, r.ignored + 1, QUIET)) for r in due]
        async with app.sessions.begin() as session:
            await tick.reschedule(session, moves)
        done += len(due)


async def explain(app: App) -> str:
    """How the database answers the claim's query: it must walk the next_reminder_at index."""
    sqlite = app.engine.dialect.name == "sqlite"
    query = "SELECT id FROM learners WHERE next_reminder_at <= :now ORDER BY next_reminder_at LIMIT 500"
    now: object = NOW.strftime("%Y-%m-%d %H:%M:%S.%f") if sqlite else NOW
    async with app.sessions() as session:
        rows = await session.execute(text(("EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN ") + query), {"now": now})
        return " | ".join(str(row[-1]).strip() for row in rows.all())


async def bench_tick(backend: str, learners: int, due: int, engine_due: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = await open_app(backend, Path(folder))
        try:
            seconds = await fill(app, backend, learners)
            print(f"\n== reminder tick, {backend}, {learners:,} learners (inserted in {seconds:.1f} s) ==")
            print(f"  claim query plan: {await explain(app)}")
            median, p95, peak = await nothing_due(app)
            print(f"  nothing due:      median {median:.2f} ms, p95 {p95:.2f} ms, peak traced {peak:.2f} MiB")
            await make_due(app, due, with_menu_state=False)
            done, elapsed = await timed(lambda: claim_and_advance(app))
            await make_due(app, due, with_menu_state=False)
            peak = await traced(lambda: claim_and_advance(app))
            per10k = elapsed * 10_000 / max(done, 1)
            print(f"  {done:,} due, claim + advance: {elapsed:.2f} s ({per10k:.2f} s per 10,000), peak {peak:.1f} MiB")
            await engine_feed(app, engine_due)
        finally:
            await app.close()
    print(f"  process peak RSS so far: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


async def engine_feed(app: App, count: int) -> None:
    if count <= 0:
        return
    await make_due(app, count, with_menu_state=True)
    report, elapsed = await timed(lambda: reminder_tick(app, QUIET))
    async with app.sessions() as session:
        queued = await session.scalar(select(func.count()).select_from(OutboxMessage))
    await make_due(app, min(count, 500), with_menu_state=False)  # the same learners once more, for memory
    peak = await traced(lambda: reminder_tick(app, QUIET))
    per = elapsed / max(report.sent, 1)
    print(
        f"  {report.sent:,} due through the full engine: {elapsed:.2f} s ({per * 1000:.2f} ms each, "
        f"{per * 10_000:.1f} s per 10,000), {queued:,} reminders in the outbox; peak {peak:.1f} MiB for 500"
    )


# --- the fake Bot API, in its own process so its CPU is not the sender's -------------------------


def serve_fake(port: multiprocessing.Queue[int], rate: int, latency: float, inject: int) -> None:  # pragma: no cover
    asyncio.run(_serve_fake(port, rate, latency, inject))


async def _serve_fake(port: multiprocessing.Queue[int], rate: int, latency: float, inject: int) -> None:
    arrivals: deque[float] = deque()
    stats: dict[str, Any] = {"received": 0, "throttled": 0, "first": None, "last": None}
    error = {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 1"}

    async def send_message(request: web.Request) -> web.Response:
        body = dict(await request.post()) if request.content_type != "application/json" else await request.json()
        now = time.monotonic()
        while arrivals and now - arrivals[0] >= 1.0:
            arrivals.popleft()
        arrivals.append(now)
        if latency:
            await asyncio.sleep(latency)
        asked = stats["received"] == inject and not stats.get("injected")  # the one 429 asked for
        if len(arrivals) > rate or asked:
            stats["throttled"] += 1
            stats["injected"] = stats.get("injected") or asked
            return web.json_response(error | {"parameters": {"retry_after": 1}}, status=429)
        stats["received"] += 1
        stats["first"] = stats["first"] or now
        stats["last"] = now
        chat = {"id": int(str(body.get("chat_id", 0))), "type": "private"}
        message = {"message_id": stats["received"], "date": 0, "chat": chat, "text": str(body.get("text", ""))}
        return web.json_response({"ok": True, "result": message})

    async def read_stats(_: web.Request) -> web.Response:
        return web.json_response(stats)

    application = web.Application()
    application.router.add_post(f"/bot{TOKEN}/sendMessage", send_message)
    application.router.add_post(f"/bot{TOKEN}/sendmessage", send_message)
    application.router.add_get("/stats", read_stats)
    runner = web.AppRunner(application)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port.put(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]
    await asyncio.Event().wait()


@contextlib.asynccontextmanager
async def fake_telegram(rate: int, latency: float, inject: int = -1) -> AsyncIterator[str]:
    context = multiprocessing.get_context("spawn")
    port: multiprocessing.Queue[int] = context.Queue()
    process = context.Process(target=serve_fake, args=(port, rate, latency, inject), daemon=True)
    process.start()
    try:
        yield f"http://127.0.0.1:{await asyncio.to_thread(port.get, True, 30)}"
    finally:
        process.terminate()
        process.join()


class HttpTelegram:
    """The same minimal channel the delivery tests use: one POST per message, errors mapped."""

    name = "telegram"

    def __init__(self, base: str) -> None:
        self.url, self.client = f"{base}/bot{TOKEN}/sendMessage", ClientSession(timeout=ClientTimeout(total=10))

    async def send(self, chat_id: str, messages: Sequence[Outbound], delivery: Delivery | None = None) -> None:
        delivery = delivery or Delivery()
        for message in messages:
            if delivery.already_sent():
                continue
            text_ = message.text if isinstance(message, Text | Choices) else ""
            async with delivery.pace():  # the sender's limiter, stamped when the answer is back
                try:
                    async with self.client.post(self.url, json={"chat_id": chat_id, "text": text_}) as answer:
                        status = answer.status
                        body = await answer.json()
                except (ClientError, TimeoutError) as error:
                    raise Transient(type(error).__name__) from None
            if status == 429:
                raise Throttled(float(body["parameters"]["retry_after"]))
            if status == 403:
                raise Blocked("forbidden")
            if status != 200:
                raise (Transient if status >= 500 else Permanent)(str(status))
            delivery.sent()

    async def close(self) -> None:
        await self.client.close()


async def learners_and_broadcast(app: App, count: int) -> None:
    now = app.clock.now()
    rows = [
        {"channel": "telegram", "bot": "123456789", "chat_id": str(1000 + i), "user_id": str(1000 + i)}
        | {"consent": True, "created_at": now, "last_seen_at": now, "timezone": "Asia/Ho_Chi_Minh"}
        | {"reminder_time": "", "place": ""}
        for i in range(count)
    ]
    async with app.sessions.begin() as session:
        await session.execute(insert(Learner), rows)
        broadcast = await create_broadcast(
            session,
            text="Tối nay 19 giờ họp thôn tại nhà văn hóa, bà con nhớ đến đúng giờ nhé.",
            lesson_id="thanhtoan-vietqr",
            audience=parse_audience("all"),
            urgent=True,
            send_at=now,
            actor="bench",
            created_by=None,
            now=now,
        )
        await release(session, broadcast, app.library, now, QUIET)
    # An announcement with a lesson is each recipient's own turn (bot/storage/turn_queue.py):
    # run them, untimed, so that every recipient has the message in the outbox.
    await app.tutor.drain_queue()


async def stats_of(base: str) -> dict[str, Any]:
    async with ClientSession() as client, client.get(f"{base}/stats") as answer:
        result: dict[str, Any] = await answer.json()
        return result


async def drain(channel: Channel | HttpTelegram, app: App, rate: int, count: int) -> tuple[float, float]:
    """Until every row has an outcome. The sender keeps the wall clock: after a 429 it pauses
    for retry_after of real time and the row comes due again (with the reminder bench's
    frozen clock it used to wait for a pause that never ended)."""
    sender = Sender(channel, app.sessions, SystemClock(), Limiter(rate, 1))  # type: ignore[arg-type]
    wall, cpu = time.perf_counter(), time.process_time()
    async with asyncio.timeout(30 + 10 * count / rate):  # a guard: a bench must end
        while await unfinished(app):
            if not await sender.drain_once():
                await asyncio.sleep(0.05)
    return time.perf_counter() - wall, time.process_time() - cpu


async def unfinished(app: App) -> int:
    async with app.sessions() as session:
        query = select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status.in_(("pending", "sending")))
        return int(await session.scalar(query) or 0)


async def bench_broadcast(
    backend: str, count: int, rate: int, latency_ms: float, with_aiogram: bool, inject: int = -1
) -> None:
    kinds = ["aiohttp channel", *(["aiogram channel"] if with_aiogram else [])]
    for kind in kinds:
        async with fake_telegram(rate, latency_ms / 1000, inject) as base:
            with tempfile.TemporaryDirectory() as folder:
                app = await open_app(backend, Path(folder), **_telegram_settings(base))
                try:
                    await learners_and_broadcast(app, count)
                    channel, close = await _channel(kind, app, base, rate)
                    try:
                        wall, cpu = await drain(channel, app, rate, count)
                    finally:
                        await close()
                    _print_broadcast(kind, backend, count, rate, latency_ms, wall, cpu, await stats_of(base))
                finally:
                    await app.close()


def _telegram_settings(base: str) -> dict[str, object]:
    return {"telegram_bot_token": TOKEN, "telegram_api_base": base}


async def _channel(
    kind: str, app: App, base: str, rate: int
) -> tuple[Channel | HttpTelegram, Callable[[], Awaitable[None]]]:
    if kind == "aiohttp channel":
        http = HttpTelegram(base)
        return http, http.close
    from bot.channels.telegram import build_telegram

    telegram = build_telegram(app, app.settings, Limiter(rate, 1))
    return telegram, telegram.bot.session.close


def _print_broadcast(
    kind: str, backend: str, count: int, rate: int, latency_ms: float, wall: float, cpu: float, stats: dict[str, Any]
) -> None:
    span = (stats["last"] or 0) - (stats["first"] or 0)
    # The first `rate` messages may go at once, so the steady rate is measured after them.
    achieved = (stats["received"] - rate) / span if span > 0 else float("nan")
    print(f"\n== broadcast, {kind}, {backend}: {count:,} learners, limit {rate}/s, {latency_ms:.0f} ms latency ==")
    injected = " (one asked for by --inject-429)" if stats.get("injected") else ""
    print(f"  received {stats['received']:,}, 429s {stats['throttled']}{injected}, wall {wall:.1f} s")
    print(f"  achieved {achieved:.2f}/s = {achieved / rate:.3f} of the allowed rate")
    print(f"  sender CPU {cpu:.2f} s = {cpu / max(stats['received'], 1) * 1000:.2f} ms per message")


# --- entry point --------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--learners", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=10_000)
    parser.add_argument("--engine-due", type=int, default=2_000)
    parser.add_argument("--broadcast", type=int, default=2_000)
    parser.add_argument("--rate", type=int, default=30)
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--inject-429", type=int, default=-1, help="answer one 429 after this many messages")
    parser.add_argument("--broadcast-backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--aiogram", action="store_true", help="also drain through the real Telegram channel")
    parser.add_argument("--skip-tick", action="store_true")
    parser.add_argument("--skip-broadcast", action="store_true")
    args = parser.parse_args(argv)
    asyncio.run(run(args))


async def run(args: argparse.Namespace) -> None:
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    if not args.skip_tick:
        for backend in backends:
            await bench_tick(backend, args.learners, args.due, args.engine_due)
    if not args.skip_broadcast:
        await bench_broadcast(
            args.broadcast_backend, args.broadcast, args.rate, args.latency_ms, args.aiogram, args.inject_429
        )


if __name__ == "__main__":
    main()
