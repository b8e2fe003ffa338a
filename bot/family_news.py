"""The day's good news in a family, told to its ambassador at most once a day (issue 15).

A lesson the ambassador pushed (or nudged) is remembered at the push; the daily job reads the
learning-event log, the source of truth, for which of those were finished since, and the
certificates members earned, then tells each family's ambassador once, as their own turn (a
screen with a one-tap "Chúc mừng" per member), within their quiet hours. A congratulation
reaches the member as a short note, and is recorded.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy import and_, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.extensions import Feature, Shared, TurnScope
from bot.relay import NEWS_PRIORITY, Notice, relay, sender
from bot.roles import AMBASSADOR, actor_of, audit, has_role
from bot.storage.models import Certificate, Family, FamilyMember, FamilyNews, Learner, LearnerRole, LearningEvent
from dialogs.flows.family import helpdata as ask
from dialogs.messages import Inbound, InboundKind, Text
from dialogs.state import DialogState, StateName
from dialogs.voice import Voice
from scheduler.reminders import QuietHours

log = logging.getLogger(__name__)
S = StateName
SHOWN_FOR = timedelta(days=3)  # told news a "Chúc mừng" may still answer
REFUSED = "Xin lỗi, lời chúc mừng này chưa gửi được ạ."


def _name(learner: Learner) -> str:
    return learner.name or f"Người học #{learner.id}"


# --- remembering pushes --------------------------------------------------------------------------


async def remember_push(
    session: AsyncSession, family_id: int, member_ids: Iterable[int], lesson_id: str, now: datetime
) -> None:
    """A lesson pushed to these members: its end is news (once, however often it was pushed)."""
    for member in member_ids:
        pending = select(FamilyNews.id).where(
            FamilyNews.family_id == family_id,
            FamilyNews.learner_id == member,
            FamilyNews.kind == "lesson",
            FamilyNews.subject == lesson_id,
            FamilyNews.happened_at.is_(None),
        )
        if (await session.execute(pending.limit(1))).first() is None:
            session.add(
                FamilyNews(family_id=family_id, learner_id=member, kind="lesson", subject=lesson_id, pushed_at=now)
            )


# --- the daily job ---------------------------------------------------------------------------------


async def _finished_pushes(session: AsyncSession) -> None:
    """Pushed lessons finished since the push, from the learning-event log."""
    done = (
        select(func.min(LearningEvent.at))
        .where(
            LearningEvent.learner_id == FamilyNews.learner_id,
            LearningEvent.lesson_id == FamilyNews.subject,
            LearningEvent.verb == "completed",
            LearningEvent.at >= FamilyNews.pushed_at,
        )
        .scalar_subquery()
    )
    await session.execute(
        update(FamilyNews)
        .where(FamilyNews.kind == "lesson", FamilyNews.happened_at.is_(None))
        .values(happened_at=done)
        .execution_options(synchronize_session=False)
    )


async def _new_certificates(session: AsyncSession) -> None:
    """Certificates members earned while in a family, not yet news there."""
    known = exists().where(
        FamilyNews.family_id == FamilyMember.family_id,
        FamilyNews.learner_id == FamilyMember.learner_id,
        FamilyNews.kind == "certificate",
        FamilyNews.subject == Certificate.module_id,
    )
    query = (
        select(FamilyMember.family_id, Certificate.learner_id, Certificate.module_id, Certificate.issued_at)
        .join(Certificate, Certificate.learner_id == FamilyMember.learner_id)
        .where(Certificate.issued_at >= FamilyMember.joined_at, ~known)
    )
    for family_id, learner_id, module_id, issued_at in (await session.execute(query)).all():
        session.add(
            FamilyNews(
                family_id=family_id, learner_id=learner_id, kind="certificate", subject=module_id, happened_at=issued_at
            )
        )


async def _families_to_tell(session: AsyncSession, now: datetime, tz: str) -> list[Family]:
    """Families with news not yet told, none told since the start of the ambassador's day."""
    today = now.astimezone(ZoneInfo(tz)).replace(hour=0, minute=0, second=0, microsecond=0)
    untold = exists().where(
        FamilyNews.family_id == Family.id, FamilyNews.happened_at.is_not(None), FamilyNews.told_at.is_(None)
    )
    told_today = exists().where(FamilyNews.family_id == Family.id, FamilyNews.told_at >= today)
    role = exists().where(LearnerRole.learner_id == Family.ambassador_id, LearnerRole.role == AMBASSADOR)
    query = select(Family).where(untold, ~told_today, role).order_by(Family.id).with_for_update(skip_locked=True)
    return list((await session.execute(query)).scalars())


