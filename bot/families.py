"""Digital Ambassadors and families (issue 7): what the family flow reads, and what it changes.

The gatherer fills ctx.data only with what the learner's database role allows; every effect
checks the role, the family's ambassador and the membership again before it writes, so a
forged button, command or code changes nothing. Statistics are SQL aggregates per commune.
"""

from __future__ import annotations

import asyncio
import csv
import functools
import io
import logging
import math
import secrets
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from importlib.resources import files
from zoneinfo import ZoneInfo

from sqlalchemy import Select, delete, exists, func, select, union_all, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import helping, outbox
from bot.deferred import Image as PILImage
from bot.deferred import ImageDraw, ImageFont, qrcode
from bot.extensions import Feature, TurnScope
from bot.family_news import remember_push
from bot.links import BotLinks
from bot.roles import ADMIN, AMBASSADOR, WHOLE_PROVINCE, Scope, actor_of, admin_scope, audit, grant, has_role, roles_of
from bot.settings import Settings
from bot.storage.models import (
    AmbassadorCode,
    Certificate,
    Family,
    FamilyMember,
    GuidedLearner,
    Invite,
    Learner,
    LearnerRole,
    LearningEvent,
    LessonProgressRow,
    OutboxMessage,
    PlacePopulation,
)
from bot.storage.turn_queue import QueuedTurnRow
from bot.welcome import tell_new_ambassador
from content.places import Place, PlaceIndex
from content.textfold import fold
from dialogs.flows.family import codes, entry, texts
from dialogs.flows.family import data as flow
from dialogs.flows.learning import MENU_OPTIONS
from dialogs.messages import Inbound, InboundKind, Text
from dialogs.state import DialogState, StateName
from dialogs.voice import Voice
from scheduler.reminders import QuietHours

log = logging.getLogger(__name__)
S = StateName
PUSH_KINDS = ("push", "nudge")
FAMILY_STATES = frozenset(
    {
        S.AMB_MENU,
        S.AMB_NEW_FAMILY,
        S.AMB_INVITE,
        S.AMB_FAMILY,
        S.AMB_PUSH_TOPIC,
        S.AMB_PUSH_LESSON,
        S.AMB_PUSH_MEMBERS,
        S.AMB_GUIDED_NAME,
        S.AMB_GUIDED_PLACE,
        S.AMB_GUIDED_AGE,
        S.AMB_GUIDED_TOPICS,
        S.AMB_GUIDED_LESSONS,
        S.AMB_GUIDED_DATE,
        S.FAMILY_JOIN,
        S.FAMILY_MINE,
        S.FAMILY_LEAVE,
        S.ADMIN_STATS,
        S.AMB_HELP,
        S.AMB_NEWS,
    }
)
# The main menu's doors to the family tools (dialogs/flows/family/entry.py).
DOORS = frozenset({entry.AMBASSADOR.id, entry.FAMILY.id})
FAMILY_COMMANDS = frozenset({"daisu", "giadinh", "roinhom", "madaisu", "maduasu", "thongke", "taomadaisu", "capdaisu"})
CODE_COMMANDS = frozenset({"start", "batdau", "madaisu", "maduasu"})
REFUSED = "Xin lỗi, việc này chưa làm được vì {you} không có quyền, hoặc mã không còn dùng được ạ."
NO_NAME = "Chưa có tên"
DEFAULT_TARGET_SHARE = 0.4
ACTIVE_DAYS = 7


@dataclass(frozen=True)
class FamilyConfig:
    """What the family effects need, built by bootstrap() from the settings."""

    links: BotLinks
    max_pushes_per_day: int = 2
    quiet_start: str = "21:00"
    quiet_end: str = "07:00"

    @classmethod
    def from_settings(cls, settings: Settings, links: BotLinks) -> FamilyConfig:
        return cls(links, settings.max_pushes_per_day, settings.quiet_hours_start, settings.quiet_hours_end)

    @property
    def quiet(self) -> QuietHours:
        return QuietHours.parse(self.quiet_start, self.quiet_end)


def new_code(prefix: str) -> str:
    body = "".join(secrets.choice(codes.CODE_ALPHABET) for _ in range(codes.CODE_BODY))
    return codes.format_code(prefix, body)


def new_invite_code() -> str:
    """A short invite (GD and six signs), typed on Zalo where no link can carry it."""
    while True:
        found = codes.short_invite("".join(secrets.choice(codes.SHORT_ALPHABET) for _ in range(codes.SHORT_BODY)))
        if found is not None:  # a body of letters only, or digits only, is drawn again
            return found


def invite_link(code: str, bot: str) -> str:
    return f"https://t.me/{bot}?start={code}" if bot else code


def day_start(now: datetime, tz: str) -> datetime:
    local = now.astimezone(ZoneInfo(tz))
    return local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(UTC)


def after_quiet_hours(now: datetime, tz: str, start: str, end: str) -> datetime:
    """`now`, or the end of the night's quiet hours when `now` falls inside them."""
    return QuietHours.parse(start, end).release(now, tz)


# --- reads --------------------------------------------------------------------------------


