"""From the signals found to a grade: weights first, then what may raise the grade one step.

1. The weights add up (ordinary signals subtract; names in `count_once` count once) and the
   total earns "scam", "suspicious" or "none" by the thresholds in scam_signals.yaml.
2. A signal with `at_least` sets a floor (an OTP the learner pastes is at least "suspicious").
3. A "suspicious" message whose signals have one of the `shapes` of a scam (something asked +
   a threat, a reward or a borrowed name; a strange link + a request or a threat) is "scam".
   First gradings of fresh batches missed scams mostly here: every part of the scam was found,
   but worded so that the weights fell short.
4. The learned opinion (learned.py), when the file turns it on, may raise "suspicious" to
   "scam", or "none" to "suspicious" when a signal was found that the learner can be told,
   but never a message in which an ordinary sign was found (a notice, the real channel).
5. A signal with `at_most` caps the grade last (a notice that sends one to the counter).

Nothing raises a message in which no signal was found: the learner always reads why.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from content.scam.learned import LearnedOpinion
from content.scam.schema import Grade, Shape, Signal, SignalFile
from content.scam.text import Prepared

LEARNED = "learned-opinion"  # Verdict.raised_by when the learned opinion raised the grade
_RANK: dict[Grade, int] = {"none": 0, "suspicious": 1, "scam": 2}


@dataclass(frozen=True)
class Grader:
    file: SignalFile
    signals: Mapping[str, Signal]  # by id
    opinion: LearnedOpinion | None

    def present(self, wanted: Iterable[str], found: set[str]) -> bool:
        """Is one of `wanted` (signal ids or kinds) among the signals found?"""
        kinds = {self.signals[i].kind for i in found}
        return any(w in found or w in kinds for w in wanted)

    def score(self, found: set[str]) -> int:
        once = self.file.count_once
        weights = [self.signals[i].weight for i in found if i not in once]
        named = [self.signals[i].weight for i in found if i in once]
        return sum(weights) + max(named, default=0)

    def grade(self, found: set[str], prepared: Prepared) -> tuple[Grade, str | None]:
        """The grade, and what raised it above the weights' grade (a shape's id, LEARNED)."""
        grade, raised_by = self._raised(self._floor(self._by_weight(self.score(found)), found), found, prepared)
        ceiling = self._ceiling(found)
        if ceiling is not None and _RANK[grade] > _RANK[ceiling]:
            return ceiling, None
        return grade, raised_by

    def _raised(self, grade: Grade, found: set[str], prepared: Prepared) -> tuple[Grade, str | None]:
        if grade == "suspicious":
            shape = next((s.id for s in self.file.shapes if self._has_shape(s, found)), None)
            if shape is not None:
                return "scam", shape
        ordinary = any(self.signals[i].kind == "ordinary" for i in found)
        if grade == "suspicious" and not ordinary and self._learned_at_least(self.file.learned_scam_from, prepared):
            return "scam", LEARNED
        named = grade == "none" and not ordinary and any(self.signals[i].weight > 0 for i in found)
        if named and self._learned_at_least(self.file.learned_suspicious_from, prepared):
            return "suspicious", LEARNED
        return grade, None

    def _ceiling(self, found: set[str]) -> Grade | None:
        ceilings = [ceiling for i in found if (ceiling := self.signals[i].at_most) is not None]
        return min(ceilings, key=_RANK.__getitem__, default=None)

    def _by_weight(self, score: int) -> Grade:
        grades = self.file.grades
        if score >= (grades["scam"].min_score or 0):
            return "scam"
        if score >= (grades["suspicious"].min_score or 0):
            return "suspicious"
        return "none"

    def _floor(self, grade: Grade, found: set[str]) -> Grade:
        floors = [floor for i in found if (floor := self.signals[i].at_least) is not None]
        highest = max(floors, key=_RANK.__getitem__, default=grade)
        return highest if _RANK[highest] > _RANK[grade] else grade

    def _has_shape(self, shape: Shape, found: set[str]) -> bool:
        return (
            self.present(shape.needs_any, found)
            and self.present(shape.with_any, found)
            and not self.present(shape.unless_any, found)
        )

    def _learned_at_least(self, threshold: float | None, prepared: Prepared) -> bool:
        opinion = self.opinion
        return threshold is not None and opinion is not None and opinion.scam_probability(prepared) >= threshold
