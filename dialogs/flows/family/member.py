"""A family member's side: their families, leaving one, and a lesson an ambassador pushed."""

from __future__ import annotations

from dataclasses import replace

from content.schema import Lesson
from dialogs.context import Context
from dialogs.core import Command, Flow, InboundHandler, StateSpec, Step, choices, enter, line, say
from dialogs.flows import help as asking
from dialogs.flows import onboarding
from dialogs.flows.common import MENU
from dialogs.flows.family import helping
from dialogs.flows.family.ambassador import cmd_ambassador
from dialogs.flows.family.common import extra_with, refuse, short
from dialogs.flows.family.data import FamilyLeft, Membership, memberships
from dialogs.flows.family.texts import (
    CONGRATS_CERT,
    CONGRATS_LESSON,
    LATER,
    LEAVE_Q,
    LEFT,
    MINE_HEAD,
    MINE_LINE,
    MINE_NONE,
    NO_FAMILY,
    NUDGE_TEXT,
    PUSH_GONE,
    PUSH_LATER,
    PUSH_TEXT,
    START_NOW,
    STAYED,
)
from dialogs.flows.lessons import continue_learning, open_lesson
from dialogs.messages import Inbound, InboundKind, Option, Screen, Text
from dialogs.state import DialogState, StateName

S = StateName


def cmd_family(state: DialogState, args: str, ctx: Context) -> Step:
    return enter(ctx, state.to(S.FAMILY_MINE, extra={}))


def _cmd_leave(state: DialogState, args: str, ctx: Context) -> Step:
    mine = memberships(ctx)
    if not mine:
        return refuse(state, ctx, line(ctx, NO_FAMILY))
    if len(mine) == 1:
        return enter(ctx, state.to(S.FAMILY_LEAVE, extra={"leave": str(mine[0].family_id)}))
    return enter(ctx, state.to(S.FAMILY_MINE, extra={}))


# --- a member's own families -----------------------------------------------------------


def _render_mine(state: DialogState, ctx: Context) -> Screen:
    mine = memberships(ctx)
    options = [Option(f"leave:{m.family_id}", f"Rời nhóm “{short(m.family)}”") for m in mine]
    if "ambassador" in ctx.learner.roles:
        options.append(Option("amb", "Nhóm tôi phụ trách (Đại sứ)", ("dai su", "nhom toi phu trach")))
    if not mine:
        return choices(state, line(ctx, MINE_NONE), (*options, MENU))
    lines = [line(ctx, MINE_HEAD)]
    lines += [line(ctx, MINE_LINE, family=m.family, ambassador=m.ambassador) for m in mine]
    return choices(state, "\n".join(lines), (*options, MENU))


def _on_mine(state: DialogState, option: str, ctx: Context) -> Step:
    if option.startswith("leave:"):
        return enter(ctx, state.to(S.FAMILY_LEAVE, extra={"leave": option.removeprefix("leave:")}))
    if option == "amb":
        return cmd_ambassador(state, "", ctx)
    return enter(ctx, state.to(S.MENU, extra={}))


def _leaving(state: DialogState, ctx: Context) -> Membership | None:
    return next((m for m in memberships(ctx) if str(m.family_id) == state.extra.get("leave")), None)


def _render_leave(state: DialogState, ctx: Context) -> Screen:
    found = _leaving(state, ctx)
    if found is None:
        return choices(state, line(ctx, NO_FAMILY), (MENU,))
    text = line(ctx, LEAVE_Q, family=found.family, ambassador=found.ambassador)
    return choices(
        state, text, (Option("yes", "Rời nhóm", ("roi nhom", "roi", "co")), Option("no", "Ở lại", ("o lai",)))
    )


def _on_leave(state: DialogState, option: str, ctx: Context) -> Step:
    found = _leaving(state, ctx)
    target = state.to(S.MENU, extra={})
    if found is None or option == MENU.id:
        return enter(ctx, target)
    if option == "no":
        return enter(ctx, target, say(line(ctx, STAYED)))
    return enter(ctx, target, say(line(ctx, LEFT, family=found.family)), (FamilyLeft(found.family_id),))


# --- a lesson pushed by an ambassador (entered from the outbox, not from a screen) -----


