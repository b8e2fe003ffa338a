"""Unanswered questions and scam checks are counted; texts only with consent, for a while; never
the pasted message. Real SQLite and PostgreSQL through the Tutor, and the real CLI."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

from sqlalchemy import select
from typer.testing import CliRunner

from bot.app import App
from bot.cli import build
from bot.clock import FakeClock
from bot.insights import forget_old_texts, scam_weeks, unanswered
from bot.storage.models import ScamCheck, UnansweredQuestion
from dialogs.state import StateName
from tests.helpers import Learner, onboard

UNANSWERABLE = "cách trồng lúa vụ đông thế nào?"
PASTED = (
    "Vietcombank thong bao: tai khoan cua quy khach bi tam khoa do nghi ngo gian lan. "
    "Vui long truy cap vcb-xacminh[.]top va nhap ma OTP de mo khoa trong 24h."
)


async def _questions(app: App) -> list[UnansweredQuestion]:
    async with app.sessions() as session:
        return list((await session.execute(select(UnansweredQuestion))).scalars())


async def test_an_unanswered_question_is_counted_with_its_text_only_with_consent(app: App) -> None:
    lan, minh = Learner(app, "lan"), Learner(app, "minh")
    await onboard(lan)
    await minh.say("/start")
    await minh.pick("Không đồng ý")
    for person in (lan, minh):
        await person.say(UNANSWERABLE)
        assert (await person.state()).name is StateName.ANSWER
        assert "chưa dám trả lời chắc" in person.text()
    rows = sorted(await _questions(app), key=lambda r: r.id)
    assert [r.text for r in rows] == [UNANSWERABLE, None]
    assert rows[0].learner_id is not None and rows[1].learner_id is None
    assert all(r.topic for r in rows)  # the nearest topic, for content writers


async def test_texts_are_forgotten_after_the_keeping_time_and_with_the_learner(app: App, clock: FakeClock) -> None:
    lan, hoa = Learner(app, "lan"), Learner(app, "hoa")
    for person in (lan, hoa):
        await onboard(person)
        await person.say(UNANSWERABLE)
    clock.advance(days=91)
    async with app.sessions.begin() as session:
        await forget_old_texts(session, clock.now(), 90)
    assert [r.text for r in await _questions(app)] == [None, None]
    await hoa.say(UNANSWERABLE)  # a fresh one, kept
    await hoa.say("/xoadulieu")
    await hoa.pick("Xóa hết")
    rows = await _questions(app)
    assert len(rows) == 2 and all(r.text is None for r in rows)  # her kept question went with her data


async def test_a_pasted_scam_is_checked_and_only_the_verdict_is_kept(app: App) -> None:
    lan = Learner(app, "lan")
    await onboard(lan)
    await lan.say(PASTED)
    assert (await lan.state()).name is StateName.SCAM_RESULT
    assert "Có dấu hiệu lừa đảo" in lan.text() and "vcb-xacminh" not in lan.text()
    async with app.sessions() as session:
        [check] = (await session.execute(select(ScamCheck))).scalars()
        weeks = await scam_weeks(session, app.clock.now() - timedelta(days=7))
    assert check.verdict == "scam" and check.signals and check.place == "Thái Nguyên/xã Tân Cương"
    assert weeks[0]["checks"] == 1 and weeks[0]["verdicts"] == {"scam": 1}
    await lan.pick("Quay lại")
    assert (await lan.state()).name is StateName.MENU  # back exactly where she was


async def test_the_cli_lists_unanswered_questions_by_topic(app: App) -> None:
    lan = Learner(app, "lan")
    await onboard(lan)
    await lan.say(UNANSWERABLE)
    async with app.sessions() as session:
        found = await unanswered(session, app.clock.now() - timedelta(days=1))
    assert found[0]["count"] == 1 and found[0]["texts"] == [UNANSWERABLE]
    env = {"DATABASE_URL": app.settings.db_url, "DATA_DIR": str(app.settings.data_dir), "LOG_LEVEL": "WARNING"}
    args = ["questions", "unanswered", "--days", "365", "--json"]
    result = await asyncio.to_thread(CliRunner().invoke, build(), args, env=env)  # the CLI runs its own loop
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["topics"][0]["texts"] == [UNANSWERABLE]
