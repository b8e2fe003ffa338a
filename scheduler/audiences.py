"""Broadcast audiences as SQL, and delivery rows created set-based: INSERT ... SELECT, never a loop.

An audience is a short spec shared by the chat flow and the CLI:
  all | role:<role> | place:<place key> | not-finished:<lesson id> | inactive:<days>
Every audience leaves out learners who turned announcements off, who are unreachable, and
who did not consent to being kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, cast

from sqlalchemy import ColumnElement, Integer, String, exists, func, insert, literal, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage import turn_queue
from bot.storage.models import (
    Broadcast,
    Learner,
    LearnerRole,
    LessonProgressRow,
    OutboxMessage,
    UTCDateTime,
)
from scheduler.reminders import QuietHours
from scheduler.tick import write_lock_on_sqlite

AudienceKind = Literal["all", "role", "place", "not-finished", "inactive"]
KINDS: tuple[AudienceKind, ...] = ("all", "role", "place", "not-finished", "inactive")
ROLES = ("admin", "ambassador")
BROADCAST_PRIORITY = 7  # after replies-by-outbox (reminders are 3): a nudge waits less than a notice
MAX_INACTIVE_DAYS = 3650


class AudienceError(ValueError):
    """An audience spec that names nothing we can select; the message says what is expected."""


@dataclass(frozen=True, slots=True)
class Audience:
    kind: AudienceKind
    value: str = ""
    # A commune admin's broadcasts reach only their commune's learners (bot/broadcasts.py).
    within: str = ""

    @property
    def spec(self) -> str:
        return self.kind if self.kind == "all" else f"{self.kind}:{self.value}"


def parse_audience(spec: str) -> Audience:
    kind, _, value = spec.strip().partition(":")
    value = value.strip()
    if kind not in KINDS:
        raise AudienceError("audience must be all, role:ROLE, place:KEY, not-finished:LESSON or inactive:DAYS")
    if kind == "all":
        return Audience("all")
    if not value:
        raise AudienceError(f"audience {kind}: needs a value after the colon")
    if kind == "role" and value not in ROLES:
        raise AudienceError(f"role must be one of {', '.join(ROLES)}")
    if kind == "inactive" and not (value.isdigit() and 1 <= int(value) <= MAX_INACTIVE_DAYS):
        raise AudienceError("inactive:DAYS needs a whole number of days, at least 1")
    return Audience(cast(AudienceKind, kind), value)


def reachable() -> tuple[ColumnElement[bool], ...]:
    """Who may receive any announcement at all."""
    return (Learner.consent.is_(True), Learner.unreachable.is_(False), Learner.announcements.is_(True))


def audience_filter(audience: Audience, now: datetime) -> ColumnElement[bool]:
    if audience.kind == "role":
        return exists().where(LearnerRole.learner_id == Learner.id, LearnerRole.role == audience.value)
    if audience.kind == "place":
        return Learner.place == audience.value
    if audience.kind == "not-finished":
        return ~exists().where(
            LessonProgressRow.learner_id == Learner.id,
            LessonProgressRow.lesson_id == audience.value,
            LessonProgressRow.status == "completed",
        )
    if audience.kind == "inactive":
        return Learner.last_seen_at <= now - timedelta(days=int(audience.value))
    return true()


def recipients(audience: Audience, now: datetime) -> tuple[ColumnElement[bool], ...]:
    inside = (Learner.place == audience.within,) if audience.within else ()
    return (*reachable(), audience_filter(audience, now), *inside)


async def count(session: AsyncSession, audience: Audience, now: datetime) -> int:
    query = select(func.count()).select_from(Learner).where(*recipients(audience, now))
    return int(await session.scalar(query) or 0)


async def enqueue(
    session: AsyncSession, broadcast: Broadcast, payload: str, now: datetime, quiet: QuietHours | None
) -> int:
    """One outbox row per recipient, written by the database; returns how many.

    Quiet hours differ by zone, so recipients are grouped by timezone: each group gets its own
    not_before (now, or the end of that zone's quiet hours). `quiet=None` means urgent.
    """
    total = 0
    for not_before, scoped in await by_release(session, broadcast, now, quiet):
        total += await _insert_rows(session, broadcast.id, payload, now, not_before, scoped)
    return total


async def by_release(
    session: AsyncSession, broadcast: Broadcast, now: datetime, quiet: QuietHours | None
) -> list[tuple[datetime, tuple[ColumnElement[bool], ...]]]:
    """The recipients as (not_before, where) groups, one per timezone: when their messages may
    leave (now, or the end of that zone's quiet hours) and the condition that selects them."""
    where = recipients(stored(broadcast), now)
    if quiet is None:
        return [(now, where)]
    zones = (await session.execute(select(Learner.timezone).where(*where).distinct())).scalars()
    return [(quiet.release(now, tz), (*where, Learner.timezone == tz)) for tz in zones]


def stored(broadcast: Broadcast) -> Audience:
    """The audience as recorded: its spec, and the commune it is limited to, if any."""
    spec = parse_audience(str(broadcast.audience.get("spec", "all")))
    return Audience(spec.kind, spec.value, str(broadcast.audience.get("within", "")))


async def _insert_rows(
    session: AsyncSession,
    broadcast_id: int,
    payload: str,
    now: datetime,
    not_before: datetime,
    where: Sequence[ColumnElement[bool]],
) -> int:
    source = select(
        Learner.id,
        Learner.channel,
        Learner.bot,
        Learner.chat_id,
        literal("broadcast", String),
        literal(broadcast_id, Integer),
        literal(payload, String),
        literal(BROADCAST_PRIORITY, Integer),
        literal("pending", String),
        literal(0, Integer),
        literal(not_before, UTCDateTime()),
        literal(now, UTCDateTime()),
        literal("", String),
    ).where(*where)
    columns = (
        "learner_id",
        "channel",
        "bot",
        "chat_id",
        "kind",
        "broadcast_id",
        "payload",
        "priority",
        "status",
        "attempts",
        "not_before",
        "created_at",
        "error",
    )
    result = await session.execute(insert(OutboxMessage).from_select(columns, source))
    return int(getattr(result, "rowcount", 0) or 0)


async def claim_due(session: AsyncSession, now: datetime, limit: int = 5) -> list[Broadcast]:
    """Scheduled broadcasts whose time has come; other processes skip the ones we hold."""
    await write_lock_on_sqlite(session)
    query = (
        select(Broadcast)
        .where(Broadcast.status == "scheduled", Broadcast.send_at <= now)
        .order_by(Broadcast.send_at, Broadcast.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return list((await session.execute(query)).scalars())


async def delivery_counts(session: AsyncSession, broadcast_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """Per broadcast: how many rows are sent, pending, sending, failed, unreachable, cancelled."""
    if not broadcast_ids:
        return {}
    query = (
        select(OutboxMessage.broadcast_id, OutboxMessage.status, func.count())
        .where(OutboxMessage.broadcast_id.in_(broadcast_ids))
        .group_by(OutboxMessage.broadcast_id, OutboxMessage.status)
    )
    counts: dict[int, dict[str, int]] = {bid: {} for bid in broadcast_ids}
    for bid, status, n in (await session.execute(query)).all():
        if bid is not None:
            counts[bid][str(status)] = int(n)
    # An announcement with a lesson is each recipient's turn: until it ran, its message is to come.
    for bid, n in (await turn_queue.waiting_per_broadcast(session, broadcast_ids)).items():
        counts[bid]["pending"] = counts[bid].get("pending", 0) + n
    return counts


async def cancel(session: AsyncSession, broadcast: Broadcast) -> int:
    """Stop a broadcast: nothing more is sent; rows a sender holds right now may still go. Returns rows stopped."""
    broadcast.status = "cancelled"
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.broadcast_id == broadcast.id, OutboxMessage.status == "pending")
        .values(status="cancelled", error="broadcast cancelled")
    )
    return int(getattr(result, "rowcount", 0) or 0) + await turn_queue.cancel_broadcast(session, broadcast.id)
