"""Admin broadcasts and reminders: what their screens read, and what their events change.

Every admin action re-checks the role and its scope in the database (learner_roles) inside the
code that performs it and writes the audit log; a gatherer gives broadcast figures only to admins.
The scope rules live here, once, for the chat, the CLI and the dashboard: a commune admin's
broadcasts reach only their commune, and they see and cancel only those.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import outbox
from bot.extensions import Feature, TurnScope
from bot.roles import WHOLE_PROVINCE, Scope, actor_of, admin_scope, audit
from bot.storage import turn_queue
from bot.storage.models import Broadcast, Learner
from content.library import Library
from dialogs.flows import broadcasts as flow
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


# --- what the broadcast screens read ----------------------------------------------------------


async def broadcast_screens(scope: TurnScope, state: DialogState, inbound: Inbound) -> dict[str, object]:
    data: dict[str, object] = {}
    wanted = state.name in ADMIN_STATES or (inbound.kind is InboundKind.COMMAND and inbound.command in ADMIN_COMMANDS)
    where = await admin_scope(scope.session, scope.learner.id) if wanted else None
    if where is None:
        return data
    data[flow.SCOPE] = where.place
    data[flow.LOCAL_NOW] = scope.now.astimezone(zone(scope.learner.timezone)).replace(tzinfo=None)
    typed = inbound.text if inbound.kind is InboundKind.TEXT else ""
    reach = flow.audiences_in_reach(state, scope.shared.library, scope.shared.places, typed)
    data[flow.COUNTS] = await _counts(scope, reach, where)
    if state.name in (S.ADM_STATUS, S.ADM_CANCEL) or inbound.command in ("thongbao_trangthai", "thongbaotrangthai"):
        data[flow.STATUS] = await summaries(scope.session, scope.learner.timezone, scope=where)
    return data


async def _counts(scope: TurnScope, specs: Sequence[str], where: Scope) -> dict[str, int]:
    counts: dict[str, int] = {}
    for spec in specs:
        try:
            audience = scoped_audience(audiences.parse_audience(spec), where)
        except audiences.AudienceError:
            continue
        if audience is not None:
            counts[spec] = await audiences.count(scope.session, audience, scope.now)
    return counts


# --- the scope rules, one place for the chat, the CLI and the dashboard --------------------------


def scoped_audience(audience: audiences.Audience, scope: Scope) -> audiences.Audience | None:
    """The audience as this admin may reach it: limited to their commune, or None when it names
    another commune."""
    if scope.province:
        return audience
    if audience.kind == "place" and audience.value != scope.place:
        return None
    return audiences.Audience(audience.kind, audience.value, scope.place)


def in_scope(scope: Scope) -> ColumnElement[bool]:
    """Broadcasts an admin of this scope may see and cancel: a commune admin, those limited to
    their commune or sent to it by place."""
    if scope.province:
        return true()
    within = Broadcast.audience["within"].as_string() == scope.place
    return or_(within, Broadcast.audience["spec"].as_string() == f"place:{scope.place}")


async def summaries(
    session: AsyncSession, tz: str, limit: int = STATUS_SHOWN, scope: Scope = WHOLE_PROVINCE
) -> tuple[flow.BroadcastSummary, ...]:
    query = select(Broadcast).where(in_scope(scope)).order_by(Broadcast.id.desc()).limit(limit)
    rows = list((await session.execute(query)).scalars())
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
        audience={"spec": audience.spec} | ({"within": audience.within} if audience.within else {}),
        urgent=urgent,
        send_at=max(send_at, now),
        status="scheduled",
        recipients=expected,
        created_at=now,
    )
    session.add(broadcast)
    await session.flush()
    detail: dict[str, object] = {"audience": audience.spec, "urgent": urgent, "lesson": lesson_id}
    detail |= {"within": audience.within} if audience.within else {}
    detail |= {"send_at": broadcast.send_at.isoformat(), "expected": expected}
    audit(session, actor, "broadcast.create", f"broadcast:{broadcast.id}", now, detail)
    return broadcast


async def _on_requested(scope: TurnScope, requested: flow.BroadcastRequested) -> None:
    learner, now = scope.learner, scope.now
    where = await admin_scope(scope.session, learner.id)
    if where is None:
        log.warning("broadcast refused: learner %s holds no admin role", learner.id)
        return
    try:
        audience = scoped_audience(audiences.parse_audience(requested.audience), where)
    except audiences.AudienceError:
        audience = None
    if audience is None:
        log.warning("broadcast refused: an audience outside the scope of learner %s", learner.id)
        scope.notes.append(flow.admin_note(_voice(learner), flow.OUT_OF_SCOPE_NOTE))
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


async def cancel_broadcast(
    session: AsyncSession, broadcast_id: int, actor: str, now: datetime, scope: Scope = WHOLE_PROVINCE
) -> int | None:
    """Cancel and audit; None if there is no such broadcast in this scope, or it is cancelled already."""
    query = select(Broadcast).where(Broadcast.id == broadcast_id, in_scope(scope)).with_for_update()
    broadcast = (await session.execute(query)).scalar_one_or_none()
    if broadcast is None or broadcast.status == "cancelled":
        return None
    stopped = await audiences.cancel(session, broadcast)
    audit(session, actor, "broadcast.cancel", f"broadcast:{broadcast_id}", now, {"stopped": stopped})
    return stopped


async def _on_cancelled(scope: TurnScope, cancelled: flow.BroadcastCancelled) -> None:
    learner = scope.learner
    where = await admin_scope(scope.session, learner.id)
    if where is None:
        log.warning("cancel refused: learner %s holds no admin role", learner.id)
        return
    stopped = await cancel_broadcast(scope.session, cancelled.broadcast_id, actor_of(learner), scope.now, where)
    v, bid = _voice(learner), cancelled.broadcast_id
    if stopped is None:
        scope.notes.append(flow.admin_note(v, flow.NOT_CANCELLABLE_NOTE, id=bid))
    else:
        scope.notes.append(flow.admin_note(v, flow.CANCELLED_NOTE, id=bid, count=flow.number(stopped)))


# --- releasing a due broadcast into the outbox (the broadcast tick and the CLI) -------------------


async def release(
    session: AsyncSession, broadcast: Broadcast, library: Library, now: datetime, quiet: QuietHours
) -> int:
    """Set-based, quiet hours respected unless urgent: a plain announcement is one outbox row per
    recipient; one with a lesson is each recipient's own turn (the lesson stays in their dialog
    state for /baihoc), queued here and run once this transaction has committed
    (`Tutor.drain_queue`: the broadcast tick, the CLI)."""
    lesson = library.lesson(broadcast.lesson_id)
    urgent_or_quiet = None if broadcast.urgent else quiet
    if lesson is None:
        payload = outbox.dumps([flow.announcement(broadcast.text)])
        count = await audiences.enqueue(session, broadcast, payload, now, urgent_or_quiet)
    else:
        count = await _queue_turns(
            session, broadcast, Inbound.announce(broadcast.text, lesson.id), now, urgent_or_quiet
        )
    broadcast.status, broadcast.recipients = "queued", count
    audit(session, "scheduler", "broadcast.queue", f"broadcast:{broadcast.id}", now, {"recipients": count})
    return count


async def _queue_turns(
    session: AsyncSession, broadcast: Broadcast, inbound: Inbound, now: datetime, quiet: QuietHours | None
) -> int:
    count = 0
    for not_before, where in await audiences.by_release(session, broadcast, now, quiet):
        count += await turn_queue.add_for_each(
            session,
            where,
            inbound,
            "broadcast",
            now,
            priority=audiences.BROADCAST_PRIORITY,
            not_before=not_before,
            broadcast_id=broadcast.id,
        )
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
    """Broadcasts, as bootstrap() assembles them."""
    return Feature(
        "broadcasts",
        gatherers=(broadcast_screens,),
        effects={flow.BroadcastRequested: _on_requested, flow.BroadcastCancelled: _on_cancelled},
    )
