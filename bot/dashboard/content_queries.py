"""What the content page shows: each lesson's funnel, each question's wrong answers, the
questions the tutor could not answer and the scam checker's verdicts.

The counts come from a snapshot (bot/dashboard/tallies.py counts them, grouped by commune);
here they are joined to the library's titles and texts, so a snapshot holds only ids and
numbers. The examples of unanswered questions are read live: they are learners' words,
kept only with consent and for 90 days, and never copied into a snapshot.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.dashboard.queries import WEEKS, week_starts
from bot.dashboard.tallies import UNANSWERED_DAYS, VERDICTS
from bot.storage.models import UnansweredQuestion
from content.library import Library

EXAMPLES = 10


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


def _counts(value: object) -> dict[str, int]:
    return {str(k): int(n) for k, n in value.items() if isinstance(n, int)} if isinstance(value, Mapping) else {}


def funnels(part: Mapping[str, Any], library: Library) -> list[Funnel]:
    """Every lesson of the course with its [started, finished, passed]; the most followed first."""
    every = []
    for lesson_id in library.lesson_order():
        if lesson_id in library.lessons:
            counts = part.get(lesson_id) or [0, 0, 0]
            every.append(Funnel(lesson_id, library.lessons[lesson_id].title, *(int(n) for n in counts[:3])))
    return sorted(every, key=lambda f: -f.started)  # stable: course order next


def questions(part: Mapping[str, Any], library: Library) -> list[QuestionStat]:
    """Per question answered at least once: answers, wrong ones, and the favourite wrong option."""
    wrong, options = _counts(part.get("wrong")), part.get("options") or {}
    found = []
    for qid, n in sorted(_counts(part.get("answers")).items()):
        picked = Counter({int(option): times for option, times in _counts(options.get(qid)).items()})
        found.append(_question(library, qid, n, wrong.get(qid, 0), picked))
    return found


def _question(library: Library, qid: str, answers: int, wrong: int, chosen: Counter[int]) -> QuestionStat:
    found = library.question(qid)
    index, count = chosen.most_common(1)[0] if chosen else (-1, 0)
    if found is None:
        return QuestionStat(qid, "", qid, answers, wrong, "", count)
    lesson, question = found
    text = question.options[index].text if 0 <= index < len(question.options) else ""
    return QuestionStat(qid, lesson.title, question.prompt, answers, wrong, text, count)


async def unanswered(
    session: AsyncSession, part: Mapping[str, Any], library: Library, now: datetime, place: str | None
) -> Unanswered:
    """Counts by topic from the snapshot; the latest texts read now, so a learner's deleted
    data, or a text past its 90 days, is gone from the page at once."""
    here = (UnansweredQuestion.place == place,) if place is not None else ()
    latest = (
        select(UnansweredQuestion.at, UnansweredQuestion.topic, UnansweredQuestion.text)
        .where(UnansweredQuestion.at >= now - timedelta(days=UNANSWERED_DAYS), UnansweredQuestion.text.is_not(None))
        .where(*here)
        .order_by(UnansweredQuestion.at.desc())
        .limit(EXAMPLES)
    )
    examples = tuple((at, topic_title(library, t), str(text)) for at, t, text in (await session.execute(latest)).all())
    counts = sorted(_counts(part.get("topics")).items(), key=lambda x: (-x[1], x[0]))
    by_topic = tuple((topic_title(library, t), n) for t, n in counts)
    return Unanswered(by_topic, examples, sum(n for _, n in counts))


def topic_title(library: Library, topic_id: str) -> str:
    topic = library.topic(topic_id)
    return topic.title if topic else "Chưa rõ chủ đề"


def scam_report(part: Mapping[str, Any], counted: datetime, tz: str) -> ScamReport:
    """Verdicts per week of the 8 before `counted`, and signals by how many checks showed them."""
    series = part.get("weeks") or {}
    weeks = tuple(
        ScamWeek(start, {v: int((series.get(v) or [0] * WEEKS)[i]) for v in VERDICTS})
        for i, start in enumerate(week_starts(counted, tz, WEEKS))
    )
    signals = tuple(sorted(_counts(part.get("signals")).items(), key=lambda x: (-x[1], x[0])))
    return ScamReport(weeks, signals, sum(sum(w.counts.values()) for w in weeks))
