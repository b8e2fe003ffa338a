"""Joining a digital family by invite (a t.me deep link, a QR code or a typed code), and
claiming the ambassador role with a commune code."""

from __future__ import annotations

from dataclasses import replace

from dialogs.context import Context
from dialogs.core import Command, Flow, StateSpec, Step, choices, echo, enter, line, say, voice
from dialogs.events import Event, ProfileSet
from dialogs.flows import onboarding
from dialogs.flows.common import MENU
from dialogs.flows.family.codes import AMBASSADOR_PREFIX, normalize_code
from dialogs.flows.family.common import extra_with, onboard, refuse
from dialogs.flows.family.data import (
    DATA_AMBASSADOR_CODE,
    DATA_INVITE,
    AmbassadorCodeClaimed,
    AmbassadorCodeData,
    FamilyJoined,
    InviteData,
    gathered,
)
from dialogs.flows.family.texts import (
    ALREADY_MEMBER,
    BAD_INVITE,
    CLAIM_ALREADY,
    CLAIM_BAD,
    CLAIM_HOW,
    CLAIMED,
    CONTINUE,
    INVITE_GONE,
    JOIN_ASK,
    JOIN_CONSENT_TAIL,
    JOIN_TEXT,
    JOINED,
    NO_JOIN,
    NOT_JOINED,
    OWN_INVITE,
    YES_JOIN,
)
from dialogs.messages import Screen, Text
from dialogs.state import DialogState, StateName

S = StateName


def _cmd_claim(state: DialogState, args: str, ctx: Context) -> Step:
    code = normalize_code(args)
    if code is None or not code.startswith(AMBASSADOR_PREFIX):
        return refuse(state, ctx, line(ctx, CLAIM_HOW if not args.strip() else CLAIM_BAD, code=echo(args, 20)))
    return _claim(state, code, ctx)


def _start_payload(state: DialogState, payload: str, ctx: Context) -> Step:
    """'/start PAYLOAD' from a Telegram deep link, in any state, first contact included."""
    code = normalize_code(payload)
    if code is not None:
        return _open_code(state, code, ctx)
    if state.name is S.NEW:
        return onboard(state, ctx, ())
    return onboarding.restart(state, payload, ctx)


def _code_hook(state: DialogState, text: str, ctx: Context) -> Step | None:
    """A code typed as text (Zalo has no deep links): 'GD-7KQ2M-X9P3T', any case, spaces ok."""
    code = normalize_code(text)
    return _open_code(state, code, ctx) if code else None


def _open_code(state: DialogState, code: str, ctx: Context) -> Step:
    if code.startswith(AMBASSADOR_PREFIX):
        return _claim(state, code, ctx)
    invite = gathered(ctx, DATA_INVITE, InviteData)
    if invite is None or invite.code != code or invite.status in ("unknown", "revoked"):
        return refuse(state, ctx, line(ctx, BAD_INVITE, code=code))
    if invite.status == "member":
        return refuse(state, ctx, line(ctx, ALREADY_MEMBER, family=invite.family))
    if invite.status == "own":
        return refuse(state, ctx, line(ctx, OWN_INVITE, family=invite.family))
    before = () if state.name is not S.NEW else say(*onboarding.greeting(ctx))
    return enter(ctx, state.to(S.FAMILY_JOIN, extra={"invite": code}, editing=False), before)


def _greeting(ctx: Context) -> tuple[str, ...]:
    return onboarding.greeting(ctx)


def _claim(state: DialogState, code: str, ctx: Context) -> Step:
    found = gathered(ctx, DATA_AMBASSADOR_CODE, AmbassadorCodeData)
    if found is None or found.code != code or found.status in ("unknown", "used"):
        return refuse(state, ctx, line(ctx, CLAIM_BAD, code=code))
    if found.status == "already":
        return refuse(state, ctx, line(ctx, CLAIM_ALREADY))
    place = ctx.places.get(found.place)
    where = f" của {place.label}" if place else ""
    return refuse(state, ctx, line(ctx, CLAIMED, place=where), (AmbassadorCodeClaimed(code),))


