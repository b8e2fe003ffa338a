"""The learner view's reductions in SQL (bot/storage/repo.py VIEW_QUERY) against the plain
definitions, over real SQLite and PostgreSQL: learning days this week are the distinct local
dates of the events since the learner's local Monday, failed attempts today count per lesson.
Zones with whole, half and quarter hours, and weeks when clocks change (Santiago sets them back
at midnight, London in the small hours, Lord Howe by half an hour)."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete

from bot.app import App
from bot.storage import repo
from bot.storage.models import LearningEvent
from tests.helpers import Learner, onboard

ZONES = (
    "Asia/Ho_Chi_Minh",
    "America/Santiago",
    "Europe/London",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "America/St_Johns",
)
NOWS = (  # a plain week, and the weeks some clocks change (2026-04-05, 03-29, 10-25, 09-06)
    datetime(2026, 12, 3, 8, 41, tzinfo=UTC),
    datetime(2026, 4, 5, 4, 30, tzinfo=UTC),
    datetime(2026, 4, 6, 2, 0, tzinfo=UTC),
    datetime(2026, 3, 29, 23, 59, tzinfo=UTC),
    datetime(2026, 10, 26, 12, 0, tzinfo=UTC),
    datetime(2026, 9, 7, 3, 0, tzinfo=UTC),
)


def _times(rng: random.Random, now: datetime, zone: ZoneInfo, dense: bool) -> list[datetime]:
    """Random instants from before the week to after it, and local midnights give or take a
    microsecond (the edges a reduction could get wrong): all of them when dense, else a few."""
    since = repo.week_start(now, zone.key)
    spread = range(rng.randint(20, 40) if dense else rng.randint(0, 6))
    found = [since + timedelta(seconds=rng.uniform(-2 * 86400, 9 * 86400)) for _ in spread]
    for day in range(9):
        midnight = (since + timedelta(days=day)).astimezone(UTC)
        found += [t for t in (midnight, midnight - timedelta(microseconds=1)) if dense or rng.random() < 0.3]
    return [t.astimezone(UTC) for t in found]


async def test_days_and_failed_attempts_are_read_as_their_definitions_say(app: App) -> None:
    rng = random.Random(11)
    lan = Learner(app, "lan")
    await onboard(lan)
    checked = 0
    for zone in map(ZoneInfo, ZONES):
        for now, dense in itertools.product(NOWS, (True, False)):
            times = _times(rng, now, zone, dense)
            failed = [(rng.choice(("a", "b")), t) for t in times if rng.random() < 0.5]
            async with app.sessions.begin() as session:
                row = await repo.find_learner(session, lan.key)
                assert row is not None
                row.timezone = zone.key
                await session.execute(delete(LearningEvent).where(LearningEvent.learner_id == row.id))
                for at in times:
                    repo.add_event(session, row.id, "answered", at, lesson_id="a")
                for lesson, at in failed:
                    repo.add_event(session, row.id, "failed", at, lesson_id=lesson)
                await session.flush()
                view = await repo.learner_view(session, row, now)
            since, today = repo.week_start(now, zone.key), repo.day_start(now, zone.key)
            days = {t.astimezone(zone).date() for t in times + [t for _, t in failed] if t >= since}
            assert view.learning_days_this_week == len(days), (zone.key, now)
            assert view.failed_today == Counter(lesson for lesson, t in failed if t >= today), (zone.key, now)
            checked += len(days)
    assert checked > 100
