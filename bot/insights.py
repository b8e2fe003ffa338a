"""What learners' free text teaches the movement, without keeping what they wrote.

- Questions the tutor could not answer, counted by their nearest topic and commune; the text
  only when the learner consented (the secret guard has already run), and only for a while
  (UNANSWERED_KEEP_DAYS): content writers read them to add the FAQ entries people need.
- Which scams circulate: each checked message's verdict and signal ids, per commune and week.
  Never who asked, never the message.
"""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.extensions import Feature, TurnScope
from bot.storage.models import ScamCheck, UnansweredQuestion
from dialogs.flows.questions import QuestionAsked
from dialogs.flows.scamcheck import ScamChecked

TOP_SIGNALS = 5


@dataclass(frozen=True)
class InsightConfig:
    keep_days: int = 90


async def _on_question(config: InsightConfig, scope: TurnScope, event: QuestionAsked) -> None:
    if event.answered:
        return
    learner, session, now = scope.learner, scope.session, scope.now
    kept = bool(learner.consent)
    session.add(
        UnansweredQuestion(
            at=now,
            topic=event.topic[:48],
            place=learner.place or "",
            text=event.text if kept else None,
            learner_id=learner.id if kept else None,
        )
    )
    await forget_old_texts(session, now, config.keep_days)


async def forget_old_texts(session: AsyncSession, now: datetime, keep_days: int) -> None:
    """Past the keeping time a question stays only as a count: its text and its learner go."""
    cutoff = now - timedelta(days=keep_days)
    await session.execute(
        update(UnansweredQuestion)
        .where(UnansweredQuestion.at < cutoff, UnansweredQuestion.text.is_not(None))
        .values(text=None, learner_id=None)
    )


async def _on_scam_check(scope: TurnScope, event: ScamChecked) -> None:
    scope.session.add(
        ScamCheck(at=scope.now, place=scope.learner.place or "", verdict=event.grade, signals=list(event.signals))
    )


def feature(config: InsightConfig) -> Feature:
    return Feature(
        "insights",
        effects={QuestionAsked: functools.partial(_on_question, config), ScamChecked: _on_scam_check},
    )


# --- reading them back (CLI, statistics) ----------------------------------------------------


async def unanswered(session: AsyncSession, since: datetime, per_topic: int = 20) -> list[dict[str, object]]:
    """Per topic: how many questions went unanswered since `since`, and the latest kept texts."""
    query = (
        select(UnansweredQuestion.topic, UnansweredQuestion.text, UnansweredQuestion.at)
        .where(UnansweredQuestion.at >= since)
        .order_by(UnansweredQuestion.at.desc())
    )
    counts: Counter[str] = Counter()
    texts: dict[str, list[str]] = defaultdict(list)
    for topic, text, _ in (await session.execute(query)).all():
        counts[topic] += 1
        if text and len(texts[topic]) < per_topic:
            texts[topic].append(text)
    return [{"topic": topic, "count": n, "texts": texts[topic]} for topic, n in counts.most_common()]


def week_of(at: datetime) -> str:
    year, week, _ = at.isocalendar()
    return f"{year}-W{week:02d}"


async def scam_weeks(session: AsyncSession, since: datetime, place: str = "") -> list[dict[str, object]]:
    """Per week and commune: checks by verdict, and the signals seen most."""
    query = select(ScamCheck.at, ScamCheck.place, ScamCheck.verdict, ScamCheck.signals).where(ScamCheck.at >= since)
    if place:
        query = query.where(ScamCheck.place == place)
    verdicts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    signals: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for at, where, verdict, found in (await session.execute(query)).all():
        key = (week_of(at), where)
        verdicts[key][verdict] += 1
        signals[key].update(found or ())
    return [
        {
            "week": week,
            "place": where,
            "checks": sum(verdicts[(week, where)].values()),
            "verdicts": dict(verdicts[(week, where)]),
            "top_signals": [name for name, _ in signals[(week, where)].most_common(TOP_SIGNALS)],
        }
        for week, where in sorted(verdicts)
    ]
