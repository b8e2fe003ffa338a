"""What is kept about one learner, read for /dulieucuatoi and for `hocvuso learner export`.

The right of access (Law 91/2025/QH15 on personal data): a learner sees it in the chat in plain
words (dialogs/flows/mydata.py); support staff get the same data as JSON. Both read it here,
so what the learner is shown and what staff export cannot drift apart.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.extensions import Feature, TurnScope
from bot.storage.models import (
    Certificate,
    Family,
    FamilyMember,
    Learner,
    LearnerRole,
    LearningEvent,
    LessonProgressRow,
    ReviewItem,
)
from content.textfold import fold
from dialogs.flows.mydata import DATA_STORED, WORDS, CertificateRecord, FamilyRecord, LessonRecord, StoredData
from dialogs.messages import Inbound, InboundKind
from dialogs.state import DialogState

COMMAND = "dulieucuatoi"


async def stored_data(session: AsyncSession, learner: Learner) -> StoredData:
    zone = ZoneInfo(learner.timezone)

    def day(at: datetime | None) -> date | None:
        return at.astimezone(zone).date() if at else None

    progress = select(LessonProgressRow).where(LessonProgressRow.learner_id == learner.id)
    lessons = tuple(
        LessonRecord(
            row.lesson_id,
            row.status == "completed",
            day(row.started_at),
            day(row.completed_at),
            row.best_score,
            row.total,
        )
        for row in (await session.execute(progress.order_by(LessonProgressRow.started_at))).scalars()
    )
    held = select(Certificate).where(Certificate.learner_id == learner.id).order_by(Certificate.issued_at)
    certificates = tuple(
        CertificateRecord(c.module_id, c.code, day(c.issued_at) or date.min)
        for c in (await session.execute(held)).scalars()
    )
    return StoredData(
        learner.channel,
        learner.consent,
        learner.address,
        learner.name,
        learner.age_group,
        learner.place,
        learner.reminder_time,
        learner.announcements,
        day(learner.created_at) or date.min,
        lessons,
        certificates,
        await _count(session, select(func.count()).where(ReviewItem.learner_id == learner.id)),
        await _count(
            session,
            select(func.count()).where(LearningEvent.learner_id == learner.id, LearningEvent.verb == "answered"),
        ),
        await _families(session, learner.id),
        tuple((await session.execute(select(LearnerRole.role).where(LearnerRole.learner_id == learner.id))).scalars()),
    )


async def _count(session: AsyncSession, query: Select[int]) -> int:
    return int(await session.scalar(query) or 0)


async def _families(session: AsyncSession, learner_id: int) -> tuple[FamilyRecord, ...]:
    member_of = (
        select(Family.name, Learner.name)
        .join(FamilyMember, FamilyMember.family_id == Family.id)
        .join(Learner, Learner.id == Family.ambassador_id)
        .where(FamilyMember.learner_id == learner_id)
        .order_by(FamilyMember.joined_at)
    )
    joined = [FamilyRecord(family, ambassador or "", False) for family, ambassador in await session.execute(member_of)]
    led = select(Family.name).where(Family.ambassador_id == learner_id).order_by(Family.created_at)
    return (*joined, *(FamilyRecord(name, "", True) for name in (await session.execute(led)).scalars()))


def wants_data(inbound: Inbound) -> bool:
    if inbound.kind is InboundKind.COMMAND:
        return inbound.command == COMMAND
    return inbound.kind is InboundKind.TEXT and fold(inbound.text) in WORDS


async def gather(scope: TurnScope, state: DialogState, inbound: Inbound) -> dict[str, object]:
    """Read only when the learner asks: an ordinary turn pays nothing."""
    if not wants_data(inbound):
        return {}
    return {DATA_STORED: await stored_data(scope.session, scope.learner)}


def feature() -> Feature:
    return Feature("learner-data", gatherers=(gather,))


def as_json(key: str, data: StoredData) -> dict[str, object]:
    """The export for support staff: the same fields, dates as ISO text."""
    return {"key": key, **_plain(dataclasses.asdict(data))}


def _plain(value: object) -> dict[str, object]:
    def convert(item: object) -> object:
        if isinstance(item, date):
            return item.isoformat()
        if isinstance(item, dict):
            return {k: convert(v) for k, v in item.items()}
        if isinstance(item, list | tuple):
            return [convert(v) for v in item]
        return item

    converted = convert(value)
    assert isinstance(converted, dict)  # noqa: S101 — asdict gives a dict
    return converted


async def learners_with(session: AsyncSession, channel: str, user_id: str) -> list[Learner]:
    """Every conversation of this platform account (one per bot it wrote to)."""
    query = select(Learner).where(Learner.channel == channel, Learner.user_id == user_id).order_by(Learner.id)
    return list((await session.execute(query)).scalars())
