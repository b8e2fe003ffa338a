"""Main menu, topics, lesson lists and the lesson player."""

from __future__ import annotations

from content.schema import Lesson
from dialogs.context import Context
from dialogs.core import Screen, StateSpec, Step, choices, enter, register, say, voice
from dialogs.events import LessonStarted
from dialogs.messages import Option
from dialogs.state import DialogState, StateName

from .common import BACK, MENU, NEXT

S = StateName
MENU_TEXT = "{Full} muốn làm gì ạ?"
MENU_OPTIONS = (
    Option("continue", "Học tiếp", ("hoc tiep", "tiep", "hoc")),
    Option("topics", "Chủ đề bài học", ("chu de", "bai hoc", "danh sach")),
    Option("review", "Ôn tập", ("on tap", "on bai")),
    Option("progress", "Tiến độ của tôi", ("tien do", "ket qua")),
    Option("settings", "Cài đặt", ("cai dat",)),
    Option("help", "Trợ giúp", ("tro giup", "giup", "huong dan")),
)
TOPICS_TEXT = "Chọn một chủ đề ạ. Số trong ngoặc là bài đã học / tổng số bài."
LESSONS_TEXT = "Chủ đề: {title}\n✓ là đã học xong, ▸ là đang học dở.\n{You} chọn bài nào ạ?"
ALL_DONE = "{Full} đã học hết các bài rồi, giỏi quá! Vào Ôn tập để nhớ lâu hơn nhé."
SIMPLE = Option("simple", "Nói lại dễ hiểu hơn", ("noi lai", "de hieu hon", "kho hieu", "khong hieu"))
OTHER_TOPIC = Option("topics", "Chủ đề khác", ("chu de khac", "chu de"))


def _render_menu(state: DialogState, ctx: Context) -> Screen:
    return choices(state, voice(ctx).say(MENU_TEXT), MENU_OPTIONS)


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
        return enter(ctx, state.to(S.MENU), say(voice(ctx).say(ALL_DONE)))
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


def _on_menu(state: DialogState, option: str, ctx: Context) -> Step:
    if option == "continue":
        return continue_learning(state, ctx)
    target = {"topics": S.TOPICS, "review": S.REVIEW, "progress": S.PROGRESS, "settings": S.SETTINGS, "help": S.HELP}[
        option
    ]
    if target is S.REVIEW:
        from dialogs.flows.quiz import start_review

        return start_review(state, ctx)
    return enter(ctx, state.to(target))


def _topic_counts(ctx: Context, lesson_ids: tuple[str, ...]) -> tuple[int, int]:
    done = sum(
        1
        for lid in lesson_ids
        if ctx.learner.lessons.get(lid, None) is not None and ctx.learner.lessons[lid].status == "completed"
    )
    return done, len(lesson_ids)


def _render_topics(state: DialogState, ctx: Context) -> Screen:
    options = []
    for topic in ctx.library.topics:
        if topic.lessons:
            done, total = _topic_counts(ctx, topic.lessons)
            options.append(Option(f"t:{topic.id}", f"{topic.title} ({done}/{total})"))
    return choices(state, TOPICS_TEXT, (*options, MENU))


def _on_topics(state: DialogState, option: str, ctx: Context) -> Step:
    if option == MENU.id:
        return enter(ctx, state.to(S.MENU))
    return enter(ctx, state.to(S.LESSONS, topic=option.removeprefix("t:")))


def _lesson_label(ctx: Context, lesson: Lesson) -> str:
    progress = ctx.learner.lessons.get(lesson.id)
    mark = "" if progress is None else ("✓ " if progress.status == "completed" else "▸ ")
    return f"{mark}{lesson.title} ({lesson.minutes} phút)"


def _render_lessons(state: DialogState, ctx: Context) -> Screen:
    topic = ctx.library.topic(state.topic)
    if topic is None:
        return _render_topics(state, ctx)
    lessons = [ctx.library.lessons[lid] for lid in topic.lessons]
    options = [Option(f"l:{lesson.id}", _lesson_label(ctx, lesson)) for lesson in lessons]
    text = voice(ctx).say(LESSONS_TEXT, title=topic.title)
    return choices(state, text, (*options, OTHER_TOPIC, MENU))


def _on_lessons(state: DialogState, option: str, ctx: Context) -> Step:
    if option == MENU.id:
        return enter(ctx, state.to(S.MENU))
    if option == OTHER_TOPIC.id:
        return enter(ctx, state.to(S.TOPICS))
    lesson = ctx.library.lessons[option.removeprefix("l:")]
    return open_lesson(state, ctx, lesson)


def _render_card(state: DialogState, ctx: Context) -> Screen:
    lesson = ctx.library.lesson(state.lesson)
    if lesson is None:  # the lesson was withdrawn from the library
        return _render_menu(state, ctx)
    card = lesson.cards[state.card]
    body = card.simple if state.simple and card.simple else card.text
    header = f"📖 {lesson.title} — {state.card + 1}/{len(lesson.cards)}"
    options = [NEXT]
    if state.card > 0:
        options.append(BACK)
    if card.simple and not state.simple:
        options.append(SIMPLE)
    options.append(MENU)
    return choices(state, f"{header}\n\n{voice(ctx).fill(body)}", options)


def _on_card(state: DialogState, option: str, ctx: Context) -> Step:
    lesson = ctx.library.lesson(state.lesson)
    if lesson is None or option == MENU.id:
        return enter(ctx, state.to(S.MENU))
    if option == SIMPLE.id:
        return enter(ctx, state.to(S.LESSON_CARD, simple=True))
    if option == BACK.id:
        card = max(state.card - 1, 0)
        return enter(ctx, state.to(S.LESSON_CARD, card=card, simple=False, bookmark=f"{lesson.id}:{card}"))
    if state.card + 1 < len(lesson.cards):
        card = state.card + 1
        return enter(ctx, state.to(S.LESSON_CARD, card=card, simple=False, bookmark=f"{lesson.id}:{card}"))
    from dialogs.flows.quiz import start_quiz

    return start_quiz(state, ctx, lesson)


register(
    StateSpec(
        S.MENU,
        _render_menu,
        _on_menu,
        edges=(
            ("học tiếp", S.LESSON_CARD),
            ("chủ đề", S.TOPICS),
            ("ôn tập", S.REVIEW),
            ("tiến độ", S.PROGRESS),
            ("cài đặt", S.SETTINGS),
            ("trợ giúp", S.HELP),
        ),
    )
)
register(StateSpec(S.TOPICS, _render_topics, _on_topics, edges=(("chọn chủ đề", S.LESSONS), ("về menu", S.MENU))))
register(
    StateSpec(
        S.LESSONS,
        _render_lessons,
        _on_lessons,
        edges=(("chọn bài", S.LESSON_CARD), ("chủ đề khác", S.TOPICS), ("về menu", S.MENU)),
    )
)
register(
    StateSpec(
        S.LESSON_CARD,
        _render_card,
        _on_card,
        edges=(("tiếp / quay lại / nói dễ hơn", S.LESSON_CARD), ("hết thẻ", S.QUIZ), ("về menu", S.MENU)),
    )
)
