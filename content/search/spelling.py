"""Typo tolerance: map a word the library never uses onto one it does.

Learners type "mat khau" as "mat khua", "vneid" as "vnied", "dịch vụ công" as
"dichvucong". Before ranking, each unknown word is replaced by the library word one edit
away (two for long words; swapping two letters is one edit), the most common one when
several are. A long word that glues a library phrase together is split back into it.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from rapidfuzz import process
from rapidfuzz.distance import OSA

from content.search.tokens import STOPWORDS

# Short syllables are mostly real words one letter away from other real words ("lua" ->
# "lừa"/"lúa", "tin" -> "tiền"): only longer words are corrected.
MIN_LENGTH = 4
LONG_WORD = 8
# "dichvucong", "matkhau": glued phrases are split even when the glued form also occurs
# (in "dichvucong.gov.vn"), since the phrase is how the library mostly writes it.
GLUED_LENGTH = 7


# A Vietnamese syllable folded to ASCII: initial consonant, one to three vowels, final
# consonant. An unknown word of this shape is most often a real word the library does not
# use ("tiết kiệm", "lĩnh lương", "ngon"): it is corrected only into a word the library
# writes beside both its neighbours ("mat khua vneid" -> "mat khau vneid"). "vnied",
# "tivi", "game" are not syllables and are corrected as before.
_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?")


def _max_edits(word: str) -> int:
    return 2 if len(word) >= LONG_WORD else 1


@dataclass(frozen=True)
class Speller:
    """The library's words, how many texts use each, and its phrases written without spaces."""

    frequency: Mapping[str, int]
    vocabulary: tuple[str, ...]
    glued: Mapping[str, tuple[str, ...]]
    neighbours: frozenset[tuple[str, str]]  # every two words the library writes side by side

    @classmethod
    def build(cls, texts: Iterable[Sequence[str]]) -> Speller:
        frequency: Counter[str] = Counter()
        phrases: Counter[tuple[str, ...]] = Counter()
        neighbours: set[tuple[str, str]] = set()
        for word_list in texts:
            frequency.update(set(word_list))
            phrases.update(set(_phrases(word_list)))
            neighbours.update(itertools.pairwise(word_list))
        # A phrase of meaning words written in two texts or more: worth recognising glued.
        glued = {"".join(p): p for p, n in phrases.items() if n > 1 and _splits("".join(p), frequency)}
        vocabulary = tuple(sorted(frequency))
        return cls(MappingProxyType(dict(frequency)), vocabulary, MappingProxyType(glued), frozenset(neighbours))

    def correct(self, word_list: Sequence[str]) -> tuple[list[str], int]:
        """The words with unknown ones replaced, and how many were replaced."""
        out: list[str] = []
        changed = 0
        for at, word in enumerate(word_list):
            before, after = word_list[at - 1] if at else None, word_list[at + 1] if at + 1 < len(word_list) else None
            fixed = self._fix(word, (self._known(before), self._known(after)))
            changed += fixed != (word,)
            out.extend(fixed)
        return out, changed

    def _fix(self, word: str, around: tuple[str | None, str | None]) -> tuple[str, ...]:
        if word in self.glued:
            return self.glued[word]
        if word in self.frequency or word in STOPWORDS or len(word) < MIN_LENGTH or word.isdigit():
            return (word,)
        found = process.extract(word, self.vocabulary, scorer=OSA.distance, score_cutoff=_max_edits(word), limit=8)
        if _SYLLABLE.fullmatch(word):  # a real word the library may not use: only a slip beside its words
            found = [hit for hit in found if self._fits(hit[0], around)]
        if not found:
            return (word,)
        best = min(found, key=lambda hit: (hit[1], -self.frequency[hit[0]], hit[0]))
        return (best[0],)

    def _known(self, word: str | None) -> str | None:
        """A neighbour the library uses; one it does not (a slip itself) says nothing."""
        return word if word is not None and word in self.frequency else None

    def _fits(self, word: str, around: tuple[str | None, str | None]) -> bool:
        """The library writes `word` after the known word before it and before the one after."""
        before, after = around
        if before is None and after is None:
            return False
        follows = before is None or (before, word) in self.neighbours
        return follows and (after is None or (word, after) in self.neighbours)


def _phrases(word_list: Sequence[str]) -> Iterable[tuple[str, ...]]:
    for size in (2, 3):
        for start in range(len(word_list) - size + 1):
            phrase = tuple(word_list[start : start + size])
            if not STOPWORDS.intersection(phrase):
                yield phrase


def _splits(joined: str, frequency: Mapping[str, int]) -> bool:
    """Split a glued phrase the library never writes as one word, or a long one it rarely does."""
    return joined not in frequency or len(joined) >= GLUED_LENGTH
