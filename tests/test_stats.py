"""Statistics per commune: SQL aggregates over real SQLite and PostgreSQL, in chat and on the CLI."""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.families import (
    COUNTS,
    PopulationError,
    StatsReport,
    compute_stats,
    parse_population,
    stats_json,
    store_population,
)
from bot.keys import ConversationKey
from bot.storage import repo
from bot.storage.models import Certificate, Family, GuidedLearner, LearnerRole
from bot.storage.models import Learner as LearnerRow
from tests.helpers import Learner, onboard

TAN_CUONG = "Thái Nguyên/xã Tân Cương"
LA_BANG = "Thái Nguyên/xã La Bằng"
HOCVUSO = str(Path(sys.executable).parent / "hocvuso")
DOCS = Path(__file__).resolve().parents[1] / "docs" / "stats.md"


class Town:
    """Writes learners and their records straight into the tables the statistics read."""

    def __init__(self, session: AsyncSession, now: datetime) -> None:
        self.session, self.now = session, now
        self.count = 0

    async def learner(self, place: str, consent: bool = True, role: str = "") -> LearnerRow:
        self.count += 1
        key = ConversationKey("telegram", f"c{self.count}", f"u{self.count}")
        row = await repo.lock_learner(self.session, key, self.now, "Asia/Ho_Chi_Minh")
        row.consent, row.place = consent, place
        if role:
            self.session.add(LearnerRole(learner_id=row.id, role=role, granted_at=self.now))
        return row

    def event(self, learner: LearnerRow, verb: str, lesson: str, days_ago: float = 0) -> None:
        repo.add_event(self.session, learner.id, verb, self.now - timedelta(days=days_ago), lesson_id=lesson)

    def certificate(self, learner: LearnerRow, module: str = "co-ban") -> None:
        code = f"HVT{learner.id:05d}"
        self.session.add(Certificate(code=code, learner_id=learner.id, module_id=module, name="", issued_at=self.now))
        repo.add_event(self.session, learner.id, "certified", self.now, module_id=module, result={"code": code})

    def guided(self, place: str, ambassador: LearnerRow | None = None) -> None:
        self.session.add(
            GuidedLearner(
                ambassador_id=ambassador.id if ambassador else None,
                first_name="Tư",
                place=place,
                lessons=["vneid-hai-muc"],
                guided_on=self.now,
                created_at=self.now,
            )
        )


async def build_town(app: App) -> None:
    now = app.clock.now()
    async with app.sessions.begin() as session:
        town = Town(session, now)
        a = await town.learner(TAN_CUONG)
        for lesson in ("vneid-hai-muc", "vneid-ung-dung-that"):
            town.event(a, "started", lesson)
            town.event(a, "completed", lesson)
        town.event(a, "completed", "vneid-hai-muc")  # a second pass is still one lesson completed
        town.certificate(a)
        b = await town.learner(TAN_CUONG)
        town.event(b, "started", "vneid-hai-muc", days_ago=10)  # a learner, but not active this week
        await town.learner(TAN_CUONG)  # agreed, never started: not a learner yet
        no_consent = await town.learner("", consent=False)
        town.event(no_consent, "started", "vneid-hai-muc")  # cannot happen through the tutor; never counted
        amb = await town.learner(TAN_CUONG, role="ambassador")
        session.add(Family(ambassador_id=amb.id, name="Nhà Lan", created_at=now))
        for _ in range(3):
            town.guided(TAN_CUONG, amb)
        town.guided(LA_BANG)
        c = await town.learner(LA_BANG)
        town.event(c, "started", "thanhtoan-vietqr", days_ago=2)
        town.event(c, "completed", "thanhtoan-vietqr", days_ago=2)
        gone = await town.learner(TAN_CUONG)
        town.event(gone, "started", "vneid-hai-muc")
        town.event(gone, "completed", "vneid-hai-muc")
        town.certificate(gone, "vneid")
        await session.flush()
        await repo.delete_personal_data(session, gone.id)


def as_json(report: StatsReport) -> dict[str, Any]:
    """The report exactly as `hocvuso stats --json` prints it."""
    printed: dict[str, Any] = json.loads(json.dumps(stats_json(report)))
    return printed


