"""Asking a person for help: "Nhờ người giúp" (issue 15), the learner's side.

Offered where a learner is stuck: the third reply in a row a screen did not understand (the
engine then runs /nhogiup), a quiz failed twice today (its wait screen), or days without a word
in a started lesson (the shell's daily offer, as the learner's own turn); and any time as
/nhogiup or "nhờ giúp". With the learner's consent their ambassador, or without one the
ambassadors on duty in their commune, hear which lesson and card: never a word they typed.
"""

from __future__ import annotations

from dialogs.context import Context
from dialogs.core import Command, Flow, StateSpec, Step, aside, choices, enter, go_back, line, reprompt, say
from dialogs.engine import ASK_FOR_HELP, MISSED
from dialogs.flows.common import MENU
from dialogs.flows.family.helpdata import NO_LESSON, QUESTIONS, REASONS, REPLIES, HelpRequested, Reason, help_offer
from dialogs.messages import Inbound, Option, Screen
from dialogs.state import DialogState, StateName
from dialogs.understanding.misses import PEOPLE_AMBASSADOR, PEOPLE_TEAM

S = StateName
ASK_COMMAND = ASK_FOR_HELP  # the engine runs it at the third miss in a row
WORDS = ("nho giup", "nho nguoi giup", "can nguoi giup", "nho dai su", "nho dai su giup")

STUCK = "Chỗ này có vẻ khó ạ. "
SILENT = "Đã mấy ngày {you} chưa học tiếp bài “{title}”. Có chỗ nào khó không ạ? "
QUIZ = "Bài này khó thật ạ. "
OFFER = (
    "{You} có muốn nhờ {who} chỉ giúp không ạ? {Me_cap} sẽ báo {you} đang ở {where}. "
    "Những gì {you} đã gõ thì {me} không gửi cho ai."
)
NOBODY = (
    "Hiện chưa có Đại sứ số nào nhận lời giúp ở xã mình ạ. {You} nhờ con cháu, hoặc Tổ công nghệ "
    "số cộng đồng ở thôn, xã mình chỉ giúp nhé."
)
WAITING = "{Me_cap} đã báo {who} rồi ạ. Trong lúc chờ, {you} cứ học tiếp hoặc nghỉ ngơi nhé."
SENT = "✅ Đã báo {who}: {you} cần giúp ở {where}. Trong lúc chờ, {you} cứ học tiếp hoặc nghỉ ngơi nhé."
DUTY = "Đại sứ số đang trực ở xã mình"
OWN = "Đại sứ số {names}"
REPLY = {
    "call": "📞 {sender} hỏi {you} có cần gọi điện để chỉ từng bước không ạ. Cần thì {you} gọi hoặc nhắn lại nhé.",
    "visit": "🏠 {sender} nhắn: sẽ qua tận nơi hướng dẫn {you} ạ. Lúc ấy {you} mở Học Vụ Số ra là được.",
}

HELP_AMBASSADOR = (
    "\n• Đại sứ số: chọn “Đại sứ số” trong menu, hoặc gõ /daisu: nhóm gia đình, gửi bài, "
    "người cần giúp, nhận lời giúp ở xã."
)
HELP_FAMILY = "\n• Gia đình số: chọn “Gia đình” trong menu, hoặc gõ /giadinh; rời nhóm: /roinhom."
# The door on screens where a learner is stuck (the quiz's wait screen), shown when someone can help.
DOOR = Option("nhogiup", "🙋 Nhờ người giúp", ("nho nguoi giup", "nho giup", "nho"))
ASK = Option("ask", "🙋 Nhờ người giúp", ("nho nguoi giup", "nho giup", "dong y", "co", "nho"))
BACK = Option("back", "↩️ Quay lại chỗ đang học", ("quay lai", "thu lai", "hoc tiep", "khong"))
# Screens where a person's help is not what is missing: joining, deleting, the tools.
_NOT_HERE = frozenset({S.NEW, S.DELETE_CONFIRM, S.FAMILY_JOIN, S.FAMILY_HELP})
_TOOLS = ("onb_", "adm_", "amb_", "admin_")


def help_lines(ctx: Context) -> str:
    """What the help screen adds for an ambassador and a family member."""
    ambassador = HELP_AMBASSADOR if "ambassador" in ctx.learner.roles else ""
    return ambassador + (HELP_FAMILY if ctx.learner.family_member else "")


def door(ctx: Context) -> tuple[Option, ...]:
    found = help_offer(ctx)
    return (DOOR,) if ctx.learner.profile.consent and found is not None and found.anyone else ()


def may_offer(state: DialogState, ctx: Context) -> bool:
    return bool(ctx.learner.profile.consent) and state.name not in _NOT_HERE and not state.name.startswith(_TOOLS)


def cmd_ask(state: DialogState, args: str, ctx: Context) -> Step:
    """/nhogiup, "nhờ giúp", and the engine's third miss in a row. Where nobody can be told
    (no consent, a tool's screen, nobody on duty, a request already waiting) the learner keeps
    their screen: a miss says who could help, as it always did; a plea hears why not."""
    found, missed = help_offer(ctx), args == MISSED
    if may_offer(state, ctx) and found is not None and found.anyone and not found.waiting:
        return offer(state, ctx, "misses" if missed else "asked")
    if missed or not may_offer(state, ctx):
        people = PEOPLE_AMBASSADOR if ctx.learner.has_ambassador else PEOPLE_TEAM
        return reprompt(state, ctx, line(ctx, people))
    waiting = found is not None and found.waiting
    return reprompt(state, ctx, line(ctx, WAITING, who=_who(ctx)) if waiting else line(ctx, NOBODY))


