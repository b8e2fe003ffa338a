"""The reminder tick's queries: find due learners with one indexed query, claim them, move them on.

Safe when several processes tick at once: on PostgreSQL the claim skips rows another
transaction holds (FOR UPDATE SKIP LOCKED) and pushes the claimed rows a lease into the
future in the same transaction, so nobody else picks them up; on SQLite the claim takes the
single write lock before it reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import false, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Learner
from scheduler.reminders import DueReminder

# A claimed learner whose process died before its reminder turn committed is claimed again
# after this long. A live tick finishes a batch in seconds.
LEASE = timedelta(minutes=10)
_COLUMNS = (
    Learner.id,
    Learner.channel,
    Learner.bot,
    Learner.chat_id,
    Learner.user_id,
    Learner.reminder_time,
    Learner.timezone,
    Learner.reminders_ignored,
    Learner.next_reminder_at,
    Learner.last_seen_at,
    Learner.consent,
    Learner.unreachable,
)


async def write_lock_on_sqlite(session: AsyncSession) -> None:
    """SQLite has one writer, but a claim reads before it writes, so two processes could read the
    same due rows. A write that changes nothing, issued first, takes SQLite's write lock for the
    whole claim (the other process waits on busy_timeout). PostgreSQL uses SKIP LOCKED instead."""
    if session.bind is not None and session.bind.dialect.name == "sqlite":
        await session.execute(update(Learner).where(false()).values(next_reminder_at=None))


async def claim_due(session: AsyncSession, now: datetime, limit: int) -> list[DueReminder]:
    """Up to `limit` learners whose reminder is due, oldest first, leased to this transaction."""
    await write_lock_on_sqlite(session)
    query = (
        select(*_COLUMNS)
        .where(Learner.next_reminder_at <= now)
        .order_by(Learner.next_reminder_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    rows = (await session.execute(query)).all()
    if not rows:
        return []
    ids = [row.id for row in rows]
    await session.execute(update(Learner).where(Learner.id.in_(ids)).values(next_reminder_at=now + LEASE))
    return [
        DueReminder(
            learner_id=row.id,
            channel=row.channel,
            bot=row.bot,
            chat_id=row.chat_id,
            user_id=row.user_id,
            reminder_time=row.reminder_time,
            timezone=row.timezone,
            ignored=row.reminders_ignored,
            due=row.next_reminder_at,
            last_seen_at=row.last_seen_at,
            reachable=bool(row.consent) and not row.unreachable,
        )
        for row in rows
    ]


async def reschedule(session: AsyncSession, moves: Sequence[tuple[int, datetime | None]]) -> None:
    """Set next_reminder_at for many learners in one executemany (None stops their reminders)."""
    if not moves:
        return
    # An ORM bulk UPDATE by primary key: one executemany for the whole batch.
    await session.execute(update(Learner), [{"id": lid, "next_reminder_at": at} for lid, at in moves])
