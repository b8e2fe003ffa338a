"""The ambassador's side of a help request, and of the day's good news in a family (issue 15).

Both arrive as the ambassador's own turn (the shell starts it) and open an aside: "Để sau" goes
back to exactly where they were. What a request shows is the lesson and card and why the tutor
thinks the learner is stuck; the learner's typed words never reach this screen.
"""

from __future__ import annotations

from dataclasses import replace

from dialogs.context import Context
from dialogs.core import Flow, StateSpec, Step, aside, choices, enter, go_back, line, say
from dialogs.flows.common import MENU
from dialogs.flows.family.common import short
from dialogs.flows.family.data import DATA_AMBASSADOR, ambassador
from dialogs.flows.family.helpdata import (
    DATA_NEWS,
    Congratulated,
    HelpGiven,
    HelpReplied,
    HelpView,
    NewsData,
    NewsItem,
    Reply,
    news,
)
from dialogs.flows.help import where_text
from dialogs.messages import Inbound, Option, Screen, Text
from dialogs.state import DialogState, StateName

S = StateName
HELP_HEAD = "🙋 {name}{family} cần người giúp ở {where} ({day})."
WHY = {
    "misses": "Học Vụ Số đã mấy lần chưa hiểu câu trả lời.",
    "quiz": "Làm bài kiểm tra chưa đạt 2 lần trong ngày.",
    "silent": "Đã mấy ngày dừng ở bài này.",
    "asked": "Tự bấm “Nhờ người giúp”.",
}
HELP_TAIL = "Học Vụ Số không gửi những gì người học đã gõ. {You} trả lời bằng một nút bên dưới ạ."
ANSWERED = "Đã nhắn lại rồi; khi giúp xong, {you} bấm “Đã giúp trực tiếp”."
HELP_GONE = "Lời nhờ giúp này đã xong, hoặc {you} không còn phụ trách người này ạ."
REPLIED = "✉️ Đã nhắn {name}."
HELPED = "✅ Đã ghi nhận {you} giúp {name} trực tiếp. Cảm ơn {you}!"
ARRIVED = "🙋 {name} cần người giúp. Gõ /daisu để xem ạ."
NEWS_HEAD = "🎉 Tin vui nhóm “{family}”:"
NEWS_LESSON = "• {name} đã học xong bài “{title}”."
NEWS_CERT = "• {name} đã nhận giấy chứng nhận “{title}”."
NEWS_ASK = "Bấm để gửi lời chúc mừng ạ."
NEWS_DONE = "Cảm ơn {you} đã động viên mọi người!"
NEWS_NOTE = "🎉 Nhóm “{family}” có tin vui. Gõ /daisu để xem ạ."
CONGRATULATED = "🎉 Đã gửi lời chúc mừng tới {name}."

CALL = Option("call", "📞 Hỏi có cần gọi điện không", ("goi dien", "goi", "dien thoai"))
VISIT = Option("visit", "🏠 Hẹn qua nhà hướng dẫn", ("qua nha", "den nha", "hen"))
DONE = Option("done", "✅ Đã giúp trực tiếp", ("da giup", "giup roi", "xong roi"))
LATER = Option("later", "Để sau", ("de sau", "sau", "quay lai"))
FINISHED = Option("later", "Xong", ("xong", "ok", "quay lai"))
# Screens a notice must not cut short: the learner there answers something else first.
_HOLD = frozenset({S.NEW, S.DELETE_CONFIRM, S.FAMILY_JOIN})


def request_of(ctx: Context, request_id: str) -> HelpView | None:
    amb = ambassador(ctx)
    return next((h for h in amb.help if str(h.id) == request_id), None) if amb else None


def _holds(state: DialogState) -> bool:
    return state.name in _HOLD or state.name.startswith("onb_")


def help_arrived(state: DialogState, inbound: Inbound, ctx: Context) -> Step:
    """A learner's request reaches this ambassador (their turn, started by the shell)."""
    found = request_of(ctx, inbound.option)
    if found is None:
        return Step(state)
    if _holds(state):
        return Step(state, say(line(ctx, ARRIVED, name=_cap(found.name))))
    return aside(ctx, state, S.AMB_HELP, extra={"help": str(found.id)}, candidates=())


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _render_help(state: DialogState, ctx: Context) -> Screen:
    found = request_of(ctx, state.extra.get("help", ""))
    if found is None:
        return choices(state, line(ctx, HELP_GONE), (LATER, MENU))
    family = f" (nhóm “{short(found.family)}”)" if found.family else " (người học ở xã mình)"
    where = where_text(ctx, found.lesson_id, found.card)
    lines = [line(ctx, HELP_HEAD, name=_cap(found.name), family=family, where=where, day=found.day)]
    lines += [WHY[found.reason], line(ctx, ANSWERED if found.answered else HELP_TAIL)]
    return choices(state, "\n".join(lines), (CALL, VISIT, DONE, LATER))


