"""The outbox: one row per recipient; the sender claims rows, sends, and records the outcome."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Learner, OutboxMessage
from dialogs.messages import Choices, Image, Link, Option, Outbound, Text

# A row claimed this long ago by a sender that then died is claimed again. Claims are small
# (one batch) and a batch takes well under this, so a live sender never loses its rows.
STALE_CLAIM = timedelta(seconds=60)


def dumps(messages: Sequence[Outbound]) -> str:
    return json.dumps([_encode(m) for m in messages], ensure_ascii=False, separators=(",", ":"))


def _encode(message: Outbound) -> dict[str, Any]:
    if isinstance(message, Text):
        return {"t": "text", "text": message.text}
    if isinstance(message, Choices):
        options = [[o.id, o.label] for o in message.options]
        return {"t": "choices", "text": message.text, "options": options, "screen": message.screen}
    if isinstance(message, Image):
        return {"t": "image", "key": message.key, "caption": message.caption}
    return {"t": "link", "url": message.url, "label": message.label}


def loads(payload: str) -> tuple[Outbound, ...]:
    return tuple(_decode(item) for item in json.loads(payload))


def _decode(item: dict[str, Any]) -> Outbound:
    kind = item["t"]
    if kind == "text":
        return Text(item["text"])
    if kind == "choices":
        options = tuple(Option(str(i), str(label)) for i, label in item["options"])
        return Choices(item["text"], options, int(item["screen"]))
    if kind == "image":
        return Image(item["key"], item.get("caption", ""))
    return Link(item["url"], item["label"])


def enqueue(
    session: AsyncSession,
    learner: Learner,
    kind: str,
    messages: Sequence[Outbound],
    now: datetime,
    priority: int = 5,
    broadcast_id: int | None = None,
    not_before: datetime | None = None,
) -> None:
    session.add(
        OutboxMessage(
            learner_id=learner.id,
            channel=learner.channel,
            chat_id=learner.chat_id,
            kind=kind,
            broadcast_id=broadcast_id,
            payload=dumps(messages),
            priority=priority,
            status="pending",
            attempts=0,
            not_before=not_before or now,
            created_at=now,
            error="",
        )
    )


async def claim(session: AsyncSession, channel: str, now: datetime, limit: int) -> list[OutboxMessage]:
    """Take up to `limit` due rows for one channel; other senders skip the rows we hold."""
    due = and_(
        OutboxMessage.channel == channel,
        OutboxMessage.not_before <= now,
        or_(
            OutboxMessage.status == "pending",
            and_(OutboxMessage.status == "sending", OutboxMessage.claimed_at < now - STALE_CLAIM),
        ),
    )
    query = (
        select(OutboxMessage)
        .where(due)
        .order_by(OutboxMessage.priority, OutboxMessage.not_before, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    rows = list((await session.execute(query)).scalars())
    for row in rows:
        row.status, row.claimed_at, row.attempts = "sending", now, row.attempts + 1
    return rows


async def mark_unreachable(session: AsyncSession, row: OutboxMessage, now: datetime, error: str) -> None:
    """The platform says this person blocked us or is gone: stop writing to them."""
    row.status, row.error, row.sent_at = "unreachable", error[:200], now
    if row.learner_id is not None:
        await session.execute(update(Learner).where(Learner.id == row.learner_id).values(unreachable=True))
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.learner_id == row.learner_id, OutboxMessage.status == "pending")
            .values(status="unreachable", error="learner unreachable")
        )
