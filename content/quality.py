"""Writing rules `content check` enforces on top of what the loader refuses.

These are errors of the check (exit code 1), never loader refusals: the tutor still
starts while a long card or an unbalanced quiz is being fixed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from content.readability import HARD_SYLLABLES, SOFT_SYLLABLES, opening, read_texts, sentences, syllables
from content.schema import Lesson, Question

MAX_CARD_CHARS = 350  # about what a small phone shows without scrolling
MIN_KEYWORDS = 6
MAX_BUTTON_CHARS = 60  # an option is shown as a button; longer texts get cut on small phones
SCAM_TOPIC = "luadao"
MIN_QUIZ_POOL = 5  # the tutor draws 4 questions an attempt, and others first on a retry
MIN_BALANCED_QUIZ = 3  # with one or two questions every position is "more than half"
# "Chưa đúng rồi" is a gentle "not quite", not praise.
_PRAISE = re.compile(r"(?i)(?<!chưa )(?<!không )\b(?:đúng rồi|đúng vậy)\b")
_REPROOF = re.compile(r"(?i)\b(?:chưa đúng|sai rồi)\b")
_ORDINALS = ("first", "second", "third", "fourth")


def lesson_file(lesson: Lesson) -> str:
    return f"lessons/{lesson.topic}/{lesson.id}.yaml"


def lesson_errors(lesson: Lesson) -> Iterator[tuple[str, str]]:
    """(field path, message) for every hard finding in one lesson."""
    yield from _long_sentences(lesson, HARD_SYLLABLES, None)
    yield from _long_cards(lesson)
    balance = _balance_problem(lesson.quiz)
    if balance:
        yield "quiz", balance


def lesson_soft_issues(lesson: Lesson) -> Iterator[tuple[str, str]]:
    """Worth fixing, never fatal: the bot still works without these."""
    if len(lesson.keywords) < MIN_KEYWORDS:
        yield "keywords", f"only {len(lesson.keywords)} keywords; {MIN_KEYWORDS} or more help learners find the lesson"
    for i, card in enumerate(lesson.cards):
        if not card.simple:
            yield f"cards.{i}", f"card {i + 1} has no simpler version (`simple`)"
    yield from _long_sentences(lesson, SOFT_SYLLABLES, HARD_SYLLABLES)
    yield from _long_buttons(lesson)
    if lesson.topic == SCAM_TOPIC and not any(q.kind == "scam" for q in lesson.quiz):
        yield "quiz", "a scam-topic lesson with no `kind: scam` question"
    if len(lesson.quiz) < MIN_QUIZ_POOL:
        yield (
            "quiz",
            f"only {len(lesson.quiz)} questions; the tutor draws 4 an attempt and others on a retry: "
            f"write {MIN_QUIZ_POOL} or more",
        )
    yield from _feedback_issues(lesson)


def _long_sentences(lesson: Lesson, limit: int, ceiling: int | None) -> Iterator[tuple[str, str]]:
    """Sentences over `limit` syllables (up to `ceiling`, which a harder rule reports)."""
    for where, text in read_texts(lesson):
        for sentence in sentences(text):
            count = syllables(sentence)
            if count > limit and (ceiling is None or count <= ceiling):
                kind = "at most" if ceiling is None else "best at most"
                yield where, f'a sentence of {count} syllables ({kind} {limit}): "{opening(sentence)}"'


def _long_cards(lesson: Lesson) -> Iterator[tuple[str, str]]:
    for i, card in enumerate(lesson.cards):
        for field, text in (("text", card.text), ("simple", card.simple or "")):
            if len(text) > MAX_CARD_CHARS:
                yield (
                    f"cards.{i}.{field}",
                    f"{len(text)} characters (at most {MAX_CARD_CHARS}): shorten it, or split the card in two",
                )


def _long_buttons(lesson: Lesson) -> Iterator[tuple[str, str]]:
    for q_index, question in enumerate(lesson.quiz):
        for i, option in enumerate(question.options):
            if len(option.text) > MAX_BUTTON_CHARS:
                where = f"quiz.{q_index}.options.{i}.text"
                yield where, f"{len(option.text)} characters; a button shows {MAX_BUTTON_CHARS} or fewer in full"


def _balance_problem(quiz: tuple[Question, ...]) -> str | None:
    """The right answers must not pile up in one position of the file (the old "press 1 to pass")."""
    if len(quiz) < MIN_BALANCED_QUIZ:
        return None
    position, count = Counter(q.answer_index for q in quiz).most_common(1)[0]
    if count * 2 <= len(quiz):
        return None
    return (
        f"the {_ORDINALS[position]} option is the right answer in {count} of {len(quiz)} questions; "
        "move right answers to other positions so that no position holds more than half"
    )


def _feedback_issues(lesson: Lesson) -> Iterator[tuple[str, str]]:
    for q_index, question in enumerate(lesson.quiz):
        for i, option in enumerate(question.options):
            where = f"quiz.{q_index}.options.{i}.why"
            if not option.correct and _PRAISE.search(option.why):
                yield where, 'a wrong option\'s explanation praises it ("Đúng rồi"): say gently why it is wrong'
            if option.correct and _REPROOF.search(option.why):
                yield where, 'the right option\'s explanation says "Chưa đúng": praise it and give the reason'
