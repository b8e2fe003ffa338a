"""Stuck learners reach a person (issue 15): who hears a request, who may answer it, and what
answering changes. The learner's typed words are never read here, let alone passed on.

Who hears a request: the ambassadors (still holding the role) of the learner's families; for a
learner in no family, the ambassadors on duty in the learner's commune. The same rule decides,
again in the database, who may answer: a forged button or event from anyone else changes nothing.
Every request, answer and switch of duty is audited.
"""

from __future__ import annotations

import functools
import logging
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, bindparam, false, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.extensions import Feature, TurnScope
from bot.relay import Notice, relay, sender
from bot.roles import AMBASSADOR, actor_of, audit, has_role
from bot.storage.learner_record import LearnerFields, table
from bot.storage.models import Family, FamilyMember, GuidedLearner, HelpRequest, Learner, LearnerRole
from content.textfold import fold
from dialogs.flows.family import data as flow
from dialogs.flows.family import helpdata as ask
from dialogs.flows.family.texts import INITIALS
from dialogs.flows.help import ASK_COMMAND
from dialogs.messages import Inbound, InboundKind, Text
from dialogs.state import DialogState, StateName
from dialogs.voice import Voice
from scheduler.reminders import QuietHours

log = logging.getLogger(__name__)
S = StateName
WAIT = timedelta(hours=24)  # one request a day is enough: the ambassador has heard
SHOWN_FOR = timedelta(days=14)  # requests an ambassador still sees, unless helped
NOBODY = "Xin lỗi, giờ chưa có Đại sứ số nào nhận lời giúp ạ. {You} nhờ Tổ công nghệ số cộng đồng ở xã nhé."
REFUSED = "Xin lỗi, việc này chưa làm được: {you} không còn phụ trách người này, hoặc lời nhờ đã xong ạ."
# A place that names no commune: nobody is on duty there.
NO_PLACE = ("", "other")


def display(learner: Learner) -> str:
    """How the tutor calls a learner to someone else: "bác Lan", or "một người học"."""
    return Voice(learner.address, learner.name).full if learner.name else "một người học"


# --- who hears, who may answer -------------------------------------------------------------


async def own_ambassadors(session: AsyncSession, learner_id: int) -> list[Learner]:
    """The ambassadors of the learner's families who still hold the role (never the learner)."""
    query = (
        select(Learner)
        .join(Family, Family.ambassador_id == Learner.id)
        .join(FamilyMember, FamilyMember.family_id == Family.id)
        .join(LearnerRole, and_(LearnerRole.learner_id == Learner.id, LearnerRole.role == AMBASSADOR))
        .where(FamilyMember.learner_id == learner_id, Learner.id != learner_id)
        .distinct()
        .order_by(Learner.id)
    )
    return list((await session.execute(query)).scalars())


async def on_duty(session: AsyncSession, place: str, but: int) -> list[Learner]:
    """Ambassadors on duty in this commune."""
    if place in NO_PLACE:
        return []
    query = (
        select(Learner)
        .join(LearnerRole, LearnerRole.learner_id == Learner.id)
        .where(LearnerRole.role == AMBASSADOR, LearnerRole.on_duty.is_(True), Learner.place == place)
        .where(Learner.id != but)
        .order_by(Learner.id)
    )
    return list((await session.execute(query)).scalars())


async def recipients(session: AsyncSession, learner: Learner) -> list[Learner]:
    return await own_ambassadors(session, learner.id) or await on_duty(session, learner.place, learner.id)


async def may_answer(session: AsyncSession, ambassador_id: int, request: HelpRequest) -> bool:
    learner = await session.get(Learner, request.learner_id)
    if learner is None or request.status not in ("open", "answered"):
        return False
    return ambassador_id in {a.id for a in await recipients(session, learner)}


