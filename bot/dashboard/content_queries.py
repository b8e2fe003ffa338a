"""What the content page reads: each lesson's funnel, each question's wrong answers, the
questions the tutor could not answer and the scam checker's verdicts.

Every count is one GROUP BY in the database; Python only joins the ids to the library's
titles. `place` limits everything to one commune's learners.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.dashboard.queries import WEEKS, week_of, week_starts
from bot.storage.models import Learner, LearningEvent, ScamCheck, UnansweredQuestion
from content.library import Library

UNANSWERED_DAYS = 90  # texts are deleted after this; counts cover the same window
EXAMPLES = 10
VERDICTS = ("scam", "suspicious", "none")


@dataclass(frozen=True, slots=True)
class Funnel:
    lesson_id: str
    title: str
    started: int
    finished: int  # took the quiz to the end, passed or not
    passed: int


@dataclass(frozen=True, slots=True)
class QuestionStat:
    question_id: str
    lesson_title: str
    prompt: str
    answers: int
    wrong: int
    top_wrong: str  # the wrong option chosen most, "" when nobody chose a wrong one
    top_wrong_count: int

    @property
    def wrong_share(self) -> float:
        return self.wrong / self.answers if self.answers else 0.0


@dataclass(frozen=True, slots=True)
class Unanswered:
    by_topic: tuple[tuple[str, int], ...]  # (topic title, count), most first
    examples: tuple[tuple[datetime, str, str], ...]  # (when, topic title, text), newest first
    total: int


@dataclass(frozen=True, slots=True)
class ScamWeek:
    start: datetime
    counts: dict[str, int]


@dataclass(frozen=True, slots=True)
class ScamReport:
    weeks: tuple[ScamWeek, ...]
    signals: tuple[tuple[str, int], ...]  # (signal id, checks it was found in), most first
    total: int


async def funnels(session: AsyncSession, library: Library, place: str | None) -> list[Funnel]:
    """Per lesson, how many people started, finished the quiz and passed it (each counted once)."""

    def people(*verbs: str) -> ColumnElement[int]:
        return func.count(func.distinct(case((LearningEvent.verb.in_(verbs), LearningEvent.learner_id))))

    verbs = ("started", "completed", "failed")
    query = (
        select(LearningEvent.lesson_id, people("started"), people("completed", "failed"), people("completed"))
        .where(LearningEvent.verb.in_(verbs), LearningEvent.learner_id.is_not(None))
        .group_by(LearningEvent.lesson_id)
    )
    if place is not None:
        query = query.join(Learner, Learner.id == LearningEvent.learner_id).where(Learner.place == place)
    rows = (await session.execute(query)).all()
    found = {str(lesson): (int(s), int(f), int(p)) for lesson, s, f, p in rows}
    every = [
        Funnel(lesson_id, library.lessons[lesson_id].title, *found.get(lesson_id, (0, 0, 0)))
        for lesson_id in library.lesson_order()
        if lesson_id in library.lessons
    ]
    return sorted(every, key=lambda f: -f.started)  # the most followed first; stable: course order next


async def questions(session: AsyncSession, library: Library, place: str | None) -> list[QuestionStat]:
    """Per question answered at least once: answers, wrong ones, and the favourite wrong option."""
    option = LearningEvent.result["option"].as_integer()
    right = LearningEvent.result["correct"].as_boolean()
    query = (
        select(LearningEvent.question_id, option, right, func.count())
        .where(LearningEvent.verb == "answered")
        .group_by(LearningEvent.question_id, option, right)
    )
    if place is not None:
        query = query.join(Learner, Learner.id == LearningEvent.learner_id).where(Learner.place == place)
    tally: dict[str, Counter[int]] = {}
    totals: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    for qid, chosen, correct, n in (await session.execute(query)).all():
        totals[qid] += n
        if not correct:
            wrong[qid] += n
            tally.setdefault(qid, Counter())[int(chosen if chosen is not None else -1)] += n
    return [_question(library, qid, totals[qid], wrong[qid], tally.get(qid, Counter())) for qid in totals]


def _question(library: Library, qid: str, answers: int, wrong: int, chosen: Counter[int]) -> QuestionStat:
    found = library.question(qid)
    index, count = chosen.most_common(1)[0] if chosen else (-1, 0)
    if found is None:
        return QuestionStat(qid, "", qid, answers, wrong, "", count)
    lesson, question = found
    text = question.options[index].text if 0 <= index < len(question.options) else ""
    return QuestionStat(qid, lesson.title, question.prompt, answers, wrong, text, count)


async def unanswered(session: AsyncSession, library: Library, now: datetime, place: str | None) -> Unanswered:
    since = now - timedelta(days=UNANSWERED_DAYS)
    here = (UnansweredQuestion.place == place,) if place is not None else ()
    recent = (UnansweredQuestion.at >= since, *here)
    grouped = select(UnansweredQuestion.topic, func.count()).where(*recent).group_by(UnansweredQuestion.topic)
    counts = sorted(((str(t), int(n)) for t, n in (await session.execute(grouped)).all()), key=lambda x: -x[1])
    latest = (
        select(UnansweredQuestion.at, UnansweredQuestion.topic, UnansweredQuestion.text)
        .where(*recent, UnansweredQuestion.text.is_not(None))
        .order_by(UnansweredQuestion.at.desc())
        .limit(EXAMPLES)
    )
    examples = tuple((at, topic_title(library, t), str(text)) for at, t, text in (await session.execute(latest)).all())
    by_topic = tuple((topic_title(library, t), n) for t, n in counts)
    return Unanswered(by_topic, examples, sum(n for _, n in counts))


def topic_title(library: Library, topic_id: str) -> str:
    topic = library.topic(topic_id)
    return topic.title if topic else "Chưa rõ chủ đề"


async def scam_report(session: AsyncSession, now: datetime, tz: str, place: str | None) -> ScamReport:
    """Verdicts per week (one GROUP BY), and how often each signal was found over those weeks."""
    starts = week_starts(now, tz, WEEKS)
    here = (ScamCheck.place == place,) if place is not None else ()
    week = week_of(ScamCheck.at, starts)
    by_week = (
        select(week, ScamCheck.verdict, func.count())
        .where(ScamCheck.at >= starts[0], *here)
        .group_by(week, ScamCheck.verdict)
    )
    counts: dict[int, dict[str, int]] = {i: dict.fromkeys(VERDICTS, 0) for i in range(len(starts))}
    for index, verdict, n in (await session.execute(by_week)).all():
        if int(index) in counts:
            counts[int(index)][str(verdict)] = int(n)
    signals: Counter[str] = Counter()
    flagged = select(ScamCheck.signals).where(ScamCheck.at >= starts[0], ScamCheck.verdict != "none", *here)
    async for (found,) in await session.stream(flagged):
        signals.update(str(s) for s in set(found or ()))
    weeks = tuple(ScamWeek(start, counts[i]) for i, start in enumerate(starts))
    return ScamReport(weeks, tuple(signals.most_common()), sum(sum(w.counts.values()) for w in weeks))
