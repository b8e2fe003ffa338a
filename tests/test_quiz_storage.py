"""Failed attempts today reach the engine from the event log, on SQLite and PostgreSQL alike,
and the count starts again at the learner's local midnight."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.app import App
from bot.clock import FakeClock
from bot.storage import repo
from dialogs.context import LearnerView
from dialogs.state import StateName
from tests.helpers import Learner, onboard

S = StateName
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def local(*when: int) -> datetime:
    """A local time in Thái Nguyên, as the UTC instant the shell's clock gives."""
    return datetime(*when, tzinfo=ZONE).astimezone(UTC)


async def _view(app: App, person: Learner) -> LearnerView:
    async with app.sessions() as session:
        found = await repo.find_learner(session, person.key)
        assert found is not None
        return await repo.learner_view(session, found, app.clock.now())


async def _fail_quiz(person: Learner) -> None:
    while (await person.state()).name is S.QUIZ:
        await person.answer(False)
    assert (await person.state()).name is S.QUIZ_RESULT


async def test_failed_attempts_today_reach_the_engine_and_start_again_at_local_midnight(
    app: App, clock: FakeClock
) -> None:
    clock.set(local(2026, 3, 2, 23, 0))
    lan = Learner(app)
    await onboard(lan)
    await lan.pick("Học tiếp")
    await lan.read_lesson()
    lesson = (await lan.state()).lesson
    await _fail_quiz(lan)
    assert (await _view(app, lan)).failed_today == {lesson: 1}
    await lan.pick("Làm lại")
    await _fail_quiz(lan)
    assert (await _view(app, lan)).failed_today == {lesson: 2}
    await lan.pick("Đọc lại")
    await lan.read_lesson()
    assert (await lan.state()).name is S.QUIZ_WAIT
    clock.set(local(2026, 3, 2, 23, 59))
    await lan.say("/hoc")
    assert (await lan.state()).name is S.QUIZ_WAIT
    clock.set(local(2026, 3, 3, 0, 1))
    assert (await _view(app, lan)).failed_today == {}
    await lan.say("/hoc")
    state = await lan.state()
    assert (state.name, state.lesson) == (S.QUIZ, lesson)


async def test_only_failed_attempts_of_today_count_per_lesson(app: App, clock: FakeClock) -> None:
    lan = Learner(app)
    await onboard(lan)
    async with app.sessions.begin() as session:
        found = await repo.find_learner(session, lan.key)
        assert found is not None
        now = clock.now()
        for verb, lesson, ago in (
            ("failed", "a", timedelta(minutes=5)),
            ("failed", "a", timedelta(hours=1)),
            ("failed", "b", timedelta(minutes=1)),
            ("failed", "b", timedelta(days=1)),  # yesterday
            ("completed", "c", timedelta(minutes=2)),
            ("started", "a", timedelta(minutes=9)),
        ):
            repo.add_event(session, found.id, verb, now - ago, lesson_id=lesson)
    assert (await _view(app, lan)).failed_today == {"a": 2, "b": 1}