async def owned_family(session: AsyncSession, ambassador_id: int, family_id: int) -> Family | None:
    """The family, only if this learner is its ambassador and still holds the role."""
    family = await session.get(Family, family_id)
    if family is None or family.ambassador_id != ambassador_id:
        return None
    return family if await has_role(session, ambassador_id, AMBASSADOR) else None


async def is_member(session: AsyncSession, family_id: int, learner_id: int) -> bool:
    return await session.get(FamilyMember, (family_id, learner_id)) is not None


async def pushes_today(session: AsyncSession, learner_ids: Sequence[int], since: datetime) -> dict[int, int]:
    """Pushes and nudges since `since`: queued (bot/storage/turn_queue.py) or already in the outbox."""
    sent = select(OutboxMessage.learner_id.label("learner")).where(
        OutboxMessage.learner_id.in_(learner_ids),
        OutboxMessage.kind.in_(PUSH_KINDS),
        OutboxMessage.created_at >= since,
    )
    waiting = select(QueuedTurnRow.learner_id).where(
        QueuedTurnRow.learner_id.in_(learner_ids),
        QueuedTurnRow.outbox_kind.in_(PUSH_KINDS),
        QueuedTurnRow.created_at >= since,
    )
    both = union_all(sent, waiting).subquery()
    query = select(both.c.learner, func.count()).group_by(both.c.learner)
    return {int(lid): int(n) for lid, n in (await session.execute(query)).all() if lid is not None}


def member_name(learner: Learner) -> str:
    return learner.name or f"{NO_NAME} #{learner.id}"


@dataclass
class _MemberProgress:
    completed: list[tuple[datetime, str]] = field(default_factory=list)
    in_progress: list[tuple[datetime, str]] = field(default_factory=list)
    completed_week: int = 0


async def _progress(session: AsyncSession, learner_ids: Sequence[int], week: datetime) -> dict[int, _MemberProgress]:
    found: dict[int, _MemberProgress] = defaultdict(_MemberProgress)
    query = select(LessonProgressRow).where(LessonProgressRow.learner_id.in_(learner_ids))
    for row in (await session.execute(query)).scalars():
        progress = found[row.learner_id]
        if row.status == "completed" and row.completed_at is not None:
            progress.completed.append((row.completed_at, row.lesson_id))
            progress.completed_week += row.completed_at >= week
        else:
            progress.in_progress.append((row.started_at, row.lesson_id))
    return found


async def _certificates(session: AsyncSession, learner_ids: Sequence[int]) -> dict[int, int]:
    query = (
        select(Certificate.learner_id, func.count())
        .where(Certificate.learner_id.in_(learner_ids))
        .group_by(Certificate.learner_id)
    )
    return {int(lid): int(n) for lid, n in (await session.execute(query)).all()}


async def families_of(session: AsyncSession, ambassador_id: int, now: datetime, tz: str) -> tuple[flow.FamilyData, ...]:
    """Every family of one ambassador with its members' progress, in a fixed number of queries."""
    families = list(
        (await session.execute(select(Family).where(Family.ambassador_id == ambassador_id).order_by(Family.id)))
        .scalars()
        .all()
    )
    ids = [f.id for f in families]
    rows = (
        await session.execute(
            select(FamilyMember.family_id, Learner)
            .join(Learner, Learner.id == FamilyMember.learner_id)
            .where(FamilyMember.family_id.in_(ids))
            .order_by(FamilyMember.joined_at, Learner.id)
        )
    ).all()
    learner_ids = sorted({learner.id for _, learner in rows})
    progress = await _progress(session, learner_ids, now - timedelta(days=7))
    certs = await _certificates(session, learner_ids)
    pushed = await pushes_today(session, learner_ids, day_start(now, tz))
    invites: dict[int, list[str]] = defaultdict(list)
    query = select(Invite).where(Invite.family_id.in_(ids), Invite.revoked_at.is_(None)).order_by(Invite.created_at)
    for invite in (await session.execute(query)).scalars():
        invites[invite.family_id].append(invite.code)
    members: dict[int, list[flow.MemberData]] = defaultdict(list)
    for family_id, learner in rows:
        members[family_id].append(_member(learner, progress[learner.id], certs, pushed, now))
    return tuple(flow.FamilyData(f.id, f.name, tuple(members[f.id]), tuple(invites[f.id])) for f in families)


def _member(
    learner: Learner, progress: _MemberProgress, certs: Mapping[int, int], pushed: Mapping[int, int], now: datetime
) -> flow.MemberData:
    return flow.MemberData(
        id=learner.id,
        name=member_name(learner),
        completed=tuple(lid for _, lid in sorted(progress.completed, reverse=True)),
        in_progress=tuple(lid for _, lid in sorted(progress.in_progress, reverse=True)),
        certificates=certs.get(learner.id, 0),
        idle_days=max(0, (now - learner.last_seen_at).days),
        pushes_today=pushed.get(learner.id, 0),
        reachable=not learner.unreachable,
        completed_this_week=progress.completed_week,
    )


