"""Turns queued for a learner by someone else's action: a family push, an announcement with a lesson.

A row is written in the transaction of the action that causes it, so it exists exactly when
that action committed. The tutor runs the turn right after that commit (in this process), and
a periodic job runs whatever a crash left behind. The learner's turn deletes its row inside its
own transaction: a row is a one-time ticket, so the turn happens once however many runners race.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    ColumnElement,
    Connection,
    ForeignKey,
    Integer,
    String,
    Text,
    bindparam,
    delete,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from bot.keys import ConversationKey
from bot.storage.learner_record import table
from bot.storage.models import Base, BigId, Learner, UTCDateTime
from dialogs.messages import Inbound, InboundKind


class QueuedTurnRow(Base):
    __tablename__ = "turn_queue"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), index=True)
    inbound: Mapped[str] = mapped_column(Text)  # the Inbound as JSON
    outbox_kind: Mapped[str] = mapped_column(String(16))  # push, nudge, broadcast
    priority: Mapped[int] = mapped_column(Integer)
    broadcast_id: Mapped[int | None] = mapped_column(ForeignKey("broadcasts.id", ondelete="CASCADE"), index=True)
    not_before: Mapped[datetime]  # the reply waits for the end of the learner's quiet hours
    created_at: Mapped[datetime] = mapped_column(index=True)


@dataclass(frozen=True, slots=True)
class QueuedTurn:
    """What the tutor needs to run one queued turn."""

    id: int
    key: ConversationKey
    inbound: Inbound
    outbox_kind: str
    priority: int
    not_before: datetime
    broadcast_id: int | None = None


QUEUE = table(QueuedTurnRow)
_TAKE = delete(QUEUE).where(QUEUE.c.id == bindparam("queued_id"))


def dumps(inbound: Inbound) -> str:
    fields = {"kind": inbound.kind.value, "text": inbound.text, "option": inbound.option, "command": inbound.command}
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def loads(raw: str) -> Inbound:
    fields = json.loads(raw)
    kind = InboundKind(fields["kind"])
    return Inbound(
        kind, text=fields.get("text", ""), option=fields.get("option", ""), command=fields.get("command", "")
    )


def take(conn: Connection, queued_id: int) -> bool:
    """Claim the row for the turn running now; False if another runner (or a cancel) took it."""
    return bool(conn.execute(_TAKE, {"queued_id": queued_id}).rowcount)


async def add(
    session: AsyncSession,
    learner: Learner,
    inbound: Inbound,
    outbox_kind: str,
    now: datetime,
    *,
    priority: int,
    not_before: datetime | None = None,
) -> QueuedTurn:
    """Queue a turn for `learner` inside the caller's transaction."""
    row = QueuedTurnRow(
        learner_id=learner.id,
        inbound=dumps(inbound),
        outbox_kind=outbox_kind,
        priority=priority,
        not_before=not_before or now,
        created_at=now,
    )
    session.add(row)
    await session.flush()
    key = ConversationKey(learner.channel, learner.chat_id, learner.user_id, bot=learner.bot)
    return QueuedTurn(row.id, key, inbound, outbox_kind, priority, row.not_before)


async def add_for_each(
    session: AsyncSession,
    where: Sequence[ColumnElement[bool]],
    inbound: Inbound,
    outbox_kind: str,
    now: datetime,
    *,
    priority: int,
    not_before: datetime,
    broadcast_id: int | None = None,
) -> int:
    """One queued turn per learner matching `where`, written by the database; returns how many."""
    source = select(
        Learner.id,
        literal(dumps(inbound), Text),
        literal(outbox_kind, String),
        literal(priority, Integer),
        literal(broadcast_id, BigId),
        literal(not_before, UTCDateTime()),
        literal(now, UTCDateTime()),
    ).where(*where)
    columns = ("learner_id", "inbound", "outbox_kind", "priority", "broadcast_id", "not_before", "created_at")
    result = await session.execute(insert(QueuedTurnRow).from_select(columns, source))
    return int(getattr(result, "rowcount", 0) or 0)


_WAITING = (
    select(QueuedTurnRow, Learner.channel, Learner.chat_id, Learner.user_id, Learner.bot)
    .join(Learner, Learner.id == QueuedTurnRow.learner_id)
    .where(QueuedTurnRow.created_at <= bindparam("before"))
    .order_by(QueuedTurnRow.id)
    .limit(bindparam("limit"))
)


async def waiting(session: AsyncSession, before: datetime, limit: int) -> list[QueuedTurn]:
    """The oldest queued turns created no later than `before`."""
    rows = (await session.execute(_WAITING, {"before": before, "limit": limit})).all()
    return [
        QueuedTurn(
            row.id,
            ConversationKey(channel, chat_id, user_id, bot=bot),
            loads(row.inbound),
            row.outbox_kind,
            row.priority,
            row.not_before,
            row.broadcast_id,
        )
        for row, channel, chat_id, user_id, bot in rows
    ]


async def waiting_per_broadcast(session: AsyncSession, broadcast_ids: Sequence[int]) -> dict[int, int]:
    """Announcement turns not run yet, per broadcast: their messages are still to be queued."""
    query = (
        select(QueuedTurnRow.broadcast_id, func.count())
        .where(QueuedTurnRow.broadcast_id.in_(broadcast_ids))
        .group_by(QueuedTurnRow.broadcast_id)
    )
    return {int(bid): int(n) for bid, n in (await session.execute(query)).all() if bid is not None}


async def cancel_broadcast(session: AsyncSession, broadcast_id: int) -> int:
    """Drop a cancelled broadcast's turns that have not run; returns how many."""
    result = await session.execute(delete(QueuedTurnRow).where(QueuedTurnRow.broadcast_id == broadcast_id))
    return int(getattr(result, "rowcount", 0) or 0)
