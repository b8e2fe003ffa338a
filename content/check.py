"""`hocvuso content check`: hard errors fail; counts, soft issues and readability are reported.

The report is plain JSON-ready data; docs/content.md ("JSON output") documents every key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypedDict

from content.ids import RELEASED_FILE, ReleasedIdsError, compare, load_released
from content.jargon import Jargon, glossary_words, load_terms, unexplained
from content.library import Library
from content.loader import DATA_DIR, ContentError, load_library
from content.quality import lesson_errors, lesson_file, lesson_soft_issues
from content.readability import Sample
from content.scam.load import scam_problems
from content.schema import Lesson

_TOP_FIELDS = {"title": 0, "keywords": 1, "cards": 2, "quiz": 3}


class SoftIssue(TypedDict):
    lesson: str
    where: str
    message: str


def check_library(data_dir: Path = DATA_DIR) -> dict[str, Any]:
    scam = scam_problems(data_dir)  # scam_signals.yaml and scam_brands.yaml (content/scam)
    try:
        library = load_library(data_dir)
    except ContentError as error:
        return _report(error.problems + scam, None, (), ids_compared=False)
    errors, compared = _compare_ids(data_dir / RELEASED_FILE, library)
    errors += quality_errors(library) + scam
    return _report(errors, library, load_terms(data_dir), ids_compared=compared)


def _compare_ids(path: Path, library: Library) -> tuple[list[str], bool]:
    if not path.exists():
        return [], False
    try:
        released = load_released(path)
    except ReleasedIdsError as error:
        return [f"{RELEASED_FILE}: {error}"], False
    return compare(released, library), True


def quality_errors(library: Library) -> list[str]:
    """The writing rules that fail the check (not the loader): sentence and card length, answer balance."""
    return [
        f"{lesson_file(lesson)}: {where}: {message}"
        for lesson in _sorted(library)
        for where, message in lesson_errors(lesson)
    ]


def _sorted(library: Library) -> list[Lesson]:
    return sorted(library.lessons.values(), key=lambda lesson: lesson.id)


def _report(
    errors: list[str], library: Library | None, terms: tuple[Jargon, ...], *, ids_compared: bool
) -> dict[str, Any]:
    topics = _topic_counts(library) if library else []
    modules = _module_counts(library) if library else []
    missing = _unexplained(library, terms) if library else {}
    soft = _soft_issues(library, missing) if library else []
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
        "readability": _readability(library, missing),
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


def _unexplained(library: Library, terms: tuple[Jargon, ...]) -> dict[str, list[tuple[str, str]]]:
    defined = glossary_words(library.glossary)
    return {lesson.id: unexplained(lesson, terms, defined) for lesson in library.lessons.values()}


def soft_issues(library: Library, terms: tuple[Jargon, ...] = ()) -> list[SoftIssue]:
    """Sorted by lesson id, then by field in file order."""
    return _soft_issues(library, _unexplained(library, terms))


def _soft_issues(library: Library, missing: dict[str, list[tuple[str, str]]]) -> list[SoftIssue]:
    found = []
    for lesson in _sorted(library):
        issues = list(lesson_soft_issues(lesson))
        issues += [(where, _term_message(term)) for where, term in missing[lesson.id]]
        issues.sort(key=lambda issue: _field_order(issue[0]))
        found += [SoftIssue(lesson=lesson.id, where=where, message=message) for where, message in issues]
    return found


def _term_message(term: str) -> str:
    return f'uses "{term}" without explaining it: explain it on a card ("{term} là …"), or ask for it in the glossary'


def _field_order(where: str) -> tuple[int, ...]:
    first, *rest = where.split(".")
    return (_TOP_FIELDS.get(first, len(_TOP_FIELDS)), *(int(part) for part in rest if part.isdigit()))


def readability(library: Library | None, terms: tuple[Jargon, ...] = ()) -> dict[str, Any]:
    """Figures per lesson (sorted by id) and overall; empty lessons and zeros when nothing loaded."""
    return _readability(library, _unexplained(library, terms) if library else {})


def _readability(library: Library | None, missing: dict[str, list[tuple[str, str]]]) -> dict[str, Any]:
    if library is None:
        return {"overall": {"lessons": 0, **Sample((), ()).figures(), "undefined_terms": 0}, "lessons": []}
    samples = {lesson.id: Sample.of(lesson) for lesson in _sorted(library)}
    undefined = {lid: sorted({term for _, term in found}) for lid, found in missing.items()}
    rows = [{"lesson": lid, **sample.figures(), "undefined_terms": undefined[lid]} for lid, sample in samples.items()]
    overall = Sample.total(samples.values()).figures()
    count = sum(len(terms) for terms in undefined.values())
    return {"overall": {"lessons": len(rows), **overall, "undefined_terms": count}, "lessons": rows}


def format_report(report: dict[str, Any]) -> str:
    lines = _count_lines(report) if report["topics"] else []
    lines.append(_ids_line(report))
    if report["topics"]:
        lines.append(readability_line(report["readability"]["overall"]))
    lines.append(f"Soft issues: {len(report['soft_issues'])}")
    lines += [f"  · {s['lesson']} {s['where']}: {s['message']}" for s in report["soft_issues"]]
    if report["errors"]:
        lines.append(f"Errors: {len(report['errors'])}")
        lines += [f"  ✗ {error}" for error in report["errors"]]
        lines.append("FAILED: fix the errors above.")
    else:
        lines.append("OK")
    return "\n".join(lines)


def readability_line(overall: dict[str, Any]) -> str:
    share = round(100 * overall["share_sentences_over_20"])
    return (
        f"Readability: {overall['cards']} cards of {overall['mean_card_chars']:.0f} characters on average "
        f"(longest {overall['max_card_chars']}); sentences of {overall['mean_sentence_syllables']:.1f} syllables "
        f"on average (longest {overall['max_sentence_syllables']}), {share}% over 20; "
        f"{overall['undefined_terms']} terms used without explanation."
    )


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
    if report["errors"] and not report["topics"]:
        return "Question ids: not compared (the content did not load; fix the errors below first)."
    return f"Question ids: not compared (no readable {RELEASED_FILE} yet)."
