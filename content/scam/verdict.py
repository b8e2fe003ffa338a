"""What the checker answers: a grade, the signals it found, what to do. Never the text itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from content.scam.schema import Grade


@dataclass(frozen=True)
class Finding:
    id: str
    explanation: str
    weight: int


@dataclass(frozen=True)
class Verdict:
    grade: Grade
    title: str  # "Có dấu hiệu lừa đảo" / "Đáng ngờ — hãy kiểm tra trước" / "Chưa thấy dấu hiệu lừa đảo"
    score: int
    # The few worth telling the learner, strongest first (for "none": why it looks ordinary).
    shown: tuple[Finding, ...]
    # Every signal found, for counting which scams circulate; ids only, nothing of the text.
    signal_ids: tuple[str, ...]
    advice: tuple[str, ...]
    # What raised the weights' grade one step: a shape's id, "learned-opinion", or None.
    raised_by: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The JSON of `hocvuso scamcheck --json`."""
        return {
            "verdict": self.grade,
            "title": self.title,
            "score": self.score,
            "signals": [{"id": f.id, "explanation": f.explanation} for f in self.shown],
            "signal_ids": list(self.signal_ids),
            "advice": list(self.advice),
            "raised_by": self.raised_by,
        }