# Built once over the tables (a statement built per call cost more than running it): the same
# rules as `recipients` and the open request of the last day, read as names and counts.
_LEARNERS, _ROLES, _FAMILIES = table(Learner), table(LearnerRole), table(Family)
_MEMBERS, _REQUESTS = table(FamilyMember), table(HelpRequest)
_OWN = (
    select(_LEARNERS.c.id, _LEARNERS.c.name)
    .join(_FAMILIES, _FAMILIES.c.ambassador_id == _LEARNERS.c.id)
    .join(_MEMBERS, _MEMBERS.c.family_id == _FAMILIES.c.id)
    .join(_ROLES, and_(_ROLES.c.learner_id == _LEARNERS.c.id, _ROLES.c.role == AMBASSADOR))
    .where(_MEMBERS.c.learner_id == bindparam("learner"), _LEARNERS.c.id != bindparam("learner"))
    .distinct()
    .subquery()
)
_OWN_NAMES = select(_OWN.c.name).order_by(_OWN.c.id)
_ON_DUTY_COUNT = (
    select(func.count())
    .select_from(_LEARNERS)
    .join(_ROLES, _ROLES.c.learner_id == _LEARNERS.c.id)
    .where(_ROLES.c.role == AMBASSADOR, _ROLES.c.on_duty.is_(True), _LEARNERS.c.place == bindparam("place"))
    .where(_LEARNERS.c.id != bindparam("learner"))
)
_WAITING = (
    select(_REQUESTS.c.id)
    .where(
        _REQUESTS.c.learner_id == bindparam("learner"),
        _REQUESTS.c.status == "open",
        _REQUESTS.c.created_at > bindparam("since"),
    )
    .limit(1)
)


async def _waiting(session: AsyncSession, learner_id: int, now: datetime) -> bool:
    return (await session.execute(_WAITING, {"learner": learner_id, "since": now - WAIT})).first() is not None


async def offer_for(session: AsyncSession, learner: LearnerFields, now: datetime) -> ask.HelpOffer:
    """Who would hear this learner: the same rule as `recipients`, read as names and a count
    (this runs inside turns, where loading whole ambassadors cost a tenth of all turns' time).
    Nothing here reads what the turn changed, so no flush of it first."""
    me = {"learner": learner.id}
    with session.no_autoflush:
        names = tuple(name or "của nhóm" for name in (await session.execute(_OWN_NAMES, me)).scalars())
        place = learner.place
        duty = 0 if names or place in NO_PLACE else await session.scalar(_ON_DUTY_COUNT, me | {"place": place})
        return ask.HelpOffer(names, int(duty or 0), await _waiting(session, learner.id, now))


# --- what the screens read ------------------------------------------------------------------


def _wants_offer(state: DialogState, inbound: Inbound) -> bool:
    if state.name in (S.FAMILY_HELP, S.QUIZ_RESULT, S.QUIZ_WAIT):  # the quiz's wait screen has a door
        return True
    if state.name is S.QUIZ:  # the last answer of an attempt after a failed one: the result may have a door
        return state.fails >= 1 and state.question + 1 >= len(state.drawn)
    if inbound.kind is InboundKind.COMMAND:
        return inbound.command == ASK_COMMAND
    if inbound.kind is InboundKind.PUSH:
        return inbound.command == "offer"
    # Typed text that could be the third miss in a row (the engine then offers help), or the words.
    return inbound.kind is InboundKind.TEXT and (state.misses % 4 == 2 or "giup" in fold(inbound.text))


async def gather_help(scope: TurnScope, state: DialogState, inbound: Inbound) -> dict[str, object]:
    """Who would hear this learner, only on the turns that may offer help."""
    if not _wants_offer(state, inbound) or not scope.current.consent:
        return {}
    return {ask.DATA_HELP_OFFER: await offer_for(scope.session, scope.current, scope.now)}


