"""Quizzes after each lesson: drawn from the lesson's pool, graded, and what comes next.

A quiz asks `quiz_size` questions of the lesson's pool (those not asked lately first), each
with its options shuffled for this learner and attempt (see draw.py). After
`fails_per_day` failed attempts at a lesson in one day its quiz waits until the next day:
guessing again and again must not earn a certificate. The learner is never stuck: re-reading
the lesson, another lesson and the menu stay open.
"""

from __future__ import annotations

from dataclasses import replace

from content.library import Library
from content.schema import Lesson
from dialogs.context import Context
from dialogs.core import Flow, StateSpec, Step, choices, enter, say, voice
from dialogs.events import AnswerGiven, Event, QuizFinished
from dialogs.flows import draw, outcome, paths, review, scamcheck
from dialogs.flows import help as asking
from dialogs.flows.feedback import feedback
from dialogs.flows.lessons import continue_learning, drawn_for, need_to_pass, open_lesson, quiz_mark, start_quiz
from dialogs.messages import Outbound, Screen, Text
from dialogs.state import DialogState, StateName

from .common import MENU

S = StateName
GONE = "Bài này không còn nữa ạ."
WAIT = "Hôm nay {you} đã làm bài này {n} lần rồi. Mình để mai làm lại nhé: nghỉ một đêm rồi đọc lại, {you} sẽ nhớ hơn."


# Reminders open the review from here.
start_review = review.start_review


def questions(state: DialogState, library: Library, lesson: Lesson) -> tuple[draw.Shown, ...]:
    """This attempt's questions; a quiz begun before questions were drawn keeps the file's."""
    return drawn_for(state, library, lesson) or tuple(draw.Shown(q, tuple(range(len(q.options)))) for q in lesson.quiz)


def on_screen(state: DialogState, library: Library) -> draw.Shown | None:
    """The quiz or review question the learner sees now, as shown (tests answer through it)."""
    if state.name is S.REVIEW:
        found = draw.resolve(state.queue[state.question], library) if state.question < len(state.queue) else None
        return found[1] if found else None
    lesson = library.lesson(state.lesson) if state.name is S.QUIZ else None
    asked = questions(state, library, lesson) if lesson else ()
    return asked[state.question] if state.question < len(asked) else None


def _render_quiz(state: DialogState, ctx: Context) -> Screen:
    lesson = ctx.library.lesson(state.lesson)
    asked = questions(state, ctx.library, lesson) if lesson else ()
    if state.question >= len(asked):
        return choices(state, GONE, (MENU,))
    header = f"❓ Câu {state.question + 1}/{len(asked)}"
    return review.question_screen(state, voice(ctx), header, asked[state.question])


def _on_quiz(state: DialogState, option: str, ctx: Context) -> Step:
    lesson = ctx.library.lesson(state.lesson)
    asked = questions(state, ctx.library, lesson) if lesson else ()
    shown = asked[state.question] if state.question < len(asked) else None
    chosen = review.chosen_index(option, shown) if shown else None
    if lesson is None or shown is None or chosen is None:
        return enter(ctx, state.to(S.MENU))
    question = shown.question
    correct = question.options[chosen].correct
    events: tuple[Event, ...] = (AnswerGiven(lesson.id, lesson.version, question.id, chosen, correct, "quiz"),)
    said = feedback(voice(ctx), question, chosen)
    score = state.correct + int(correct)
    following = state.question + 1
    if following < len(asked):
        moved = state.to(S.QUIZ, question=following, correct=score, bookmark=quiz_mark(lesson.id, following, score))
        return enter(ctx, moved, say(said), events)
    return _finish(state, ctx, lesson, score, len(asked), said, events)


def _finish(
    state: DialogState, ctx: Context, lesson: Lesson, score: int, total: int, said: str, events: tuple[Event, ...]
) -> Step:
    passed = score >= need_to_pass(total, ctx.settings.pass_ratio)
    events = (*events, QuizFinished(lesson.id, lesson.version, score, total, passed))
    shown: list[Outbound] = []
    if passed:
        earned, shown = outcome.certificate_notes(ctx, lesson.id)
        events = (*events, *earned)
        following = paths.where_next(state, ctx, lesson.id, also=lesson.id)
        bookmark = f"{following}:0" if following else ""
        fails = 0
    else:
        bookmark = f"{lesson.id}:quiz"
        fails = ctx.learner.failed_today.get(lesson.id, 0) + 1
    target = state.to(S.QUIZ_RESULT, correct=score, question=total, bookmark=bookmark, fails=fails)
    if not shown:
        return enter(ctx, target, say(said), events)
    fresh = replace(target, screen=target.screen + 1)  # as enter() does
    return Step(fresh, (Text(said), *outcome.result_screen(fresh, ctx, lesson, shown).messages), events)


