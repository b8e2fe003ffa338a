"""The dashboard's counts, each grouped by commune in one pass over the whole province.

Every function returns {place: part}: a part is a tree of counts (numbers, lists of numbers,
maps of them) that add up, so the province is the sum of its communes' parts — a learner
belongs to one commune, so people counted once in each commune are counted once in the
province. `only` limits the counting to one commune (a page opened before any snapshot of
it exists). The database does the counting (GROUP BY); answers are read from their `chosen`
and `correct` columns, never from their JSON. Rows of learners who deleted their data
(learner_id NULL) belong to no commune and are left out, as in `hocvuso stats`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.dashboard.queries import WEEKS, week_of, week_starts
from bot.storage.models import Learner, LearningEvent, LessonProgressRow, ScamCheck, UnansweredQuestion

Tally = int | list["Tally"] | Mapping[str, "Tally"]
Part = Mapping[str, Tally]
Parts = dict[str, Part]  # place -> part
UNANSWERED_DAYS = 90  # texts are deleted after this; counts cover the same window
VERDICTS = ("scam", "suspicious", "none")
FUNNEL = (("started",), ("completed", "failed"), ("completed",))  # started, finished the quiz, passed


def add(a: Tally, b: Tally) -> Tally:
    """Two parts added up: numbers add, lists add item by item, maps add key by key."""
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return {k: add(a[k], b[k]) if k in a and k in b else (a[k] if k in a else b[k]) for k in a.keys() | b.keys()}
    if isinstance(a, list) and isinstance(b, list):
        return [add(x, y) for x, y in zip(a, b, strict=True)]
    if isinstance(a, int) and isinstance(b, int):
        return a + b
    raise TypeError("parts of different shapes")


def total(parts: Iterable[Part]) -> Part:
    summed: Part = {}
    for part in parts:
        found = add(summed, part)
        summed = found if isinstance(found, Mapping) else summed
    return summed


def _here(only: str | None) -> tuple[ColumnElement[bool], ...]:
    return (Learner.place == only,) if only is not None else ()


def _weekly_series(rows: Sequence[Any]) -> dict[str, list[int]]:
    """(place, week index, n) rows as {place: [n per week]}; events before the weeks dropped."""
    found: dict[str, list[int]] = defaultdict(lambda: [0] * WEEKS)
    for place, index, n in rows:
        if 0 <= int(index) < WEEKS:
            found[str(place or "")][int(index)] = int(n)
    return found


async def weekly(session: AsyncSession, now: datetime, tz: str, only: str | None) -> Parts:
    """Per week of the last 8 (local Mondays): people with any learning activity, among those
    who consented, and lessons passed for the first time."""
    starts = week_starts(now, tz)
    week = week_of(LearningEvent.at, starts).label("week")
    mine = (LearningEvent.learner_id.in_(select(Learner.id).where(*_here(only))),) if only is not None else ()
    # Each (person, week) once, read from the (learner_id, at) index, before any join.
    pairs = (
        select(LearningEvent.learner_id, week)
        .where(LearningEvent.at >= starts[0], LearningEvent.learner_id.is_not(None), *mine)
        .distinct()
        .subquery()
    )
    active = (
        select(Learner.place, pairs.c.week, func.count())
        .join(Learner, Learner.id == pairs.c.learner_id)
        .where(Learner.consent.is_(True))
        .group_by(Learner.place, pairs.c.week)
    )
    done = week_of(LessonProgressRow.completed_at, starts)
    completed = (
        select(Learner.place, done, func.count())
        .join(Learner, Learner.id == LessonProgressRow.learner_id)
        .where(LessonProgressRow.completed_at >= starts[0], *_here(only))
        .group_by(Learner.place, done)
    )
    people = _weekly_series((await session.execute(active)).all())
    lessons = _weekly_series((await session.execute(completed)).all())
    return {
        place: {"active": list(people.get(place, [0] * WEEKS)), "completed": list(lessons.get(place, [0] * WEEKS))}
        for place in people.keys() | lessons.keys()
    }


async def funnels(session: AsyncSession, only: str | None) -> Parts:
    """Per lesson: [started, finished the quiz (passed or not), passed], people counted once.

    One pass: each (person, lesson) once with a flag per step, then summed per commune
    (on PostgreSQL about half the time of one DISTINCT count per step)."""
    verbs = sorted({verb for step in FUNNEL for verb in step})
    flags = [
        func.max(case((LearningEvent.verb.in_(step), 1), else_=0)).label(f"step{i}") for i, step in enumerate(FUNNEL)
    ]
    each = (
        select(LearningEvent.learner_id, LearningEvent.lesson_id, *flags)
        .where(LearningEvent.verb.in_(verbs), LearningEvent.learner_id.is_not(None))
        .group_by(LearningEvent.learner_id, LearningEvent.lesson_id)
        .subquery()
    )
    sums = [func.sum(each.c[f"step{i}"]) for i in range(len(FUNNEL))]
    query = (
        select(Learner.place, each.c.lesson_id, *sums)
        .join(Learner, Learner.id == each.c.learner_id)
        .where(*_here(only))
        .group_by(Learner.place, each.c.lesson_id)
    )
    found: dict[str, dict[str, Tally]] = defaultdict(dict)
    for place, lesson, *steps in (await session.execute(query)).all():
        found[str(place or "")][str(lesson)] = [int(n or 0) for n in steps]
    return dict(found)


async def questions(session: AsyncSession, only: str | None) -> Parts:
    """Per question: answers, wrong answers, and how often each wrong option was chosen
    (-1: an answer logged without its option)."""
    chosen = func.coalesce(LearningEvent.chosen, -1)
    query = (
        select(Learner.place, LearningEvent.question_id, chosen, LearningEvent.correct, func.count())
        .join(Learner, Learner.id == LearningEvent.learner_id)
        .where(LearningEvent.verb == "answered", *_here(only))
        .group_by(Learner.place, LearningEvent.question_id, chosen, LearningEvent.correct)
    )
    answers: dict[str, Counter[str]] = defaultdict(Counter)
    wrong: dict[str, Counter[str]] = defaultdict(Counter)
    options: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for place, qid, option, right, n in (await session.execute(query)).all():
        key = str(place or "")
        answers[key][qid] += int(n)
        if not right:
            wrong[key][qid] += int(n)
            options[key][qid][str(option)] += int(n)
    return {
        key: {"answers": dict(answers[key]), "wrong": dict(wrong[key]), "options": _plain(options[key])}
        for key in answers
    }


def _plain(nested: Mapping[str, Counter[str]]) -> dict[str, Tally]:
    return {outer: dict(inner) for outer, inner in nested.items()}


async def unanswered(session: AsyncSession, now: datetime, only: str | None) -> Parts:
    """Questions the tutor could not answer in the last 90 days, by nearest topic."""
    here = (UnansweredQuestion.place == only,) if only is not None else ()
    query = (
        select(UnansweredQuestion.place, UnansweredQuestion.topic, func.count())
        .where(UnansweredQuestion.at >= now - timedelta(days=UNANSWERED_DAYS), *here)
        .group_by(UnansweredQuestion.place, UnansweredQuestion.topic)
    )
    topics: dict[str, Counter[str]] = defaultdict(Counter)
    for place, topic, n in (await session.execute(query)).all():
        topics[str(place or "")][str(topic)] += int(n)
    return {key: {"topics": dict(found)} for key, found in topics.items()}


async def scams(session: AsyncSession, now: datetime, tz: str, only: str | None) -> Parts:
    """The checker's verdicts per week of the last 8, and how many flagged checks showed each
    signal. Signals are a short JSON list per check: read in Python, flagged checks only."""
    starts = week_starts(now, tz, WEEKS)
    here = (ScamCheck.place == only,) if only is not None else ()
    week = week_of(ScamCheck.at, starts)
    by_week = (
        select(ScamCheck.place, ScamCheck.verdict, week, func.count())
        .where(ScamCheck.at >= starts[0], *here)
        .group_by(ScamCheck.place, ScamCheck.verdict, week)
    )
    weeks: dict[str, dict[str, list[int]]] = defaultdict(lambda: {v: [0] * WEEKS for v in VERDICTS})
    for place, verdict, index, n in (await session.execute(by_week)).all():
        if str(verdict) in VERDICTS and 0 <= int(index) < WEEKS:
            weeks[str(place or "")][str(verdict)][int(index)] = int(n)
    signals: dict[str, Counter[str]] = defaultdict(Counter)
    flagged = select(ScamCheck.place, ScamCheck.signals).where(
        ScamCheck.at >= starts[0], ScamCheck.verdict != "none", *here
    )
    async for place, found in await session.stream(flagged):
        signals[str(place or "")].update(str(s) for s in set(found or ()))
    return {
        place: {"weeks": {v: list(n) for v, n in weeks[place].items()}, "signals": dict(signals.get(place, {}))}
        for place in weeks.keys() | signals.keys()
    }
