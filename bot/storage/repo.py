"""Queries and writes for one turn; every function runs inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Executable, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.keys import ConversationKey
from bot.progress import LogEntry, Progress
from bot.storage.models import (
    Base,
    Certificate,
    DialogStateRow,
    Learner,
    LearnerRole,
    LearningEvent,
    LessonProgressRow,
    PlaceRow,
    ProcessedUpdate,
    ReviewItem,
)
from dialogs.context import CertificateView, LearnerView, LessonProgress, Profile

DUE_REVIEWS_SHOWN = 20


def _insert_ignore(session: AsyncSession, table: type[Base], values: dict[str, object]) -> Executable:
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    if dialect == "postgresql":
        return pg_insert(table).values(**values).on_conflict_do_nothing()
    return sqlite_insert(table).values(**values).on_conflict_do_nothing()


async def already_processed(session: AsyncSession, channel: str, update_key: str) -> bool:
    found = await session.get(ProcessedUpdate, (channel, update_key))
    return found is not None


def mark_processed(session: AsyncSession, channel: str, update_key: str, now: datetime) -> None:
    session.add(ProcessedUpdate(channel=channel, update_key=update_key, at=now))


def _key_filter(key: ConversationKey) -> tuple[ColumnElement[bool], ...]:
    return (
        Learner.channel == key.channel,
        Learner.bot == key.bot,
        Learner.chat_id == key.chat_id,
        Learner.user_id == key.user_id,
    )


async def lock_learner(session: AsyncSession, key: ConversationKey, now: datetime, tz: str) -> Learner:
    """Load (creating if new) and row-lock the learner, so other processes wait their turn."""
    query = select(Learner).where(*_key_filter(key)).with_for_update()
    learner = (await session.execute(query)).scalar_one_or_none()
    if learner is not None:
        return learner
    values = {
        "channel": key.channel,
        "bot": key.bot,
        "chat_id": key.chat_id,
        "user_id": key.user_id,
        "timezone": tz,
        "created_at": now,
        "last_seen_at": now,
        "address": "",
        "name": "",
        "age_group": "",
        "place": "",
        "reminder_time": "",
        "unreachable": False,
        "announcements": True,
        "reminders_ignored": 0,
    }
    await session.execute(_insert_ignore(session, Learner, values))
    return (await session.execute(query)).scalar_one()


async def find_learner(session: AsyncSession, key: ConversationKey) -> Learner | None:
    return (await session.execute(select(Learner).where(*_key_filter(key)))).scalar_one_or_none()


async def load_state(session: AsyncSession, learner_id: int) -> str | None:
    row = await session.get(DialogStateRow, learner_id)
    return row.state if row else None


async def save_state(session: AsyncSession, learner_id: int, state: str, now: datetime) -> None:
    row = await session.get(DialogStateRow, learner_id)
    if row is None:
        session.add(DialogStateRow(learner_id=learner_id, state=state, updated_at=now))
    else:
        row.state, row.updated_at = state, now


def week_start(now: datetime, tz: str) -> datetime:
    local = now.astimezone(ZoneInfo(tz))
    monday = (local - timedelta(days=local.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    return monday


async def learner_view(session: AsyncSession, learner: Learner, now: datetime) -> LearnerView:
    profile = Profile(
        learner.consent, learner.address, learner.name, learner.age_group, learner.place, learner.reminder_time
    )
    roles = frozenset(
        (await session.execute(select(LearnerRole.role).where(LearnerRole.learner_id == learner.id))).scalars()
    )
    if not learner.consent:
        return LearnerView(profile=profile, roles=roles, announcements=learner.announcements)
    rows = (
        await session.execute(select(LessonProgressRow).where(LessonProgressRow.learner_id == learner.id))
    ).scalars()
    lessons = {
        r.lesson_id: LessonProgress("completed" if r.status == "completed" else "started", r.best_score, r.total)
        for r in rows
    }
    due_query = (
        select(ReviewItem.question_id)
        .where(ReviewItem.learner_id == learner.id, ReviewItem.due <= now)
        .order_by(ReviewItem.due)
        .limit(DUE_REVIEWS_SHOWN)
    )
    due = tuple((await session.execute(due_query)).scalars())
    certs = (
        await session.execute(
            select(Certificate).where(Certificate.learner_id == learner.id).order_by(Certificate.issued_at)
        )
    ).scalars()
    return LearnerView(
        profile,
        lessons,
        due,
        tuple(CertificateView(c.module_id, c.code) for c in certs),
        await _learning_days(session, learner, now),
        roles,
        learner.announcements,
    )


async def _learning_days(session: AsyncSession, learner: Learner, now: datetime) -> int:
    start = week_start(now, learner.timezone)
    query = select(LearningEvent.at).where(LearningEvent.learner_id == learner.id, LearningEvent.at >= start)
    zone = ZoneInfo(learner.timezone)
    return len({at.astimezone(zone).date() for at in (await session.execute(query)).scalars()})


def add_event(
    session: AsyncSession,
    learner_id: int,
    verb: str,
    at: datetime,
    *,
    lesson_id: str = "",
    question_id: str = "",
    module_id: str = "",
    version: int = 0,
    result: dict[str, object] | None = None,
) -> None:
    session.add(
        LearningEvent(
            learner_id=learner_id,
            verb=verb,
            lesson_id=lesson_id,
            question_id=question_id,
            module_id=module_id,
            content_version=version,
            result=result or {},
            at=at,
        )
    )


async def get_progress(session: AsyncSession, learner_id: int, lesson_id: str) -> Progress | None:
    row = await session.get(LessonProgressRow, (learner_id, lesson_id))
    if row is None:
        return None
    return Progress(row.status, row.best_score, row.total, row.content_version, row.started_at, row.completed_at)


async def put_progress(session: AsyncSession, learner_id: int, lesson_id: str, progress: Progress) -> None:
    row = await session.get(LessonProgressRow, (learner_id, lesson_id))
    if row is None:
        row = LessonProgressRow(learner_id=learner_id, lesson_id=lesson_id)
        session.add(row)
    row.status, row.best_score, row.total = progress.status, progress.best_score, progress.total
    row.content_version, row.started_at, row.completed_at = (
        progress.content_version,
        progress.started_at,
        progress.completed_at,
    )


async def get_review_card(session: AsyncSession, learner_id: int, question_id: str) -> str | None:
    row = await session.get(ReviewItem, (learner_id, question_id))
    return row.card if row else None


async def put_review_card(session: AsyncSession, learner_id: int, question_id: str, card: str, due: datetime) -> None:
    row = await session.get(ReviewItem, (learner_id, question_id))
    if row is None:
        session.add(ReviewItem(learner_id=learner_id, question_id=question_id, card=card, due=due))
    else:
        row.card, row.due = card, due


async def certificate_by_code(session: AsyncSession, code: str) -> Certificate | None:
    return await session.get(Certificate, code)


async def has_certificate(session: AsyncSession, learner_id: int, module_id: str) -> bool:
    query = select(Certificate.code).where(Certificate.learner_id == learner_id, Certificate.module_id == module_id)
    return (await session.execute(query)).first() is not None


async def delete_personal_data(session: AsyncSession, learner_id: int) -> None:
    """Erase the learner; completions stay only as anonymous counts (no learner id)."""
    await session.execute(
        delete(LearningEvent).where(
            LearningEvent.learner_id == learner_id, LearningEvent.verb.not_in(("completed", "certified"))
        )
    )
    await session.execute(
        update(LearningEvent)
        .where(LearningEvent.learner_id == learner_id)
        .values(learner_id=None, result={}, question_id="")
    )
    for table in (LessonProgressRow, ReviewItem, Certificate, DialogStateRow):
        await session.execute(delete(table).where(table.learner_id == learner_id))
    await session.execute(delete(Learner).where(Learner.id == learner_id))


async def log_entries(session: AsyncSession) -> Sequence[LogEntry]:
    query = (
        select(LearningEvent)
        .where(LearningEvent.learner_id.is_not(None), LearningEvent.verb.in_(("started", "completed", "failed")))
        .order_by(LearningEvent.id)
    )
    return [
        LogEntry(
            e.learner_id or 0,
            e.verb,
            e.lesson_id,
            e.content_version,
            int(str(e.result.get("score", 0))),
            int(str(e.result.get("total", 0))),
            e.at,
        )
        for e in (await session.execute(query)).scalars()
    ]


async def load_places(session: AsyncSession) -> Sequence[PlaceRow]:
    return list((await session.execute(select(PlaceRow).order_by(PlaceRow.key))).scalars())
