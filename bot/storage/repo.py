"""Queries and writes for one turn; every function runs inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import (
    BigInteger,
    BindParameter,
    ColumnElement,
    Executable,
    Integer,
    Row,
    String,
    bindparam,
    case,
    delete,
    func,
    literal_column,
    null,
    select,
    union_all,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from bot.keys import ConversationKey
from bot.progress import LogEntry, Progress
from bot.storage import erasure
from bot.storage.learner_record import LearnerFields, dialect_insert
from bot.storage.models import (
    Base,
    Certificate,
    DialogStateRow,
    Family,
    FamilyMember,
    Learner,
    LearnerRole,
    LearningEvent,
    LessonProgressRow,
    PlaceRow,
    ProcessedUpdate,
    ReviewItem,
    UTCDateTime,
)
from dialogs.context import CertificateView, LearnerView, LessonProgress, Profile

DUE_REVIEWS_SHOWN = 20
# A row of VIEW_QUERY: (kind, key, label, a, b, at).
ViewRow = tuple[str, str, str, int, int, datetime]


def _insert_ignore(session: AsyncSession, table: type[Base], values: dict[str, object]) -> Executable:
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    return dialect_insert(dialect, table).values(**values).on_conflict_do_nothing()


async def claim_update(session: AsyncSession, channel: str, update_key: str, now: datetime) -> bool:
    """Record the update id; False if it was seen before. Rolled back with the turn if it fails."""
    values = {"channel": channel, "update_key": update_key, "at": now}
    result = await session.execute(_insert_ignore(session, ProcessedUpdate, values))
    return bool(getattr(result, "rowcount", 0))


def _key_filter(key: ConversationKey) -> tuple[ColumnElement[bool], ...]:
    return (
        Learner.channel == key.channel,
        Learner.bot == key.bot,
        Learner.chat_id == key.chat_id,
        Learner.user_id == key.user_id,
    )


# Built once: building a statement per turn costs more than running it.
_LOCK_LEARNER = (
    select(Learner)
    .where(
        Learner.channel == bindparam("channel"),
        Learner.bot == bindparam("bot"),
        Learner.chat_id == bindparam("chat_id"),
        Learner.user_id == bindparam("user_id"),
    )
    .with_for_update()
)


def _key_params(key: ConversationKey) -> dict[str, str]:
    return {"channel": key.channel, "bot": key.bot, "chat_id": key.chat_id, "user_id": key.user_id}


async def lock_learner(session: AsyncSession, key: ConversationKey, now: datetime, tz: str) -> Learner:
    """Load (creating if new) and row-lock the learner, so other processes wait their turn."""
    learner = (await session.execute(_LOCK_LEARNER, _key_params(key))).scalar_one_or_none()
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
    return (await session.execute(_LOCK_LEARNER, _key_params(key))).scalar_one()


async def find_learner(session: AsyncSession, key: ConversationKey) -> Learner | None:
    return (await session.execute(select(Learner).where(*_key_filter(key)))).scalar_one_or_none()


async def load_state(session: AsyncSession, learner_id: int) -> str | None:
    row = await session.get(DialogStateRow, learner_id)
    return row.state if row else None


async def load_state_row(session: AsyncSession, learner_id: int) -> DialogStateRow | None:
    return await session.get(DialogStateRow, learner_id)


async def save_state(
    session: AsyncSession, learner_id: int, state: str, now: datetime, row: DialogStateRow | None = None
) -> None:
    row = row or await session.get(DialogStateRow, learner_id)
    if row is None:
        session.add(DialogStateRow(learner_id=learner_id, state=state, updated_at=now))
    else:
        row.state, row.updated_at = state, now


def week_start(now: datetime, tz: str) -> datetime:
    local = now.astimezone(ZoneInfo(tz))
    monday = (local - timedelta(days=local.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    return monday


def day_start(now: datetime, tz: str) -> datetime:
    """The learner's local midnight: failed quiz attempts count per local day."""
    return now.astimezone(ZoneInfo(tz)).replace(hour=0, minute=0, second=0, microsecond=0)