async def _ambassador_data(config: FamilyConfig, scope: TurnScope) -> flow.AmbassadorData:
    session, learner, tz = scope.session, scope.learner, scope.shared.timezone
    guided = await session.scalar(
        select(func.count()).select_from(GuidedLearner).where(GuidedLearner.ambassador_id == learner.id)
    )
    return flow.AmbassadorData(
        families=await families_of(session, learner.id, scope.now, tz),
        guided=int(guided or 0),
        place=learner.place,
        telegram_bot=config.links.telegram_username,
        today=scope.now.astimezone(ZoneInfo(tz)).date().isoformat(),
        max_pushes=config.max_pushes_per_day,
        on_duty=await helping.is_on_duty(session, learner.id),
        help=await helping.views_for(session, learner, scope.now, tz),
    )


async def memberships(session: AsyncSession, learner_id: int) -> tuple[flow.Membership, ...]:
    query = (
        select(Family, Learner)
        .join(FamilyMember, FamilyMember.family_id == Family.id)
        .join(Learner, Learner.id == Family.ambassador_id)
        .where(FamilyMember.learner_id == learner_id)
        .order_by(FamilyMember.joined_at)
    )
    return tuple(flow.Membership(f.id, f.name, member_name(a)) for f, a in (await session.execute(query)).all())


async def _invite_data(session: AsyncSession, learner_id: int, code: str) -> flow.InviteData:
    invite = await session.get(Invite, code)
    family = await session.get(Family, invite.family_id) if invite else None
    if invite is None or family is None:
        return flow.InviteData(code, "unknown")
    ambassador = await session.get(Learner, family.ambassador_id)
    name = member_name(ambassador) if ambassador else NO_NAME
    status: flow.InviteStatus = "ok"
    if invite.revoked_at is not None or not await has_role(session, family.ambassador_id, AMBASSADOR):
        status = "revoked"
    elif family.ambassador_id == learner_id:
        status = "own"
    elif await is_member(session, family.id, learner_id):
        status = "member"
    return flow.InviteData(code, status, family.name, name)


async def _ambassador_code_data(session: AsyncSession, learner_id: int, code: str) -> flow.AmbassadorCodeData:
    row = await session.get(AmbassadorCode, code)
    if row is None or row.revoked_at is not None:
        return flow.AmbassadorCodeData(code, "unknown")
    if row.claimed_by is not None:
        return flow.AmbassadorCodeData(code, "used")
    if await has_role(session, learner_id, AMBASSADOR):
        return flow.AmbassadorCodeData(code, "already", row.place)
    return flow.AmbassadorCodeData(code, "ok", row.place)


def _code_in(state: DialogState, inbound: Inbound) -> str | None:
    typed = inbound.kind is InboundKind.TEXT
    given = inbound.kind is InboundKind.COMMAND and inbound.command in CODE_COMMANDS
    code = codes.normalize_code(inbound.text) if typed or given else None
    return code or (state.extra.get("invite") if state.name is S.FAMILY_JOIN else None)


def _wants_family(state: DialogState, inbound: Inbound, code: str | None) -> bool:
    command = inbound.command if inbound.kind is InboundKind.COMMAND else ""
    notice = inbound.command == "help" if inbound.kind is InboundKind.PUSH else False  # a request arrives
    return (
        state.name in FAMILY_STATES
        or command in FAMILY_COMMANDS
        or code is not None
        or notice
        or _at_door(state, inbound)
    )


def _at_door(state: DialogState, inbound: Inbound) -> bool:
    """The menu's "Đại sứ số" or "Gia đình", tapped or typed: a number past the everyday rows,
    or their words. Other menu turns, most of them, read nothing here."""
    if state.name is not S.MENU:
        return False
    if inbound.kind is InboundKind.CHOICE:
        return inbound.option in DOORS
    typed = fold(inbound.text) if inbound.kind is InboundKind.TEXT else ""
    past = typed.isdigit() and int(typed) > len(MENU_OPTIONS)
    return bool(typed) and (past or bool(DOORS & set(state.asked)) or "dai su" in typed or "gia dinh" in typed)


async def gather_family(
    config: FamilyConfig, scope: TurnScope, state: DialogState, inbound: Inbound
) -> dict[str, object]:
    """Nothing at all for an ordinary turn; what this person may see for a family turn."""
    code = _code_in(state, inbound)
    if not _wants_family(state, inbound, code):
        return {}
    session, learner = scope.session, scope.learner
    roles = await roles_of(session, learner.id)
    data: dict[str, object] = {
        flow.DATA_MEMBERSHIPS: await memberships(session, learner.id),
        flow.DATA_FRESH: flow.FreshCodes(new_invite_code(), new_code(codes.AMBASSADOR_PREFIX)),
    }
    if AMBASSADOR in roles:
        data[flow.DATA_AMBASSADOR] = await _ambassador_data(config, scope)
    if code and code.startswith(codes.INVITE_PREFIX):
        data[flow.DATA_INVITE] = await _invite_data(session, learner.id, code)
    elif code:
        data[flow.DATA_AMBASSADOR_CODE] = await _ambassador_code_data(session, learner.id, code)
    if ADMIN in roles:
        data.update(await _admin_data(scope, state, inbound))
    return data


