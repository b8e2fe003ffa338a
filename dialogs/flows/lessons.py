"""Where a learner is on the path: the next lesson, opening one, and going back to it.

Shared by the lesson player, quizzes, reminders, announcements and family pushes; it imports
no flow, so every flow may import it.
"""

from __future__ import annotations

from content.schema import Lesson
from dialogs.context import Context
from dialogs.core import Step, enter, line, say
from dialogs.events import LessonStarted
from dialogs.state import DialogState, StateName

S = StateName
ALL_DONE = "{Full} đã học hết các bài rồi, giỏi quá! Vào Ôn tập để nhớ lâu hơn nhé."


def next_lesson_id(state: DialogState, ctx: Context) -> str | None:
    """The bookmarked lesson, else one started but not finished, else the first new one."""
    bookmarked = state.bookmark.split(":", 1)[0]
    if bookmarked in ctx.library.lessons:
        return bookmarked
    progress = ctx.learner.lessons
    order = ctx.library.lesson_order()
    started = [lid for lid in order if lid in progress and progress[lid].status == "started"]
    fresh = [lid for lid in order if lid not in progress]
    return (started + fresh + [None])[0]


def open_lesson(state: DialogState, ctx: Context, lesson: Lesson, card: int = 0) -> Step:
    card = min(max(card, 0), len(lesson.cards) - 1)
    target = state.to(
        S.LESSON_CARD, topic=lesson.topic, lesson=lesson.id, card=card, simple=False, bookmark=f"{lesson.id}:{card}"
    )
    events = (LessonStarted(lesson.id, lesson.version),) if card == 0 else ()
    return enter(ctx, target, (), events)


def continue_learning(state: DialogState, ctx: Context) -> Step:
    """Back to exactly where the learner was: the card, or the quiz question."""
    if state.name in (S.LESSON_CARD, S.QUIZ, S.REVIEW):
        return enter(ctx, state)
    lesson_id = next_lesson_id(state, ctx)
    lesson = ctx.library.lesson(lesson_id) if lesson_id else None
    if lesson is None:
        return enter(ctx, state.to(S.MENU), say(line(ctx, ALL_DONE)))
    mark = state.bookmark.split(":") if state.bookmark.startswith(lesson.id + ":") else []
    if len(mark) == 4 and mark[1] == "quiz" and mark[2].isdigit() and mark[3].isdigit():
        question = min(int(mark[2]), len(lesson.quiz) - 1)
        return enter(
            ctx,
            state.to(
                S.QUIZ, lesson=lesson.id, topic=lesson.topic, question=question, correct=min(int(mark[3]), question)
            ),
        )
    card = int(mark[1]) if len(mark) == 2 and mark[1].isdigit() else 0
    return open_lesson(state, ctx, lesson, card)


def continue_command(state: DialogState, args: str, ctx: Context) -> Step:
    """/hoc, "học tiếp": the same as the menu's first option, from anywhere."""
    return continue_learning(state, ctx)