async def learner_view(session: AsyncSession, learner: LearnerFields, now: datetime) -> LearnerView:
    """Everything the engine may know about the learner, read in one round trip."""
    rows = (await session.execute(VIEW_QUERY, view_params(learner, now))).all()
    return build_view(learner, rows)


def view_params(learner: LearnerFields, now: datetime) -> dict[str, object]:
    since = week_start(now, learner.timezone)
    return {
        "me": learner.id,
        "now": now,
        "since": since,
        "today": day_start(now, learner.timezone),
        # The first instant of each later local day of the week, and of next week (wall-clock
        # arithmetic in the learner's zone: a day of 23 or 25 hours ends at its own midnight).
        **{f"d{i}": since + timedelta(days=i) for i in range(1, 8)},
    }


def build_view(learner: LearnerFields, rows: Sequence[Row[Any]]) -> LearnerView:
    """The view from VIEW_QUERY's rows, in one pass: the same for the turn's hot path and for the ORM."""
    profile = Profile(
        learner.consent, learner.address, learner.name, learner.age_group, learner.place, learner.reminder_time
    )
    roles: set[str] = set()
    lessons: dict[str, LessonProgress] = {}
    due: list[tuple[datetime, str]] = []
    certs: list[tuple[datetime, str, str]] = []
    failed: dict[str, int] = {}
    later: set[date] = set()
    member = looked_after = False
    days = 0
    for kind, key, label, a, b, at in cast(Sequence[ViewRow], rows):
        if kind == "days":
            days = int(a).bit_count()
        elif kind == "lesson":
            lessons[key] = LessonProgress("completed" if label == "completed" else "started", a, b)
        elif kind == "failed":
            failed[key] = int(a)
        elif kind == "role":
            roles.add(key)
        elif kind == "due":
            due.append((at, key))
        elif kind == "cert":
            certs.append((at, key, label))
        elif kind == "family":
            member = True
        elif kind == "looked_after":
            looked_after = True
        elif kind == "day":
            later.add(at.astimezone(ZoneInfo(learner.timezone)).date())
    if not learner.consent:
        return LearnerView(
            profile=profile,
            roles=frozenset(roles),
            announcements=learner.announcements,
            has_ambassador=looked_after,
            family_member=member,
        )
    due.sort(key=_first)
    certs.sort(key=_first)
    return LearnerView(
        profile,
        lessons,
        tuple(key for _, key in due),
        tuple(CertificateView(module, code) for _, code, module in certs),
        days + len(later),
        frozenset(roles),
        learner.announcements,
        # Failed quiz attempts per lesson since local midnight.
        failed_today=failed,
        has_ambassador=looked_after,
        family_member=member,
    )


def _first(row: tuple[datetime, *tuple[str, ...]]) -> datetime:
    return row[0]


def _days_mask(at: InstrumentedAttribute[datetime], bounds: list[BindParameter[datetime]]) -> ColumnElement[int]:
    """Which local days of this week had activity, as bits (Monday 1 ... Sunday 64): the bit of
    each event's day, summed once per distinct day. Local dates never go back in time (a clock
    set back stops at midnight at the latest), so the day is the last midnight before the event."""
    day = case(*((at < bound, _number(1 << i)) for i, bound in enumerate(bounds[:6])), else_=_number(1 << 6))
    return func.coalesce(func.sum(day.distinct()), _number(0))


def _number(n: int) -> ColumnElement[int]:
    """A constant written into the SQL: a bound one costs processing at every execution."""
    return literal_column(str(n), Integer())


