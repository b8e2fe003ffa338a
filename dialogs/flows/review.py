"""Spaced review of questions answered wrongly, their options shuffled afresh each time."""

from __future__ import annotations

from dialogs.context import Context
from dialogs.core import Command, StateSpec, Step, choices, enter, say, voice
from dialogs.events import AnswerGiven
from dialogs.flows import draw
from dialogs.flows.feedback import feedback
from dialogs.messages import Option, Screen
from dialogs.state import DialogState, StateName
from dialogs.voice import Voice

from .common import MENU

S = StateName
NO_REVIEW = "Hiện chưa có câu nào cần ôn ạ. Học thêm bài mới, rồi quay lại Ôn tập sau nhé."
NO_REVIEW_CONSENT = (
    "Ôn tập cần lưu các câu {you} đã làm. {You} bật “Đồng ý lưu tiến độ” trong Cài đặt nếu muốn dùng nhé."
)
REVIEW_DONE = "Ôn xong rồi ạ: đúng {score}/{total} câu. Câu nào chưa nhớ, {me} sẽ hỏi lại sau ít hôm."


def question_screen(state: DialogState, v: Voice, header: str, shown: draw.Shown) -> Screen:
    """A question with its options in this learner's order; an option's id names its place in
    the file, so the answer recorded is the same whatever order it was shown in."""
    question = shown.question
    text = f"{header}\n"
    if question.message:
        text += f"\n💬 «{v.fill(question.message)}»\n"
    text += f"\n{v.fill(question.prompt)}"
    options = tuple(Option(f"a{i}", v.fill(question.options[i].text)) for i in shown.order)
    return choices(state, text, options)


def chosen_index(option: str, shown: draw.Shown) -> int | None:
    index = option[1:]
    if not option.startswith("a") or not index.isdigit() or int(index) not in shown.order:
        return None
    return int(index)


def start_review(state: DialogState, ctx: Context) -> Step:
    v = voice(ctx)
    if not ctx.learner.profile.consent:
        return enter(ctx, state.to(S.MENU), say(v.say(NO_REVIEW_CONSENT)))
    found = [ctx.library.question(q) for q in ctx.learner.due_reviews]
    due = [item[1] for item in found if item is not None][: ctx.settings.review_batch]
    if not due:
        return enter(ctx, state.to(S.MENU), say(v.say(NO_REVIEW)))
    rng = draw.rng("review", state.screen, ctx.now.isoformat())
    return enter(ctx, state.to(S.REVIEW, queue=draw.shuffled(due, rng), question=0, correct=0))


def review_command(state: DialogState, args: str, ctx: Context) -> Step:
    """/ontap, "ôn tập", the menu's Ôn tập: the questions due for review."""
    return start_review(state, ctx)


def _current(state: DialogState, ctx: Context) -> tuple[str, draw.Shown] | None:
    if state.question >= len(state.queue):
        return None
    found = draw.resolve(state.queue[state.question], ctx.library)
    return (found[0].title, found[1]) if found else None


def _render(state: DialogState, ctx: Context) -> Screen:
    found = _current(state, ctx)
    if found is None:
        return choices(state, "Câu này không còn nữa ạ.", (MENU,))
    header = f"🔁 Ôn tập {state.question + 1}/{len(state.queue)} — bài “{found[0]}”"
    return question_screen(state, voice(ctx), header, found[1])


def _on_option(state: DialogState, option: str, ctx: Context) -> Step:
    found = draw.resolve(state.queue[state.question], ctx.library) if state.question < len(state.queue) else None
    chosen = chosen_index(option, found[1]) if found else None
    if found is None or chosen is None:
        return enter(ctx, state.to(S.MENU, queue=()))
    lesson, shown = found
    correct = shown.question.options[chosen].correct
    event = AnswerGiven(lesson.id, lesson.version, shown.question.id, chosen, correct, "review")
    said = feedback(voice(ctx), shown.question, chosen)
    score = state.correct + int(correct)
    if state.question + 1 < len(state.queue):
        return enter(ctx, state.to(S.REVIEW, question=state.question + 1, correct=score), say(said), (event,))
    summary = voice(ctx).say(REVIEW_DONE, score=score, total=len(state.queue))
    return enter(ctx, state.to(S.MENU, queue=(), question=0, correct=0), say(said, summary), (event,))


SPEC = StateSpec(S.REVIEW, _render, _on_option, edges=(("trả lời, còn câu", S.REVIEW), ("ôn xong", S.MENU)))
COMMAND = Command(("ontap",), review_command, (S.REVIEW, S.MENU), ("on tap",), "/ontap")