def pushed(state: DialogState, ctx: Context, lesson_id: str, sender: str, nudge: bool = False) -> Step:
    """The member's side of a push: one tap (or “1”) opens the lesson. Called by the shell."""
    lesson = ctx.library.lesson(lesson_id)
    if lesson is None:
        return Step(state)
    if state.name is S.NEW or state.name in onboarding.STATES or state.name is S.DELETE_CONFIRM:
        # Never cut a question short: "Học tiếp" opens this lesson once they are done.
        text = _push_text(ctx, lesson, sender, nudge) + "\n" + line(ctx, PUSH_LATER)
        return Step(replace(state, bookmark=f"{lesson.id}:0"), (Text(text),))
    values = extra_with(state, push=lesson.id, push_from=sender, push_kind="nudge" if nudge else "push")
    return enter(ctx, state.to(S.FAMILY_PUSHED, extra=values))


def _push_text(ctx: Context, lesson: Lesson, sender: str, nudge: bool) -> str:
    template = NUDGE_TEXT if nudge else PUSH_TEXT
    return line(ctx, template, sender=sender, title=lesson.title, minutes=lesson.minutes)


def _render_pushed(state: DialogState, ctx: Context) -> Screen:
    lesson = ctx.library.lesson(state.extra.get("push", ""))
    if lesson is None:
        return choices(state, line(ctx, PUSH_GONE), (MENU,))
    text = _push_text(ctx, lesson, state.extra.get("push_from", "Đại sứ số"), state.extra.get("push_kind") == "nudge")
    return choices(state, text, (START_NOW, LATER))


def _on_pushed(state: DialogState, option: str, ctx: Context) -> Step:
    lesson = ctx.library.lesson(state.extra.get("push", ""))
    clean = state.to(S.MENU, extra=extra_with(state, push="", push_from="", push_kind=""))
    if lesson is None or option != START_NOW.id:
        return enter(ctx, clean)
    if clean.bookmark.startswith(lesson.id + ":"):
        return continue_learning(clean, ctx)  # back to the very card or question they left
    return open_lesson(clean, ctx, lesson)


def congratulated(state: DialogState, inbound: Inbound, ctx: Context) -> Step:
    """An ambassador's "Chúc mừng": a note, the member's place unchanged."""
    kind, _, subject = inbound.option.partition(":")
    module, lesson = ctx.library.module(subject), ctx.library.lesson(subject)
    if kind == "certificate" and module is not None:
        return Step(state, say(line(ctx, CONGRATS_CERT, sender=inbound.text[:60], title=module.title)))
    if kind == "lesson" and lesson is not None:
        return Step(state, say(line(ctx, CONGRATS_LESSON, sender=inbound.text[:60], title=lesson.title)))
    return Step(state)


# What the shell may start as someone's turn (Inbound.kind PUSH, told apart by its command):
# a lesson or a nudge from their ambassador, and the notes of issue 15 — a request reaching
# an ambassador, the day's family news, an answer to a request, a congratulation, an offer of help.
NOTICES: dict[str, InboundHandler] = {
    "help": helping.help_arrived,
    "news": helping.news_arrived,
    "reply": asking.replied,
    "congrats": congratulated,
    "offer": asking.offered,
}


def on_push(state: DialogState, inbound: Inbound, ctx: Context) -> Step:
    """A lesson an ambassador pushed, or a notice, as the person's own turn (the shell starts it)."""
    notice = NOTICES.get(inbound.command)
    if notice is not None:
        return notice(state, inbound, ctx)
    return pushed(state, ctx, inbound.option, inbound.text, nudge=inbound.command == "nudge")


_MENU_EDGE = ("về menu", S.MENU)
FLOW = Flow(
    "family-member",
    states=(
        StateSpec(
            S.FAMILY_MINE,
            _render_mine,
            _on_mine,
            edges=(("rời nhóm", S.FAMILY_LEAVE), ("nhóm tôi phụ trách", S.AMB_MENU), _MENU_EDGE),
        ),
        StateSpec(S.FAMILY_LEAVE, _render_leave, _on_leave, edges=(("rời / ở lại", S.MENU),)),
        StateSpec(
            S.FAMILY_PUSHED,
            _render_pushed,
            _on_pushed,
            edges=(("học ngay", S.LESSON_CARD), ("học tiếp câu hỏi", S.QUIZ), ("để sau", S.MENU)),
        ),
    ),
    commands=(
        Command(("giadinh",), cmd_family, (S.FAMILY_MINE,), (), "/giadinh"),
        Command(("roinhom",), _cmd_leave, (S.FAMILY_LEAVE, S.FAMILY_MINE), (), "/roinhom"),
    ),
    inbound={InboundKind.PUSH: on_push},
    anywhere=(("đại sứ gửi bài", S.FAMILY_PUSHED),),
)