async def views_for(session: AsyncSession, ambassador: Learner, now: datetime, tz: str) -> tuple[ask.HelpView, ...]:
    """The requests this ambassador may answer and has not yet helped with, newest first."""
    family_of = await _families_of_members(session, ambassador.id)
    duty = await is_on_duty(session, ambassador.id)
    here = HelpRequest.place == ambassador.place if duty and ambassador.place not in NO_PLACE else false()
    query = (
        select(HelpRequest, Learner)
        .join(Learner, Learner.id == HelpRequest.learner_id)
        .where(HelpRequest.status.in_(("open", "answered")), HelpRequest.created_at > now - SHOWN_FOR)
        .where(HelpRequest.learner_id.in_(list(family_of)) | here)
        .order_by(HelpRequest.created_at.desc())
        .limit(20)
    )
    found = []
    for request, learner in (await session.execute(query)).all():
        if learner.id != ambassador.id and await may_answer(session, ambassador.id, request):
            found.append(_view(request, learner, family_of.get(learner.id, ""), tz))
    return tuple(found)


def _view(request: HelpRequest, learner: Learner, family: str, tz: str) -> ask.HelpView:
    reason: ask.Reason = next((r for r in ask.REASONS if r == request.reason), "asked")
    day = request.created_at.astimezone(ZoneInfo(tz)).strftime("%d/%m")
    answered = request.status == "answered"
    return ask.HelpView(request.id, display(learner), family, request.lesson_id, request.card, reason, answered, day)


async def _families_of_members(session: AsyncSession, ambassador_id: int) -> dict[int, str]:
    """Each member of this ambassador's families, with (one of) its names."""
    query = (
        select(FamilyMember.learner_id, Family.name)
        .join(Family, Family.id == FamilyMember.family_id)
        .where(Family.ambassador_id == ambassador_id)
    )
    return {int(lid): str(name) for lid, name in (await session.execute(query)).all()}


async def is_on_duty(session: AsyncSession, learner_id: int) -> bool:
    query = select(LearnerRole.on_duty).where(LearnerRole.learner_id == learner_id, LearnerRole.role == AMBASSADOR)
    return bool((await session.execute(query)).scalar_one_or_none())


# --- what answering changes: each effect checks the database again ----------------------------


def _note(scope: TurnScope, template: str) -> None:
    scope.notes.append(Text(Voice(scope.learner.address, scope.learner.name).say(template)))


def _refuse(scope: TurnScope, what: str) -> None:
    log.warning("help action refused: %s (learner %s)", what, scope.learner.id)
    _note(scope, REFUSED)


def _audit(scope: TurnScope, action: str, target: str, detail: dict[str, object]) -> None:
    audit(scope.session, actor_of(scope.learner), action, target, scope.now, detail)


async def _requested(quiet: QuietHours, scope: TurnScope, event: ask.HelpRequested) -> None:
    session, learner, now = scope.session, scope.learner, scope.now
    if not learner.consent or await _waiting(session, learner.id, now):
        return  # the step showed the offer only to a consenting learner with nothing waiting
    lesson = event.lesson_id if scope.shared.library.lesson(event.lesson_id) else ""
    card = event.card if lesson else ask.NO_LESSON
    people = await recipients(session, learner)
    if not people:
        return _note(scope, NOBODY)
    request = HelpRequest(
        learner_id=learner.id,
        place=learner.place,
        lesson_id=lesson,
        card=card,
        reason=event.reason,
        status="open",
        created_at=now,
    )
    session.add(request)
    await session.flush()
    told = [a.id for a in people if await _tell(quiet, scope, a, request, learner)]
    _audit(scope, "help.request", actor_of(learner), {"request": request.id, "lesson": lesson, "told": told})


async def _tell(
    quiet: QuietHours, scope: TurnScope, ambassador: Learner, request: HelpRequest, learner: Learner
) -> bool:
    session, tz = scope.session, scope.shared.timezone
    families = await _families_of_members(session, ambassador.id)
    view = _view(request, learner, families.get(learner.id, ""), tz)
    data = {flow.DATA_AMBASSADOR: flow.AmbassadorData(place=ambassador.place, help=(view,))}
    notice = Notice("help", str(request.id))
    return await relay(session, scope.shared, ambassador.id, notice, scope.now, quiet, data)


