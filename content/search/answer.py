"""What a search returns: the short answer, how sure it is, and the matches behind it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

MatchKind = Literal["faq", "term", "lesson"]


@dataclass(frozen=True)
class Match:
    """One ranked candidate: an FAQ entry, a glossary term, or a lesson (at its best card)."""

    kind: MatchKind
    lesson_id: str | None  # the lesson to open: the lesson itself, or the one an FAQ entry names
    card: int | None  # index of the lesson's best-matching card
    item_id: str | None  # the FAQ entry's or glossary term's id
    score: float


@dataclass(frozen=True)
class Answer:
    """The reply to a typed question. `text` is library text with {ban}/{Ban} left to fill.

    `confident` False means: the library may not answer this; say so honestly and offer the
    topic list or the community digital team. `text` then holds the best guess (or None),
    to be offered as a guess, never as the answer.
    """

    text: str | None
    confident: bool
    matches: tuple[Match, ...]
    lesson: str | None  # lesson to offer with "Mở bài học"
    source: Match | None  # the match `text` was taken from
    facts: tuple[str, ...]  # the fact ids the text rests on

    @property
    def best(self) -> Match | None:
        return self.matches[0] if self.matches else None