async def tell_family_news(
    sessions: async_sessionmaker[AsyncSession], shared: Shared, now: datetime, quiet: QuietHours
) -> int:
    """Run daily: each family's news to its ambassador, at most once a day. Returns families told."""
    told = 0
    async with sessions.begin() as session:
        await _finished_pushes(session)
        await _new_certificates(session)
        await session.flush()
        for family in await _families_to_tell(session, now, shared.timezone):
            await session.execute(
                update(FamilyNews)
                .where(
                    FamilyNews.family_id == family.id, FamilyNews.happened_at.is_not(None), FamilyNews.told_at.is_(None)
                )
                .values(told_at=now)
                .execution_options(synchronize_session=False)
            )
            data = {ask.DATA_NEWS: await news_of(session, family, now)}
            notice = Notice("news", str(family.id))
            told += await relay(session, shared, family.ambassador_id, notice, now, quiet, data, NEWS_PRIORITY)
    return told


async def news_of(session: AsyncSession, family: Family, now: datetime) -> ask.NewsData:
    """The family's news told lately, in the order it happened."""
    query = (
        select(FamilyNews, Learner)
        .join(Learner, Learner.id == FamilyNews.learner_id)
        .join(FamilyMember, and_(FamilyMember.family_id == family.id, FamilyMember.learner_id == Learner.id))
        .where(FamilyNews.family_id == family.id, FamilyNews.told_at >= now - SHOWN_FOR)
        .order_by(FamilyNews.happened_at, FamilyNews.id)
    )
    items = tuple(_item(news, learner) for news, learner in (await session.execute(query)).all())
    return ask.NewsData(family.id, family.name, items)


def _item(news: FamilyNews, learner: Learner) -> ask.NewsItem:
    kind: Literal["lesson", "certificate"] = "certificate" if news.kind == "certificate" else "lesson"
    return ask.NewsItem(learner.id, _name(learner), kind, news.subject, news.congratulated_at is not None)


# --- the news screen and "Chúc mừng" ------------------------------------------------------------------


def _family_asked(state: DialogState, inbound: Inbound) -> str:
    if inbound.kind is InboundKind.PUSH and inbound.command == "news":
        return inbound.option
    return state.extra.get("news", "") if state.name is S.AMB_NEWS else ""


async def gather_news(scope: TurnScope, state: DialogState, inbound: Inbound) -> dict[str, object]:
    wanted = _family_asked(state, inbound)
    family = await _owned(scope, int(wanted)) if wanted.isdigit() else None
    return {ask.DATA_NEWS: await news_of(scope.session, family, scope.now)} if family is not None else {}


async def _owned(scope: TurnScope, family_id: int) -> Family | None:
    family = await scope.session.get(Family, family_id)
    if family is None or family.ambassador_id != scope.learner.id:
        return None
    return family if await has_role(scope.session, scope.learner.id, AMBASSADOR) else None


async def _congratulate(quiet: QuietHours, scope: TurnScope, event: ask.Congratulated) -> None:
    session, now = scope.session, scope.now
    family = await _owned(scope, event.family_id)
    member = await session.get(FamilyMember, (event.family_id, event.member_id)) if family else None
    waiting = (
        select(FamilyNews)
        .where(
            FamilyNews.family_id == event.family_id,
            FamilyNews.learner_id == event.member_id,
            FamilyNews.told_at >= now - SHOWN_FOR,
            FamilyNews.congratulated_at.is_(None),
        )
        .order_by(FamilyNews.happened_at.desc())
    )
    rows = list((await session.execute(waiting)).scalars()) if member is not None else []
    if not rows:
        log.warning("congratulation refused (learner %s)", scope.learner.id)
        return scope.notes.append(Text(Voice(scope.learner.address, scope.learner.name).say(REFUSED)))
    for row in rows:
        row.congratulated_at = now
    latest = rows[0]
    notice = Notice("congrats", f"{latest.kind}:{latest.subject}", sender(scope.learner))
    await relay(session, scope.shared, event.member_id, notice, now, quiet, priority=NEWS_PRIORITY)
    audit(
        session, actor_of(scope.learner), "family.congratulate", f"learner:{event.member_id}", now, {"news": len(rows)}
    )


def feature(quiet: QuietHours) -> Feature:
    return Feature(
        "family-news",
        gatherers=(gather_news,),
        effects={ask.Congratulated: functools.partial(_congratulate, quiet)},
    )