# --- joining a family ------------------------------------------------------------------


def _invite_for(state: DialogState, ctx: Context) -> InviteData | None:
    invite = gathered(ctx, DATA_INVITE, InviteData)
    ok = invite is not None and invite.status == "ok" and invite.code == state.extra.get("invite")
    return invite if ok else None


def _render_join(state: DialogState, ctx: Context) -> Screen:
    invite, consent = _invite_for(state, ctx), bool(ctx.learner.profile.consent)
    if invite is None:
        return choices(state, line(ctx, INVITE_GONE), (MENU,) if consent else (CONTINUE,))
    intro = Text(line(ctx, JOIN_TEXT, ambassador=invite.ambassador, family=invite.family))
    if consent:
        screen = choices(state, line(ctx, JOIN_ASK), (replace(YES_JOIN, label="Vào nhóm"), NO_JOIN))
        return Screen((intro, *screen.messages), screen.options)
    v = voice(ctx)
    consent_text = line(ctx, onboarding.CONSENT, controller=ctx.settings.data_controller, me_cap=v.me.capitalize())
    options = (YES_JOIN, replace(NO_JOIN, label="Không đồng ý"))
    screen = choices(state, consent_text + line(ctx, JOIN_CONSENT_TAIL), options)
    return Screen((intro, *screen.messages), screen.options)


def _on_join(state: DialogState, option: str, ctx: Context) -> Step:
    invite, consent = _invite_for(state, ctx), bool(ctx.learner.profile.consent)
    clean = state.to(S.FAMILY_JOIN, extra=extra_with(state, invite=""))
    if option == CONTINUE.id:
        return enter(ctx, clean.to(S.ONB_CONSENT))
    if option in (MENU.id, NO_JOIN.id):
        return _decline_join(clean, ctx, consent, option)
    events: list[Event] = [] if consent else [ProfileSet("consent", True)]
    note = line(ctx, INVITE_GONE)
    if invite is not None:
        events.append(FamilyJoined(invite.code))
        note = line(ctx, JOINED, family=invite.family, ambassador=invite.ambassador)
    if consent:
        return enter(ctx, clean.to(S.MENU), say(note), events)
    step = onboarding.after_answer(clean, ctx, tuple(events), S.ONB_CONSENT)
    return Step(step.state, (Text(note), *step.messages), step.events)


def _decline_join(state: DialogState, ctx: Context, consent: bool, option: str) -> Step:
    if option == MENU.id:
        return enter(ctx, state.to(S.MENU))
    if consent or ctx.learner.profile.consent is False:
        return enter(ctx, state.to(S.MENU), say(line(ctx, NOT_JOINED)))
    events = (ProfileSet("consent", False),)
    return enter(ctx, state.to(S.MENU), say(line(ctx, onboarding.CONSENT_NO)), events)


_MENU_EDGE = ("về menu", S.MENU)
FLOW = Flow(
    "family-joining",
    states=(
        StateSpec(
            S.FAMILY_JOIN,
            _render_join,
            _on_join,
            edges=(
                ("đồng ý (người mới)", S.ONB_ADDRESS),
                ("vào nhóm / không", S.MENU),
                ("mã hết hạn, tiếp tục", S.ONB_CONSENT),
            ),
        ),
    ),
    commands=(Command(("madaisu", "maduasu"), _cmd_claim, (S.ONB_CONSENT,), (), "/madaisu MÃ"),),
    text_hooks=(_code_hook,),
    start_payload=_start_payload,
    anywhere=(("mã mời, /start MÃ", S.FAMILY_JOIN), ("/start MÃ (người mới)", S.ONB_CONSENT), ("/start", S.MENU)),
)
