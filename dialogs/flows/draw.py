"""Which questions an attempt asks, and in which order each shows its options.

Everything comes from a seed the step derives from what it knows (the lesson, the learner's
screen counter, the clock, the attempt), so a step stays pure and repeatable. The result is
kept in the dialog state: a quiz resumed days later shows the same questions in the same order.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from content.library import Library
from content.schema import Lesson, Question

# Recently asked question ids kept in the state: a few lessons' pools, a few hundred bytes.
SEEN_KEPT = 24
# Reshuffles tried before settling for the least crowded order (a few suffice on average).
MAX_SHUFFLES = 64


def seed(*parts: object) -> int:
    """A stable 64-bit seed (Python's own hash() changes with every process)."""
    text = "\x1f".join(str(part) for part in parts)
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big")


def rng(*parts: object) -> random.Random:
    # Not a secret: a shuffle only has to be the same when repeated and differ between
    # learners and attempts; a learner cannot choose the screen counter or the clock.
    return random.Random(seed(*parts))  # noqa: S311


@dataclass(frozen=True, slots=True)
class Shown:
    """A question as this learner sees it: `order` lists the file's option indexes as shown."""

    question: Question
    order: tuple[int, ...]

    @property
    def answer_at(self) -> int:
        """The right answer's place on screen, from 0."""
        return self.order.index(self.question.answer_index)


def encode(question_id: str, order: Sequence[int]) -> str:
    return f"{question_id}:{''.join(str(i) for i in order)}"


def decode(entry: str) -> tuple[str, tuple[int, ...]]:
    question_id, _, order = entry.partition(":")
    return question_id, tuple(int(ch) for ch in order if ch.isdigit())


def resolve(entry: str, library: Library) -> tuple[Lesson, Shown] | None:
    """An entry of the state back to its question (following content fixes); an order that no
    longer fits the question (its options changed) falls back to the file's order."""
    question_id, order = decode(entry)
    found = library.question(question_id)
    if found is None:
        return None
    lesson, question = found
    if sorted(order) != list(range(len(question.options))):
        order = tuple(range(len(question.options)))
    return lesson, Shown(question, order)


def shuffled(questions: Sequence[Question], rng: random.Random) -> tuple[str, ...]:
    """Each question's options in a uniformly random order (review: nothing to pass there)."""
    return tuple(encode(q.id, rng.sample(range(len(q.options)), len(q.options))) for q in questions)


def draw(pool: Sequence[Question], seen: Sequence[str], size: int, need: int, rng: random.Random) -> tuple[str, ...]:
    """`size` questions of the pool, those not seen lately first (then the longest ago seen),
    in a random order, each with its options shuffled."""
    fresh = [q for q in pool if q.id not in seen]
    rng.shuffle(fresh)
    rank = {question_id: i for i, question_id in enumerate(seen)}
    old = sorted((q for q in pool if q.id in rank), key=lambda q: rank[q.id])
    picked = (fresh + old)[:size]
    rng.shuffle(picked)
    return tuple(encode(q.id, order) for q, order in zip(picked, _orders(picked, need, rng), strict=True))


def _orders(questions: Sequence[Question], need: int, rng: random.Random) -> list[tuple[int, ...]]:
    """Uniform shuffles, drawn again while `need` right answers or more share one place.

    Then typing the same number to every question can never pass, while each right answer's
    place stays uniform, so a learner guessing at random does exactly as badly as before."""
    answers = [q.answer_index for q in questions]
    sizes = [len(q.options) for q in questions]
    # No order can put fewer right answers in its most crowded place than this: once a draw
    # reaches it, the draws after it cannot be kept (only a smaller crowd replaces the best).
    least = -(-len(questions) // max(sizes, default=1))
    best: tuple[int, list[tuple[int, ...]]] | None = None
    for _ in range(MAX_SHUFFLES):
        orders = [tuple(rng.sample(range(size), size)) for size in sizes]
        crowd = _crowd(answers, orders)
        if best is None or crowd < best[0]:
            best = (crowd, orders)
        if crowd < need or crowd <= least:
            break
    return best[1] if best else []


def _crowd(answers: Sequence[int], orders: Sequence[Sequence[int]]) -> int:
    """The most right answers that share one place on screen."""
    places = Counter(list(order).index(answer) for answer, order in zip(answers, orders, strict=True))
    return max(places.values(), default=0)


def remember(seen: Sequence[str], asked: Sequence[str]) -> tuple[str, ...]:
    """`seen` with `asked` moved to the end (most recent), capped at SEEN_KEPT ids."""
    kept = [question_id for question_id in seen if question_id not in asked]
    return tuple([*kept, *asked][-SEEN_KEPT:])