def _on_help(state: DialogState, option: str, ctx: Context) -> Step:
    found = request_of(ctx, state.extra.get("help", ""))
    if found is None or option in (LATER.id, MENU.id):
        return go_back(state, ctx) if option != MENU.id else enter(ctx, state.to(S.MENU, back="", extra={}))
    ctx = _without(ctx, found)
    if option == DONE.id:
        return go_back(state, ctx, say(line(ctx, HELPED, name=found.name)), (HelpGiven(found.id),))
    reply: Reply = "call" if option == CALL.id else "visit"
    return go_back(state, ctx, say(line(ctx, REPLIED, name=found.name)), (HelpReplied(found.id, reply),))


def _without(ctx: Context, done: HelpView) -> Context:
    """Show the answer at once: the shell stores it after the step."""
    amb = ambassador(ctx)
    if amb is None:
        return ctx
    kept = tuple(h for h in amb.help if h.id != done.id)
    return replace(ctx, data={**ctx.data, DATA_AMBASSADOR: replace(amb, help=kept)})


# --- the day's good news, with a one-tap "Chúc mừng" ------------------------------------------


def news_arrived(state: DialogState, inbound: Inbound, ctx: Context) -> Step:
    """One family's news, batched once a day (the shell's turn for the ambassador)."""
    found = news(ctx)
    if found is None or str(found.family_id) != inbound.option or not found.items:
        return Step(state)
    if _holds(state):
        return Step(state, say(line(ctx, NEWS_NOTE, family=found.family)))
    return aside(ctx, state, S.AMB_NEWS, extra={"news": str(found.family_id)}, candidates=())


def _news_of(state: DialogState, ctx: Context) -> NewsData | None:
    found = news(ctx)
    return found if found is not None and str(found.family_id) == state.extra.get("news") else None


def _item_line(ctx: Context, item: NewsItem) -> str:
    if item.kind == "certificate":
        module = ctx.library.module(item.subject)
        return NEWS_CERT.format(name=item.name, title=module.title if module else item.subject)
    lesson = ctx.library.lesson(item.subject)
    return NEWS_LESSON.format(name=item.name, title=lesson.title if lesson else item.subject)


def _waiting(found: NewsData) -> dict[int, str]:
    """Members with news not yet congratulated, in the order their news came."""
    return {item.member_id: item.name for item in found.items if not item.congratulated}


def _render_news(state: DialogState, ctx: Context) -> Screen:
    found = _news_of(state, ctx)
    if found is None:
        return choices(state, line(ctx, HELP_GONE), (FINISHED, MENU))
    waiting = _waiting(found)
    lines = [line(ctx, NEWS_HEAD, family=found.family), *(_item_line(ctx, i) for i in found.items[:8])]
    lines.append(line(ctx, NEWS_ASK if waiting else NEWS_DONE))
    options = [Option(f"cg:{member}", f"🎉 Chúc mừng {short(name, 24)}") for member, name in waiting.items()]
    return choices(state, "\n".join(lines), (*options[:4], FINISHED))


def _on_news(state: DialogState, option: str, ctx: Context) -> Step:
    found = _news_of(state, ctx)
    member = option.removeprefix("cg:")
    if option == MENU.id:
        return enter(ctx, state.to(S.MENU, back="", extra={}))
    if found is None or not option.startswith("cg:"):
        return go_back(state, ctx)
    name = _waiting(found).get(int(member)) if member.isdigit() else None
    if name is None:
        return enter(ctx, state)
    items = tuple(replace(i, congratulated=True) if str(i.member_id) == member else i for i in found.items)
    ctx = replace(ctx, data={**ctx.data, DATA_NEWS: replace(found, items=items)})
    note = (Text(line(ctx, CONGRATULATED, name=name)),)
    return enter(ctx, state, note, (Congratulated(found.family_id, int(member)),))


FLOW = Flow(
    "family-helping",
    states=(
        StateSpec(S.AMB_HELP, _render_help, _on_help, edges=(("trả lời / để sau", S.MENU),), returns=True),
        StateSpec(S.AMB_NEWS, _render_news, _on_news, edges=(("chúc mừng", S.AMB_NEWS),), returns=True),
    ),
    anywhere=(("người học nhờ giúp", S.AMB_HELP), ("tin vui trong ngày", S.AMB_NEWS)),
)
