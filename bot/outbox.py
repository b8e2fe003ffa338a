"""The outbox: every message that leaves, replies included, is a row until the platform took it.

One row per turn's reply (or per recipient of a broadcast); a sender claims due rows, sends
them and records the outcome. A chat's rows leave in id order; replies go before bulk.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, literal_column, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.storage.models import Learner, OutboxMessage
from dialogs.messages import Choices, Image, Link, Option, Outbound, Text, Voice

# A row claimed this long ago by a sender that then died is claimed again. A live sender
# holds a row for at most a batch's sending time, far less than this.
STALE_CLAIM = timedelta(seconds=60)
# Lower goes first. A learner waiting for an answer comes before anything scheduled.
PRIORITY = {"reply": 1, "reminder": 3, "push": 4, "nudge": 4, "summary": 6}
BULK_PRIORITY = 5
OPEN = ("pending", "sending")  # a row still to be sent


def dumps(messages: Sequence[Outbound]) -> str:
    return json.dumps([_encode(m) for m in messages], ensure_ascii=False, separators=(",", ":"))


def _encode(message: Outbound) -> dict[str, Any]:
    if isinstance(message, Text):
        return {"t": "text", "text": message.text}
    if isinstance(message, Choices):
        options = [[o.id, o.label] for o in message.options]
        encoded = {"t": "choices", "text": message.text, "options": options, "screen": message.screen}
        return encoded | ({"edit": True} if message.edit_previous else {})
    if isinstance(message, Image):
        return {"t": "image", "key": message.key, "caption": message.caption}
    if isinstance(message, Voice):
        return {"t": "voice", "key": message.key, "transcript": message.transcript, "language": message.language}
    return {"t": "link", "url": message.url, "label": message.label}


def loads(payload: str) -> tuple[Outbound, ...]:
    return tuple(_decode(item) for item in json.loads(payload))


def _decode(item: dict[str, Any]) -> Outbound:
    kind = item["t"]
    if kind == "text":
        return Text(item["text"])
    if kind == "choices":
        options = tuple(Option(str(i), str(label)) for i, label in item["options"])
        return Choices(item["text"], options, int(item["screen"]), edit_previous=bool(item.get("edit")))
    if kind == "image":
        return Image(item["key"], item.get("caption", ""))
    if kind == "voice":
        return Voice(item["key"], item["transcript"], item.get("language", ""))
    return Link(item["url"], item["label"])


def enqueue(
    session: AsyncSession,
    learner: Learner,
    kind: str,
    messages: Sequence[Outbound],
    now: datetime,
    priority: int | None = None,
    broadcast_id: int | None = None,
    not_before: datetime | None = None,
    edit: str = "",
) -> None:
    row = new_row(learner.channel, learner.chat_id, kind, messages, now, learner.id, priority, bot=learner.bot)
    row.broadcast_id, row.not_before, row.edit_message = broadcast_id, not_before or now, edit
    session.add(row)


def new_row(
    channel: str,
    chat_id: str,
    kind: str,
    messages: Sequence[Outbound],
    now: datetime,
    learner_id: int | None = None,
    priority: int | None = None,
    *,
    bot: str = "",
) -> OutboxMessage:
    """A pending row; `learner_id` may be None (a group asking for the bot has no learner).
    `bot` is the bot that must send it: the one the learner (or the group) wrote to."""
    return OutboxMessage(
        learner_id=learner_id,
        channel=channel,
        bot=bot,
        chat_id=chat_id,
        kind=kind,
        payload=dumps(messages),
        priority=PRIORITY.get(kind, BULK_PRIORITY) if priority is None else priority,
        status="pending",
        attempts=0,
        not_before=now,
        created_at=now,
        error="",
        sent_count=0,
        edit_message="",
    )


@dataclass(frozen=True, slots=True)
class Claimed:
    """What a sender needs of one claimed row, read once at the claim."""

    id: int
    learner_id: int | None
    chat_id: str
    kind: str
    priority: int
    payload: str
    attempts: int
    sent_count: int
    failing_since: datetime | None
    edit_message: str
    claimed_at: datetime

    @property
    def reply(self) -> bool:
        return self.priority <= PRIORITY["reply"]


# What a claim returns of each row, in Claimed's order (claimed_at is the claim's own time).
CLAIMED = (
    OutboxMessage.id,
    OutboxMessage.learner_id,
    OutboxMessage.chat_id,
    OutboxMessage.kind,
    OutboxMessage.priority,
    OutboxMessage.payload,
    OutboxMessage.attempts,
    OutboxMessage.sent_count,
    OutboxMessage.failing_since,
    OutboxMessage.edit_message,
)


def _first_in_its_chat(now: datetime, row: Any) -> Any:
    """No earlier row of the same chat must leave first: one being sent, or one at the same
    or a more urgent priority that is due or already being retried. A row held for later
    (quiet hours) blocks nothing; a reply overtakes bulk that has not left yet.

    Written as `(SELECT 1 ... LIMIT 1) IS NULL`, not NOT EXISTS: PostgreSQL turns NOT EXISTS
    into an anti-join whose plan follows the table's statistics, and on a table that grew by
    thousands of rows since it was last analysed (a fresh deployment's first burst) it chose a
    scan of every open row per candidate: 4-45 s per claim with 7,000-8,000 rows waiting. A
    correlated subquery with LIMIT stays a probe of ix_outbox_open (channel, chat_id, id) per
    candidate, whatever the statistics say."""
    earlier = aliased(OutboxMessage)
    return (
        select(literal_column("1"))
        .where(
            earlier.channel == row.channel,
            earlier.chat_id == row.chat_id,
            earlier.bot == row.bot,  # two bots may write to one person: each keeps its own order
            earlier.id < row.id,
            # Written out as the partial index ix_outbox_open's own condition, so both databases use it.
            earlier.status.in_([literal_column(f"'{status}'") for status in OPEN]),
            or_(
                earlier.status == "sending",
                and_(
                    earlier.status == "pending",
                    earlier.priority <= row.priority,
                    or_(earlier.claimed_at.is_not(None), earlier.not_before <= now),
                ),
            ),
        )
        .limit(1)
        .scalar_subquery()
        .is_(None)
    )


async def claim(
    session: AsyncSession,
    channel: str,
    now: datetime,
    limit: int,
    max_priority: int | None = None,
    holding: Collection[int] = (),
    bots: Collection[str] | None = None,
    abandoned_before: datetime | None = None,
) -> list[Claimed]:
    """Take up to `limit` due rows for one channel, in one statement; other senders skip the
    rows we hold (SKIP LOCKED; on SQLite the statement itself holds the one write lock), and
    so do we (`holding`): a row still in our hands is never stale to us, however slow.

    `bots`: only rows for these bots (None: any; one bot among several, bot/bots.py).
    `abandoned_before`: rows claimed before it are taken again at once, not after STALE_CLAIM:
    a sender that holds its bot's leader lock knows whoever claimed them has gone."""
    pick = aliased(OutboxMessage)
    stale = now - STALE_CLAIM if abandoned_before is None else max(now - STALE_CLAIM, abandoned_before)
    due = [
        pick.channel == channel,
        pick.not_before <= now,
        or_(pick.status == "pending", and_(pick.status == "sending", pick.claimed_at < stale)),
        _first_in_its_chat(now, pick),
    ]
    if bots is not None:
        due.append(pick.bot.in_(list(bots)))
    if max_priority is not None:
        due.append(pick.priority <= max_priority)
    if holding:
        due.append(pick.id.not_in(list(holding)))
    chosen = (
        select(pick.id)
        .where(*due)
        .order_by(pick.priority, pick.not_before, pick.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    taken = (
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(chosen.scalar_subquery()))
        .values(status="sending", claimed_at=now, attempts=OutboxMessage.attempts + 1)
        .returning(*CLAIMED)
        .execution_options(synchronize_session=False)
    )
    rows = (await session.execute(taken)).all()
    claimed = [Claimed(**row._asdict(), claimed_at=now) for row in rows]
    return sorted(claimed, key=lambda r: (r.priority, r.id))


async def settle(session: AsyncSession, row: Claimed, **values: Any) -> None:
    """Write what became of a claimed row, unless another sender has claimed it since."""
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == row.id, OutboxMessage.claimed_at == row.claimed_at)
        .values(**values)
    )