async def _admin_data(scope: TurnScope, state: DialogState, inbound: Inbound) -> dict[str, object]:
    command = inbound.command if inbound.kind is InboundKind.COMMAND else ""
    data: dict[str, object] = {}
    if command == "thongke" or state.name is S.ADMIN_STATS:
        query = inbound.text.strip()[:60] if command == "thongke" else state.extra.get("stats", "")
        where = await admin_scope(scope.session, scope.learner.id) or WHOLE_PROVINCE
        data[flow.DATA_STATS] = await chat_stats(scope.session, scope.shared.places, scope.now, query, where)
    if command == "capdaisu":
        channel, _, ident = inbound.text.strip().partition(":")
        found = await find_learner(scope.session, channel.strip().lower(), ident.strip())
        data[flow.DATA_GRANT] = flow.GrantData(f"{channel.strip().lower()}:{ident.strip()}"[:80], found is not None)
    return data


async def find_learner(session: AsyncSession, channel: str, ident: str) -> Learner | None:
    """A person by CHANNEL:ID, the id being their user id (or chat id) on that platform."""
    if not channel or not ident:
        return None
    query = (
        select(Learner)
        .where(Learner.channel == channel, (Learner.user_id == ident) | (Learner.chat_id == ident))
        .order_by(Learner.id)
        .limit(1)
    )
    return (await session.execute(query)).scalar_one_or_none()


# --- writes: every effect re-checks in the database -----------------------------------------


def _audit(scope: TurnScope, action: str, target: str, detail: dict[str, object] | None = None) -> None:
    audit(scope.session, actor_of(scope.learner), action, target, scope.now, detail)


def _refuse(scope: TurnScope, what: str) -> None:
    # Reached only when the database disagrees with what the step was shown: say so, change nothing.
    log.warning("family action refused: %s (learner %s)", what, scope.learner.id)
    voice = Voice(scope.learner.address, scope.learner.name)
    scope.notes.append(Text(voice.say(REFUSED)))


async def _add_invite(scope: TurnScope, family_id: int, code: str) -> bool:
    if codes.normalize_code(code) != code or await scope.session.get(Invite, code) is not None:
        return False
    scope.session.add(Invite(code=code, family_id=family_id, created_at=scope.now))
    return True


async def _create_family(scope: TurnScope, event: flow.FamilyCreated) -> None:
    name = " ".join(event.name.split())[:64]
    if not name or not await has_role(scope.session, scope.learner.id, AMBASSADOR):
        return _refuse(scope, "create family")
    family = Family(ambassador_id=scope.learner.id, name=name, created_at=scope.now)
    scope.session.add(family)
    await scope.session.flush()
    if not await _add_invite(scope, family.id, event.invite_code):
        return _refuse(scope, "invite code taken")
    _audit(scope, "family.create", f"family:{family.id}", {"name": name})


async def _create_invite(scope: TurnScope, event: flow.InviteCreated) -> None:
    family = await owned_family(scope.session, scope.learner.id, event.family_id)
    if family is None or not await _add_invite(scope, family.id, event.code):
        return _refuse(scope, "create invite")
    _audit(scope, "family.invite", f"family:{family.id}")


async def _revoke_invites(scope: TurnScope, event: flow.InvitesRevoked) -> None:
    family = await owned_family(scope.session, scope.learner.id, event.family_id)
    if family is None:
        return _refuse(scope, "revoke invites")
    await scope.session.execute(
        update(Invite).where(Invite.family_id == family.id, Invite.revoked_at.is_(None)).values(revoked_at=scope.now)
    )
    _audit(scope, "family.revoke", f"family:{family.id}")


async def _join(scope: TurnScope, event: flow.FamilyJoined) -> None:
    session, learner = scope.session, scope.learner
    found = await _invite_data(session, learner.id, event.code)
    invite = await session.get(Invite, event.code)
    if found.status != "ok" or invite is None or not learner.consent:
        return _refuse(scope, "join")
    session.add(FamilyMember(family_id=invite.family_id, learner_id=learner.id, joined_at=scope.now))
    _audit(scope, "family.join", f"family:{invite.family_id}")


async def _leave(scope: TurnScope, event: flow.FamilyLeft) -> None:
    # Only ever one's own membership: the learner id comes from the turn, not the event.
    gone = await scope.session.execute(
        delete(FamilyMember).where(
            FamilyMember.family_id == event.family_id, FamilyMember.learner_id == scope.learner.id
        )
    )
    if getattr(gone, "rowcount", 0):
        _audit(scope, "family.leave", f"family:{event.family_id}")


def _sender(ambassador: Learner, family: Family) -> str:
    if ambassador.name:
        return f"{ambassador.name} (Đại sứ số)"
    return f"Đại sứ số của nhóm “{family.name}”"