def _render_result(state: DialogState, ctx: Context) -> Screen:
    lesson = ctx.library.lesson(state.lesson)
    if lesson is None:
        return choices(state, GONE, (MENU,))
    return outcome.result_screen(state, ctx, lesson)


def _on_result(state: DialogState, option: str, ctx: Context) -> Step:
    lesson = ctx.library.lesson(state.lesson)
    if lesson is None or option == MENU.id:
        return enter(ctx, state.to(S.MENU))
    if option == outcome.RETRY.id:
        return start_quiz(state, ctx, lesson)
    if option == outcome.REREAD.id:
        return open_lesson(state, ctx, lesson)
    if option == outcome.TOPICS.id:
        return enter(ctx, state.to(S.TOPICS))
    if option == outcome.OTHER.id:
        return _other_lesson(state, ctx, lesson)
    if option == asking.DOOR.id:
        return asking.offer(state, ctx, "quiz")
    if option == outcome.CHECK.id:  # an aside: the checker's "Quay lại" comes back here
        return scamcheck.start(state, option, ctx)
    return continue_learning(state, ctx)


def _render_wait(state: DialogState, ctx: Context) -> Screen:
    lesson = ctx.library.lesson(state.lesson)
    if lesson is None:
        return choices(state, GONE, (MENU,))
    n = max(ctx.learner.failed_today.get(lesson.id, 0), ctx.settings.fails_per_day)
    options = (outcome.REREAD, outcome.OTHER, *asking.door(ctx), MENU)  # "Nhờ người giúp" when someone can
    return choices(state, voice(ctx).say(WAIT, n=n), options)


def _on_wait(state: DialogState, option: str, ctx: Context) -> Step:
    lesson = ctx.library.lesson(state.lesson)
    if lesson is None or option == MENU.id:
        return enter(ctx, state.to(S.MENU))
    if option == outcome.REREAD.id:
        return open_lesson(state, ctx, lesson)
    if option == asking.DOOR.id:
        return asking.offer(state, ctx, "quiz")
    return _other_lesson(state, ctx, lesson)


def _other_lesson(state: DialogState, ctx: Context, lesson: Lesson) -> Step:
    """The path's next lesson whose quiz is open today; the topic list when there is none."""
    module = paths.current(state, ctx)
    found = paths.next_in(ctx, module, lesson.id) if module else None
    other = ctx.library.lesson(found) if found and found != lesson.id and not paths.waits(ctx, found) else None
    if other is None:
        return enter(ctx, state.to(S.TOPICS))
    return open_lesson(state, ctx, other)


FLOW = Flow(
    "quiz",
    states=(
        StateSpec(S.QUIZ, _render_quiz, _on_quiz, edges=(("trả lời, còn câu", S.QUIZ), ("câu cuối", S.QUIZ_RESULT))),
        StateSpec(
            S.QUIZ_RESULT,
            _render_result,
            _on_result,
            edges=(
                ("làm lại", S.QUIZ),
                ("làm lại, hết lượt hôm nay", S.QUIZ_WAIT),
                ("đọc lại / bài tiếp / bài khác", S.LESSON_CARD),
                ("bài tiếp đang làm dở", S.QUIZ),
                ("chủ đề khác / hết bài mở", S.TOPICS),
                ("về menu / học xong hết", S.MENU),
                ("nhờ người giúp (trượt 2 lần)", S.FAMILY_HELP),
                ("thử kiểm tra một tin nhắn", S.SCAM_ASK),
            ),
        ),
        StateSpec(
            S.QUIZ_WAIT,
            _render_wait,
            _on_wait,
            edges=(
                ("đọc lại / bài khác", S.LESSON_CARD),
                ("hết bài mở hôm nay", S.TOPICS),
                ("nhờ người giúp", S.FAMILY_HELP),
                ("về menu", S.MENU),
            ),
        ),
        review.SPEC,
    ),
    commands=(review.COMMAND,),
)