async def mark_unreachable(session: AsyncSession, row: Claimed, now: datetime, error: str) -> None:
    """The platform says this person blocked us or is gone: stop writing to them."""
    await settle(session, row, status="unreachable", error=error[:200], sent_at=now)
    if row.learner_id is not None:
        await session.execute(update(Learner).where(Learner.id == row.learner_id).values(unreachable=True))
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.learner_id == row.learner_id, OutboxMessage.status == "pending")
            .values(status="unreachable", error="learner unreachable")
        )


class Doorbell:
    """Rung when a turn has queued a reply, so the sender claims it at once instead of at its
    next poll. Only this process hears it; other processes' senders find the row by polling.
    The sender marks it quiet when nothing due is left, which tests and shutdown wait for."""

    def __init__(self) -> None:
        self._rung = asyncio.Event()
        self._quiet = asyncio.Event()

    def ring(self) -> None:
        self._rung.set()
        self._quiet.clear()

    def rung(self) -> bool:
        return self._rung.is_set()

    def clear(self) -> None:
        self._rung.clear()

    async def wait(self) -> None:
        await self._rung.wait()

    def quiet(self) -> None:
        """Nothing due is left and nothing is in flight (unless it rang again meanwhile)."""
        if not self._rung.is_set():
            self._quiet.set()

    async def settled(self) -> None:
        await self._quiet.wait()
