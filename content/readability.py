"""Sentences and syllables of lesson text, and the readability figures `content check` reports.

A Vietnamese word is one syllable written between spaces, so a sentence's length in
syllables is its count of whitespace-separated words. A token with no letter or digit
("—", "-") is no word. `{ban}` counts as one word, as every form of address the tutor
fills in (bác, cô, chú, anh, chị, em) is one syllable; a web address or a number counts
as one word too.

A sentence ends at `.` `!` `?` `:` `;` `…` followed by a space or the end of the text
(closing quotes and brackets may sit in between), and at a line end. Punctuation inside
a token ("10.000.000", "1/7/2025", "2.1.10", "dichvucong.gov.vn", "bhxh[.]co",
"https://…") ends nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from content.schema import Lesson

SOFT_SYLLABLES = 20  # "where possible": longer sentences are reported as soft issues
HARD_SYLLABLES = 25  # never longer: `content check` fails
_SENTENCE_END = re.compile(r"[.!?:;…]+[\"'”’»)\]]*(?=\s|$)|\n")
_WORD_TOKEN = re.compile(r"\S*\w\S*")  # a whitespace-separated token holding a letter or digit
_QUOTE_CHARS = "\"'“”‘’«»()[] "


def sentences(text: str) -> list[str]:
    parts = (part.strip(_QUOTE_CHARS) for part in _SENTENCE_END.split(text))
    return [part for part in parts if syllables(part)]


def syllables(sentence: str) -> int:
    return len(_WORD_TOKEN.findall(sentence))


def opening(sentence: str, words: int = 8) -> str:
    """A sentence's first words, enough to find it in the file."""
    tokens = sentence.split()
    return " ".join(tokens[:words]) + ("…" if len(tokens) > words else "")


def read_texts(lesson: Lesson) -> Iterator[tuple[str, str]]:
    """The texts a learner reads as the tutor's own words: cards, questions, options, reasons.

    A scam item's `message` is left out: it quotes a scammer, and real scam messages are long.
    """
    for i, card in enumerate(lesson.cards):
        yield f"cards.{i}.text", card.text
        if card.simple:
            yield f"cards.{i}.simple", card.simple
    for q_index, question in enumerate(lesson.quiz):
        yield f"quiz.{q_index}.prompt", question.prompt
        for i, option in enumerate(question.options):
            yield f"quiz.{q_index}.options.{i}.text", option.text
            yield f"quiz.{q_index}.options.{i}.why", option.why


def _is_button(where: str) -> bool:
    return where.startswith("quiz.") and where.endswith(".text")


@dataclass(frozen=True, slots=True)
class Sample:
    """The raw measures of some lessons; figures are derived so that samples can be summed."""

    card_chars: tuple[int, ...]
    sentence_syllables: tuple[int, ...]

    @staticmethod
    def of(lesson: Lesson) -> Sample:
        # Buttons ("Đúng", "Là lừa đảo") are checked but not counted: they would pull the mean down.
        prose = (text for where, text in read_texts(lesson) if not _is_button(where))
        counts = tuple(syllables(s) for text in prose for s in sentences(text))
        return Sample(tuple(len(card.text) for card in lesson.cards), counts)

    @staticmethod
    def total(samples: Iterable[Sample]) -> Sample:
        chosen = tuple(samples)
        return Sample(
            tuple(n for s in chosen for n in s.card_chars), tuple(n for s in chosen for n in s.sentence_syllables)
        )

    def figures(self) -> dict[str, float | int]:
        counts = self.sentence_syllables
        long = sum(1 for n in counts if n > SOFT_SYLLABLES)
        return {
            "cards": len(self.card_chars),
            "mean_card_chars": _mean(self.card_chars),
            "max_card_chars": max(self.card_chars, default=0),
            "sentences": len(counts),
            "mean_sentence_syllables": _mean(counts),
            "max_sentence_syllables": max(counts, default=0),
            "share_sentences_over_20": round(long / len(counts), 3) if counts else 0.0,
        }


def _mean(values: tuple[int, ...]) -> float:
    return round(sum(values) / len(values), 1) if values else 0.0
