"""Turning text into the words the search index compares.

Lessons and questions are read the same way: `content.textnorm.normalize` (no diacritics,
chat shorthand written out), then the words that carry meaning, plus each pair of
neighbouring meaning words ("mat_khau", "tai_khoan"). Vietnamese writes a word as several
syllables, so a pair matches a whole word where single syllables ("mat", "khau") alone
would also match "mất tiền" or "khẩu trang".
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from content.textnorm import normalize

# Folded function words, pronouns and question words: they say how someone asks, not what
# about. Left in, "... là gì", "làm sao ạ" would match every FAQ variant worded that way.
# Folding merges words: "ma" is "mà" and "mã", "the" is "thế" and "thẻ", "can" is "cần" and
# "căn". A word stays out of this list when one of its readings carries meaning here.
_STOPWORDS_TEXT = """
    a ah oi nhe nhi ha u uh vay thi la gi nao sao
    co cua va de nhu nay do voi o khong duoc phai mot nhung cac neu khi roi da se
    toi bac chau em minh ong ba ta
    lam biet hoi giup den bi cung ve nua day rat tren trong sau truoc
    hay hoac vao luc gio thoi vang ok nhieu it
"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())


# "mức hai", "2 bước": a number next to a word that counts levels or steps is read as a
# digit whichever way it is written, so "muc hai" finds the library's "mức 2".
_COUNTED = frozenset(("muc", "buoc", "cap"))
_NUMBERS = {
    name: str(value)
    for value, name in enumerate(("mot", "hai", "ba", "bon", "nam", "sau", "bay", "tam", "chin", "muoi"), start=1)
}


def words(text: str) -> list[str]:
    """Normalised words in order, function words included."""
    found = normalize(text).split()
    if not _COUNTED.intersection(found):
        return found
    return [_as_digit(found, at) for at in range(len(found))]


def _as_digit(found: list[str], at: int) -> str:
    word = found[at]
    if word not in _NUMBERS:
        return word
    beside = {found[at - 1] if at else "", found[at + 1] if at + 1 < len(found) else ""}
    return _NUMBERS[word] if beside & _COUNTED else word


def content_tokens(word_list: Sequence[str]) -> list[str]:
    """Meaning words, then each pair of neighbouring meaning words joined by '_'."""
    kept = [word for word in word_list if word not in STOPWORDS]
    pairs = [
        f"{first}_{second}"
        for first, second in itertools.pairwise(word_list)
        if first not in STOPWORDS and second not in STOPWORDS
    ]
    return kept + pairs


def tokenize(text: str) -> list[str]:
    return content_tokens(words(text))
