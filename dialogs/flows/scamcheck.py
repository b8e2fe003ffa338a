"""“Kiểm tra tin nhắn lạ”: is a message the learner received a scam?

Entered from the menu, with /kiemtra, by forwarding a message (Telegram), or simply by
pasting one where the tutor expected an answer. The verdict comes in three grades (never
"an toàn tuyệt đối"), names at most four signs in plain words, and says what to do through
channels the learner already knows. The message itself is never stored or repeated: only the
grade and the signal ids go out, as an event the shell counts per commune and week.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from content.scam.forwarded import SHORT_WORDS
from content.scam.verdict import Verdict
from dialogs.context import Context
from dialogs.core import Command, Exit, Flow, StateSpec, Step, aside, choices, enter, go_back, line, menu, reprompt
from dialogs.events import DomainEvent
from dialogs.messages import Inbound, InboundKind, Option, Screen, Text
from dialogs.state import DialogState, StateName

S = StateName
MIN_WORDS = 4  # shorter than this is an answer or a word, not a message to check
_LINKISH = re.compile(r"https?://|www\.|\[\.\]|\w\.[a-z]{2,}", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ScamChecked(DomainEvent):
    """Counted per commune and week: which scams circulate. Never the message."""

    grade: str
    signals: tuple[str, ...]


ASK = (
    "🔍 {You} dán (hoặc chuyển tiếp) tin nhắn lạ vào đây, {me} xem giúp có dấu hiệu lừa đảo không.\n"
    "{Me_cap} không lưu tin nhắn đó."
)
NEED_TEXT = "Ảnh thì {me} chưa đọc được ạ. {You} chép chữ trong tin nhắn rồi gửi vào đây nhé."
TOO_SHORT = "Tin này ngắn quá, {me} chưa xem được ạ. {You} dán cả tin nhắn nhận được vào đây nhé."
HEAD = {"scam": "🔴 {title}", "suspicious": "🟠 {title}", "none": "🟢 {title}"}
SIGNS = "Dấu hiệu {me} thấy:"
NO_PROOF = "Chưa thấy dấu hiệu không có nghĩa là chắc chắn an toàn. Có gì lạ, {you} cứ hỏi người quen biết việc."
WHAT_NEXT = "{You} muốn làm gì tiếp ạ?"
AGAIN = Option("again", "Kiểm tra tin khác", ("kiem tra tiep", "tin khac", "kiem tra them"))
BACK = Option("back", "Quay lại", ("quay lai", "tro lai", "thoi", "xong"))
CHECK = Command(
    ("kiemtra",),
    lambda state, args, ctx: _start(state, args, ctx),
    (S.SCAM_ASK, S.SCAM_RESULT),
    ("kiem tra tin nhan", "kiem tra tin nhan la", "kiem tra lua dao", "tin nay co phai lua dao khong"),
    "/kiemtra, “kiểm tra tin nhắn”",
)


def _start(state: DialogState, args: str, ctx: Context) -> Step:
    if len(args.split()) >= MIN_WORDS:
        return check(state, args, ctx)
    if state.name is S.SCAM_ASK:
        return reprompt(state, ctx, line(ctx, ASK))
    return aside(ctx, state, S.SCAM_ASK)


def start(state: DialogState, option: str, ctx: Context) -> Step:
    """The menu's “Kiểm tra tin nhắn lạ”."""
    return _start(state, "", ctx)


def check(state: DialogState, text: str, ctx: Context) -> Step:
    checker = ctx.readers.scam
    if checker is None:
        return go_back(state, ctx)
    return _verdict(state, checker.check(text), ctx)


def _verdict(state: DialogState, verdict: Verdict, ctx: Context) -> Step:
    event = ScamChecked(verdict.grade, verdict.signal_ids)
    before = tuple(Text(part) for part in report(verdict, ctx))
    if state.name in (S.SCAM_ASK, S.SCAM_RESULT):
        return enter(ctx, state.to(S.SCAM_RESULT), before, (event,))
    return aside(ctx, state, S.SCAM_RESULT, before, (event,))


def report(verdict: Verdict, ctx: Context) -> tuple[str, ...]:
    """The verdict in plain words: the grade, up to four signs, then what to do."""
    head = line(ctx, HEAD[verdict.grade], title=verdict.title)
    signs = [f"• {finding.explanation}" for finding in verdict.shown[:4]]
    body = "\n".join([head, *([line(ctx, SIGNS), *signs] if signs and verdict.grade != "none" else [])])
    advice = "\n".join(f"👉 {line(ctx, item)}" for item in verdict.advice)
    tail = (line(ctx, NO_PROOF),) if verdict.grade == "none" else ()
    return tuple(part for part in (body, advice, *tail) if part)


def pasted(state: DialogState, text: str, ctx: Context) -> Step | None:
    """A message pasted where the tutor expected an answer: checked when it looks like one."""
    checker = ctx.readers.scam
    if checker is None or state.name is S.NEW:
        return None
    if len(text.split()) < SHORT_WORDS and not _LINKISH.search(text):
        return None  # a short reply without an address is an answer, never a pasted message
    looks, verdict = checker.inspect(text)
    return _verdict(state, verdict, ctx) if looks.auto else None


def forwarded(state: DialogState, inbound: Inbound, ctx: Context) -> Step:
    """A message forwarded on Telegram (its text or caption): checked in any state; a forwarded
    picture without words gets a kind note asking for the text."""
    if not inbound.text.strip():
        return aside(ctx, state, S.SCAM_ASK, (Text(line(ctx, NEED_TEXT)),))
    return check(state, inbound.text, ctx)


def _render_ask(state: DialogState, ctx: Context) -> Screen:
    return choices(state, line(ctx, ASK), (BACK,))


def _on_ask(state: DialogState, option: str, ctx: Context) -> Step:
    return go_back(state, ctx)


def _on_pasted(state: DialogState, text: str, ctx: Context) -> Step | None:
    if len(text.split()) < MIN_WORDS:
        return reprompt(state, ctx, line(ctx, TOO_SHORT))
    return check(state, text, ctx)


def _again(state: DialogState, option: str, ctx: Context) -> Step:
    return enter(ctx, state.to(S.SCAM_ASK))


def _back(state: DialogState, option: str, ctx: Context) -> Step:
    return go_back(state, ctx)


_ASK = StateSpec(
    S.SCAM_ASK,
    _render_ask,
    _on_ask,
    _on_pasted,
    edges=(("dán tin nhắn", S.SCAM_RESULT),),
    refusal=NEED_TEXT,
    takes="cả tin nhắn lạ",
    example="dán tin nhắn nhận được",
    returns=True,
)
_RESULT = menu(
    S.SCAM_RESULT,
    lambda state, ctx: line(ctx, WHAT_NEXT),
    (Exit(AGAIN, S.SCAM_ASK, _again), Exit(BACK, S.MENU, _back)),
    returns=True,
)
FLOW = Flow(
    "scam-check",
    states=(_ASK, _RESULT),
    commands=(CHECK,),
    fallbacks=(pasted,),
    pasted=pasted,
    inbound={InboundKind.FORWARDED: forwarded},
    anywhere=(("tin nhắn dán vào / chuyển tiếp", S.SCAM_RESULT),),
)
