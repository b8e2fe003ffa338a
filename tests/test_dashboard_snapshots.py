"""The dashboard's counts kept in the database (bot/dashboard/snapshots.py), on SQLite and
PostgreSQL: the scheduler's job counts, every process's pages read what it stored and never
count, a scope never counted is counted once by the first page, and what is stored for each
commune is exactly what counting that commune alone gives."""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from alembic import command
from sqlalchemy import event, insert, select, text

from bot import roles
from bot.app import App, bootstrap
from bot.clock import FakeClock
from bot.dashboard import queries
from bot.dashboard.mount import refresher
from bot.dashboard.snapshots import CLAIM, COUNTERS, PROVINCE, Snapshots, scope_key
from bot.families import compute_stats
from bot.scheduling import build_scheduler
from bot.storage.db import create_engine
from bot.storage.migrate import alembic_config, upgrade
from bot.storage.models import DashboardSnapshot, LearningEvent, ScamCheck, UnansweredQuestion
from content.library import Library
from tests.dashboard_town import (
    LA_BANG,
    TAN_CUONG,
    add_event,
    dashboard_app,
    learner_id,
    person,
    served,
    settings_for,
    sign_in,
)
from tests.helpers import Learner as Person
from tests.helpers import onboard
from tests.test_stats import as_json, build_town

FIGURE = re.compile(r'data-figure="(\w+)">([\d.]+)<')
KEPT = {"dashboard_refresh_seconds": 300}
READ_PAGES = ("/dashboard/", "/dashboard/xa", "/dashboard/noi-dung")
QUESTION = "vneid-hai-muc-q1"
AT = datetime(2026, 3, 1, tzinfo=UTC)
# A page that counted would read these; one that reads a snapshot never does.
COUNTED_TABLES = ("learning_events", "lesson_progress", "certificates", "guided_learners", "scam_checks")


def figures(page: str) -> dict[str, int]:
    return {name: int(value.replace(".", "")) for name, value in FIGURE.findall(page)}


