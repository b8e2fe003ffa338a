"""Each way of asking an FAQ entry, ranked on its own as well as with the entry's others.

The entry as one document lets a question that borrows words from two ways of asking still
find it; but two entries of one lesson then look alike ("khai sinh ở đâu", "khai sinh có mất
tiền không"), and a long entry is ranked down for its length. The best single way of asking,
added with a small weight, tells such entries apart.
"""

from __future__ import annotations

from dataclasses import dataclass

import bm25s  # type: ignore[import-untyped]  # bm25s ships no type information
import numpy as np

from content.library import Library
from content.search.documents import document
from content.search.groups import Indices, Scores
from content.search.tuning import Tuning


@dataclass(frozen=True)
class WaysOfAsking:
    bm25: bm25s.BM25
    starts: Indices  # where each entry's ways of asking begin, in library.faq order

    @classmethod
    def build(cls, library: Library, tuning: Tuning) -> WaysOfAsking:
        asked = [document("faq", entry.id, None, (q,)) for entry in library.faq for q in entry.questions]
        bm25 = bm25s.BM25(k1=tuning.k1, b=tuning.b)
        bm25.index([list(doc.tokens) or ["_"] for doc in asked] or [["_"]], show_progress=False)
        starts = [i for i, doc in enumerate(asked) if i == 0 or asked[i - 1].key != doc.key]
        return cls(bm25, np.array(starts, dtype=np.intp))

    def best(self, tokens: list[str]) -> Scores:
        """Per FAQ entry, the score of its way of asking closest to `tokens`."""
        if not len(self.starts):
            return np.zeros(0, dtype=np.float32)
        scores: Scores = np.maximum.reduceat(self.bm25.get_scores(tokens), self.starts)
        return scores
