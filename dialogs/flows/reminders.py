"""Reminders: what a due reminder says, the screen it opens, and turning reminders off.

A reminder is a turn the scheduler starts for the learner (`InboundKind.REMINDER`): it comes
back through the same step as anything the learner types. The shell tells this flow whether
it is the last reminder before they pause (`ReminderInfo` in ctx.data) and moves the rhythm
on itself when it applies the step's events.
"""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.context import Context
from dialogs.core import Command, Exit, Flow, Step, enter, line, menu, reprompt, say
from dialogs.events import RemindersOff
from dialogs.flows.lessons import continue_learning, next_lesson_id
from dialogs.flows.quiz import start_review
from dialogs.messages import Inbound, InboundKind, Option
from dialogs.replies import REMINDERS_OFF
from dialogs.state import DialogState, StateName

S = StateName
REMINDER = "reminder"  # ctx.data key: ReminderInfo, on a reminder's own turn


@dataclass(frozen=True, slots=True)
class ReminderInfo:
    last: bool = False  # the last one before reminders pause
    off: bool = False  # the learner turned reminders off after this one was due


REMIND_HEAD = "⏰ {Full} ơi, đến giờ học rồi ạ!"
REMIND_LESSON = "Bài tiếp theo: “{title}” ({minutes} phút)."
REMIND_REVIEWS = "Có {n} câu cần ôn lại cho nhớ lâu."
REMIND_TAIL = "Chỉ vài phút thôi, {me} đợi {you} nhé."
REMIND_LAST = (
    "Đây là lần nhắc cuối. {Me_cap} tạm dừng nhắc để không làm phiền {you}; khi nào {you} nhắn lại, "
    "{me} sẽ nhắc học như cũ. Muốn tắt hẳn, gõ /tatnhacnho."
)
REMIND_MIDWAY = "⏰ {Full} ơi, đến giờ học rồi ạ! Mình học tiếp từ chỗ này nhé:"
REMIND_BUSY = "⏰ {Full} ơi, đến giờ học rồi ạ! Xong việc này, {you} gõ “học tiếp” để học nhé."
LATER = "Vâng ạ. Khi nào rảnh, {you} gõ “học tiếp” là học ngay nhé."
_LEARNING = (S.LESSON_CARD, S.QUIZ, S.REVIEW)
# States where the learner is not in the middle of something: a reminder may open its screen.
_RESTING = (S.MENU, S.TOPICS, S.LESSONS, S.PROGRESS, S.HELP, S.QUIZ_RESULT, S.SETTINGS, S.REMIND)


def _reminder_info(ctx: Context) -> ReminderInfo:
    found = ctx.data.get(REMINDER)
    return found if isinstance(found, ReminderInfo) else ReminderInfo()


def _due_reviews(ctx: Context) -> int:
    return len([q for q in ctx.learner.due_reviews if ctx.library.question(q)][: ctx.settings.review_batch])


def _reminder_text(state: DialogState, ctx: Context) -> str:
    lines = [line(ctx, REMIND_HEAD)]
    lesson_id = next_lesson_id(state, ctx)
    lesson = ctx.library.lesson(lesson_id) if lesson_id else None
    if lesson is not None:
        lines.append(REMIND_LESSON.format(title=lesson.title, minutes=lesson.minutes))
    if _due_reviews(ctx):
        lines.append(REMIND_REVIEWS.format(n=_due_reviews(ctx)))
    lines.append(line(ctx, REMIND_TAIL))
    if _reminder_info(ctx).last:
        lines.append(line(ctx, REMIND_LAST))
    return "\n".join(lines)


def _has_something(state: DialogState, ctx: Context) -> bool:
    return next_lesson_id(state, ctx) is not None or _due_reviews(ctx) > 0


def on_reminder(state: DialogState, inbound: Inbound, ctx: Context) -> Step:
    """A due reminder fed back by the scheduler. Silence when there is nothing to propose."""
    if state.name is S.NEW or _reminder_info(ctx).off or not _has_something(state, ctx):
        return Step(state)
    if state.name not in _RESTING:
        return reprompt(state, ctx, line(ctx, REMIND_MIDWAY if state.name in _LEARNING else REMIND_BUSY))
    return enter(ctx, state.to(S.REMIND))


def _shown(state: DialogState, ctx: Context) -> tuple[Option, ...]:
    options: list[Option] = []
    if next_lesson_id(state, ctx) is not None:
        options.append(NOW)
    if _due_reviews(ctx):
        options.append(Option(REVIEW.id, f"Ôn {_due_reviews(ctx)} câu", REVIEW.aliases))
    return (*options, LATER_OPTION, OFF)


def _now(state: DialogState, option: str, ctx: Context) -> Step:
    return continue_learning(state, ctx)


def _review(state: DialogState, option: str, ctx: Context) -> Step:
    return start_review(state, ctx)


def _later(state: DialogState, option: str, ctx: Context) -> Step:
    return enter(ctx, state.to(S.MENU), say(line(ctx, LATER)))


def _off(state: DialogState, option: str, ctx: Context) -> Step:
    return enter(ctx, state.to(S.MENU), say(REMINDERS_OFF), (RemindersOff(),))


def _cmd_off(state: DialogState, args: str, ctx: Context) -> Step:
    return reprompt(state, ctx, REMINDERS_OFF, (RemindersOff(),))


NOW = Option("now", "Học ngay", ("hoc ngay", "hoc", "co"))
REVIEW = Option("review", "Ôn tập", ("on tap", "on"))
LATER_OPTION = Option("later", "Để sau", ("de sau", "sau", "khong"))
OFF = Option("off", "Tắt nhắc học", ("tat nhac", "tat nhac hoc", "dung nhac"))
_REMIND = menu(
    S.REMIND,
    _reminder_text,
    (
        Exit(NOW, S.LESSON_CARD, _now),
        Exit(REVIEW, S.REVIEW, _review),
        Exit(LATER_OPTION, S.MENU, _later),
        Exit(OFF, S.MENU, _off),
    ),
    extra_edges=(("học ngay (đang làm câu hỏi)", S.QUIZ), ("ôn tập (không còn câu)", S.MENU)),
    shown=_shown,
)
FLOW = Flow(
    "reminders",
    states=(_REMIND,),
    commands=(Command(("tatnhacnho",), _cmd_off, (), (), "/tatnhacnho"),),
    inbound={InboundKind.REMINDER: on_reminder},
)
