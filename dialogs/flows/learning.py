"""Main menu, topics, lesson lists and the lesson player."""

from __future__ import annotations

import re

from content.schema import Lesson, Term
from content.textfold import fold
from dialogs.context import Context
from dialogs.core import Command, Exit, Flow, StateSpec, Step, choices, enter, goto, menu, stay, voice
from dialogs.flows import paths
from dialogs.flows.family import entry
from dialogs.flows.lessons import card_media, continue_command, open_lesson, start_quiz
from dialogs.flows.review import review_command
from dialogs.messages import Option, Screen, Text
from dialogs.state import DialogState, StateName

from .common import BACK, MENU, NEXT, WORD

S = StateName
MENU_TEXT = "{Full} muốn làm gì ạ?"
MENU_EXITS = (
    Exit(Option("continue", "Học tiếp", ("hoc tiep", "tiep", "hoc")), S.LESSON_CARD, continue_command),
    Exit(Option("topics", "Chủ đề bài học", ("chu de", "bai hoc", "danh sach")), S.TOPICS),
    Exit(Option("review", "Ôn tập", ("on tap", "on bai")), S.REVIEW, review_command),
    Exit(Option("progress", "Tiến độ của tôi", ("tien do", "ket qua")), S.PROGRESS),
    Exit(Option("settings", "Cài đặt", ("cai dat",)), S.SETTINGS),
    Exit(Option("help", "Trợ giúp", ("tro giup", "giup", "huong dan")), S.HELP),
)
MENU_OPTIONS = tuple(exit.option for exit in MENU_EXITS)
TOPICS_TEXT = "Chọn một chủ đề ạ. Số trong ngoặc là bài đã học / tổng số bài."
LESSONS_TEXT = "Chủ đề: {title}\n✓ là đã học xong, ▸ là đang học dở.\n{You} chọn bài nào ạ?"
SIMPLE = Option("simple", "Nói lại dễ hiểu hơn", ("noi lai", "de hieu hon", "kho hieu", "khong hieu"))
OTHER_TOPIC = Option("topics", "Chủ đề khác", ("chu de khac", "chu de"))
# A lesson of a list named in other words: at least this many words, tied this surely (the
# search's BM25 score; a name of the lesson retold scores 15-40, a vague word or a number 4-7).
LIST_WORDS = 3
LIST_SCORE = 10.0
_DIGIT = re.compile(r"\d")
_FOLDED_WORD = re.compile(r"[a-z0-9]+")


def _menu_text(state: DialogState, ctx: Context) -> str:
    return voice(ctx).say(MENU_TEXT)


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


def _lesson_by_search(state: DialogState, text: str, ctx: Context) -> Step | None:
    """A lesson of this list named in the learner's own words ("bài có người gọi báo con nằm
    viện"): the library search ties the reply to it, surely (a high score, a confident answer,
    the best match that very lesson). A number, a reply of one or two words, or a weaker tie is
    left to the engine (help, a question answered, a miss): a wrong pick costs more."""
    search, topic = ctx.readers.search, ctx.library.topic(state.topic)
    titled = _opens_with_title(text, tuple(ctx.library.lessons[lid] for lid in topic.lessons)) if topic else None
    if titled is not None:
        return _on_lessons(state, f"l:{titled.id}", ctx)
    if search is None or topic is None or _DIGIT.search(text) or len(WORD.findall(text)) < LIST_WORDS:
        return None
    found = search.ask(text)
    best = found.best
    if not found.confident or best is None or best.score < LIST_SCORE or best.lesson_id != found.lesson:
        return None
    return _on_lessons(state, f"l:{found.lesson}", ctx) if found.lesson in topic.lessons else None


def _opens_with_title(text: str, lessons: tuple[Lesson, ...]) -> Lesson | None:
    """'lỡ bị lừa rồi thì làm thế nào' on a list with 'Lỡ bị lừa: những phút đầu': a reply that
    opens with the whole head of one listed lesson's title (before its colon, three words or
    more) and goes on asks what that lesson teaches."""
    typed = _FOLDED_WORD.findall(fold(text))
    found = []
    for lesson in lessons:
        head = _FOLDED_WORD.findall(fold(lesson.title.split(":")[0]))
        if len(head) >= LIST_WORDS and len(typed) > len(head) and typed[: len(head)] == head:
            found.append(lesson)
    return found[0] if len(found) == 1 else None


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
    # Picking from a topic's list chooses that subject's certificate path.
    return open_lesson(state, ctx, lesson, path=paths.of_topic(ctx, lesson.id))


