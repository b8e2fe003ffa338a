"""From one BM25 score per document to one score per FAQ entry, term and lesson."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from content.library import Library
from content.schema import FaqEntry, Term
from content.search.answer import Match, MatchKind
from content.search.documents import Document
from content.search.tuning import Tuning

Scores = npt.NDArray[np.float32]
Indices = npt.NDArray[np.intp]


@dataclass(frozen=True)
class Scored:
    kind: MatchKind
    key: str  # FAQ id, term id or lesson id
    card: int | None
    score: float


def _starts(keys: Sequence[str]) -> Indices:
    """Where each run of equal keys begins (documents of one entry are contiguous)."""
    return np.array([i for i, key in enumerate(keys) if i == 0 or keys[i - 1] != key], dtype=np.intp)


def _words(doc: Document) -> frozenset[str]:
    """The document's meaning words and word pairs: what it offers as evidence."""
    return frozenset(doc.tokens)


def _group_max(scores: Scores, starts: Indices) -> Scores:
    return np.maximum.reduceat(scores, starts) if len(starts) else np.zeros(0, dtype=np.float32)


@dataclass(frozen=True)
class Groups:
    faq: slice
    faq_starts: Indices
    faq_ids: tuple[str, ...]
    term: slice
    term_ids: tuple[str, ...]
    card: slice
    card_starts: Indices
    card_lesson: Indices  # for each card document, the position of its lesson
    meta: slice
    lesson_ids: tuple[str, ...]
    faq_entries: Mapping[str, FaqEntry]
    terms: Mapping[str, Term]
    faq_words: Mapping[str, frozenset[str]]  # every word and pair of every variant of the entry
    term_words: Mapping[str, frozenset[str]]
    card_words: tuple[frozenset[str], ...]
    meta_words: tuple[frozenset[str], ...]

    @classmethod
    def build(cls, library: Library, docs: Sequence[Document]) -> Groups:
        kinds = [doc.kind for doc in docs]
        faq, term, card, meta = (_span(kinds, kind) for kind in ("faq", "term", "card", "lesson"))
        faq_keys = [doc.key for doc in docs[faq]]
        card_keys = [doc.key for doc in docs[card]]
        lesson_ids = tuple(doc.key for doc in docs[meta])
        position = {lesson_id: i for i, lesson_id in enumerate(lesson_ids)}
        faq_words: dict[str, frozenset[str]] = {}
        for doc in docs[faq]:
            faq_words[doc.key] = faq_words.get(doc.key, frozenset()) | _words(doc)
        return cls(
            faq=faq,
            faq_starts=_starts(faq_keys),
            faq_ids=tuple(dict.fromkeys(faq_keys)),
            term=term,
            term_ids=tuple(doc.key for doc in docs[term]),
            card=card,
            card_starts=_starts(card_keys),
            card_lesson=np.array([position[key] for key in card_keys], dtype=np.intp),
            meta=meta,
            lesson_ids=lesson_ids,
            faq_entries=MappingProxyType({entry.id: entry for entry in library.faq}),
            terms=MappingProxyType({t.id: t for t in library.glossary}),
            faq_words=MappingProxyType(faq_words),
            term_words=MappingProxyType({doc.key: _words(doc) for doc in docs[term]}),
            card_words=tuple(_words(doc) for doc in docs[card]),
            meta_words=tuple(_words(doc) for doc in docs[meta]),
        )

    def score(self, scores: Scores, tuning: Tuning, asked: Scores | None = None) -> list[Scored]:
        """Every candidate with a positive score, best first (ties in library order). `asked`:
        per FAQ entry, the score of its best single way of asking (asking.py)."""
        cards = scores[self.card] + tuning.title_weight * scores[self.meta][self.card_lesson]
        faq = _group_max(scores[self.faq], self.faq_starts)
        if asked is not None:
            faq = faq + tuning.variant_weight * asked
        per_kind = (
            faq * tuning.faq_weight,
            scores[self.term] * tuning.term_weight,
            _group_max(cards, self.card_starts),
        )
        joined = np.concatenate(per_kind)
        order = np.argsort(-joined, kind="stable")
        found: list[Scored] = []
        for index in order[: tuning.depth]:
            if joined[index] <= 0:
                break
            found.append(self._scored(int(index), float(joined[index]), cards))
        return found

    def _scored(self, index: int, score: float, cards: Scores) -> Scored:
        faq_count, term_count = len(self.faq_ids), len(self.term_ids)
        if index < faq_count:
            return Scored("faq", self.faq_ids[index], None, score)
        if index < faq_count + term_count:
            return Scored("term", self.term_ids[index - faq_count], None, score)
        lesson = index - faq_count - term_count
        start = int(self.card_starts[lesson])
        end = int(self.card_starts[lesson + 1]) if lesson + 1 < len(self.card_starts) else len(cards)
        return Scored("lesson", self.lesson_ids[lesson], int(np.argmax(cards[start:end])), score)

    def words_of(self, match: Match) -> frozenset[str]:
        """The words and pairs a candidate offers as evidence: its variants, or its card and title."""
        if match.kind == "faq":
            return self.faq_words[match.item_id or ""]
        if match.kind == "term":
            return self.term_words[match.item_id or ""]
        lesson = self.lesson_ids.index(match.lesson_id or "")
        card = int(self.card_starts[lesson]) + (match.card or 0)
        return self.card_words[card] | self.meta_words[lesson]


def _span(kinds: Sequence[str], kind: str) -> slice:
    """The contiguous range of documents of one kind (empty slice when there are none)."""
    positions = [i for i, k in enumerate(kinds) if k == kind]
    return slice(positions[0], positions[-1] + 1) if positions else slice(0, 0)
