"""The daily offer of a person's help to learners silent for days in a lesson they started.

One indexed pass finds them (consenting, reachable, not seen for HELP_SILENT_DAYS, a lesson
started and not finished, no request or offer lately); each is then offered help as their own
turn (Tutor.handle with a PUSH "offer"), whose reply leaves through the outbox. A lesson is
offered once: the offer is remembered as a help_requests row "offered". Learners inside their
quiet hours now are left for the next day's run.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.keys import ConversationKey
from bot.relay import Notice
from bot.storage.models import HelpRequest, Learner, LessonProgressRow
from scheduler.reminders import QuietHours

log = logging.getLogger(__name__)
BATCH = 500


async def silent_learners(session: AsyncSession, now: datetime, days: int) -> list[tuple[Learner, str]]:
    """Who to offer help today, each with the lesson they left most lately."""
    since = now - timedelta(days=days)
    lately = exists().where(HelpRequest.learner_id == Learner.id, HelpRequest.created_at > since)
    offered = exists().where(
        HelpRequest.learner_id == Learner.id,
        HelpRequest.reason == "silent",
        HelpRequest.lesson_id == LessonProgressRow.lesson_id,
    )
    query = (
        select(Learner, LessonProgressRow.lesson_id)
        .join(LessonProgressRow, LessonProgressRow.learner_id == Learner.id)
        .where(Learner.consent.is_(True), Learner.unreachable.is_(False), Learner.last_seen_at < since)
        .where(LessonProgressRow.status != "completed", ~lately, ~offered)
        .order_by(Learner.id, LessonProgressRow.started_at.desc())
        .limit(BATCH)
    )
    found: dict[int, tuple[Learner, str]] = {}
    for learner, lesson_id in (await session.execute(query)).all():
        found.setdefault(learner.id, (learner, lesson_id))
    return list(found.values())


async def offer_help_to_silent(app: App, quiet: QuietHours, days: int) -> int:
    """Run daily; returns how many learners were offered help."""
    now = app.clock.now()
    async with app.sessions.begin() as session:
        found = await silent_learners(session, now, days)
        chosen = [(who, lesson) for who, lesson in found if _awake(who, now, quiet)]
        for learner, lesson in chosen:  # remembered first: a crash never offers the same lesson twice
            session.add(
                HelpRequest(
                    learner_id=learner.id,
                    place=learner.place,
                    lesson_id=lesson,
                    card=0,
                    reason="silent",
                    status="offered",
                    created_at=now,
                )
            )
    offered = 0
    for learner, lesson in chosen:
        key = ConversationKey(learner.channel, learner.chat_id, learner.user_id, bot=learner.bot)
        turn = Notice("offer", lesson).inbound
        result = await app.tutor.handle(key, f"help-offer:{learner.id}:{lesson}", turn, outbox_kind="notice")
        offered += result.queued
    return offered


def _awake(learner: Learner, now: datetime, quiet: QuietHours) -> bool:
    return quiet.release(now, learner.timezone) == now
