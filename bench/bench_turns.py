"""Turns per second and latency of full turns: Tutor.handle on a real database.

    .venv/bin/python -m bench.bench_turns --backend sqlite|postgresql|both [--turns 5000]

One turn is what a channel does for one inbound update: dedup, per-learner lock, load the
learner and dialog state, build the learner view, step the engine, write state and events
and mark the update processed, all in one transaction.

For each backend: bootstrap the real app on a fresh database, onboard `--learners` learners
through /start and the onboarding questions, let each wander a little (untimed) so they sit
at different places in the library with some history, then time `--turns` turns spread at
random over them: sequentially, then with 8 and 32 learners at once (asyncio.gather). Last,
one instrumented pass splits a turn's wall time into parts and one pass runs under cProfile.

SQLite lives in a fresh temporary directory; PostgreSQL in the database `hocvuso_bench`
(created if missing; schema public is dropped and recreated at start).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import itertools
import pstats
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from types import ModuleType
from typing import Any, ParamSpec, TypeVar

import aiosqlite
import asyncpg  # type: ignore[import-untyped]
from sqlalchemy import create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from bench.bench_engine import (
    ONBOARDING,
    START,
    Policy,
    QuizOracle,
    calibration,
    last_screen,
    onboarding_inbound,
)
from bot.app import App, bootstrap
from bot.clock import FakeClock
from bot.keys import ConversationKey
from bot.settings import load_settings
from bot.storage import repo
from bot.storage import turn_store as store
from bot.storage.db import _sqlite_pragmas
from bot.storage.models import DialogStateRow
from bot.storage.turn_db import ThreadTurns
from dialogs.messages import Choices, Inbound

POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/hocvuso_bench"
SECONDS_BETWEEN_TURNS = 5  # the fake clock moves on, so reviews fall due during a long run
P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class BenchLearner:
    key: ConversationKey
    screen: Choices | None = None


@dataclass
class Crowd:
    """The learners of one backend run, and the app they talk to."""

    app: App
    clock: FakeClock
    oracle: QuizOracle
    learners: list[BenchLearner]
    updates: Iterator[int] = field(default_factory=itertools.count)

    async def turn(self, learner: BenchLearner, inbound: Inbound) -> float:
        self.clock.advance(seconds=SECONDS_BETWEEN_TURNS)
        started = time.perf_counter()
        result = await self.app.tutor.handle(learner.key, f"b{next(self.updates)}", inbound)
        elapsed = time.perf_counter() - started
        assert not result.duplicate
        learner.screen = last_screen(result.messages) or learner.screen
        return elapsed

    async def run(self, turns: int, learners: Sequence[BenchLearner], seed: int) -> list[float]:
        """`turns` policy turns, each by a learner picked at random from `learners`."""
        rng = random.Random(seed)
        policy = Policy(rng, self.oracle)
        latencies = []
        for _ in range(turns):
            learner = rng.choice(learners)
            latencies.append(await self.turn(learner, policy.next(learner.screen)[1]))
        return latencies

    async def concurrent(self, turns: int, workers: int, seed: int) -> tuple[float, list[float]]:
        """`workers` tasks at once, each with its own learners, `turns` in all: (wall, latencies)."""
        groups = [self.learners[i::workers] for i in range(workers)]
        shares = [turns // workers + (1 if i < turns % workers else 0) for i in range(workers)]
        started = time.perf_counter()
        results = await asyncio.gather(
            *(self.run(share, group, seed + i) for i, (share, group) in enumerate(zip(shares, groups, strict=True)))
        )
        return time.perf_counter() - started, [t for part in results for t in part]


# --- figures --------------------------------------------------------------------------


def load_average() -> str:
    """The 1/5/15-minute load average: other work on the machine skews every figure here."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def percentile(ordered: Sequence[float], p: float) -> float:
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def report(label: str, wall: float, latencies: Sequence[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    row: dict[str, float] = {
        "turns": len(ordered),
        "rate": len(ordered) / wall,
        "p50": percentile(ordered, 50) * 1e3,
        "p90": percentile(ordered, 90) * 1e3,
        "p99": percentile(ordered, 99) * 1e3,
        "max": ordered[-1] * 1e3,
    }
    print(
        f"  {label:<24} {row['turns']:>7,.0f} {row['rate']:>9,.0f} "
        f"{row['p50']:>8.2f} {row['p90']:>8.2f} {row['p99']:>8.2f} {row['max']:>8.1f}",
        flush=True,
    )
    return row


def header() -> None:
    print(f"  {'run':<24} {'turns':>7} {'turns/s':>9} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8}")


# --- where the time goes --------------------------------------------------------------


@dataclass
class Meter:
    """Wall time per part of a turn, gathered with SQLAlchemy events and wrapped functions."""

    parts: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    statements: Counter[str] = field(default_factory=Counter)
    _marks: dict[str, float] = field(default_factory=dict)

    def start(self, name: str) -> None:
        self._marks[name] = time.perf_counter()

    def stop(self, name: str) -> None:
        began = self._marks.pop(name, None)
        if began is not None:
            self.parts[name] += time.perf_counter() - began

    def wrap_sync(self, name: str, fn: Callable[P, R]) -> Callable[P, R]:
        def timed(*args: P.args, **kwargs: P.kwargs) -> R:
            began = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.parts[name] += time.perf_counter() - began

        return timed

    def wrap_async(self, name: str, fn: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
        async def timed(*args: P.args, **kwargs: P.kwargs) -> R:
            began = time.perf_counter()
            try:
                return await fn(*args, **kwargs)
            finally:
                self.parts[name] += time.perf_counter() - began

        return timed


def statement_kind(sql: str) -> str:
    words = re.sub(r"\s+", " ", sql).strip()
    verb = words.split(" ", 1)[0].upper()
    table = re.search(r"(?i)\b(?:from|into|update)\s+(\w+)", words)
    lock = " FOR UPDATE" if "FOR UPDATE" in words.upper() else ""
    unions = words.upper().count(" UNION ALL ")
    union = f" + {unions} more tables (one UNION ALL)" if unions else ""
    return f"{verb} {table.group(1) if table else '?'}{lock}{union}"


def swap(module: ModuleType, name: str, value: Any) -> Any:
    """Replace a module attribute for the duration of a measurement; return the old one."""
    old = vars(module)[name]
    setattr(module, name, value)
    return old


@contextmanager
def metered(app: App) -> Iterator[Meter]:
    """Instrument one run; undone on exit so other runs pay nothing for it."""
    meter = Meter()
    database = app.tutor.database
    # The engine the turns run on: SQLite's own in its worker thread, or the app's (PostgreSQL).
    sync_engine = database.engine if isinstance(database, ThreadTurns) else app.engine.sync_engine

    def before_execute(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        meter.statements[statement_kind(statement)] += 1
        meter.start("sql")

    def after_execute(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        meter.stop("sql")

    def before_commit(conn: Any) -> None:
        meter.start("commit")

    def after_commit(session: Any) -> None:
        meter.stop("commit")

    def before_flush(session: Any, *rest: Any) -> None:
        meter.start("flush")

    def after_flush(session: Any, *rest: Any) -> None:
        meter.stop("flush")

    hooks: list[tuple[Any, str, Callable[..., None]]] = [
        (sync_engine, "before_cursor_execute", before_execute),
        (sync_engine, "after_cursor_execute", after_execute),
        (sync_engine, "commit", before_commit),
        (Session, "after_commit", after_commit),
        (Session, "before_flush", before_flush),
        (Session, "after_flush_postexec", after_flush),
    ]
    for target, name, fn in hooks:
        event.listen(target, name, fn)
    machine = app.tutor.shared.machine
    machine.step = meter.wrap_sync("engine step", machine.step)  # type: ignore[method-assign]
    real_view = swap(store, "learner_view", meter.wrap_sync("learner_view", vars(store)["learner_view"]))
    try:
        yield meter
    finally:
        del machine.step  # the class's own again
        swap(store, "learner_view", real_view)
        for target, name, fn in hooks:
            event.remove(target, name, fn)


async def breakdown(crowd: Crowd, turns: int, seed: int) -> None:
    with metered(crowd.app) as meter:
        started, cpu_main, cpu_all = time.perf_counter(), time.thread_time(), time.process_time()
        await crowd.run(turns, crowd.learners, seed)
        wall = time.perf_counter() - started
        cpu_main, cpu_all = time.thread_time() - cpu_main, time.process_time() - cpu_all
    per_turn = 1e3 / turns
    print(f"\n  where a sequential turn's wall time goes ({turns:,} instrumented turns, {1e3 * wall / turns:.2f} ms):")
    rows = [
        ("all SQL statements (execute, incl. thread hop)", meter.parts["sql"]),
        ("  of which: learner_view (its queries + Python)", meter.parts["learner_view"]),
        ("ORM flush (only when a feature opened the ORM)", meter.parts["flush"]),
        ("DBAPI COMMIT", meter.parts["commit"]),
        ("engine step (pure)", meter.parts["engine step"]),
        (
            "everything else (ORM, session, asyncio, locks)",
            wall - meter.parts["sql"] - meter.parts["commit"] - meter.parts["engine step"],
        ),
    ]
    for label, seconds in rows:
        print(f"    {seconds * per_turn:7.3f} ms  {seconds / wall:6.1%}  {label}")
    print(
        f"  CPU per turn: main thread (event loop) {cpu_main * per_turn:.3f} ms, "
        f"other threads (the SQLite turn worker) {(cpu_all - cpu_main) * per_turn:.3f} ms; "
        f"wall {wall * per_turn:.3f} ms"
    )
    total = sum(meter.statements.values())
    print(f"  SQL statements per turn: {total / turns:.2f} (BEGIN/COMMIT not counted)")
    for kind, count in meter.statements.most_common(14):
        print(f"    {count / turns:6.2f}  {kind}")


def package_of(filename: str, function: str) -> str:
    """A coarse owner for a profiled function: a project package, a library, or the stdlib module."""
    if filename == "~":  # a C function
        if "poll" in function or "select" in function:
            return "waiting in epoll (idle: DB thread or server working)"
        return "C builtins: " + (re.sub(r"[<>{}]|built-in method |method ", "", function).split(" of ")[-1][:40])
    if filename.startswith("<sqlalchemy"):
        return "library: sqlalchemy"
    if "site-packages/" in filename:
        return "library: " + filename.split("site-packages/", 1)[1].split("/", 1)[0]
    parts = Path(filename).parts
    for package in ("bot", "dialogs", "content", "scheduler", "bench"):
        if package in parts:
            return "project: " + package
    path = Path(filename)
    if re.fullmatch(r"python3\.\d+", path.parent.name):
        return "stdlib: " + path.stem
    if re.fullmatch(r"python3\.\d+", path.parent.parent.name):
        return "stdlib: " + path.parent.name
    return filename


def by_package(stats: pstats.Stats) -> Counter[str]:
    groups: Counter[str] = Counter()
    for (filename, _line, function), row in stats.stats.items():  # type: ignore[attr-defined]
        groups[package_of(filename, function)] += row[2]
    return groups


async def profile(crowd: Crowd, turns: int, seed: int, top: int) -> None:
    """cProfile of the event loop, and of the worker thread when the turns run in one (SQLite)."""
    loop_profiler, worker_profiler = cProfile.Profile(), cProfile.Profile()
    database = crowd.app.tutor.database
    if isinstance(database, ThreadTurns):
        inner = database._transaction

        def profiled(work: Any) -> Any:
            worker_profiler.enable()
            try:
                return inner(work)
            finally:
                worker_profiler.disable()

        database._transaction = profiled  # type: ignore[method-assign]
    loop_profiler.enable()
    started = time.perf_counter()
    await crowd.run(turns, crowd.learners, seed)
    wall = time.perf_counter() - started
    loop_profiler.disable()
    if isinstance(database, ThreadTurns):
        del database._transaction  # the class's own again
    print(f"\n  cProfile of {turns:,} sequential turns ({1e3 * wall / turns:.2f} ms/turn under the profiler)")
    for label, profiler in (("event loop", loop_profiler), ("turn worker thread", worker_profiler)):
        if profiler.getstats():
            print_profile(label, profiler, turns, top)


def print_profile(label: str, profiler: cProfile.Profile, turns: int, top: int) -> None:
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    print(f"  {label}: own time (tottime) by where the code lives:")
    groups = by_package(stats)
    total = sum(groups.values())
    shown = groups.most_common(12)
    rest = total - sum(seconds for _, seconds in shown)
    for name, seconds in [*shown, ("everything else", rest)]:
        print(f"    {1e3 * seconds / turns:7.3f} ms/turn  {seconds / total:6.1%}  {name}")
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    print(re.sub(r"(?m)^", "  ", out.getvalue().replace(str(Path.cwd()) + "/", "")))


# --- what one statement costs -----------------------------------------------------------


async def per_call(fn: Callable[[], Awaitable[object]], n: int) -> tuple[float, float]:
    """(wall µs, main-thread CPU µs) per call of `fn`, after a short warm-up."""
    for _ in range(min(n, 50)):
        await fn()
    started, cpu = time.perf_counter(), time.thread_time()
    for _ in range(n):
        await fn()
    return (time.perf_counter() - started) / n * 1e6, (time.thread_time() - cpu) / n * 1e6


def sync_sqlalchemy_costs(path: str, learner_id: int, n: int) -> list[tuple[str, tuple[float, float]]]:
    """The same reads through SQLAlchemy without asyncio: what the async adaptation adds."""
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _sqlite_pragmas)

    def timed(fn: Callable[[], object]) -> tuple[float, float]:
        for _ in range(min(n, 50)):
            fn()
        started, cpu = time.perf_counter(), time.thread_time()
        for _ in range(n):
            fn()
        return (time.perf_counter() - started) / n * 1e6, (time.thread_time() - cpu) / n * 1e6

    query = select(DialogStateRow.state).where(DialogStateRow.learner_id == learner_id)
    rows: list[tuple[str, tuple[float, float]]] = []
    try:
        with engine.connect() as connection:
            core = timed(lambda: connection.execute(query).all())
            rows.append(("sync SQLAlchemy Core select() (pysqlite, no asyncio)", core))
        with Session(engine) as session:

            def orm_get() -> object:
                session.expunge_all()
                return session.get(DialogStateRow, learner_id)

            rows.append(("sync Session.get() of an ORM row", timed(orm_get)))

        def read_write() -> object:
            with Session(engine) as session, session.begin():
                row = session.get(DialogStateRow, learner_id)
                assert row is not None
                row.updated_at = row.updated_at + timedelta(microseconds=1)
                return row

        rows.append(("sync Session transaction get() + UPDATE + COMMIT", timed(read_write)))
    finally:
        engine.dispose()
    return rows


async def microcosts(crowd: Crowd, backend: str, n: int) -> None:
    """The same primary-key read through each layer, to see what the layers cost."""
    app = crowd.app
    async with app.sessions() as session:
        found = await repo.find_learner(session, crowd.learners[0].key)
    assert found is not None
    learner_id = found.id
    sql = "SELECT state FROM dialog_states WHERE learner_id = "
    rows: list[tuple[str, tuple[float, float]]] = []
    if backend == "sqlite":
        path = make_url(str(app.engine.url)).database or ""
        raw = sqlite3.connect(path)

        async def raw_sqlite() -> object:
            return raw.execute(sql + "?", (learner_id,)).fetchall()

        rows.append(("sqlite3, synchronous (no thread hop)", await per_call(raw_sqlite, n)))
        async with aiosqlite.connect(path) as conn:

            async def one_hop() -> object:
                return await conn.execute_fetchall(sql + "?", (learner_id,))

            rows.append(("aiosqlite execute_fetchall (one thread hop)", await per_call(one_hop, n)))
        raw.close()
        rows += sync_sqlalchemy_costs(path, learner_id, n)
    else:
        parts = make_url(str(app.engine.url.render_as_string(hide_password=False)))
        conn = await asyncpg.connect(
            host=parts.host, port=parts.port, user=parts.username, password=parts.password, database=parts.database
        )

        async def raw_pg() -> object:
            return await conn.fetch(sql + "$1", learner_id)

        rows.append(("asyncpg fetch (one round trip)", await per_call(raw_pg, n)))
        await conn.close()
    query = select(DialogStateRow.state).where(DialogStateRow.learner_id == learner_id)
    async with app.engine.connect() as connection:

        async def core() -> object:
            return (await connection.execute(query)).all()

        rows.append(("SQLAlchemy Core select() on an AsyncConnection", await per_call(core, n)))
    async with app.sessions() as session:

        async def orm_get() -> object:
            session.expunge_all()
            return await session.get(DialogStateRow, learner_id)

        rows.append(("AsyncSession.get() of an ORM row", await per_call(orm_get, n)))

    async def empty() -> object:
        async with app.sessions.begin():
            return None

    rows.append(("empty transaction: sessions.begin() .. commit", await per_call(empty, n)))

    async def one_get() -> object:
        async with app.sessions.begin() as session:
            return await session.get(DialogStateRow, learner_id)

    rows.append(("transaction with one get()", await per_call(one_get, n)))

    async def read_write() -> object:
        async with app.sessions.begin() as session:
            row = await session.get(DialogStateRow, learner_id)
            assert row is not None
            row.updated_at = crowd.clock.now()
            return row

    rows.append(("transaction with get() + UPDATE + COMMIT", await per_call(read_write, n)))
    print(f"\n  what one primary-key read costs through each layer ({n:,} calls each):")
    print(f"    {'wall µs':>9} {'CPU µs':>8}  (CPU: the event-loop thread only)")
    for label, (wall, cpu) in rows:
        print(f"    {wall:9.1f} {cpu:8.1f}  {label}")


# --- one backend ----------------------------------------------------------------------


async def prepare_postgres(url: str) -> None:
    """Create the bench database if missing, then start from an empty schema."""
    parts = make_url(url)
    name = parts.database or "hocvuso_bench"
    connect = {"host": parts.host, "port": parts.port, "user": parts.username, "password": parts.password}
    admin = await asyncpg.connect(database="postgres", **connect)
    try:
        if not await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    bench = await asyncpg.connect(database=name, **connect)
    try:
        await bench.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;")
        settings = await bench.fetch(
            "SELECT name, setting FROM pg_settings WHERE name IN "
            "('synchronous_commit', 'fsync', 'shared_buffers', 'wal_sync_method', 'server_version')"
        )
        print("  postgresql: " + ", ".join(f"{r['name']}={r['setting']}" for r in settings))
    finally:
        await bench.close()


async def run_backend(backend: str, args: argparse.Namespace, workdir: Path) -> dict[str, dict[str, float]]:
    print(f"\n=== {backend} ===", flush=True)
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{workdir / 'hocvuso.db'}"
        print(f"  sqlite {sqlite3.sqlite_version}, file {workdir / 'hocvuso.db'} (WAL, synchronous=NORMAL)")
    else:
        url = args.postgres_url
        await prepare_postgres(url)
    clock = FakeClock(START)
    app = await bootstrap(load_settings(database_url=url, data_dir=workdir / "data"), clock=clock)
    rows: dict[str, dict[str, float]] = {}
    try:
        oracle = QuizOracle(app.library)
        crowd = Crowd(
            app, clock, oracle, [BenchLearner(ConversationKey("bench", str(i), str(i))) for i in range(args.learners)]
        )
        header()

        started, latencies = time.perf_counter(), []
        for learner in crowd.learners:
            for index in range(len(ONBOARDING)):
                latencies.append(await crowd.turn(learner, onboarding_inbound(index, learner.screen)))
        rows["onboarding"] = report("onboarding (/start..)", time.perf_counter() - started, latencies)

        rng, started, latencies = random.Random(args.seed), time.perf_counter(), []
        for i, learner in enumerate(crowd.learners):
            latencies += await crowd.run(rng.randint(0, 2 * args.wander), [learner], args.seed + 1000 + i)
        rows["wander"] = report("wander (spread out)", time.perf_counter() - started, latencies)

        for attempt in range(args.repeats):
            started = time.perf_counter()
            latencies = await crowd.run(args.turns, crowd.learners, args.seed + 1 + attempt)
            rows[f"sequential {attempt + 1}"] = report(
                f"sequential #{attempt + 1}", time.perf_counter() - started, latencies
            )
        for workers in args.concurrency:
            wall, latencies = await crowd.concurrent(args.turns, workers, args.seed + 100 * workers)
            rows[f"{workers} concurrent"] = report(f"{workers} learners at once", wall, latencies)

        if args.breakdown_turns:
            await breakdown(crowd, args.breakdown_turns, args.seed + 7)
        if args.micro:
            await microcosts(crowd, backend, args.micro)
        if args.profile_turns:
            await profile(crowd, args.profile_turns, args.seed + 8, args.profile_top)
    finally:
        await app.close()
    return rows


async def main_async(args: argparse.Namespace) -> None:
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    print(f"python {sys.version.split()[0]}; {args.learners:,} learners; {args.turns:,} timed turns per run")
    print(f"load average at start: {load_average()}; {calibration()}")
    summary: dict[str, dict[str, dict[str, float]]] = {}
    for backend in backends:
        with tempfile.TemporaryDirectory(prefix=f"hocvuso-bench-{backend}-") as tmp:
            summary[backend] = await run_backend(backend, args, Path(tmp))
    print(f"\nload average at end: {load_average()}; {calibration()}")
    print("summary (sequential: median of the repeats)")
    for backend, rows in summary.items():
        seq = [r for name, r in rows.items() if name.startswith("sequential")]
        if not seq:
            continue
        rate = statistics.median(r["rate"] for r in seq)
        p50 = statistics.median(r["p50"] for r in seq)
        p99 = statistics.median(r["p99"] for r in seq)
        conc = ", ".join(f"{name}: {r['rate']:,.0f}/s" for name, r in rows.items() if name.endswith("concurrent"))
        print(f"  {backend:<10} sequential {rate:,.0f} turns/s, p50 {p50:.2f} ms, p99 {p99:.2f} ms; {conc}")
        if backend == "sqlite":
            print(f"  {'':<10} aim 1,000 SQLite turns/s -> {'met' if rate >= 1000 else 'MISSED'}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--turns", type=int, default=5000, help="timed turns per run")
    parser.add_argument("--learners", type=int, default=1000, help="onboarded learners the turns are spread over")
    parser.add_argument("--wander", type=int, default=10, help="mean untimed turns per learner before timing")
    parser.add_argument("--repeats", type=int, default=2, help="sequential timed runs")
    parser.add_argument(
        "--concurrency", type=lambda s: [int(x) for x in s.split(",") if x], default=[8, 32], help="e.g. 8,32"
    )
    parser.add_argument("--breakdown-turns", type=int, default=2000, help="instrumented turns (0: none)")
    parser.add_argument("--micro", type=int, default=2000, help="calls per layer in the cost table (0: none)")
    parser.add_argument("--profile-turns", type=int, default=2000, help="turns under cProfile (0: none)")
    parser.add_argument("--profile-top", type=int, default=30)
    parser.add_argument("--postgres-url", default=POSTGRES_URL)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
