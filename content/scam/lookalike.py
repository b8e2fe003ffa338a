"""Does a word of an address borrow a bank's or an authority's name, even misspelt?

"vietc0mbank", "vietcornbank", "agribamk", "vcb-digibank", "doidiemVCB": fakes copy a real
name with a letter swapped, a digit for a letter, or a word added. Each word of the address
is compared as written and as its "skeleton" (lookalike letters folded: 0 -> o, rn -> m).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rapidfuzz.distance import Levenshtein

FUZZY_FROM = 6  # names this long also match with one wrong letter
TWO_TYPOS_FROM = 9  # ... and with two from this length on
SUBSTRING_FROM = 5  # names this long match anywhere inside a word
PREFIX_FROM = 3  # names this long match at a word's start or end ("doidiemvcb")


class LookalikeIndex:
    """Built once: the brand names, grouped by how loosely each may match."""

    def __init__(self, names: Iterable[str], letters: Mapping[str, str]) -> None:
        unique = sorted(set(names))
        self._exact = frozenset(unique)
        self._edges = tuple(n for n in unique if PREFIX_FROM <= len(n) < SUBSTRING_FROM)
        self._inside = tuple(n for n in unique if len(n) >= SUBSTRING_FROM)
        self._fuzzy = tuple(n for n in unique if len(n) >= FUZZY_FROM)
        # Longest first, so "rn" is folded before a one-letter rule could split it.
        self._letters = tuple(sorted(letters.items(), key=lambda pair: -len(pair[0])))

    def skeleton(self, word: str) -> str:
        for fake, real in self._letters:
            word = word.replace(fake, real)
        return word

    def borrows_name(self, words: Iterable[str]) -> bool:
        return any(self._matches(form) for word in words for form in {word, self.skeleton(word)})

    def _matches(self, word: str) -> bool:
        if word in self._exact:
            return True
        if any(word.startswith(n) or word.endswith(n) for n in self._edges):
            return True
        if any(n in word for n in self._inside):
            return True
        return len(word) >= FUZZY_FROM - 1 and any(self._near(word, n) for n in self._fuzzy)

    @staticmethod
    def _near(word: str, name: str) -> bool:
        limit = 2 if len(name) >= TWO_TYPOS_FROM else 1
        if Levenshtein.distance(word, name, score_cutoff=limit) <= limit:
            return True
        # A cut-off twin: "vietcomm" for "vietcombank".
        cut = len(word)
        return cut >= FUZZY_FROM + 1 and cut < len(name) and Levenshtein.distance(word, name[:cut], score_cutoff=1) <= 1
