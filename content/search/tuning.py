"""The search's weights and thresholds, in one place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tuning:
    """Weights and thresholds, chosen on the tuning half of content/eval/questions.yaml."""

    k1: float = 1.2
    b: float = 0.5  # short FAQ variants and long cards: length matters less
    faq_weight: float = 1.5
    term_weight: float = 0.7
    title_weight: float = 0.8
    min_score: float = 3.0
    min_coverage: float = 0.8  # without a shared word pair
    min_coverage_with_pair: float = 0.4
    # Three word pairs or more in common ("lý lịch tư pháp" is three) are strong evidence even
    # when the question also tells a story around them ("con tôi đi xuất khẩu lao động...").
    min_coverage_with_pairs: float = 0.3
    many_pairs: int = 3
    corrected_weight: float = 0.8  # a word we guessed counts a little less as evidence
    # In a text of several clauses, a word of the clauses before the last (asking) one that
    # the answer does not have counts this much toward how much of the question is covered.
    story_weight: float = 0.3
    prefer_faq: float = 0.9  # an FAQ entry of the best card's lesson scoring this share of it answers
    prefer_other_faq: float = 0.95  # so does one of another lesson among the first three
    # The best single way of asking an FAQ entry, added to the entry's score (asking.py).
    variant_weight: float = 0.1
    # A word pair in this share of the documents or more ("tài khoản", "điện thoại") is one
    # everyday word of the library, not evidence that an answer is about the question; a
    # single word as frequent ("điện", "người", "tiền") does not tell one subject from another.
    common_pair_share: float = 0.1
    # A clear first match: an FAQ entry scoring this many times the best match about another
    # lesson, with this much of the question in its words, answers without a shared pair.
    clear_margin: float = 1.5
    clear_coverage: float = 0.5
    clear_score: float = 8.0
    very_clear_margin: float = 2.0  # twice the best other lesson's match: this much coverage is enough
    very_clear_coverage: float = 0.2
    top: int = 5  # matches shown
    depth: int = 8  # candidates ranked before one per lesson is kept
