"""What the overview and communes pages read: the figures of `hocvuso stats`, and a weekly trend.

The figures come from bot/families.compute_stats, so the page, the chat's /thongke and
`hocvuso stats --json` can never disagree. `place` limits everything to one commune.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute

from bot.families import COUNTS, CommuneStats, StatsReport, compute_stats
from bot.storage.models import Learner, LearningEvent, LessonProgressRow
from content.places import PlaceIndex

WEEKS = 8
SORTABLE = (*COUNTS, "name", "adults", "progress")


@dataclass(frozen=True, slots=True)
class Week:
    start: datetime  # Monday 00:00, local time
    active: int  # people with any learning activity that week
    completed: int  # lessons passed for the first time that week


@dataclass(frozen=True, slots=True)
class Target:
    """A commune's progress against the share of adults the province aims to certify."""

    certified: int
    needed: int | None  # None without a population figure

    @property
    def share(self) -> float | None:
        """Of the target reached, 0..1 and beyond; None without a population figure."""
        return None if not self.needed else self.certified / self.needed


def target_of(row: CommuneStats, share: float) -> Target:
    return Target(row.get("certified_learners"), math.ceil(row.adults * share) if row.adults else None)


async def stats(
    session: AsyncSession, places: PlaceIndex, now: datetime, place: str | None, share: float
) -> StatsReport:
    return await compute_stats(session, places, now, place, share)


def week_starts(now: datetime, tz: str, weeks: int = WEEKS) -> list[datetime]:
    """The Mondays of the last `weeks` weeks, this one last, at local midnight."""
    local = now.astimezone(ZoneInfo(tz))
    monday = (local - timedelta(days=local.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    return [monday - timedelta(weeks=weeks - 1 - i) for i in range(weeks)]


def week_of(column: QueryableAttribute[Any], starts: list[datetime]) -> ColumnElement[int]:
    # The newest week first: the first boundary an event passes is its week.
    whens = [(column >= start, index) for index, start in reversed(list(enumerate(starts)))]
    return case(*whens, else_=-1)


async def weekly(session: AsyncSession, now: datetime, tz: str, place: str | None) -> list[Week]:
    """Active people and first completions per week, two queries over the last weeks only."""
    starts = week_starts(now, tz)
    here = (Learner.place == place,) if place is not None else ()
    week = week_of(LearningEvent.at, starts)
    active = (
        select(week, func.count(func.distinct(LearningEvent.learner_id)))
        .join(Learner, Learner.id == LearningEvent.learner_id)
        .where(LearningEvent.at >= starts[0], Learner.consent.is_(True), *here)
        .group_by(week)
    )
    done = week_of(LessonProgressRow.completed_at, starts)
    completed = (
        select(done, func.count())
        .join(Learner, Learner.id == LessonProgressRow.learner_id)
        .where(LessonProgressRow.completed_at >= starts[0], *here)
        .group_by(done)
    )
    people = {int(i): int(n) for i, n in (await session.execute(active)).all()}
    lessons = {int(i): int(n) for i, n in (await session.execute(completed)).all()}
    return [Week(start, people.get(i, 0), lessons.get(i, 0)) for i, start in enumerate(starts)]


def sort_rows(rows: tuple[CommuneStats, ...], key: str, descending: bool, share: float) -> tuple[CommuneStats, ...]:
    """The communes table sorted by a column the page offers; anything else sorts by learners."""
    if key == "name":
        return tuple(sorted(rows, key=lambda r: r.name, reverse=descending))

    def value(row: CommuneStats) -> float:
        if key == "adults":
            return float(row.adults or 0)
        if key == "progress":
            reached = target_of(row, share).share
            return -1.0 if reached is None else reached
        return float(row.get(key if key in COUNTS else "learners"))

    return tuple(sorted(rows, key=lambda r: (value(r), r.name), reverse=descending))
