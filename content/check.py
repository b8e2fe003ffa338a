"""`hocvuso content check`: hard errors fail; counts and soft issues are reported."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from content.loader import DATA_DIR, ContentError, load_library


def check_library(data_dir: Path = DATA_DIR) -> dict[str, Any]:
    try:
        library = load_library(data_dir)
    except ContentError as error:
        return {"errors": error.problems, "topics": [], "modules": [], "soft_issues": [],
                "totals": {"lessons": 0, "questions": 0, "scam_questions": 0}}
    topics = [{"id": t.id, "title": t.title, "lessons": len(t.lessons),
               "questions": sum(len(library.lessons[lid].quiz) for lid in t.lessons)} for t in library.topics]
    modules = [{"id": m.id, "title": m.title, "lessons": len(m.lessons)} for m in library.modules]
    soft = []
    for lesson in library.lessons.values():
        soft += [f"{lesson.id}: card {i + 1} has no simpler version" for i, c in enumerate(lesson.cards) if not c.simple]
        if len(lesson.keywords) < 6:
            soft.append(f"{lesson.id}: only {len(lesson.keywords)} keywords")
    scams = sum(1 for _, q in library.questions.values() if q.kind == "scam")
    return {"errors": [], "topics": topics, "modules": modules, "soft_issues": soft,
            "totals": {"lessons": len(library.lessons), "questions": len(library.questions), "scam_questions": scams}}


def format_report(report: dict[str, Any]) -> str:
    if report["errors"]:
        return "Content has errors:\n" + "\n".join(f"  ✗ {e}" for e in report["errors"])
    lines = ["Topics:"]
    lines += [f"  {t['id']:<12} {t['lessons']:>2} lessons {t['questions']:>3} questions  {t['title']}"
              for t in report["topics"]]
    lines.append("Modules:")
    lines += [f"  {m['id']:<12} {m['lessons']:>2} lessons  {m['title']}" for m in report["modules"]]
    totals = report["totals"]
    lines.append(f"Total: {totals['lessons']} lessons, {totals['questions']} questions "
                 f"({totals['scam_questions']} scam-or-not items).")
    lines.append(f"Soft issues: {len(report['soft_issues'])}")
    lines += [f"  · {s}" for s in report["soft_issues"]]
    lines.append("OK")
    return "\n".join(lines)
