"""How well the checker grades the development set: recall per grade, false alarms, confusion.

Three sets are measured apart: `tune` (the messages patterns and weights were chosen on),
`holdout` (kept aside, so a figure there shows whether the tuning generalises) and `lessons`
(the scam-or-not quiz items of the lessons, written by others for another purpose).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from content.library import Library
from content.loader import ContentError
from content.scam.checker import ScamChecker
from content.scam.schema import GRADES, Grade

EVAL_FILE = Path(__file__).resolve().parents[1] / "eval" / "scam_messages.yaml"
Split = Literal["tune", "holdout", "lessons"]
SPLITS: tuple[Split, ...] = ("tune", "holdout", "lessons")
# The answer a scam-or-not quiz item marks correct, read as a grade.
_QUIZ_GRADES: dict[str, Grade] = {
    "Là lừa đảo": "scam",
    "Đáng ngờ — kiểm tra trước": "suspicious",
    "Không phải lừa đảo": "none",
    "Bình thường": "none",
}


class DevMessage(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    expect: Grade
    channel: Literal["sms", "zalo", "facebook", "call", "lesson"]
    split: Split
    text: str = Field(min_length=5)
    note: str | None = None


def load_devset(path: Path = EVAL_FILE) -> tuple[DevMessage, ...]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return tuple(TypeAdapter(list[DevMessage]).validate_python(data))
    except (OSError, yaml.YAMLError) as error:
        raise ContentError([f"{path.name}: {error}"]) from error
    except ValidationError as error:
        problems = [f"{path.name}: {'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()]
        raise ContentError(problems) from error


def lesson_messages(library: Library) -> tuple[DevMessage, ...]:
    """The lessons' scam-or-not items as a third, independent set."""
    found = []
    for question in sorted((q for _, q in library.questions.values()), key=lambda q: q.id):
        grade = _QUIZ_GRADES.get(question.options[question.answer_index].text)
        if question.kind == "scam" and question.message and grade is not None:
            item = DevMessage(id=question.id, expect=grade, channel="lesson", split="lessons", text=question.message)
            found.append(item)
    return tuple(found)


def evaluate(checker: ScamChecker, messages: Iterable[DevMessage]) -> dict[str, Any]:
    """Figures per split; JSON-ready."""
    graded = [(m, checker.check(m.text)) for m in messages]
    report: dict[str, Any] = {}
    for split in SPLITS:
        rows = [(m.expect, v.grade, m.id, v.signal_ids) for m, v in graded if m.split == split]
        if rows:
            report[split] = _figures(rows)
    everything = [(m.expect, v.grade, m.id, v.signal_ids) for m, v in graded if m.split != "lessons"]
    report["all"] = _figures(everything)
    return report


def _figures(rows: list[tuple[Grade, Grade, str, tuple[str, ...]]]) -> dict[str, Any]:
    confusion = Counter((expected, got) for expected, got, _, _ in rows)
    totals = Counter(expected for expected, _, _, _ in rows)
    return {
        "messages": len(rows),
        "confusion": {e: {g: confusion[(e, g)] for g in GRADES} for e in GRADES},
        "recall": {g: _share(confusion[(g, g)], totals[g]) for g in GRADES},
        "flagged": {g: _share(totals[g] - confusion[(g, "none")], totals[g]) for g in GRADES},
        "false_alarm": _share(confusion[("none", "scam")], totals["none"]),
        "misgraded": [{"id": i, "expected": e, "got": g, "signals": list(s)} for e, g, i, s in rows if e != g],
    }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def format_report(report: dict[str, Any]) -> str:
    lines = []
    for split, figures in report.items():
        lines += [f"== {split}: {figures['messages']} messages", *_table(figures), ""]
    return "\n".join(lines).rstrip()


def _table(figures: dict[str, Any]) -> list[str]:
    recall, flagged = figures["recall"], figures["flagged"]
    lines = [
        f"scam recall (graded scam)        {_pct(recall['scam'])}",
        f"suspicious flagged (scam or susp) {_pct(flagged['suspicious'])}",
        f"suspicious recall                 {_pct(recall['suspicious'])}",
        f"genuine graded none               {_pct(recall['none'])}",
        f"false alarms (genuine -> scam)    {_pct(figures['false_alarm'])}",
        "confusion (rows: expected, columns: got)",
        f"  {'':<11}{'scam':>6}{'susp':>6}{'none':>6}",
    ]
    for expected, row in figures["confusion"].items():
        lines.append(f"  {expected:<11}{row['scam']:>6}{row['suspicious']:>6}{row['none']:>6}")
    lines += [f"  ✗ {m['id']}: expected {m['expected']}, got {m['got']} {m['signals']}" for m in figures["misgraded"]]
    return lines


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:5.1f}%"
