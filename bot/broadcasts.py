"""Admin broadcasts and reminders: what their screens read, and what their events change.

Every admin action re-checks the role in the database (learner_roles) inside the code that
performs it and writes the audit log; a gatherer gives broadcast figures only to admins.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import outbox, rhythm
from bot.extensions import Feature, TurnScope
from bot.roles import ADMIN, actor_of, audit, has_role
from bot.storage.models import Broadcast, Learner, OutboxMessage
from content.library import Library
from content.textfold import fold
from dialogs.flows import broadcasts as flow
from dialogs.flows import reminders
from dialogs.messages import Inbound, InboundKind
from dialogs.state import DialogState, StateName
from dialogs.voice import Voice
from scheduler import audiences
from scheduler.reminders import QuietHours, zone

log = logging.getLogger(__name__)
S = StateName
# What the broadcast flow declares: the gatherer reads admin figures only for these.
ADMIN_STATES = flow.FLOW.state_names
ADMIN_COMMANDS = flow.FLOW.command_names - {"baihoc"}
STATUS_SHOWN = 5


# --- the reminder screen reads -----------------------------------------------------------------


async def reminder_info(scope: TurnScope, state: DialogState, inbound: Inbound) -> dict[str, object]:
    """On a reminder's own turn: whether it is the last before they pause (the Tutor moves the
    rhythm on when it applies the step, bot/rhythm.py)."""
    if inbound.kind is not InboundKind.REMINDER:
        return {}
    return {reminders.REMINDER: rhythm.preview(scope.learner)}


# --- what the broadcast screens read ----------------------------------------------------------


async def broadcast_screens(scope: TurnScope, state: DialogState, inbound: Inbound) -> dict[str, object]:
    data: dict[str, object] = {}
    if _asks_announced_lesson(inbound):
        data[flow.ANNOUNCED] = await announced_lesson(scope.session, scope.learner.id)
    wanted = state.name in ADMIN_STATES or (inbound.kind is InboundKind.COMMAND and inbound.command in ADMIN_COMMANDS)
    if not wanted or not await has_role(scope.session, scope.learner.id, ADMIN):
        return data
    data[flow.LOCAL_NOW] = scope.now.astimezone(zone(scope.learner.timezone)).replace(tzinfo=None)
    data[flow.COUNTS] = await _counts(scope, flow.audiences_in_reach(state, scope.shared.library))
    if state.name in (S.ADM_STATUS, S.ADM_CANCEL) or inbound.command in ("thongbao_trangthai", "thongbaotrangthai"):
        data[flow.STATUS] = await summaries(scope.session, scope.learner.timezone)
    return data


def _asks_announced_lesson(inbound: Inbound) -> bool:
    if inbound.kind is InboundKind.COMMAND:
        return inbound.command == "baihoc" and not inbound.text.strip()
    return inbound.kind is InboundKind.TEXT and len(inbound.text) < 40 and fold(inbound.text) in flow.LESSON_WORDS


async def announced_lesson(session: AsyncSession, learner_id: int) -> str:
    """The lesson of the latest announcement sent to this learner, or "".

    Interim: read from the outbox until lesson announcements run as the learner's own turn
    (InboundKind.ANNOUNCE), which keeps the lesson in the dialog state instead."""
    query = (
        select(Broadcast.lesson_id)
        .join(OutboxMessage, OutboxMessage.broadcast_id == Broadcast.id)
        .where(OutboxMessage.learner_id == learner_id, OutboxMessage.status == "sent", Broadcast.lesson_id != "")
        .order_by(OutboxMessage.id.desc())
        .limit(1)
    )
    return str(await session.scalar(query) or "")


async def _counts(scope: TurnScope, specs: Sequence[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for spec in specs:
        try:
            counts[spec] = await audiences.count(scope.session, audiences.parse_audience(spec), scope.now)
        except audiences.AudienceError:
            continue
    return counts


async def summaries(session: AsyncSession, tz: str, limit: int = STATUS_SHOWN) -> tuple[flow.BroadcastSummary, ...]:
    rows = list((await session.execute(select(Broadcast).order_by(Broadcast.id.desc()).limit(limit))).scalars())
    counts = await audiences.delivery_counts(session, [b.id for b in rows])
    return tuple(_summary(b, counts.get(b.id, {}), tz) for b in rows)


def _summary(broadcast: Broadcast, counts: dict[str, int], tz: str) -> flow.BroadcastSummary:
    text = " ".join(broadcast.text.split())
    return flow.BroadcastSummary(
        id=broadcast.id,
        excerpt=text if len(text) <= 40 else text[:39] + "…",
        status=broadcast.status,
        send_at=broadcast.send_at.astimezone(zone(tz)).strftime("%H:%M %d/%m"),
        sent=counts.get("sent", 0),
        pending=counts.get("pending", 0) + counts.get("sending", 0),
        failed=counts.get("failed", 0),
        unreachable=counts.get("unreachable", 0),
        cancelled=counts.get("cancelled", 0),
        recipients=broadcast.recipients,
    )


# --- what admins' events change -----------------------------------------------------------------


def _voice(learner: Learner) -> Voice:
    return Voice(learner.address, learner.name)


async def create_broadcast(
    session: AsyncSession,
    *,
    text: str,
    lesson_id: str,
    audience: audiences.Audience,
    urgent: bool,
    send_at: datetime,
    actor: str,
    created_by: int | None,
    now: datetime,
) -> Broadcast:
    """Record a broadcast (the broadcast tick enqueues it when due) and audit it."""
    expected = await audiences.count(session, audience, now)
    broadcast = Broadcast(
        created_by=created_by,
        text=text,
        lesson_id=lesson_id,
        audience={"spec": audience.spec},
        urgent=urgent,
        send_at=max(send_at, now),
        status="scheduled",
        recipients=expected,
        created_at=now,
    )
    session.add(broadcast)
    await session.flush()
    detail: dict[str, object] = {"audience": audience.spec, "urgent": urgent, "lesson": lesson_id}
    detail |= {"send_at": broadcast.send_at.isoformat(), "expected": expected}
    audit(session, actor, "broadcast.create", f"broadcast:{broadcast.id}", now, detail)
    return broadcast


async def _on_requested(scope: TurnScope, requested: flow.BroadcastRequested) -> None:
    learner, now = scope.learner, scope.now
    if not await has_role(scope.session, learner.id, ADMIN):
        log.warning("broadcast refused: learner %s holds no admin role", learner.id)
        return
    try:
        audience = audiences.parse_audience(requested.audience)
    except audiences.AudienceError:
        log.warning("broadcast refused: bad audience from learner %s", learner.id)
        return
    send_at = _local_to_utc(requested.at_local, learner.timezone) or now
    broadcast = await create_broadcast(
        scope.session,
        text=requested.text[: flow.TEXT_MAX],
        lesson_id=requested.lesson_id if scope.shared.library.lesson(requested.lesson_id) else "",
        audience=audience,
        urgent=requested.urgent,
        send_at=send_at,
        actor=actor_of(learner),
        created_by=learner.id,
        now=now,
    )
    count = flow.number(broadcast.recipients)
    if send_at <= now:
        scope.notes.append(flow.admin_note(_voice(learner), flow.QUEUED_NOTE, id=broadcast.id, count=count))
        return
    when = send_at.astimezone(zone(learner.timezone)).strftime("%H:%M ngày %d/%m")
    note = flow.admin_note(_voice(learner), flow.SCHEDULED_NOTE, id=broadcast.id, when=when, count=count)
    scope.notes.append(note)


def _local_to_utc(at_local: str, tz: str) -> datetime | None:
    if not at_local:
        return None
    try:
        return datetime.fromisoformat(at_local).replace(tzinfo=zone(tz))
    except ValueError:
        return None


async def cancel_broadcast(session: AsyncSession, broadcast_id: int, actor: str, now: datetime) -> int | None:
    """Cancel and audit; None if there is no such broadcast or it is cancelled already."""
    broadcast = await session.get(Broadcast, broadcast_id, with_for_update=True)
    if broadcast is None or broadcast.status == "cancelled":
        return None
    stopped = await audiences.cancel(session, broadcast)
    audit(session, actor, "broadcast.cancel", f"broadcast:{broadcast_id}", now, {"stopped": stopped})
    return stopped


async def _on_cancelled(scope: TurnScope, cancelled: flow.BroadcastCancelled) -> None:
    learner = scope.learner
    if not await has_role(scope.session, learner.id, ADMIN):
        log.warning("cancel refused: learner %s holds no admin role", learner.id)
        return
    stopped = await cancel_broadcast(scope.session, cancelled.broadcast_id, actor_of(learner), scope.now)
    v, bid = _voice(learner), cancelled.broadcast_id
    if stopped is None:
        scope.notes.append(flow.admin_note(v, flow.NOT_CANCELLABLE_NOTE, id=bid))
    else:
        scope.notes.append(flow.admin_note(v, flow.CANCELLED_NOTE, id=bid, count=flow.number(stopped)))


# --- releasing a due broadcast into the outbox (the broadcast tick and the CLI) -------------------


async def release(
    session: AsyncSession, broadcast: Broadcast, library: Library, now: datetime, quiet: QuietHours
) -> int:
    """One outbox row per recipient, set-based; quiet hours respected unless urgent."""
    lesson = library.lesson(broadcast.lesson_id)
    payload = outbox.dumps([flow.announcement(broadcast.text, lesson.title if lesson else "")])
    count = await audiences.enqueue(session, broadcast, payload, now, None if broadcast.urgent else quiet)
    broadcast.status, broadcast.recipients = "queued", count
    audit(session, "scheduler", "broadcast.queue", f"broadcast:{broadcast.id}", now, {"recipients": count})
    return count


async def release_due(
    sessions: async_sessionmaker[AsyncSession], library: Library, now: datetime, quiet: QuietHours, limit: int = 5
) -> int:
    """Enqueue the broadcasts whose time has come; safe with several processes (SKIP LOCKED)."""
    async with sessions.begin() as session:
        due = await audiences.claim_due(session, now, limit)
        for broadcast in due:
            await release(session, broadcast, library, now, quiet)
    return len(due)


def feature() -> Feature:
    """Broadcasts and the reminder screen, as bootstrap() assembles them."""
    return Feature(
        "broadcasts",
        gatherers=(reminder_info, broadcast_screens),
        effects={flow.BroadcastRequested: _on_requested, flow.BroadcastCancelled: _on_cancelled},
    )
