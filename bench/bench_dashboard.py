"""How long each dashboard page takes with 100,000 learners, on SQLite and PostgreSQL.

    .venv/bin/python -m bench.bench_dashboard --backend sqlite|postgresql|both [--learners 100000]
        [--repeats 20] [--counted 3]

Seeds a province set-based (learners spread over the communes, their learning events, lesson
progress, certificates, ambassadors with families, guided people, population figures,
broadcasts with delivery rows, audit rows, unanswered questions, scam checks), signs in a
province admin and a commune admin, then:
- runs the scheduler's refresh job (bot/dashboard/snapshots.py) and prints how long each
  aggregate takes to count and store, for the province and every commune at once;
- asks every page over real HTTP on 127.0.0.1, as deployed (DASHBOARD_REFRESH_SECONDS=300:
  pages read the snapshots), and, with --counted N > 0, counted afresh on every visit
  (DASHBOARD_REFRESH_SECONDS=0, N visits) to show what the snapshots save;
and prints the median and 95th percentile of the answer time. Peers in the same run: /healthz
(the HTTP floor) and compute_stats() alone (what `hocvuso stats` costs, the overview's core).

SQLite lives in a fresh temporary directory; PostgreSQL in the database
`hocvuso_bench_dashboard` (created if missing; schema public dropped and recreated).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]
import httpx
from aiohttp import web
from sqlalchemy import insert, text
from sqlalchemy.engine import make_url

from bot import roles
from bot.app import App, bootstrap
from bot.clock import FakeClock
from bot.dashboard import auth
from bot.dashboard.mount import dashboard_routes, refresher
from bot.families import compute_stats
from bot.settings import load_settings
from bot.storage import repo
from bot.storage.models import (
    AuditEntry,
    Broadcast,
    Certificate,
    Family,
    FamilyMember,
    GuidedLearner,
    Learner,
    LearnerRole,
    LearningEvent,
    LessonProgressRow,
    OutboxMessage,
    PlacePopulation,
    ScamCheck,
    UnansweredQuestion,
)
from bot.web import build_web_app
from content.scam.load import load_scam_book

POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/hocvuso_bench_dashboard"
NOW = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
REFRESH = 300  # DASHBOARD_REFRESH_SECONDS as deployed
CHUNK = 5000
PAGES = (
    "/dashboard/",
    "/dashboard/xa",
    "/dashboard/xa?sort=progress",
    "/dashboard/noi-dung",
    "/dashboard/thong-bao",
    "/dashboard/thong-bao/dem?kind=inactive&days=14",
    "/dashboard/dai-su",
    "/dashboard/nhat-ky",
    "/dashboard/xuat/xa-phuong.csv",
)
COMMUNE_PAGES = ("/dashboard/", "/dashboard/noi-dung", "/dashboard/dai-su", "/dashboard/thong-bao")


def chunks(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), CHUNK):
        yield rows[start : start + CHUNK]


class Province:
    """The rows of a province of `size` learners, made up with a fixed seed."""

    def __init__(self, app: App, size: int, places: list[str]) -> None:
        self.app, self.size, self.rng = app, size, random.Random(16)
        self.places = places
        # Big communes and small ones: the first few hold most people, as towns do.
        self.weights = [1 / (rank + 1) ** 0.7 for rank in range(len(places))]
        self.lessons = list(app.library.lesson_order())
        self.signals = [signal.id for signal in load_scam_book().signals.signals]

    def when(self, days: float = 60) -> datetime:
        return NOW - timedelta(days=self.rng.random() * days)

    def learners(self) -> list[dict[str, Any]]:
        rows = []
        for ident in range(1, self.size + 1):
            seen = self.when()
            rows.append(
                {
                    "id": ident,
                    "channel": "telegram",
                    "chat_id": str(ident),
                    "user_id": str(ident),
                    "consent": self.rng.random() > 0.05,
                    "name": f"Người {ident}",
                    "place": self.rng.choices(self.places, self.weights)[0],
                    "unreachable": self.rng.random() < 0.02,
                    "created_at": seen - timedelta(days=30),
                    "last_seen_at": seen,
                }
            )
        return rows

    def learning(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
        """Events, lesson progress and certificates: 1-4 lessons each, 3 answers a lesson."""
        events, progress, certificates = [], [], []
        for learner in range(1, self.size + 1):
            for lesson_id in self.rng.sample(self.lessons, self.rng.randint(1, 4)):
                lesson, at = self.app.library.lessons[lesson_id], self.when()
                events.append(self._event(learner, "started", lesson_id, at))
                for question in lesson.quiz[:3]:
                    chosen = self.rng.randrange(len(question.options))
                    right = question.options[chosen].correct
                    result = {"option": chosen, "correct": right, "during": "quiz"}
                    answer = self._event(learner, "answered", lesson_id, at, question.id, result)
                    events.append(answer | {"chosen": chosen, "correct": right})  # as the model copies them
                done = self.rng.random() < 0.6
                if done:
                    events.append(self._event(learner, "completed", lesson_id, at, result={"score": 3, "total": 3}))
                status = "completed" if done else "started"
                row = {"learner_id": learner, "lesson_id": lesson_id, "status": status, "started_at": at}
                progress.append(row | {"completed_at": at if done else None})
            if self.rng.random() < 0.1:
                code = f"HVB{learner:09d}"
                certificates.append(
                    {"code": code, "learner_id": learner, "module_id": "co-ban", "name": "", "issued_at": self.when()}
                )
        return events, progress, certificates

    @staticmethod
    def _event(
        learner: int, verb: str, lesson: str, at: datetime, question: str = "", result: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        return {
            "learner_id": learner,
            "verb": verb,
            "lesson_id": lesson,
            "question_id": question,
            "result": result or {},
            "at": at,
            "chosen": None,
            "correct": None,
        }

    def community(self) -> dict[type, list[dict[str, Any]]]:
        ambassadors = range(1, self.size // 50 + 1)  # 2,000 for 100,000
        roles_ = [{"learner_id": a, "role": "ambassador", "granted_at": NOW} for a in ambassadors]
        families = [
            {"id": f, "ambassador_id": ambassadors[f % len(ambassadors)], "name": f"Nhà {f}", "created_at": NOW}
            for f in range(1, self.size // 20 + 1)
        ]
        members, used = [], set()
        for family in families:
            for _ in range(4):
                learner = self.rng.randint(1, self.size)
                if (family["id"], learner) not in used:
                    used.add((family["id"], learner))
                    members.append({"family_id": family["id"], "learner_id": learner, "joined_at": NOW})
        guided = [
            {
                "ambassador_id": self.rng.choice(ambassadors),
                "first_name": "Tư",
                "place": self.rng.choice(self.places),
                "lessons": ["vneid-hai-muc"],
                "guided_on": NOW,
                "created_at": NOW,
            }
            for _ in range(self.size // 10)
        ]
        population = [{"place": p, "adults": self.rng.randint(2_000, 30_000), "loaded_at": NOW} for p in self.places]
        return {
            LearnerRole: roles_,
            Family: families,
            FamilyMember: members,
            GuidedLearner: guided,
            PlacePopulation: population,
        }

    def traces(self) -> dict[type, list[dict[str, Any]]]:
        """Broadcasts (two with a delivery row per learner), audit rows, questions, scam checks."""
        broadcasts = [
            {
                "id": b,
                "text": f"Thông báo số {b} gửi bà con.",
                "audience": {"spec": "all"},
                "send_at": self.when(),
                "status": "queued",
                "recipients": self.size,
                "created_at": NOW,
            }
            for b in range(1, 31)
        ]
        outbox = [
            {
                "learner_id": learner,
                "channel": "telegram",
                "chat_id": str(learner),
                "kind": "broadcast",
                "broadcast_id": b,
                "payload": "[]",
                "status": self.rng.choice(("sent", "sent", "sent", "unreachable")),
                "not_before": NOW,
                "created_at": NOW,
            }
            for b in (1, 2)
            for learner in range(1, self.size + 1)
        ]
        audit = [
            {
                "actor": f"learner:{self.rng.randint(1, self.size)}",
                "action": "family.push",
                "target": "x",
                "detail": {},
                "at": self.when(),
            }
            for _ in range(self.size // 2)
        ]
        topics = [t.id for t in self.app.library.topics]
        asked = [
            {
                "at": self.when(90),
                "topic": self.rng.choice(topics),
                "place": self.rng.choice(self.places),
                "text": "hỏi thử" if self.rng.random() < 0.3 else None,
            }
            for _ in range(self.size // 5)
        ]
        verdicts = ("scam", "suspicious", "none")
        checks = [
            {
                "at": self.when(),
                "place": self.rng.choice(self.places),
                "verdict": self.rng.choice(verdicts),
                "signals": self.rng.sample(self.signals, 2),
            }
            for _ in range(self.size // 2)
        ]
        return {
            Broadcast: broadcasts,
            OutboxMessage: outbox,
            AuditEntry: audit,
            UnansweredQuestion: asked,
            ScamCheck: checks,
        }


async def seed(app: App, size: int) -> tuple[int, str]:
    """Everything written set-based; returns (rows written, the biggest commune's key)."""
    async with app.sessions() as session:
        places = [row.key for row in await repo.load_places(session)]
    province = Province(app, size, places)
    learners = province.learners()
    events, progress, certificates = province.learning()
    tables: dict[type, list[dict[str, Any]]] = {Learner: learners, LearningEvent: events}
    tables |= {LessonProgressRow: progress, Certificate: certificates, **province.community(), **province.traces()}
    written = 0
    for model, rows in tables.items():
        for part in chunks(rows):
            async with app.sessions.begin() as session:
                await session.execute(insert(model), part)
        written += len(rows)
    async with app.engine.begin() as connection:
        if app.engine.dialect.name == "postgresql":  # rows came with their ids: move the sequences on
            for table in ("learners", "families", "broadcasts"):
                move = f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608 — our tables
                await connection.execute(text(move))
        await connection.execute(text("ANALYZE"))
    return written, province.places[0]


async def sign_in(app: App, learner_id: int, scope: roles.Scope) -> str:
    async with app.sessions.begin() as session:
        await roles.grant(session, learner_id, roles.ADMIN, "bench", NOW, scope)
        return await auth.open_session(session, learner_id, NOW, timedelta(hours=8))


async def timed(call: Callable[[], Awaitable[object]], repeats: int) -> list[float]:
    await call()  # warm: first plans, first template compile
    found = []
    for _ in range(repeats):
        started = time.perf_counter()
        await call()
        found.append((time.perf_counter() - started) * 1000)
    return found


def figures(ms: list[float]) -> str:
    ordered = sorted(ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ms):7.1f} ms   p95 {p95:7.1f} ms"


