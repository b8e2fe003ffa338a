"""Ambassadors and their families: who is active, who is stuck.

"Stuck" is the rule of the ambassadors' weekly summary (bot/families.needs_visit): a lesson
left half-way for days, nothing finished for days, or out of reach. A page reads a bounded
number of ambassadors, so the cost does not grow with the province.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute

from bot.families import ACTIVE_DAYS, member_name, needs_visit
from bot.roles import AMBASSADOR
from bot.storage.models import Family, FamilyMember, GuidedLearner, Learner, LearnerRole, LessonProgressRow
from dialogs.flows.family.data import MemberData

PAGE = 50


@dataclass(frozen=True, slots=True)
class AmbassadorRow:
    id: int
    name: str
    place: str
    families: int
    members: int
    active: int  # members seen in the last 7 days
    stuck: int  # members who may need a visit
    guided: int
    last_seen: datetime


@dataclass(frozen=True, slots=True)
class AmbassadorPage:
    rows: tuple[AmbassadorRow, ...]
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE))


async def ambassadors(session: AsyncSession, now: datetime, place: str | None, page: int) -> AmbassadorPage:
    here = (Learner.place == place,) if place is not None else ()
    base = select(Learner).join(LearnerRole, LearnerRole.learner_id == Learner.id)
    base = base.where(LearnerRole.role == AMBASSADOR, *here)
    total = int(await session.scalar(select(func.count()).select_from(base.subquery())) or 0)
    query = base.order_by(Learner.place, Learner.name, Learner.id).limit(PAGE).offset((page - 1) * PAGE)
    people = list((await session.execute(query)).scalars())
    ids = [p.id for p in people]
    families = await _count_by(session, Family.ambassador_id, ids)
    guided = await _count_by(session, GuidedLearner.ambassador_id, ids)
    members = await _members(session, ids, now)
    rows = tuple(_row(p, families, guided, members.get(p.id, [])) for p in people)
    return AmbassadorPage(rows, total, page)


async def _count_by(session: AsyncSession, column: QueryableAttribute[Any], ids: list[int]) -> dict[int, int]:
    query = select(column, func.count()).where(column.in_(ids)).group_by(column)
    return {int(k): int(n) for k, n in (await session.execute(query)).all() if k is not None}


def _row(person: Learner, families: dict[int, int], guided: dict[int, int], members: list[MemberData]) -> AmbassadorRow:
    return AmbassadorRow(
        person.id,
        member_name(person),
        person.place,
        families.get(person.id, 0),
        len(members),
        sum(m.idle_days < ACTIVE_DAYS for m in members),
        sum(needs_visit(m) for m in members),
        guided.get(person.id, 0),
        person.last_seen_at,
    )


async def _members(session: AsyncSession, ambassador_ids: list[int], now: datetime) -> dict[int, list[MemberData]]:
    """Each ambassador's members (once each, however many of their families they are in)."""
    query = (
        select(Family.ambassador_id, Learner)
        .join(FamilyMember, FamilyMember.family_id == Family.id)
        .join(Learner, Learner.id == FamilyMember.learner_id)
        .where(Family.ambassador_id.in_(ambassador_ids))
        .distinct()
    )
    pairs = (await session.execute(query)).all()
    progress = await _progress(session, [learner.id for _, learner in pairs])
    found: dict[int, list[MemberData]] = defaultdict(list)
    for ambassador_id, learner in pairs:
        completed, in_progress = progress.get(learner.id, ((), ()))
        idle = max(0, (now - learner.last_seen_at).days)
        found[ambassador_id].append(
            MemberData(learner.id, member_name(learner), completed, in_progress, 0, idle, 0, not learner.unreachable)
        )
    return found


Lessons = tuple[tuple[str, ...], tuple[str, ...]]  # (completed, in progress)


async def _progress(session: AsyncSession, learner_ids: list[int]) -> dict[int, Lessons]:
    found: dict[int, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    query = select(LessonProgressRow.learner_id, LessonProgressRow.lesson_id, LessonProgressRow.status).where(
        LessonProgressRow.learner_id.in_(learner_ids)
    )
    for learner_id, lesson_id, status in (await session.execute(query)).all():
        found[learner_id][0 if status == "completed" else 1].append(lesson_id)
    return {k: (tuple(done), tuple(going)) for k, (done, going) in found.items()}