async def _pushable(
    config: FamilyConfig, scope: TurnScope, family: Family, member_id: int
) -> tuple[Learner | None, str]:
    """The member row-locked (their own turn waits), or why no push may reach them."""
    session = scope.session
    if member_id == scope.learner.id or not await is_member(session, family.id, member_id):
        return None, "not a member"
    member = (await session.execute(select(Learner).where(Learner.id == member_id).with_for_update())).scalar_one()
    if member.unreachable or not member.consent:
        return None, "unreachable"
    today = await pushes_today(session, [member.id], day_start(scope.now, scope.shared.timezone))
    if today.get(member.id, 0) >= config.max_pushes_per_day:
        return None, "limit"
    return member, ""


async def deliver_push(
    config: FamilyConfig, scope: TurnScope, family: Family, member_id: int, lesson_id: str, nudge: bool
) -> tuple[bool, str]:
    """One member's side of a push: their own turn, run once the ambassador's has committed;
    the lesson's message waits in the outbox for the end of their quiet hours."""
    member, refusal = await _pushable(config, scope, family, member_id)
    if member is None:
        return False, refusal
    kind = "nudge" if nudge else "push"
    not_before = after_quiet_hours(scope.now, member.timezone, config.quiet_start, config.quiet_end)
    inbound = Inbound.push(lesson_id, _sender(scope.learner, family), nudge)
    await scope.queue_turn(member, inbound, kind, priority=outbox.PRIORITY[kind], not_before=not_before)
    return True, "sent"


async def _push(config: FamilyConfig, scope: TurnScope, event: flow.LessonPushed) -> None:
    family = await owned_family(scope.session, scope.learner.id, event.family_id)
    if family is None or scope.shared.library.lesson(event.lesson_id) is None:
        return _refuse(scope, "push")
    pushes = [await deliver_push(config, scope, family, m, event.lesson_id, nudge=False) for m in event.member_ids]
    results = {m: outcome for m, (_, outcome) in zip(event.member_ids, pushes, strict=True)}
    await remember_push(scope.session, family.id, _sent(results), event.lesson_id, scope.now)
    _audit(scope, "family.push", f"family:{family.id}", {"lesson": event.lesson_id, "sent": _sent(results)})


def _sent(results: Mapping[int, str]) -> list[int]:
    return sorted(m for m, outcome in results.items() if outcome == "sent")


async def _nudge(config: FamilyConfig, scope: TurnScope, event: flow.MemberNudged) -> None:
    family = await owned_family(scope.session, scope.learner.id, event.family_id)
    if family is None or scope.shared.library.lesson(event.lesson_id) is None:
        return _refuse(scope, "nudge")
    sent, outcome = await deliver_push(config, scope, family, event.member_id, event.lesson_id, nudge=True)
    if not sent and outcome in ("not a member", "no lesson"):
        return _refuse(scope, "nudge")
    if sent:
        await remember_push(scope.session, family.id, (event.member_id,), event.lesson_id, scope.now)
    _audit(scope, "family.nudge", f"learner:{event.member_id}", {"lesson": event.lesson_id, "sent": sent})


def _guided_day(raw: str, today: date) -> date | None:
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return None
    return day if today - timedelta(days=366) <= day <= today else None


async def _record_guided(scope: TurnScope, event: flow.GuidedRecorded) -> None:
    tz = ZoneInfo(scope.shared.timezone)
    day = _guided_day(event.guided_on, scope.now.astimezone(tz).date())
    lessons = [lid for lid in event.lessons if scope.shared.library.lesson(lid) is not None]
    valid_name = bool(texts.INITIALS.fullmatch(event.first_name)) and len(event.first_name) <= 20
    place_ok = scope.shared.places.get(event.place) is not None
    role = await has_role(scope.session, scope.learner.id, AMBASSADOR)
    if not (role and day and lessons and valid_name and place_ok):
        return _refuse(scope, "guided")
    guided_on = datetime.combine(day, time(12), tz).astimezone(UTC)
    scope.session.add(
        GuidedLearner(
            ambassador_id=scope.learner.id,
            first_name=event.first_name,
            place=event.place,
            age_group=event.age_group if event.age_group in ("duoi-30", "30-59", "60+") else "",
            lessons=lessons,
            guided_on=guided_on,
            created_at=scope.now,
        )
    )
    _audit(scope, "guided.record", event.place, {"lessons": len(lessons)})


async def _claim(scope: TurnScope, event: flow.AmbassadorCodeClaimed) -> None:
    session, learner = scope.session, scope.learner
    row = (
        await session.execute(select(AmbassadorCode).where(AmbassadorCode.code == event.code).with_for_update())
    ).scalar_one_or_none()
    if row is None or row.claimed_by is not None or row.revoked_at is not None:
        return _refuse(scope, "claim")
    if not await grant(session, learner.id, AMBASSADOR, f"code:{row.code}", scope.now):
        return _refuse(scope, "claim: already an ambassador")
    row.claimed_by = learner.id
    if learner.consent and not learner.place:
        learner.place = row.place
    _audit(scope, "ambassador.claim", actor_of(learner), {"code": row.code, "place": row.place})