def line(name: str, ms: list[float], kept: list[float] | None = None) -> str:
    return f"  {name:<48} {figures(ms)}" + (f"  |  {figures(kept)}" if kept else "")


@asynccontextmanager
async def served(app: App, refresh_seconds: float) -> AsyncIterator[httpx.AsyncClient]:
    """The dashboard as `hocvuso run` mounts it, with DASHBOARD_REFRESH_SECONDS=`refresh_seconds`."""
    settings = app.settings.model_copy(update={"dashboard_refresh_seconds": refresh_seconds})
    runner = web.AppRunner(build_web_app(dashboard_routes(app, settings)), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{runner.addresses[0][1]}", timeout=300) as client:
            yield client
    finally:
        await runner.cleanup()


def getter(client: httpx.AsyncClient, path: str, cookie: str) -> Callable[[], Awaitable[object]]:
    async def call() -> None:
        answer = await client.get(path, headers={"Cookie": f"{auth.COOKIE}={cookie}"})
        assert answer.status_code == 200, (path, answer.status_code)

    return call


async def refresh(app: App, rounds: int) -> None:
    """The scheduler's job, `rounds` times, each in a round of its own (the clock moves on by
    the interval, so each claims and counts): seconds per aggregate."""
    settings = app.settings.model_copy(update={"dashboard_refresh_seconds": REFRESH})
    snapshots = refresher(app, settings)
    assert snapshots is not None and isinstance(app.clock, FakeClock)
    found: dict[str, list[float]] = {}
    rows = 0
    for _ in range(rounds):
        app.clock.advance(seconds=REFRESH)
        done = await snapshots.refresh()
        assert done.claimed
        rows = done.rows
        for what, seconds in done.seconds.items():
            found.setdefault(what, []).append(seconds * 1000)
    print(f" the refresh job ({rows} snapshots a round, {rounds} rounds)")
    for what, ms in found.items():
        print(line(what, ms))
    print(line("whole round", [sum(each) for each in zip(*found.values(), strict=True)]))


async def measure(app: App, repeats: int, counted: int, commune: str) -> None:
    """Each page as deployed (read from the snapshots), and counted afresh on every visit."""
    province = await sign_in(app, 1, roles.WHOLE_PROVINCE)
    local = await sign_in(app, 2, roles.Scope(commune))
    visits = [(path, province, "") for path in PAGES] + [(path, local, " (commune)") for path in COMMUNE_PAGES]
    async with served(app, REFRESH) as kept, served(app, 0) as fresh:
        print(" peers")
        print(line("/healthz (HTTP alone)", await timed(lambda: kept.get("/healthz"), repeats)))

        async def stats() -> None:
            async with app.sessions() as session:
                await compute_stats(session, app.tutor.places, NOW)

        print(line("compute_stats() (hocvuso stats)", await timed(stats, 3)))
        await refresh(app, 3)
        print(f" pages read from the snapshots | counted on every visit   (commune admin: {commune})")
        for path, cookie, who in visits:
            warm = await timed(getter(kept, path, cookie), repeats)
            cold = await timed(getter(fresh, path, cookie), counted) if counted else None
            print(line(path + who, warm, cold))


async def fresh_postgres() -> None:
    parts = make_url(POSTGRES_URL)
    server = await asyncpg.connect(host=parts.host, port=parts.port, user=parts.username, database="postgres")
    try:
        if not await server.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", parts.database):
            await server.execute(f'CREATE DATABASE "{parts.database}"')
    finally:
        await server.close()
    connection = await asyncpg.connect(host=parts.host, port=parts.port, user=parts.username, database=parts.database)
    try:
        await connection.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;")
    finally:
        await connection.close()


async def run(backend: str, size: int, repeats: int, counted: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
        if backend == "postgresql":
            await fresh_postgres()
            url = POSTGRES_URL
        settings = load_settings(database_url=url, data_dir=Path(folder), public_base_url="https://bench.example")
        app = await bootstrap(settings, clock=FakeClock(NOW))
        try:
            started = time.perf_counter()
            written, commune = await seed(app, size)
            print(f"{backend}: {size:,} learners, {written:,} rows seeded in {time.perf_counter() - started:.0f} s")
            print(f" load average {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
            await measure(app, repeats, counted, commune)
            print(f" load average {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
        finally:
            await app.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--learners", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=20, help="visits of each page read from the snapshots")
    parser.add_argument("--counted", type=int, default=3, help="visits of each page counted afresh (0: none)")
    options = parser.parse_args()
    for backend in ("sqlite", "postgresql") if options.backend == "both" else (options.backend,):
        asyncio.run(run(backend, options.learners, options.repeats, options.counted))


if __name__ == "__main__":
    main()
