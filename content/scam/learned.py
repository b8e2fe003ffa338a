"""A second, learned opinion: how much a message reads like the scams of the development set.

The hand-written signals miss a scam whose wording no pattern foresaw; the first grading of
every fresh batch showed it (docs/scamcheck.md). This opinion is a logistic regression over
the words, word pairs and letter groups of the prepared text, trained on the development set
by `bench/bench_scam_model.py --write` and shipped as data (content/data/scam_model.json):
the features it weighs and their weights, nothing else. It is read once at start-up.

It never speaks to the learner: what the learner reads comes from the named signals. The
checker asks it only about a message the signals already graded "suspicious", and it can
only raise that to "scam" (docs/scamcheck.md says why).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from content.scam.text import SENTENCE_BREAK, Prepared

CHAR_GRAM = 4  # letter groups of this length, inside one word padded with spaces
# Numbers are read by their shape only: "500k", "2tr", "123456" become "0k", "0tr", "0". The
# development set writes numbers as placeholders ("09xx xxx xxx"), real messages do not; the
# model must learn neither the placeholders nor particular figures.
_DIGITS = re.compile(r"[0-9]+(?:x+[0-9x]*)?|(?<=[0-9])x+")
_ONLY_X = re.compile(r"x{3,}")


def features(prepared: Prepared) -> Iterator[str]:
    """Every feature of a message, repeats included (the model counts each once)."""
    for sentence in prepared.text.split(SENTENCE_BREAK):
        words = [_DIGITS.sub("0", word) for word in sentence.split() if not _ONLY_X.fullmatch(word)]
        for i, word in enumerate(words):
            yield f"w:{word}"
            if i:
                yield f"b:{words[i - 1]} {word}"
            padded = f" {word} "
            for start in range(len(padded) - CHAR_GRAM + 1):
                yield f"c:{padded[start : start + CHAR_GRAM]}"


def feature_set(prepared: Prepared) -> frozenset[str]:
    return frozenset(features(prepared))


@dataclass(frozen=True)
class LearnedOpinion:
    bias: float
    weights: Mapping[str, float]
    trained_on: int  # how many messages it learned from, for the docs and the CLI

    @classmethod
    def build(cls, bias: float, weights: Mapping[str, float], trained_on: int) -> LearnedOpinion:
        return cls(bias, dict(weights), trained_on)

    def scam_probability(self, prepared: Prepared) -> float:
        found = feature_set(prepared)
        if not found:
            return 1 / (1 + math.exp(-self.bias))
        weights = self.weights
        # Features are counted once and the sum scaled by 1/sqrt(count), as in training, so a
        # long message is not "more scam" for being long.
        total = sum(weights.get(feature, 0.0) for feature in found) / math.sqrt(len(found))
        return 1 / (1 + math.exp(-(self.bias + total)))