@contextmanager
def statements(app: App) -> Iterator[list[str]]:
    """Every SQL statement the application sends while the block runs."""
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        seen.append(statement)

    event.listen(app.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(app.engine.sync_engine, "before_cursor_execute", record)


def counting(seen: list[str]) -> list[str]:
    return [s for s in seen if any(table in s for table in COUNTED_TABLES)]


async def run_refresh_job(app: App) -> None:
    """The job exactly as the scheduler runs it (its guard, its incident), without waiting for time."""
    job = build_scheduler(app, app.settings).scheduler.get_job("dashboard")
    assert job is not None and job.trigger.interval == timedelta(seconds=300)
    await job.func()


async def finish_a_lesson(app: App, name: str) -> str:
    """A learner of Tân Cương onboards in the chat, reads the first lesson and passes its quiz."""
    someone = Person(app, name)
    await onboard(someone, name=name.capitalize())
    await someone.pick("Học tiếp")
    await someone.read_lesson()
    await someone.finish_quiz(wrong=[0])
    async with app.sessions() as session:
        done = await session.scalar(
            select(LearningEvent.lesson_id).where(
                LearningEvent.learner_id == await learner_id(app, someone), LearningEvent.verb == "completed"
            )
        )
    assert done is not None, someone.text()
    return done


async def test_a_finished_lesson_shows_once_the_refresh_job_has_run(
    database_url: str, tmp_path: Path, clock: FakeClock, library: Library
) -> None:
    async with dashboard_app(database_url, tmp_path, clock, library, **KEPT) as app:
        await build_town(app)
        hoa = await person(app, "hoa", "admin")
        async with app.sessions.begin() as session:  # a commune nobody lives in any more
            old = clock.now() - timedelta(days=1)
            session.add(DashboardSnapshot(what="stats", scope="commune:Nơi cũ", counted_at=old, body="{}"))
        await run_refresh_job(app)
        async with served(app) as client:
            await sign_in(client, hoa)
            before = (await client.get("/dashboard/")).text
            assert figures(before)["lessons_completed"] == 4 and "Số liệu tính lúc 08:30 02/03/2026" in before
            clock.advance(minutes=2)
            lesson = await finish_a_lesson(app, "an")
            page = (await client.get("/dashboard/")).text
            assert figures(page) == figures(before) and "Số liệu tính lúc 08:30" in page  # read, not counted
            clock.advance(minutes=5)
            await run_refresh_job(app)
            after = (await client.get("/dashboard/")).text
            async with app.sessions() as session:
                totals = as_json(await compute_stats(session, app.tutor.places, clock.now()))["totals"]
            assert figures(after) == {name: totals[name] for name in figures(after)}
            assert figures(after)["lessons_completed"] == 5 and figures(after)["learners"] == 4
            assert "Số liệu tính lúc 08:37 02/03/2026" in after
            content = (await client.get("/dashboard/noi-dung", params={"xa": TAN_CUONG})).text
            title = library.lessons[lesson].title
            assert re.search(rf"{title}</th>\s*<td>1</td><td>1</td><td>1</td>", content)
            answered = (await client.get("/dashboard/xuat/cau-hoi.csv")).content.decode("utf-8-sig")
            # The answers the turn logged carry their option and verdict as columns: one was wrong.
            rows = [line.split(",") for line in answered.splitlines()[1:]]
            assert sum(int(r[-3]) for r in rows) >= 3 and sum(int(r[-2]) for r in rows) == 1
        async with app.sessions() as session:
            scopes = set((await session.execute(select(DashboardSnapshot.scope))).scalars())
    assert "commune:Nơi cũ" not in scopes and {PROVINCE, scope_key(TAN_CUONG), scope_key(LA_BANG)} <= scopes


@asynccontextmanager
async def second_process(app: App, clock: FakeClock, library: Library, tmp_path: Path) -> AsyncIterator[App]:
    """Another `hocvuso run --role web` on the same database: its own engine, pool and pages."""
    settings = settings_for(app.settings.db_url, tmp_path / "web", **KEPT)
    other = await bootstrap(settings, clock=clock, library=library)
    try:
        yield other
    finally:
        await other.close()


async def test_every_process_reads_the_one_snapshot_and_none_counts(
    database_url: str, tmp_path: Path, clock: FakeClock, library: Library
) -> None:
    async with dashboard_app(database_url, tmp_path, clock, library, **KEPT) as scheduler:
        await build_town(scheduler)
        hoa = await person(scheduler, "hoa", "admin")
        lan = await person(scheduler, "lan", "admin", roles.Scope(LA_BANG), place=LA_BANG)
        async with second_process(scheduler, clock, library, tmp_path) as web, served(web) as client:
            await run_refresh_job(scheduler)
            await sign_in(client, hoa)
            clock.advance(minutes=3)
            await finish_a_lesson(scheduler, "an")
            with statements(web) as seen:
                pages = [
                    (await client.get(path)).text for path in ("/dashboard/", "/dashboard/xa", "/dashboard/noi-dung")
                ]
            assert counting(seen) == [] and all("Số liệu tính lúc 08:30" in page for page in pages)
            assert figures(pages[0])["learners"] == 3
            clock.advance(minutes=5)
            await run_refresh_job(scheduler)
            with statements(web) as seen:
                page = (await client.get("/dashboard/")).text
                client.cookies.clear()
                await sign_in(client, lan)
                mine = (await client.get("/dashboard/")).text
            assert counting(seen) == []
            assert figures(page)["learners"] == 4 and "Số liệu tính lúc 08:38" in page
            assert figures(mine)["learners"] == 1 and "Tổng quan · Xã La Bằng" in mine and "08:38" in mine


async def scheduler_job(app: App) -> Callable[[], Awaitable[None]]:
    job = build_scheduler(app, app.settings).scheduler.get_job("dashboard")
    assert job is not None
    func: Callable[[], Awaitable[None]] = job.func
    return func


async def test_two_schedulers_count_each_round_once(
    database_url: str, tmp_path: Path, clock: FakeClock, library: Library
) -> None:
    async with dashboard_app(database_url, tmp_path, clock, library, **KEPT) as first:
        await build_town(first)
        async with second_process(first, clock, library, tmp_path) as second:
            jobs = (await scheduler_job(first), await scheduler_job(second))

            async def round_of(*which: int) -> list[bool]:
                """Which schedulers counted when the given ones ran their job at the same time."""
                with statements(first) as one, statements(second) as two:
                    await asyncio.gather(*(jobs[i]() for i in which))
                return [counting(one) != [], counting(two) != []]

            assert sorted(await round_of(0, 1)) == [False, True]  # the same round: one counts
            async with first.sessions() as session:
                stored = await session.get(DashboardSnapshot, ("stats", PROVINCE))
                claim = await session.get(DashboardSnapshot, CLAIM)
            assert stored is not None and stored.counted_at == clock.now()
            assert claim is not None and json.loads(claim.body)["by"] == f"{socket.gethostname()}:{os.getpid()}"
            clock.advance(seconds=230)  # a scheduler whose tick falls later in the same interval
            assert await round_of(1) == [False, False] and await round_of(0) == [False, False]
            clock.advance(seconds=20)  # 250 s: past 0.8 of the interval, the next round is open
            assert await round_of(1, 1) == [False, True]  # and taken once, even by two ticks at once
            assert await round_of(0) == [False, False]
            clock.advance(seconds=250)  # the second scheduler has stopped: the first counts alone
            assert await round_of(0) == [True, False]


async def test_a_scope_never_counted_is_counted_once_by_the_first_page(
    database_url: str, tmp_path: Path, clock: FakeClock, library: Library
) -> None:
    async with dashboard_app(database_url, tmp_path, clock, library, **KEPT) as app:
        await build_town(app)
        hoa = await person(app, "hoa", "admin")
        async with served(app) as client:
            with statements(app) as seen:
                home = await sign_in_and_read(client, hoa)  # a fresh start: nothing counted yet
            assert figures(home)["learners"] == 3 and len(answers_counted(seen)) == 0
            with statements(app) as seen:
                first, second = await asyncio.gather(
                    client.get("/dashboard/noi-dung"), client.get("/dashboard/noi-dung")
                )
            assert first.text == second.text and len(answers_counted(seen)) == 1  # one counts, the other waits
            with statements(app) as seen:
                commune = (await client.get("/dashboard/", params={"xa": TAN_CUONG})).text
                (await client.get("/dashboard/noi-dung", params={"xa": LA_BANG})).raise_for_status()
            assert counting(seen) == [] and figures(commune)["learners"] == 2  # stored with the province's
        async with app.sessions() as session:
            stored = {
                tuple(row) for row in await session.execute(select(DashboardSnapshot.what, DashboardSnapshot.scope))
            }
        assert {("stats", PROVINCE), ("questions", PROVINCE), ("questions", scope_key(LA_BANG))} <= stored


async def test_a_page_counts_for_itself_once_no_scheduler_has_counted_for_three_intervals(
    database_url: str, tmp_path: Path, clock: FakeClock, library: Library
) -> None:
    async with dashboard_app(database_url, tmp_path, clock, library, **KEPT) as app:
        await build_town(app)
        hoa = await person(app, "hoa", "admin")
        await run_refresh_job(app)  # then the scheduler stops
        async with served(app) as client:
            await sign_in(client, hoa)
            await finish_a_lesson(app, "an")
            clock.advance(minutes=14, seconds=59)
            kept = (await client.get("/dashboard/")).text
            assert figures(kept)["learners"] == 3 and "Số liệu tính lúc 08:30" in kept
            clock.advance(seconds=2)  # 15 minutes: three rounds missed
            with statements(app) as seen:
                page = (await client.get("/dashboard/")).text
            assert counting(seen) != [] and figures(page)["learners"] == 4 and "Số liệu tính lúc 08:45" in page
            with statements(app) as seen:
                again = (await client.get("/dashboard/")).text
            assert counting(seen) == [] and figures(again) == figures(page)  # stored for the next pages


async def sign_in_and_read(client: httpx.AsyncClient, someone: Person) -> str:
    await sign_in(client, someone)
    return (await client.get("/dashboard/")).text


def answers_counted(seen: list[str]) -> list[str]:
    return [s for s in seen if "learning_events.chosen" in s]


async def seed_everything(app: App) -> None:
    """The town of `hocvuso stats`' tests, with answers, unanswered questions and scam checks."""
    await build_town(app)
    now = app.clock.now()
    async with app.sessions.begin() as session:
        a = await learner_id(app, await person(app, "an"))
        b = await learner_id(app, await person(app, "binh", place=LA_BANG))
        for who, option in ((a, 0), (b, 0), (a, 2), (b, 1)):
            add_event(
                app, session, who, "answered", "vneid-hai-muc", question=QUESTION, option=option, correct=option == 2
            )
        add_event(app, session, b, "failed", "vneid-hai-muc", days_ago=9)
        for place, topic in ((TAN_CUONG, "vneid"), (LA_BANG, "vneid"), (LA_BANG, "thanhtoan")):
            session.add(UnansweredQuestion(at=now, topic=topic, place=place, text=None))
        for days, place, verdict in ((0, TAN_CUONG, "scam"), (8, LA_BANG, "suspicious"), (1, LA_BANG, "none")):
            session.add(ScamCheck(at=now - timedelta(days=days), place=place, verdict=verdict, signals=["apk-link"]))


async def test_each_commune_s_snapshot_is_what_counting_that_commune_alone_gives(
    database_url: str, tmp_path: Path, clock: FakeClock, library: Library
) -> None:
    async with dashboard_app(database_url, tmp_path, clock, library, **KEPT) as town:
        await seed_everything(town)
        snapshots = refresher(town, town.settings)
        assert isinstance(snapshots, Snapshots)
        now, places = clock.now(), town.tutor.places
        async with town.sessions() as session:
            for what, count in COUNTERS.items():
                province = await count(snapshots.counting, session, now, None)
                assert len(province) > 30  # the province, and every commune on the list
                for place in (TAN_CUONG, LA_BANG, "Thái Nguyên/phường Phan Đình Phùng"):
                    alone = await count(snapshots.counting, session, now, place)
                    assert alone == {scope_key(place): province.get(scope_key(place), {})}, (what, place)
            for one in (None, TAN_CUONG, LA_BANG):
                counted = await compute_stats(session, places, now, one)
                body = (await COUNTERS["stats"](snapshots.counting, session, now, None))[scope_key(one)]
                assert queries.stats_report(body, now, places, counted.target_share, one) == counted
            questions = (await COUNTERS["questions"](snapshots.counting, session, now, None))[PROVINCE]
    assert questions == {"answers": {QUESTION: 4}, "wrong": {QUESTION: 3}, "options": {QUESTION: {"0": 2, "1": 1}}}


async def test_answers_logged_before_0008_get_their_option_and_verdict_as_columns(empty_database_url: str) -> None:
    database_url = empty_database_url
    engine = create_engine(database_url)
    config = alembic_config(database_url)

    def to_0007(connection: object) -> None:
        config.attributes["connection"] = connection
        command.upgrade(config, "0007")

    async with engine.begin() as connection:
        await connection.run_sync(to_0007)
        rows = [
            {"verb": "answered", "result": '{"option": 2, "correct": true, "during": "quiz"}'},
            {"verb": "answered", "result": '{"option": 0, "correct": false, "during": "review"}'},
            {"verb": "started", "result": "{}"},
        ]
        for row in rows:
            await connection.execute(
                text(
                    "INSERT INTO learning_events (verb, lesson_id, question_id, module_id, content_version, result, at)"
                    " VALUES (:verb, 'l', 'q', '', 0, :result, '2026-03-01 00:00:00')"
                ),
                row,
            )
    await upgrade(engine)
    async with engine.begin() as connection:
        # A row written after the migration gets them from the model, whatever writes it.
        await connection.execute(
            insert(LearningEvent), [{"verb": "answered", "result": {"option": 1, "correct": False}, "at": AT}]
        )
        found = (await connection.execute(text("SELECT verb, chosen, correct FROM learning_events ORDER BY id"))).all()
    await engine.dispose()
    assert [(verb, chosen, None if right is None else bool(right)) for verb, chosen, right in found] == [
        ("answered", 2, True),
        ("answered", 0, False),
        ("started", None, None),
        ("answered", 1, False),
    ]
