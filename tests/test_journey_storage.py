"""A whole learner turn over real SQLite and PostgreSQL: state, events and dedup."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.app import App
from bot.reports import learner_report, rebuild_progress
from bot.storage.models import DialogStateRow, LearningEvent, ProcessedUpdate
from dialogs.messages import Inbound
from dialogs.state import StateName
from tests.helpers import Learner, onboard


async def _count(app: App, table: type) -> int:
    async with app.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(table)) or 0)


async def test_onboarding_lesson_and_quiz_record_completion_with_score(app: App) -> None:
    lan = Learner(app)
    await onboard(lan)
    await lan.pick("Học tiếp")
    first = (await lan.state()).lesson
    await lan.read_lesson()
    quiz_size = await lan.finish_quiz(wrong={1})  # one mistake, still a pass
    report = await learner_report(app, "console", "lan")
    assert report is not None
    done = report["completed_lessons"]
    assert isinstance(done, list)
    assert [(d["lesson_id"], d["score"], d["total"]) for d in done] == [(first, quiz_size - 1, quiz_size)]
    assert report["state"] == StateName.QUIZ_RESULT.value


async def test_the_same_update_twice_changes_nothing_the_second_time(app: App) -> None:
    lan = Learner(app)
    await onboard(lan)
    first = await lan.say("1", update="tg-42")
    before = (await lan.state(), await _count(app, LearningEvent), await _count(app, ProcessedUpdate))
    again = await lan.say("1", update="tg-42")
    after = (await lan.state(), await _count(app, LearningEvent), await _count(app, ProcessedUpdate))
    assert first and again == []
    assert before == after


async def test_a_learner_who_declines_keeps_nothing_personal_but_can_read(app: App) -> None:
    minh = Learner(app, "minh")
    await minh.say("/start")
    await minh.pick("Không đồng ý")
    await minh.pick("Học tiếp")
    await minh.read_lesson()
    await minh.answer(True)
    assert await _count(app, LearningEvent) == 0
    report = await learner_report(app, "console", "minh")
    assert (
        report is not None
        and report["completed_lessons"] == []
        and report["learner"]
        == {
            "channel": "console",
            "user": "minh",
            "consent": False,
        }
    )
    assert await _count(app, DialogStateRow) == 1


async def test_progress_rebuilt_from_the_log_matches_exactly(app: App) -> None:
    for name in ("lan", "hoa"):
        learner = Learner(app, name)
        await onboard(learner)
        await learner.pick("Học tiếp")
        await learner.read_lesson()
        await learner.finish_quiz(wrong=() if name == "lan" else range(10))
    changed, total = await rebuild_progress(app)
    assert (changed, total) == (0, 2)


async def test_stale_button_changes_nothing(app: App) -> None:
    lan = Learner(app)
    await onboard(lan)
    old_menu = lan.screen
    await lan.pick("Chủ đề")
    state = await lan.state()
    replies = await lan.send(Inbound.choice("help", old_menu.screen))
    assert "Nút này đã cũ" in lan.text()
    assert (await lan.state()).name is state.name is StateName.TOPICS
    assert replies
