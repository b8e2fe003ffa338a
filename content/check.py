"""`hocvuso content check`: hard errors fail; counts and soft issues are reported.

The report is plain JSON-ready data; docs/content.md ("JSON output") documents every key.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypedDict

from content.ids import RELEASED_FILE, ReleasedIdsError, compare, load_released
from content.library import Library
from content.loader import DATA_DIR, ContentError, load_library
from content.schema import Lesson

MIN_KEYWORDS = 6
MAX_BUTTON_CHARS = 60  # an option is shown as a button; longer texts get cut on small phones
MAX_CARD_CHARS = 500
SCAM_TOPIC = "luadao"


class SoftIssue(TypedDict):
    lesson: str
    where: str
    message: str


def check_library(data_dir: Path = DATA_DIR) -> dict[str, Any]:
    try:
        library = load_library(data_dir)
    except ContentError as error:
        return _report(error.problems, None, ids_compared=False)
    errors, compared = _compare_ids(data_dir / RELEASED_FILE, library)
    return _report(errors, library, ids_compared=compared)


def _compare_ids(path: Path, library: Library) -> tuple[list[str], bool]:
    if not path.exists():
        return [], False
    try:
        released = load_released(path)
    except ReleasedIdsError as error:
        return [f"{RELEASED_FILE}: {error}"], False
    return compare(released, library), True


def _report(errors: list[str], library: Library | None, *, ids_compared: bool) -> dict[str, Any]:
    topics = _topic_counts(library) if library else []
    modules = _module_counts(library) if library else []
    soft = soft_issues(library) if library else []
    questions = [q for _, q in library.questions.values()] if library else []
    totals = {
        "topics": len(topics),
        "modules": len(modules),
        "lessons": len(library.lessons) if library else 0,
        "questions": len(questions),
        "scam_questions": sum(1 for q in questions if q.kind == "scam"),
        "soft_issues": len(soft),
    }
    return {
        "ok": not errors,
        "errors": errors,
        "ids_compared": ids_compared,
        "totals": totals,
        "topics": topics,
        "modules": modules,
        "soft_issues": soft,
    }


def _lessons_counts(library: Library, lesson_ids: tuple[str, ...]) -> dict[str, int]:
    quiz = [q for lesson_id in lesson_ids for q in library.lessons[lesson_id].quiz]
    return {
        "lessons": len(lesson_ids),
        "questions": len(quiz),
        "scam_questions": sum(1 for q in quiz if q.kind == "scam"),
    }


def _topic_counts(library: Library) -> list[dict[str, Any]]:
    return [{"id": t.id, "title": t.title, **_lessons_counts(library, t.lessons)} for t in library.topics]


def _module_counts(library: Library) -> list[dict[str, Any]]:
    return [{"id": m.id, "title": m.title, **_lessons_counts(library, m.lessons)} for m in library.modules]


def soft_issues(library: Library) -> list[SoftIssue]:
    """Worth fixing, never fatal: the bot still works without these."""
    return [
        SoftIssue(lesson=lesson.id, where=where, message=message)
        for lesson in sorted(library.lessons.values(), key=lambda lesson: lesson.id)
        for where, message in _lesson_soft_issues(lesson)
    ]


def _lesson_soft_issues(lesson: Lesson) -> Iterator[tuple[str, str]]:
    if len(lesson.keywords) < MIN_KEYWORDS:
        yield "keywords", f"only {len(lesson.keywords)} keywords; {MIN_KEYWORDS} or more help learners find the lesson"
    yield from _card_soft_issues(lesson)
    yield from _option_soft_issues(lesson)
    if lesson.topic == SCAM_TOPIC and not any(q.kind == "scam" for q in lesson.quiz):
        yield "quiz", "a scam-topic lesson with no `kind: scam` question"


def _card_soft_issues(lesson: Lesson) -> Iterator[tuple[str, str]]:
    for i, card in enumerate(lesson.cards):
        if not card.simple:
            yield f"cards.{i}", f"card {i + 1} has no simpler version (`simple`)"
        if len(card.text) > MAX_CARD_CHARS:
            yield (
                f"cards.{i}.text",
                f"card {i + 1} has {len(card.text)} characters; {MAX_CARD_CHARS} or fewer read best",
            )
        if card.simple and len(card.simple) > MAX_CARD_CHARS:
            yield f"cards.{i}.simple", f"the simpler version has {len(card.simple)} characters"


def _option_soft_issues(lesson: Lesson) -> Iterator[tuple[str, str]]:
    for q_index, question in enumerate(lesson.quiz):
        for i, option in enumerate(question.options):
            if len(option.text) > MAX_BUTTON_CHARS:
                where = f"quiz.{q_index}.options.{i}.text"
                yield where, f"{len(option.text)} characters; a button shows {MAX_BUTTON_CHARS} or fewer in full"


def format_report(report: dict[str, Any]) -> str:
    lines = _count_lines(report) if report["topics"] else []
    lines.append(_ids_line(report))
    lines.append(f"Soft issues: {len(report['soft_issues'])}")
    lines += [f"  · {s['lesson']} {s['where']}: {s['message']}" for s in report["soft_issues"]]
    if report["errors"]:
        lines.append(f"Errors: {len(report['errors'])}")
        lines += [f"  ✗ {error}" for error in report["errors"]]
        lines.append("FAILED: fix the errors above; the bot refuses to load this content.")
    else:
        lines.append("OK")
    return "\n".join(lines)


def _count_lines(report: dict[str, Any]) -> list[str]:
    lines = ["Topics:"]
    lines += [_count_line(t) for t in report["topics"]]
    lines.append("Modules:")
    lines += [_count_line(m) for m in report["modules"]]
    totals = report["totals"]
    lines.append(
        f"Total: {totals['lessons']} lessons, {totals['questions']} questions "
        f"({totals['scam_questions']} scam-or-not items)."
    )
    return lines


def _count_line(row: dict[str, Any]) -> str:
    counts = f"{row['lessons']:>2} lessons {row['questions']:>3} questions {row['scam_questions']:>3} scam"
    return f"  {row['id']:<12} {counts}  {row['title']}"


def _ids_line(report: dict[str, Any]) -> str:
    if report["ids_compared"]:
        return f"Question ids: compared with {RELEASED_FILE}."
    return f"Question ids: not compared (no readable {RELEASED_FILE} yet)."