def offer(state: DialogState, ctx: Context, reason: Reason, lesson_id: str = "") -> Step:
    """The offer, as an aside: "Quay lại" returns to the very screen the learner left."""
    lesson, card = stuck_at(state)
    if lesson_id and lesson != lesson_id:  # offered for a lesson left some time ago: no card known
        lesson, card = lesson_id, NO_LESSON
    extra = {"help_reason": reason, "help_lesson": lesson, "help_card": str(card)}
    return aside(ctx, state, S.FAMILY_HELP, extra=extra, candidates=())


def stuck_at(state: DialogState) -> tuple[str, int]:
    """Which lesson and card the learner is on (or last left): what the ambassador hears."""
    if state.name is S.LESSON_CARD and state.lesson:
        return state.lesson, state.card
    if state.name in (S.QUIZ, S.QUIZ_RESULT, S.QUIZ_WAIT) and state.lesson:
        return state.lesson, QUESTIONS
    lesson, _, where = state.bookmark.partition(":")
    if not lesson:
        return "", NO_LESSON
    return lesson, int(where) if where.isdigit() else QUESTIONS


def where_text(ctx: Context, lesson_id: str, card: int) -> str:
    """'bài “Cài VNeID”, thẻ 3/6', 'phần câu hỏi của bài “…”', 'cách dùng Học Vụ Số'."""
    lesson = ctx.library.lesson(lesson_id)
    if lesson is None:
        return "cách dùng Học Vụ Số"
    if card == QUESTIONS:
        return f"phần câu hỏi của bài “{lesson.title}”"
    if 0 <= card < len(lesson.cards):
        return f"bài “{lesson.title}”, thẻ {card + 1}/{len(lesson.cards)}"
    return f"bài “{lesson.title}”"


def _who(ctx: Context) -> str:
    found = help_offer(ctx)
    if found is not None and found.ambassadors:
        return OWN.format(names=", ".join(found.ambassadors[:2]))
    return DUTY


def _stuck(state: DialogState) -> tuple[Reason, str, int]:
    """Why and where, as the offer stored them in the aside."""
    raw, card = state.extra.get("help_reason", ""), state.extra.get("help_card", "")
    reason: Reason = next((known for known in REASONS if known == raw), "asked")
    return reason, state.extra.get("help_lesson", ""), int(card) if card.lstrip("-").isdigit() else NO_LESSON


def _render(state: DialogState, ctx: Context) -> Screen:
    found, (reason, lesson_id, card) = help_offer(ctx), _stuck(state)
    lesson = ctx.library.lesson(lesson_id)
    intro = {"misses": STUCK, "quiz": QUIZ, "asked": ""}.get(reason, "")
    if reason == "silent" and lesson is not None:
        intro = line(ctx, SILENT, title=lesson.title)
    if found is None or not found.anyone:
        return choices(state, intro + line(ctx, NOBODY), (BACK, MENU))
    if found.waiting:
        return choices(state, line(ctx, WAITING, who=_who(ctx)), (BACK, MENU))
    text = intro + line(ctx, OFFER, who=_who(ctx), where=where_text(ctx, lesson_id, card))
    return choices(state, text, (ASK, BACK, MENU))


def _on_option(state: DialogState, option: str, ctx: Context) -> Step:
    if option == MENU.id:
        return enter(ctx, state.to(S.MENU, back="", extra={}))
    found, (reason, lesson_id, card) = help_offer(ctx), _stuck(state)
    if option != ASK.id or found is None or not found.anyone or found.waiting:
        return go_back(state, ctx)
    sent = line(ctx, SENT, who=_who(ctx), where=where_text(ctx, lesson_id, card))
    return go_back(state, ctx, say(sent), (HelpRequested(lesson_id, card, reason),))


def offered(state: DialogState, inbound: Inbound, ctx: Context) -> Step:
    """The shell's daily offer to a learner silent for days in a started lesson (their turn)."""
    found = help_offer(ctx)
    if not may_offer(state, ctx) or found is None or not found.anyone or found.waiting:
        return Step(state)  # nothing is sent: the offer waits for a better day
    return offer(state, ctx, "silent", inbound.option)


def replied(state: DialogState, inbound: Inbound, ctx: Context) -> Step:
    """An ambassador's fixed answer to this learner's request: a note, their place unchanged."""
    if inbound.option not in REPLIES:
        return Step(state)
    return Step(state, say(line(ctx, REPLY[inbound.option], sender=inbound.text[:60])))


FLOW = Flow(
    "help",
    states=(
        StateSpec(
            S.FAMILY_HELP,
            _render,
            _on_option,
            edges=(("nhờ người giúp / quay lại", S.MENU), ("về menu", S.MENU)),
            returns=True,
        ),
    ),
    commands=(Command((ASK_COMMAND,), cmd_ask, (S.FAMILY_HELP,), WORDS, "/nhogiup, “nhờ giúp”"),),
    anywhere=(("ba lần chưa hiểu, lâu chưa học", S.FAMILY_HELP),),
)