async def _make_code(scope: TurnScope, event: flow.AmbassadorCodeCreated) -> None:
    session = scope.session
    fresh = codes.normalize_code(event.code) == event.code and await session.get(AmbassadorCode, event.code) is None
    where = await admin_scope(session, scope.learner.id)
    if not fresh or scope.shared.places.get(event.place) is None or where is None or not where.allows(event.place):
        return _refuse(scope, "ambassador code")
    session.add(
        AmbassadorCode(code=event.code, place=event.place, created_by=actor_of(scope.learner), created_at=scope.now)
    )
    _audit(scope, "ambassador.code", event.place)


async def _grant(config: FamilyConfig, scope: TurnScope, event: flow.AmbassadorGranted) -> None:
    session = scope.session
    target = await find_learner(session, event.channel.strip().lower(), event.ident.strip())
    if target is None or not await has_role(session, scope.learner.id, ADMIN):
        return _refuse(scope, "grant")
    if await grant(session, target.id, AMBASSADOR, actor_of(scope.learner), scope.now):
        tell_new_ambassador(session, target, scope.now, config.quiet)


# --- statistics -------------------------------------------------------------------------------

COUNTS = (
    "learners",
    "active_7d",
    "lessons_completed",
    "certificates",
    "certified_learners",
    "guided",
    "ambassadors",
    "families",
)


@dataclass(frozen=True, slots=True)
class CommuneStats:
    place: str
    name: str
    counts: Mapping[str, int]
    adults: int | None = None

    def get(self, name: str) -> int:
        return int(self.counts.get(name, 0))


@dataclass(frozen=True, slots=True)
class StatsReport:
    generated_at: datetime
    commune: str | None
    target_share: float
    rows: tuple[CommuneStats, ...]
    totals: CommuneStats
    anonymous_completed: int = 0
    anonymous_certificates: int = 0


def place_name(places: PlaceIndex, key: str) -> str:
    place = places.get(key)
    if place is not None:
        return place.label
    return {"": "Chưa rõ", "other": "Nơi khác"}.get(key, key)


def resolve_commune(places: PlaceIndex, query: str) -> tuple[Place, ...]:
    """Communes a typed name or key names: one when it is unambiguous."""
    exact = places.get(query.strip())
    return (exact,) if exact else places.search(query)


async def _grouped(session: AsyncSession, query: Select[str, int]) -> dict[str, int]:
    return {str(place or ""): int(n or 0) for place, n in (await session.execute(query)).all()}


def _stats_queries(now: datetime, place: str | None) -> dict[str, Select[str, int]]:
    """One GROUP BY per figure: the database counts, Python only adds the columns up."""
    here = (Learner.place == place,) if place is not None else ()
    started = exists().where(LearningEvent.learner_id == Learner.id)
    recent = exists().where(LearningEvent.learner_id == Learner.id, LearningEvent.at >= now - timedelta(ACTIVE_DAYS))
    completions = (
        select(LearningEvent.learner_id, LearningEvent.lesson_id)
        .where(LearningEvent.verb == "completed", LearningEvent.learner_id.is_not(None))
        .distinct()
        .subquery()
    )
    consenting = Learner.consent.is_(True)
    guided_here = (GuidedLearner.place == place,) if place is not None else ()
    return {
        "learners": select(Learner.place, func.count()).where(consenting, started, *here).group_by(Learner.place),
        "active_7d": select(Learner.place, func.count()).where(consenting, recent, *here).group_by(Learner.place),
        "lessons_completed": select(Learner.place, func.count())
        .select_from(completions)
        .join(Learner, Learner.id == completions.c.learner_id)
        .where(*here)
        .group_by(Learner.place),
        "certificates": select(Learner.place, func.count(Certificate.code))
        .join(Learner, Learner.id == Certificate.learner_id)
        .where(*here)
        .group_by(Learner.place),
        "certified_learners": select(Learner.place, func.count(func.distinct(Certificate.learner_id)))
        .join(Learner, Learner.id == Certificate.learner_id)
        .where(*here)
        .group_by(Learner.place),
        "guided": select(GuidedLearner.place, func.count()).where(*guided_here).group_by(GuidedLearner.place),
        "ambassadors": select(Learner.place, func.count())
        .join(LearnerRole, LearnerRole.learner_id == Learner.id)
        .where(LearnerRole.role == AMBASSADOR, *here)
        .group_by(Learner.place),
        "families": select(Learner.place, func.count(Family.id))
        .join(Learner, Learner.id == Family.ambassador_id)
        .where(*here)
        .group_by(Learner.place),
    }


async def _anonymous(session: AsyncSession, verb: str) -> int:
    query = select(func.count()).where(LearningEvent.learner_id.is_(None), LearningEvent.verb == verb)
    return int(await session.scalar(query) or 0)


