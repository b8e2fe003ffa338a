"""What the tutor says after an answer.

Right: praise, then the reason. Wrong: why the chosen option is not right, then the right
answer with its reason, never with its praise ("Đúng rồi" after "Chưa đúng" reads as if the
learner were right after all). The reasons in the lesson files open with their own verdict
("Đúng rồi.", "Chưa đúng."), so the templates add one only where a reason has none.
"""

from __future__ import annotations

import re

from content.schema import Question
from content.textfold import fold
from dialogs.voice import Voice

RIGHT = "✅ Đúng rồi! {why}"
WRONG_LEAD = "❌ Chưa đúng ạ. {why}"
ANSWER = "👉 Đáp án đúng: “{answer}”. {answer_why}"
# Folded openings that already say "right" / "not right" ("Không nên." needs no "Chưa đúng ạ." before it).
_SAYS_RIGHT = ("dung", "chinh xac", "phai")
_SAYS_WRONG = (
    "chua dung", "sai", "khong dung", "chua chinh xac", "khong nen", "chua nen", "khong phai", "chua du",
    "chua chac", "chua tot", "van chua", "that ra",
)  # fmt: skip
# A leading verdict of praise ("Đúng rồi.", "Đúng vậy!", "Chính xác,") and the space after it.
_PRAISE = re.compile(r"^\s*(?:Đúng rồi|Đúng vậy|Đúng thế|Chính xác|Đúng)\s*[.!,:;]\s*", re.IGNORECASE)


def feedback(v: Voice, question: Question, chosen: int) -> str:
    """`chosen` is the option's index in the file."""
    option = question.options[chosen]
    why = v.fill(option.why)
    if option.correct:
        return ("✅ " + why) if _opens(why, _SAYS_RIGHT) else v.say(RIGHT, why=why)
    answer = question.options[question.answer_index]
    lead = ("❌ " + why) if _opens(why, _SAYS_WRONG) else v.say(WRONG_LEAD, why=why)
    reason = without_praise(v.fill(answer.why))
    return lead + "\n" + v.say(ANSWER, answer=v.fill(answer.text), answer_why=reason)


def _opens(why: str, verdicts: tuple[str, ...]) -> bool:
    # Only the opening words matter: folding the whole reason cost more than the rest of the step.
    return fold(why[:24]).startswith(verdicts)


def without_praise(why: str) -> str:
    """The reason without its opening praise: "Đúng rồi, câu đó sai. …" -> "Câu đó sai. …"."""
    found = _PRAISE.match(why)
    if found is None:
        return why
    rest = why[found.end() :]
    return rest[:1].upper() + rest[1:]