def _new_term(ctx: Context, lesson: Lesson, card: int) -> Term | None:
    """The first glossary word this card is the first of its lesson to use ("link")."""
    search = ctx.readers.search
    found = search.new_terms(lesson.id, card) if search else ()
    return found[0] if found else None


def _term_option(term: Term) -> Option:
    return Option(f"term:{term.id}", f"{term.term[:1].upper()}{term.term[1:]} là gì?")


def _render_card(state: DialogState, ctx: Context) -> Screen:
    lesson = ctx.library.lesson(state.lesson)
    if lesson is None:  # the lesson was withdrawn from the library
        return choices(state, _menu_text(state, ctx), MENU_OPTIONS)
    card = lesson.cards[state.card]
    body = card.simple if state.simple and card.simple else card.text
    header = f"📖 {lesson.title} — {state.card + 1}/{len(lesson.cards)}"
    options = [NEXT]
    if state.card > 0:
        options.append(BACK)
    if card.simple and not state.simple:
        options.append(SIMPLE)
    term = _new_term(ctx, lesson, state.card)
    if term is not None:
        options.append(_term_option(term))
    options.append(MENU)
    return choices(state, f"{header}\n\n{voice(ctx).fill(body)}", options)


def _on_card(state: DialogState, option: str, ctx: Context) -> Step:
    lesson = ctx.library.lesson(state.lesson)
    if lesson is None or option == MENU.id:
        return enter(ctx, state.to(S.MENU))
    if option == SIMPLE.id:
        return enter(ctx, state.to(S.LESSON_CARD, simple=True))
    if option.startswith("term:"):
        return _define(state, ctx, lesson, option)
    if option == BACK.id:
        return _to_card(state, ctx, lesson, max(state.card - 1, 0))
    if state.card + 1 < len(lesson.cards):
        return _to_card(state, ctx, lesson, state.card + 1)
    return start_quiz(state, ctx, lesson)


def _to_card(state: DialogState, ctx: Context, lesson: Lesson, card: int) -> Step:
    moved = state.to(S.LESSON_CARD, card=card, simple=False, bookmark=f"{lesson.id}:{card}")
    return enter(ctx, moved, card_media(ctx, lesson, card))


def _define(state: DialogState, ctx: Context, lesson: Lesson, option: str) -> Step:
    """The word's one-sentence meaning, then the same card (its buttons still valid)."""
    term = _new_term(ctx, lesson, state.card)
    if term is None or option != f"term:{term.id}":
        return stay(state, ctx)
    return stay(state, ctx, (Text(f"💡 {voice(ctx).fill(term.definition)}"),))


FLOW = Flow(
    "learning",
    states=(
        menu(S.MENU, _menu_text, (*MENU_EXITS, *entry.EXITS), shown=entry.with_family_exits(MENU_OPTIONS)),
        StateSpec(S.TOPICS, _render_topics, _on_topics, edges=(("chọn chủ đề", S.LESSONS), ("về menu", S.MENU))),
        StateSpec(
            S.LESSONS,
            _render_lessons,
            _on_lessons,
            on_text=_lesson_by_search,
            edges=(("chọn bài", S.LESSON_CARD), ("chủ đề khác", S.TOPICS), ("về menu", S.MENU)),
        ),
        StateSpec(
            S.LESSON_CARD,
            _render_card,
            _on_card,
            edges=(("tiếp / quay lại / nói dễ hơn", S.LESSON_CARD), ("hết thẻ", S.QUIZ), ("về menu", S.MENU)),
        ),
    ),
    commands=(
        Command(("menu",), goto(S.MENU), (S.MENU,), ("menu", "ve menu", "trang chu"), "/menu, “menu”"),
        Command(
            ("hoc",),
            continue_command,
            (S.LESSON_CARD, S.QUIZ, S.REVIEW, S.MENU),
            ("hoc tiep", "tiep tuc hoc"),
            "/hoc, “học tiếp”",
        ),
    ),
)