async def compute_stats(
    session: AsyncSession,
    places: PlaceIndex,
    now: datetime,
    commune: str | None = None,
    target_share: float = DEFAULT_TARGET_SHARE,
) -> StatsReport:
    """Figures per commune (learners.place) and totals; `commune` is a place key."""
    by_figure = {name: await _grouped(session, q) for name, q in _stats_queries(now, commune).items()}
    population_query = select(PlacePopulation.place, PlacePopulation.adults)
    if commune is not None:
        population_query = population_query.where(PlacePopulation.place == commune)
    population = await _grouped(session, population_query)
    keys = set(population).union(*(figure.keys() for figure in by_figure.values()))
    rows = [
        CommuneStats(key, place_name(places, key), {n: by_figure[n].get(key, 0) for n in COUNTS}, population.get(key))
        for key in keys
    ]
    rows.sort(key=lambda r: (-r.get("learners"), -r.get("guided"), r.name))
    totals = {n: sum(r.get(n) for r in rows) for n in COUNTS}
    anonymous = (0, 0) if commune else (await _anonymous(session, "completed"), await _anonymous(session, "certified"))
    totals["lessons_completed"] += anonymous[0]
    totals["certificates"] += anonymous[1]
    adults = sum(population.values()) if population else None
    total = CommuneStats("", "Tổng", totals, adults)
    return StatsReport(now, commune, target_share, tuple(rows), total, *anonymous)


def _target(row: CommuneStats, share: float) -> dict[str, object]:
    if not row.adults:
        return {"adults": row.adults, "certified_share": None, "target_learners": None, "target_reached": None}
    needed = math.ceil(row.adults * share)
    certified = row.get("certified_learners")
    return {
        "adults": row.adults,
        "certified_share": round(certified / row.adults, 4),
        "target_learners": needed,
        "target_reached": certified >= needed,
    }


def stats_json(report: StatsReport) -> dict[str, object]:
    """The stable shape documented in docs/stats.md; add fields, never rename or remove."""
    communes = [
        {"place": r.place, "name": r.name, **{n: r.get(n) for n in COUNTS}, **_target(r, report.target_share)}
        for r in report.rows
    ]
    totals: dict[str, object] = {n: report.totals.get(n) for n in COUNTS}
    totals.update(_target(report.totals, report.target_share))
    totals["anonymous_lessons_completed"] = report.anonymous_completed
    totals["anonymous_certificates"] = report.anonymous_certificates
    return {
        "schema": 1,
        "generated_at": report.generated_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "commune": report.commune,
        "active_window_days": ACTIVE_DAYS,
        "target_share": report.target_share,
        "communes": communes,
        "totals": totals,
    }


def _stats_row(row: CommuneStats) -> flow.StatsRow:
    return flow.StatsRow(row.name, **{n: row.get(n) for n in COUNTS}, adults=row.adults)


async def chat_stats(
    session: AsyncSession, places: PlaceIndex, now: datetime, query: str, scope: Scope = WHOLE_PROVINCE
) -> flow.StatsData:
    """A commune admin reads their own commune only; naming another one finds nothing."""
    commune = None if scope.province else scope.place
    if query:
        found = resolve_commune(places, query)
        if len(found) != 1 or not scope.allows(found[0].key):
            return flow.StatsData((), flow.StatsRow("Tổng"), DEFAULT_TARGET_SHARE, query)
        commune = found[0].key
    elif commune is not None:
        query = place_name(places, commune)  # the screen names the commune it shows
    report = await compute_stats(session, places, now, commune)
    rows = tuple(_stats_row(r) for r in report.rows)
    return flow.StatsData(rows, _stats_row(report.totals), report.target_share, query)


class PopulationError(ValueError):
    """A population file that cannot be used; the message names the line."""


def parse_population(text: str, places: PlaceIndex, source: str = "population.csv") -> dict[str, int]:
    """CSV with columns commune,adults; a commune is a place key or a name that names one place."""
    reader = csv.DictReader(io.StringIO(text))
    if not {"commune", "adults"} <= set(reader.fieldnames or ()):
        raise PopulationError(f"{source}: the columns must be commune,adults")
    found: dict[str, int] = {}
    for line, row in enumerate(reader, start=2):
        matches = resolve_commune(places, (row.get("commune") or "").strip())
        if len(matches) != 1:
            what = "names no known commune" if not matches else "names several communes"
            raise PopulationError(f"{source}: line {line}: “{row.get('commune')}” {what}")
        adults = "".join(ch for ch in row.get("adults") or "" if ch not in " .,\u00a0")
        if not adults.isdigit() or int(adults) == 0:
            raise PopulationError(f"{source}: line {line}: adults must be a whole number above 0")
        found[matches[0].key] = int(adults)
    if not found:
        raise PopulationError(f"{source}: no rows")
    return found


async def store_population(session: AsyncSession, figures: Mapping[str, int], now: datetime) -> None:
    for place, adults in figures.items():
        row = await session.get(PlacePopulation, place)
        if row is None:
            session.add(PlacePopulation(place=place, adults=adults, loaded_at=now))
        else:
            row.adults, row.loaded_at = adults, now


# --- weekly summary to each ambassador ----------------------------------------------------------

SUMMARY_HEAD = "📅 Tuần này ở các nhóm của {full}:"
SUMMARY_FAMILY = "Nhóm “{family}” ({count} người): {done} bài học xong trong tuần."
SUMMARY_VISIT = "Có thể cần ghé thăm: {names}."
SUMMARY_ALL_GOOD = "Mọi người đều đang học đều, tuyệt quá!"
SUMMARY_TAIL = "Gõ /daisu để gửi bài hoặc nhắc từng người. Cảm ơn {you}!"
SUMMARY_EVERY = timedelta(days=6)  # a second run in the same week sends nothing


