"""Failed attempts today reach the engine from the event log, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import timedelta

from bot.app import App
from bot.clock import FakeClock
from bot.storage import repo
from dialogs.context import LearnerView
from tests.helpers import Learner, onboard


async def _view(app: App, person: Learner) -> LearnerView:
    async with app.sessions() as session:
        found = await repo.find_learner(session, person.key)
        assert found is not None
        return await repo.learner_view(session, found, app.clock.now())


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
