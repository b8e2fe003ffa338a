"""Where a learner is on the path: the next lesson, opening one, starting its quiz, going back.

Shared by the lesson player, quizzes, reminders, announcements and family pushes; it imports
no flow, so every flow may import it.
"""

from __future__ import annotations

import math

from content.library import Library
from content.schema import Lesson
from dialogs.context import Context
from dialogs.core import Step, enter, line, say, voice
from dialogs.events import LessonStarted
from dialogs.flows import draw, paths
from dialogs.messages import Image, Outbound, Voice
from dialogs.state import DialogState, StateName

S = StateName
ALL_DONE = "{Full} đã học hết các bài rồi, giỏi quá! Vào Ôn tập để nhớ lâu hơn nhé."
QUIZ_START = "Giờ làm {n} câu hỏi nhỏ nhé."


def next_lesson_id(state: DialogState, ctx: Context) -> str | None:
    """The bookmarked lesson, else the path's next lesson, else the next module's first."""
    bookmarked = state.bookmark.split(":", 1)[0]
    if bookmarked in ctx.library.lessons:
        return bookmarked
    return paths.where_next(state, ctx, state.lesson)


def open_lesson(state: DialogState, ctx: Context, lesson: Lesson, card: int = 0, path: str | None = None) -> Step:
    """Open a card of the lesson; `path` is the learner's goal from now on (default: kept if it
    holds the lesson, else the module the lesson leads to)."""
    card = min(max(card, 0), len(lesson.cards) - 1)
    target = state.to(
        S.LESSON_CARD,
        topic=lesson.topic,
        lesson=lesson.id,
        card=card,
        simple=False,
        bookmark=f"{lesson.id}:{card}",
        path=paths.path_for(state, ctx, lesson.id) if path is None else path,
    )
    events = (LessonStarted(lesson.id, lesson.version),) if card == 0 else ()
    return enter(ctx, target, card_media(ctx, lesson, card), events)


def card_media(ctx: Context, lesson: Lesson, card: int) -> tuple[Outbound, ...]:
    """A card's picture and voice note, sent before its text when the card is opened (not when
    it is shown again after a reply the tutor did not understand)."""
    found = lesson.cards[card] if 0 <= card < len(lesson.cards) else None
    if found is None:
        return ()
    media: list[Outbound] = []
    if found.image is not None:
        media.append(Image(media_key(found.image.file), found.image.alt))
    if found.audio is not None:
        audio = found.audio
        media.append(Voice(media_key(audio.file), voice(ctx).fill(audio.transcript), audio.language))
    return tuple(media)


def media_key(file: str) -> str:
    """How a lesson's file in content/media is named to the shell (App.media, /media/content/)."""
    return f"content:{file}"


def need_to_pass(total: int, ratio: float) -> int:
    return max(1, math.ceil(total * ratio - 1e-9))


def quiz_mark(lesson_id: str, question: int, correct: int) -> str:
    """A bookmark inside a quiz, so "Học tiếp" returns to the same question."""
    return f"{lesson_id}:quiz:{question}:{correct}"


def start_quiz(state: DialogState, ctx: Context, lesson: Lesson) -> Step:
    """A new attempt: questions not asked lately first, options shuffled for this learner; or,
    after too many failed attempts today, a kind word that the quiz waits until tomorrow."""
    if paths.waits(ctx, lesson.id):
        waiting = state.to(S.QUIZ_WAIT, lesson=lesson.id, topic=lesson.topic, bookmark=f"{lesson.id}:quiz")
        return enter(ctx, waiting)
    size = min(ctx.settings.quiz_size, len(lesson.quiz))
    need = need_to_pass(size, ctx.settings.pass_ratio)
    attempt = ctx.learner.failed_today.get(lesson.id, 0)
    rng = draw.rng(lesson.id, state.screen, ctx.now.isoformat(), attempt, len(state.seen))
    drawn = draw.draw(lesson.quiz, state.seen, size, need, rng)
    asked = tuple(draw.decode(entry)[0] for entry in drawn)
    target = state.to(
        S.QUIZ,
        lesson=lesson.id,
        topic=lesson.topic,
        question=0,
        correct=0,
        simple=False,
        drawn=drawn,
        seen=draw.remember(state.seen, asked),
        bookmark=quiz_mark(lesson.id, 0, 0),
    )
    return enter(ctx, target, say(QUIZ_START.format(n=len(drawn))))


def continue_learning(state: DialogState, ctx: Context) -> Step:
    """Back to exactly where the learner was: the card, or the quiz question."""
    if state.name in (S.LESSON_CARD, S.QUIZ, S.REVIEW):
        return enter(ctx, state)
    lesson_id = next_lesson_id(state, ctx)
    lesson = ctx.library.lesson(lesson_id) if lesson_id else None
    if lesson is None:
        return enter(ctx, state.to(S.MENU), say(line(ctx, ALL_DONE)))
    mark = state.bookmark.split(":") if state.bookmark.startswith(lesson.id + ":") else []
    if mark[1:] == ["quiz"]:
        return start_quiz(state, ctx, lesson)
    if len(mark) == 4 and mark[1] == "quiz" and mark[2].isdigit() and mark[3].isdigit():
        return _resume_quiz(state, ctx, lesson, int(mark[2]), int(mark[3]))
    card = int(mark[1]) if len(mark) == 2 and mark[1].isdigit() else 0
    return open_lesson(state, ctx, lesson, card)


def _resume_quiz(state: DialogState, ctx: Context, lesson: Lesson, question: int, correct: int) -> Step:
    """The same question of the same attempt (the drawn questions are kept in the state)."""
    total = len(state.drawn) if drawn_for(state, ctx.library, lesson) else len(lesson.quiz)
    question = min(question, total - 1)
    target = state.to(S.QUIZ, lesson=lesson.id, topic=lesson.topic, question=question, correct=min(correct, question))
    return enter(ctx, target)


def drawn_for(state: DialogState, library: Library, lesson: Lesson) -> tuple[draw.Shown, ...]:
    """This attempt's questions as shown, or () when the state holds none for this lesson."""
    found = [draw.resolve(entry, library) for entry in state.drawn]
    if not found or any(item is None or item[0].id != lesson.id for item in found):
        return ()
    return tuple(item[1] for item in found if item is not None)


def continue_command(state: DialogState, args: str, ctx: Context) -> Step:
    """/hoc, "học tiếp": the same as the menu's first option, from anywhere."""
    return continue_learning(state, ctx)