def needs_visit(member: flow.MemberData) -> bool:
    return member.stalled or not member.reachable or (not member.completed and member.idle_days > flow.STALLED_DAYS)


def summary_text(voice: Voice, families: Iterable[flow.FamilyData]) -> str:
    lines = [voice.say(SUMMARY_HEAD)]
    for family in families:
        done = sum(m.completed_this_week for m in family.members)
        lines.append(voice.say(SUMMARY_FAMILY, family=family.name, count=len(family.members), done=done))
        visit = [m.name for m in family.members if needs_visit(m)]
        lines.append(voice.say(SUMMARY_VISIT, names=", ".join(visit[:6])) if visit else voice.say(SUMMARY_ALL_GOOD))
    lines.append(voice.say(SUMMARY_TAIL))
    return "\n".join(lines)


async def enqueue_weekly_summaries(
    sessions: async_sessionmaker[AsyncSession], now: datetime, tz: str, quiet: QuietHours
) -> int:
    """One outbox row per ambassador with a family; run weekly. Returns how many were queued."""
    queued = 0
    async with sessions.begin() as session:
        recent = exists().where(
            OutboxMessage.learner_id == Learner.id,
            OutboxMessage.kind == "summary",
            OutboxMessage.created_at > now - SUMMARY_EVERY,
        )
        query = (
            select(Learner)
            .join(LearnerRole, LearnerRole.learner_id == Learner.id)
            .where(LearnerRole.role == AMBASSADOR, Learner.unreachable.is_(False), ~recent)
            .where(exists().where(Family.ambassador_id == Learner.id))
            .order_by(Learner.id)
            .with_for_update(skip_locked=True, of=Learner)
        )
        for ambassador in (await session.execute(query)).scalars().all():
            families = await families_of(session, ambassador.id, now, tz)
            text = summary_text(Voice(ambassador.address, ambassador.name), families)
            not_before = quiet.release(now, ambassador.timezone)
            outbox.enqueue(session, ambassador, "summary", [Text(text)], now, priority=6, not_before=not_before)
            queued += 1
    return queued


# --- the invite QR image ----------------------------------------------------------------------

QR_PIXELS = 560
CARD_WIDTH = 720


@functools.cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    # The wheel's Open Sans has every Vietnamese letter; the basic engine draws the same pixels everywhere.
    data = (files("ttf_opensans") / "ttf" / "OpenSans-Bold.ttf").read_bytes()
    return ImageFont.truetype(io.BytesIO(data), size, layout_engine=ImageFont.Layout.BASIC)


def draw_invite(code: str, payload: str) -> bytes:
    """A QR big enough to scan from another phone, with the code written under it to type."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    qr.add_data(payload)
    qr.make(fit=True)
    matrix: list[list[bool]] = qr.get_matrix()
    small = PILImage.new("L", (len(matrix), len(matrix)))
    small.putdata([0 if dark else 255 for row in matrix for dark in row])
    scale = max(1, QR_PIXELS // len(matrix))
    big = small.resize((len(matrix) * scale, len(matrix) * scale), PILImage.Resampling.NEAREST)
    card = PILImage.new("L", (CARD_WIDTH, big.height + 250), 255)
    card.paste(big, ((CARD_WIDTH - big.width) // 2, 20))
    draw = ImageDraw.Draw(card)
    draw.text((CARD_WIDTH // 2, big.height + 60), "Mã mời Gia đình số", font=_font(34), fill=60, anchor="mm")
    draw.text((CARD_WIDTH // 2, big.height + 130), code, font=_font(56), fill=0, anchor="mm")
    # Zalo opens no link with a payload: the card says what to type there.
    draw.text((CARD_WIDTH // 2, big.height + 200), texts.INVITE_CARD_HOW, font=_font(30), fill=40, anchor="mm")
    out = io.BytesIO()
    card.save(out, format="PNG", optimize=True)
    return out.getvalue()


async def invite_png(code: str, bot_username: str) -> bytes:
    """The image for Image(key="invite:CODE"): a t.me deep link when the bot's name is known."""
    canonical = codes.normalize_code(code) or code[:24]
    return await asyncio.to_thread(draw_invite, canonical, invite_link(canonical, bot_username))


def feature(config: FamilyConfig) -> Feature:
    """Families, ambassadors and statistics, as bootstrap() assembles them."""
    return Feature(
        "families",
        gatherers=(functools.partial(gather_family, config),),
        effects={
            flow.FamilyCreated: _create_family,
            flow.InviteCreated: _create_invite,
            flow.InvitesRevoked: _revoke_invites,
            flow.FamilyJoined: _join,
            flow.FamilyLeft: _leave,
            flow.LessonPushed: functools.partial(_push, config),
            flow.MemberNudged: functools.partial(_nudge, config),
            flow.GuidedRecorded: _record_guided,
            flow.AmbassadorCodeClaimed: _claim,
            flow.AmbassadorCodeCreated: _make_code,
            flow.AmbassadorGranted: functools.partial(_grant, config),
        },
    )
