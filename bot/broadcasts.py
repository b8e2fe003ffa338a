"""Admin broadcasts and the reminder rhythm: what their screens read, and what their events change.

Every admin action re-checks the role in the database (learner_roles) inside the code that
performs it and writes the audit log; a gatherer gives broadcast figures only to admins.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, inspect, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot import outbox
from bot.extensions import TurnScope, effect, gatherer
from bot.storage.models import AuditEntry, Broadcast, Learner, LearnerRole, OutboxMessage
from content.library import Library
from content.textfold import fold
from dialogs.flows import admin as flow
from dialogs.messages import Inbound, InboundKind
from dialogs.state import DialogState, StateName
from dialogs.voice import Voice
from scheduler import broadcasts as audiences
from scheduler.reminders import STOP_AFTER, QuietHours, next_due, parse_hhmm, zone

if TYPE_CHECKING:
    from bot.app import App
    from bot.settings import Settings

log = logging.getLogger(__name__)
S = StateName
ADMIN = "admin"
ADMIN_STATES = frozenset(
    {
        S.ADM_TEXT,
        S.ADM_ATTACH,
        S.ADM_LESSON,
        S.ADM_AUDIENCE,
        S.ADM_PLACE,
        S.ADM_DAYS,
        S.ADM_PREVIEW,
        S.ADM_WHEN,
        S.ADM_STATUS,
        S.ADM_CANCEL,
    }
)
ADMIN_COMMANDS = frozenset({"thongbao", "thongbao_trangthai", "thongbaotrangthai"})
STATUS_SHOWN = 5


# --- roles and the audit log ------------------------------------------------------------------


async def has_role(session: AsyncSession, learner_id: int, role: str) -> bool:
    query = select(LearnerRole.role).where(LearnerRole.learner_id == learner_id, LearnerRole.role == role)
    return (await session.execute(query)).first() is not None


def audit(
    session: AsyncSession, actor: str, action: str, target: str, detail: dict[str, object], now: datetime
) -> None:
    session.add(AuditEntry(actor=actor[:160], action=action, target=target[:160], detail=detail, at=now))


def actor_of(learner: Learner) -> str:
    return f"learner:{learner.id} {learner.channel}:{learner.user_id}"


async def grant_role(
    session: AsyncSession, channel: str, user_id: str, role: str, actor: str, now: datetime
) -> list[int]:
    """Give `role` to every learner with this platform id (any bot, any chat); return their ids."""
    query = select(Learner.id).where(Learner.channel == channel, Learner.user_id == user_id)
    ids = list((await session.execute(query)).scalars())
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    for learner_id in ids:
        values = {"learner_id": learner_id, "role": role, "granted_at": now, "granted_by": actor[:64]}
        await session.execute(insert(LearnerRole).values(**values).on_conflict_do_nothing())
        audit(session, actor, "role.grant", f"learner:{learner_id}", {"role": role, "key": f"{channel}:{user_id}"}, now)
    return ids


async def revoke_role(
    session: AsyncSession, channel: str, user_id: str, role: str, actor: str, now: datetime
) -> list[int]:
    query = select(Learner.id).where(Learner.channel == channel, Learner.user_id == user_id)
    ids = list((await session.execute(query)).scalars())
    for learner_id in ids:
        found = await session.get(LearnerRole, (learner_id, role))
        if found is not None:
            await session.delete(found)
            audit(session, actor, "role.revoke", f"learner:{learner_id}", {"role": role}, now)
    return ids


async def grant_admins_from_settings(app: App, settings: Settings) -> list[tuple[str, str]]:
    """ADMIN_IDS at start-up. Returns the keys with no learner yet: they must write to the bot
    first (any message), then the next broadcast tick grants them (see bot/scheduling.py)."""
    return await grant_admin_keys(app, settings.admin_keys)


async def grant_admin_keys(app: App, keys: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    missing: list[tuple[str, str]] = []
    now = app.clock.now()
    async with app.sessions.begin() as session:
        for channel, user_id in keys:
            held = select(LearnerRole.learner_id).join(Learner, Learner.id == LearnerRole.learner_id)
            held = held.where(Learner.channel == channel, Learner.user_id == user_id, LearnerRole.role == ADMIN)
            if (await session.execute(held)).first() is not None:
                continue
            if not await grant_role(session, channel, user_id, ADMIN, "settings:ADMIN_IDS", now):
                missing.append((channel, user_id))
    return missing


# --- the reminder rhythm, kept in the turn's own transaction ------------------------------------


@gatherer
async def reminder_rhythm(scope: TurnScope, state: DialogState, inbound: Inbound) -> dict[str, object]:
    """Advance the learner's reminder schedule inside the turn, so it commits with the turn.

    A gatherer runs before the step, in the turn's transaction (TurnScope.session), with the
    learner row locked: writing here is atomic with the reply. A reminder's own turn moves the
    schedule on (back-off) and says whether it is the last; any other message from the learner
    resets the rhythm. A reminder time chosen *during* this step is seen at flush (below).
    """
    restore_seen = scope.learner.last_seen_at if inbound.kind is InboundKind.REMINDER else None
    _watch_reminder_changes(scope, restore_seen)
    if inbound.kind is InboundKind.REMINDER:
        return {flow.REMINDER: _advance(scope.learner, scope.now)}
    learner = scope.learner
    if learner.reminders_ignored or (learner.reminder_time and learner.next_reminder_at is None):
        learner.reminders_ignored = 0
        learner.next_reminder_at = next_due(scope.now, learner.reminder_time, learner.timezone, 0)
    return {}


def _advance(learner: Learner, now: datetime) -> flow.ReminderInfo:
    if parse_hhmm(learner.reminder_time) is None:  # turned off after the tick claimed it
        learner.next_reminder_at = None
        return flow.ReminderInfo(off=True)
    ignored = learner.reminders_ignored + 1
    learner.reminders_ignored, learner.last_reminded_at = ignored, now
    learner.next_reminder_at = next_due(now, learner.reminder_time, learner.timezone, ignored)
    return flow.ReminderInfo(last=ignored >= STOP_AFTER)


def _watch_reminder_changes(scope: TurnScope, restore_seen: datetime | None) -> None:
    """The step may set or clear reminder_time (onboarding, Settings, /tatnhacnho, a declined
    consent) after the gatherers ran, and the Tutor applies those events itself. So hook the
    turn's flush: whenever reminder_time changed, schedule from it, in the same transaction.

    On a reminder's own turn, also keep last_seen_at as it was: a reminder is not the learner
    being seen, and "inactive for N days" audiences and the back-off rely on it.
    """
    learner, now = scope.learner, scope.now

    def before_flush(*_: Any) -> None:
        if inspect(learner).attrs.reminder_time.history.has_changes():
            learner.reminders_ignored = 0
            learner.next_reminder_at = next_due(now, learner.reminder_time, learner.timezone, 0)
        if restore_seen is not None and learner.last_seen_at != restore_seen:
            learner.last_seen_at = restore_seen

    event.listen(scope.session.sync_session, "before_flush", before_flush)


# --- what the broadcast screens read ----------------------------------------------------------


@gatherer
async def broadcast_screens(scope: TurnScope, state: DialogState, inbound: Inbound) -> dict[str, object]:
    data: dict[str, object] = {}
    if _asks_announced_lesson(inbound):
        data[flow.ANNOUNCED] = await announced_lesson(scope.session, scope.learner.id)
    wanted = state.name in ADMIN_STATES or (inbound.kind is InboundKind.COMMAND and inbound.command in ADMIN_COMMANDS)
    if not wanted or not await has_role(scope.session, scope.learner.id, ADMIN):
        return data
    data[flow.LOCAL_NOW] = scope.now.astimezone(zone(scope.learner.timezone)).replace(tzinfo=None)
    data[flow.COUNTS] = await _counts(scope, flow.audiences_in_reach(state, scope.tutor.library))
    if state.name in (S.ADM_STATUS, S.ADM_CANCEL) or inbound.command in ("thongbao_trangthai", "thongbaotrangthai"):
        data[flow.STATUS] = await summaries(scope.session, scope.learner.timezone)
    return data


def _asks_announced_lesson(inbound: Inbound) -> bool:
    if inbound.kind is InboundKind.COMMAND:
        return inbound.command == "baihoc" and not inbound.text.strip()
    return inbound.kind is InboundKind.TEXT and len(inbound.text) < 40 and fold(inbound.text) in flow.LESSON_WORDS


async def announced_lesson(session: AsyncSession, learner_id: int) -> str:
    """The lesson of the latest announcement sent to this learner, or ""."""
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
    audit(session, actor, "broadcast.create", f"broadcast:{broadcast.id}", detail, now)
    return broadcast


@effect(flow.BroadcastRequested)
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
        lesson_id=requested.lesson_id if scope.tutor.library.lesson(requested.lesson_id) else "",
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
    audit(session, actor, "broadcast.cancel", f"broadcast:{broadcast_id}", {"stopped": stopped}, now)
    return stopped


@effect(flow.BroadcastCancelled)
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
    audit(session, "scheduler", "broadcast.queue", f"broadcast:{broadcast.id}", {"recipients": count}, now)
    return count


async def release_due(app: App, quiet: QuietHours, limit: int = 5) -> int:
    """Enqueue the broadcasts whose time has come; safe with several processes (SKIP LOCKED)."""
    now = app.clock.now()
    async with app.sessions.begin() as session:
        due = await audiences.claim_due(session, now, limit)
        for broadcast in due:
            await release(session, broadcast, app.library, now, quiet)
    return len(due)
