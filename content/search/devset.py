"""The development set of learner questions (content/eval/questions.yaml) and its scoring."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from content.library import Library
from content.search.answer import Answer, Match

DEVSET = Path(__file__).resolve().parents[1] / "eval" / "questions.yaml"
Split = Literal["tune", "held", "fresh"]
# tune: used while choosing weights; held: looked at only to report; fresh: the latest batch,
# written from the fact sheet and measured once before any change it led to.
SPLITS: tuple[Split, ...] = ("tune", "held", "fresh")


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    q: str = Field(min_length=1)
    expect: tuple[str, ...]  # lesson id, faq:ID or term:ID
    answer: tuple[str, ...]  # faq:ID, term:ID, card:LESSON/N or lesson:LESSON
    split: Split


def load_questions(path: Path = DEVSET) -> tuple[Question, ...]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(TypeAdapter(list[Question]).validate_python(data))


def unknown_ids(questions: Iterable[Question], library: Library) -> list[str]:
    """Expected ids the library does not have: the set must follow renamed lessons."""
    known = set(library.lessons)
    known |= {f"faq:{e.id}" for e in library.faq} | {f"term:{t.id}" for t in library.glossary}
    known |= {f"lesson:{lid}" for lid in library.lessons}
    known |= {f"card:{lid}/{i}" for lid, lesson in library.lessons.items() for i in range(len(lesson.cards))}
    return sorted({f"{q.q!r}: {ref}" for q in questions for ref in (*q.expect, *q.answer) if ref not in known})


def hits(match: Match, expected: Sequence[str]) -> bool:
    """A match counts for a lesson id (its own, or the lesson an FAQ entry opens) or its FAQ/term id."""
    refs = {f"{match.kind}:{match.item_id}"} if match.item_id else set()
    if match.lesson_id:
        refs.add(match.lesson_id)
    return bool(refs & set(expected))


def answer_source(match: Match | None) -> set[str]:
    if match is None:
        return set()
    if match.kind == "lesson":
        return {f"card:{match.lesson_id}/{match.card}", f"lesson:{match.lesson_id}"}
    return {f"{match.kind}:{match.item_id}"}


@dataclass(frozen=True)
class Outcome:
    question: Question
    top1: bool
    top3: bool
    correct: bool  # confident and right, or (nothing to answer) not confident
    confident_wrong: bool

    @classmethod
    def of(cls, question: Question, answer: Answer) -> Outcome:
        top = answer.matches[:3]
        top1 = bool(top) and hits(top[0], question.expect)
        top3 = any(hits(match, question.expect) for match in top)
        right = bool(answer_source(answer.source) & set(question.answer))
        if not question.answer:
            return cls(question, top1, top3, not answer.confident, answer.confident)
        return cls(question, top1, top3, answer.confident and right, answer.confident and not right)


@dataclass(frozen=True)
class Figures:
    questions: int
    answerable: int
    top1: float  # of answerable questions
    top3: float
    answer_correct: float  # of all questions
    confident_wrong: int

    @classmethod
    def of(cls, outcomes: Sequence[Outcome]) -> Figures:
        answerable = [o for o in outcomes if o.question.expect]
        share = _share
        return cls(
            questions=len(outcomes),
            answerable=len(answerable),
            top1=share(sum(o.top1 for o in answerable), len(answerable)),
            top3=share(sum(o.top3 for o in answerable), len(answerable)),
            answer_correct=share(sum(o.correct for o in outcomes), len(outcomes)),
            confident_wrong=sum(o.confident_wrong for o in outcomes),
        )


def _share(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0