async def _answerable(scope: TurnScope, request_id: int) -> tuple[HelpRequest, Learner] | None:
    session = scope.session
    query = select(HelpRequest).where(HelpRequest.id == request_id).with_for_update()
    request = (await session.execute(query)).scalar_one_or_none()
    if request is None or not await may_answer(session, scope.learner.id, request):
        return None
    learner = await session.get(Learner, request.learner_id)
    return (request, learner) if learner is not None else None


async def _replied(quiet: QuietHours, scope: TurnScope, event: ask.HelpReplied) -> None:
    found = await _answerable(scope, event.request_id) if event.reply in ask.REPLIES else None
    if found is None:
        return _refuse(scope, "reply")
    request, learner = found
    notice = Notice("reply", event.reply, sender(scope.learner))
    await relay(scope.session, scope.shared, learner.id, notice, scope.now, quiet)
    request.status, request.answered_at, request.answered_by = "answered", scope.now, scope.learner.id
    _audit(scope, "help.reply", actor_of(learner), {"request": request.id, "reply": event.reply})


async def _helped(scope: TurnScope, event: ask.HelpGiven) -> None:
    found = await _answerable(scope, event.request_id)
    places = scope.shared.places
    if found is None:
        return _refuse(scope, "helped")
    request, learner = found
    place = next((p for p in (learner.place, scope.learner.place) if places.get(p) is not None), "")
    if not place:
        return _refuse(scope, "helped: no commune")
    scope.session.add(
        GuidedLearner(
            ambassador_id=scope.learner.id,
            first_name=_initial(learner),
            place=place,
            age_group=learner.age_group if learner.age_group in ("duoi-30", "30-59", "60+") else "",
            lessons=[request.lesson_id] if request.lesson_id else [],
            guided_on=_noon(scope),
            created_at=scope.now,
        )
    )
    request.status, request.answered_at, request.answered_by = "helped", scope.now, scope.learner.id
    _audit(scope, "help.helped", actor_of(learner), {"request": request.id, "lesson": request.lesson_id})


def _initial(learner: Learner) -> str:
    """Guided records keep a first name or initials only: here, the initial of their name."""
    given = learner.name.split()[-1] if learner.name.split() else ""
    initial = f"{given[:1].upper()}." if given[:1].isalpha() else ""
    return initial if INITIALS.fullmatch(initial) else "Ẩn danh"


def _noon(scope: TurnScope) -> datetime:
    tz = ZoneInfo(scope.shared.timezone)
    return datetime.combine(scope.now.astimezone(tz).date(), time(12), tz).astimezone(UTC)


async def _duty(scope: TurnScope, event: ask.DutySet) -> None:
    session = scope.session
    if not await has_role(session, scope.learner.id, AMBASSADOR) or scope.learner.place in NO_PLACE:
        return _refuse(scope, "duty")
    await set_duty(session, scope.learner.id, event.on, actor_of(scope.learner), scope.now)


async def set_duty(session: AsyncSession, learner_id: int, on: bool, actor: str, now: datetime) -> bool:
    """Switch an ambassador's duty (audited); False when they hold no ambassador role."""
    changed = await session.execute(
        update(LearnerRole)
        .where(LearnerRole.learner_id == learner_id, LearnerRole.role == AMBASSADOR)
        .values(on_duty=on)
    )
    if not getattr(changed, "rowcount", 0):
        return False
    audit(session, actor, "ambassador.duty", f"learner:{learner_id}", now, {"on": on})
    return True


def feature(quiet: QuietHours) -> Feature:
    return Feature(
        "help",
        gatherers=(gather_help,),
        effects={
            ask.HelpRequested: functools.partial(_requested, quiet),
            ask.HelpReplied: functools.partial(_replied, quiet),
            ask.HelpGiven: _helped,
            ask.DutySet: _duty,
        },
    )