def row_of(report: dict[str, Any], place: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [r for r in report["communes"] if r["place"] == place]
    assert len(found) == 1, place
    return found[0]


async def test_each_figure_per_commune_and_the_totals_with_anonymous_completions(app: App) -> None:
    await build_town(app)
    async with app.sessions() as session:
        report = as_json(await compute_stats(session, app.tutor.places, app.clock.now()))
    tan_cuong, la_bang = row_of(report, TAN_CUONG), row_of(report, LA_BANG)
    assert {k: tan_cuong[k] for k in COUNTS} == {
        "learners": 2,
        "active_7d": 1,
        "lessons_completed": 2,
        "certificates": 1,
        "certified_learners": 1,
        "guided": 3,
        "ambassadors": 1,
        "families": 1,
    }
    assert (tan_cuong["name"], la_bang["name"]) == ("Xã Tân Cương", "Xã La Bằng")
    assert (la_bang["learners"], la_bang["active_7d"], la_bang["lessons_completed"], la_bang["guided"]) == (1, 1, 1, 1)
    totals = report["totals"]
    # The learner who deleted their data is in no commune; their completion and certificate stay in the totals.
    assert (totals["lessons_completed"], totals["certificates"]) == (2 + 1 + 1, 1 + 1)
    assert (totals["anonymous_lessons_completed"], totals["anonymous_certificates"]) == (1, 1)
    assert (totals["learners"], totals["guided"], totals["families"]) == (3, 4, 1)
    assert [r["place"] for r in report["communes"]][:2] == [TAN_CUONG, LA_BANG]


async def test_one_commune_alone_leaves_out_what_belongs_to_no_commune(app: App) -> None:
    await build_town(app)
    async with app.sessions() as session:
        report = as_json(await compute_stats(session, app.tutor.places, app.clock.now(), LA_BANG))
    assert [r["place"] for r in report["communes"]] == [LA_BANG] and report["commune"] == LA_BANG
    assert report["totals"]["lessons_completed"] == 1 and report["totals"]["anonymous_lessons_completed"] == 0


async def test_the_database_counts_so_more_learners_cost_no_more_queries(app: App) -> None:
    statements: list[str] = []

    def seen(*args: Any) -> None:
        statements.append(str(args[2]))

    async def queries() -> int:
        statements.clear()
        event.listen(app.engine.sync_engine, "before_cursor_execute", seen)
        try:
            async with app.sessions() as session:
                await compute_stats(session, app.tutor.places, app.clock.now())
        finally:
            event.remove(app.engine.sync_engine, "before_cursor_execute", seen)
        return len(statements)

    await build_town(app)
    few = await queries()
    async with app.sessions.begin() as session:
        town = Town(session, app.clock.now())
        town.count = 100
        for _ in range(40):
            learner = await town.learner(LA_BANG)
            town.event(learner, "started", "vneid-hai-muc")
    assert await queries() == few
    # Each one an aggregate (the population table holds one row per commune, read as it is).
    assert all(re.search(r"GROUP BY|count\(|FROM place_population", s, re.IGNORECASE) for s in statements)


def test_population_files_name_the_line_that_is_wrong(places: Any) -> None:
    assert parse_population("commune,adults\nTân Cương,5 200\n", places) == {TAN_CUONG: 5200}
    assert parse_population(f"commune,adults\n{LA_BANG},1.234\n", places) == {LA_BANG: 1234}
    for text, problem in (
        ("name,adults\nTân Cương,5\n", "the columns must be commune,adults"),
        ("commune,adults\nTân Cương,5\nNơi Không Có,9\n", "line 3: “Nơi Không Có” names no known commune"),
        ("commune,adults\nphu,9\n", "line 2: “phu” names several communes"),
        ("commune,adults\nTân Cương,nhiều\n", "line 2: adults must be a whole number above 0"),
        ("commune,adults\n", "no rows"),
    ):
        with pytest.raises(PopulationError, match=re.escape(problem)):
            parse_population(text, places, "dan-so.csv")


async def test_progress_against_the_target_share_of_adults(app: App) -> None:
    await build_town(app)
    async with app.sessions.begin() as session:
        await store_population(session, {TAN_CUONG: 10, LA_BANG: 4}, app.clock.now())
        await store_population(session, {TAN_CUONG: 5}, app.clock.now())  # a reload replaces the figure
    async with app.sessions() as session:
        report = as_json(await compute_stats(session, app.tutor.places, app.clock.now(), target_share=0.2))
    tan_cuong = row_of(report, TAN_CUONG)
    assert (tan_cuong["adults"], tan_cuong["certified_share"], tan_cuong["target_learners"]) == (5, 0.2, 1)
    assert tan_cuong["target_reached"] is True
    assert row_of(report, LA_BANG)["target_reached"] is False
    assert (report["totals"]["adults"], report["target_share"]) == (9, 0.2)


async def test_admins_read_the_figures_in_chat_and_no_one_else_does(app: App) -> None:
    await build_town(app)
    admin, lan = Learner(app, "admin"), Learner(app, "lan")
    await onboard(admin)
    await onboard(lan)
    await lan.say("/thongke")
    assert "chỉ dành cho cán bộ quản trị" in lan.text()
    async with app.sessions.begin() as session:
        row = await repo.find_learner(session, admin.key)
        assert row is not None
        session.add(LearnerRole(learner_id=row.id, role="admin", granted_at=app.clock.now()))
    await admin.say("/thongke")
    text = admin.screen.text
    assert "Tổng: 3 người học (2 học trong 7 ngày), 4 lượt xong bài" in text
    assert text.index("Xã Tân Cương: 2 người học") < text.index("Xã La Bằng: 1 người học")
    # Each commune's row in plain words: no "GCN" or "HD trực tiếp" an officer would have to guess.
    row = "• Xã Tân Cương: 2 người học · 2 lượt xong bài · 1 giấy chứng nhận · 3 người được hướng dẫn trực tiếp"
    assert row in text
    await admin.say("/thongke la bang")
    assert "Thống kê Học Vụ Số — Xã La Bằng" in admin.screen.text and "Tân Cương" not in admin.screen.text
    await admin.say("1")  # the screen's only button: back to the menu
    await admin.say("/thongke noi khong co")
    assert "Chưa có số liệu cho “noi khong co”" in admin.screen.text


def test_the_json_reference_documents_every_field() -> None:
    doc = DOCS.read_text(encoding="utf-8")
    fields = (*COUNTS, "adults", "certified_share", "target_learners", "target_reached", "place", "name")
    for name in (*fields, "anonymous_lessons_completed", "anonymous_certificates", "generated_at", "target_share"):
        assert f"`{name}`" in doc, name


# --- the command line, as an officer runs it ---------------------------------------------


@pytest.fixture
def cli_env(database_url: str, tmp_path: Path) -> Iterator[dict[str, str]]:
    yield {**os.environ, "DATABASE_URL": database_url, "DATA_DIR": str(tmp_path / "data"), "LOG_LEVEL": "WARNING"}


async def hocvuso(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        HOCVUSO, *args, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    assert b"Traceback" not in out + err
    return process.returncode or 0, out.decode(), err.decode()


# The commands only call what the tests above run on both databases: one backend is enough here.
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@SQLITE_ONLY
async def test_the_cli_prints_stable_json_and_loads_population(
    app: App, cli_env: dict[str, str], tmp_path: Path
) -> None:
    await build_town(app)
    csv_file = tmp_path / "dan-so.csv"
    csv_file.write_text("commune,adults\nTân Cương,5\nxã La Bằng,4\n", encoding="utf-8")
    code, out, _ = await hocvuso(cli_env, "stats", "load-population", str(csv_file))
    assert code == 0 and "Loaded the adult population of 2 communes" in out
    code, out, _ = await hocvuso(cli_env, "stats", "--json")
    report = json.loads(out)
    assert list(report) == [
        "schema",
        "generated_at",
        "commune",
        "active_window_days",
        "target_share",
        "communes",
        "totals",
        "scam_checks",
    ]
    assert report["scam_checks"] == []  # nobody in this town had a message checked
    assert list(report["communes"][0]) == [
        "place",
        "name",
        *COUNTS,
        "adults",
        "certified_share",
        "target_learners",
        "target_reached",
    ]
    assert row_of(report, TAN_CUONG)["adults"] == 5 and report["totals"]["learners"] == 3
    code, out, _ = await hocvuso(cli_env, "stats", "--commune", "la bang")
    assert code == 0 and "Xã La Bằng" in out and "Tân Cương" not in out
    code, _, err = await hocvuso(cli_env, "stats", "--commune", "phu")
    assert code == 1 and "--commune must name exactly one commune" in err
    csv_file.write_text("commune,adults\nKhông Có,5\n", encoding="utf-8")
    code, _, err = await hocvuso(cli_env, "stats", "load-population", str(csv_file))
    assert code == 1 and "line 2" in err


@SQLITE_ONLY
async def test_the_cli_grants_the_role_and_makes_codes(app: App, cli_env: dict[str, str]) -> None:
    lan = Learner(app, "lan")
    await onboard(lan)
    code, out, _ = await hocvuso(cli_env, "admin", "grant-ambassador", "console:lan")
    assert code == 0 and "console:lan is now a Digital Ambassador" in out
    code, out, _ = await hocvuso(cli_env, "admin", "ambassador-code", "--place", "Tân Cương", "--count", "2")
    codes = out.split()
    assert code == 0 and len(codes) == 2 and all(re.fullmatch(r"DS-[A-Z2-9]{5}-[A-Z2-9]{5}", c) for c in codes)
    await lan.say("/daisu")
    assert "Công cụ Đại sứ số" in lan.screen.text
    code, out, _ = await hocvuso(cli_env, "admin", "revoke-ambassador", "console:lan")
    assert code == 0 and "no longer" in out
    await lan.say("/daisu")
    assert "dành cho Đại sứ số" in lan.text()
    code, _, err = await hocvuso(cli_env, "admin", "grant-ambassador", "lan")
    assert code == 1 and "CHANNEL:ID" in err