def _build_view_query() -> Executable:
    """One UNION ALL of (kind, key, label, a, b, at) rows: roles, lessons, due reviews,
    certificates, this week's learning days and today's failed attempts. A turn pays one round
    trip instead of five. Built once with bound parameters (constructing it per turn cost more
    than running it), its constants written into the SQL: each bound value costs every turn.
    The log is reduced in the database: one row for the week's days, one per lesson failed today."""
    no_time = null().cast(UTCDateTime())  # typed in SQL: PostgreSQL matches UNION columns by type
    me: BindParameter[int] = bindparam("me", type_=BigInteger())
    now: BindParameter[datetime] = bindparam("now", type_=UTCDateTime())
    since: BindParameter[datetime] = bindparam("since", type_=UTCDateTime())
    today: BindParameter[datetime] = bindparam("today", type_=UTCDateTime())
    bounds = [bindparam(f"d{i}", type_=UTCDateTime()) for i in range(1, 8)]
    due = (
        select(ReviewItem.question_id, ReviewItem.due)
        .where(ReviewItem.learner_id == me, ReviewItem.due <= now)
        .order_by(ReviewItem.due)
        .limit(DUE_REVIEWS_SHOWN)
        .subquery()
    )
    zero, empty = _number(0), literal_column("''", String())

    def kind(name: str) -> ColumnElement[str]:
        return literal_column(f"'{name}'", String())

    parts = [
        select(
            kind("role").label("kind"),
            LearnerRole.role.label("key"),
            empty.label("label"),
            zero.label("a"),
            zero.label("b"),
            no_time.label("at"),
        ).where(LearnerRole.learner_id == me),
        select(
            kind("lesson"),
            LessonProgressRow.lesson_id,
            LessonProgressRow.status,
            LessonProgressRow.best_score,
            LessonProgressRow.total,
            no_time,
        ).where(LessonProgressRow.learner_id == me),
        select(kind("due"), due.c.question_id, empty, zero, zero, due.c.due),
        select(kind("cert"), Certificate.code, Certificate.module_id, zero, zero, Certificate.issued_at).where(
            Certificate.learner_id == me
        ),
        # The days of this week with any learning event, as one row (aggregates always give one).
        select(kind("days"), empty, empty, _days_mask(LearningEvent.at, bounds), zero, no_time).where(
            LearningEvent.learner_id == me, LearningEvent.at >= since, LearningEvent.at < bounds[6]
        ),
        # An event stamped after this week (a clock set back) still counts its own day, as ever.
        select(kind("day"), empty, empty, zero, zero, LearningEvent.at).where(
            LearningEvent.learner_id == me, LearningEvent.at >= bounds[6]
        ),
        # Failed quiz attempts today, per lesson: a lesson failed too often waits until tomorrow.
        select(kind("failed"), LearningEvent.lesson_id, empty, func.count(), zero, no_time)
        .where(LearningEvent.learner_id == me, LearningEvent.verb == kind("failed"), LearningEvent.at >= today)
        .group_by(LearningEvent.lesson_id),
        # Their digital families, and whether an ambassador (still holding the role) looks after them.
        select(kind("family"), empty, empty, zero, zero, no_time).where(FamilyMember.learner_id == me),
        select(kind("looked_after"), empty, empty, zero, zero, no_time)
        .select_from(FamilyMember)
        .join(Family, Family.id == FamilyMember.family_id)
        .join(LearnerRole, LearnerRole.learner_id == Family.ambassador_id)
        .where(FamilyMember.learner_id == me, LearnerRole.role == kind("ambassador")),
    ]
    return union_all(*parts)


VIEW_QUERY = _build_view_query()


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
    """Erase the learner; completions stay only as anonymous counts (no learner id), audit rows
    under a pseudonym (bot/storage/erasure.py). The one place every kept trace of a person is
    removed: a feature that stores something about a learner (the questions they asked that had
    no answer, their scam checks) deletes or anonymises it here too."""
    learner = await session.get(Learner, learner_id)
    if learner is not None:
        await erasure.pseudonymise(session, learner, erasure.new_pseudonym())
    erasure.checkpoint_after_commit(session)
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
