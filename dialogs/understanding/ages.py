"""An age as typed: '68', 'tôi 45 tuổi', 'năm nay 70', 'sáu mươi tám', 'sinh năm 1958'."""

from __future__ import annotations

from collections.abc import Sequence

from .numbers import number_words, unit
from .words import Word, read_words

YOUNGEST, OLDEST = 10, 110
_MORE = frozenset({"hon", "ngoai", "tren"})  # "hơn 70", "ngoài 60": a little over
_LESS = frozenset({"gan", "duoi"})  # "gần 70", "dưới 30": a little under
# Words after a number that make it something else: "8h", "2 triệu", "3 ngày".
_NOT_YEARS = frozenset({"gio", "phut", "trieu", "nghin", "ngan", "dong", "ngay", "thang", "lan", "cau", "bai"})
_TEN = frozenset({"mười", "mươi"})
_NUMBER_WORDS = frozenset({"muoi", "tram", "linh", "le", "mot", "tu", "lam", "nham"})


def read_age(text: str, this_year: int | None = None) -> int | None:
    """The learner's age in years, or None when the text does not give one plainly.

    `this_year` lets a year of birth count ("sinh năm 1958"); without it only ages are read.
    """
    words = read_words(text)
    ages = [age for age in (_age(words, span, this_year) for span in _spans(words)) if age is not None]
    return ages[0] if len(set(ages)) == 1 else None


def _spans(words: Sequence[Word]) -> list[tuple[int, int]]:
    """Runs of number words or one run of digits: (start, end)."""
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(words):
        end = index
        if words[index].text.isdigit():
            end = index + 1
        else:
            while end < len(words) and _is_number_word(words, end):
                end += 1
        if end > index:
            spans.append((index, end))
            index = end
        else:
            index += 1
    return spans


def _is_number_word(words: Sequence[Word], index: int) -> bool:
    word = words[index]
    if word.text == "nam" and index + 1 < len(words) and words[index + 1].text in {"nay", "ngoai", "sinh"}:
        return False  # "năm nay" is this year, not five
    if word.text == "nam" and index > 0 and words[index - 1].text == "sinh":
        return False  # "sinh năm": the year follows
    if unit(word) is not None or (word.text == "muoi" and (not word.marked or word.raw in _TEN)):
        return True
    return word.text in _NUMBER_WORDS and index > 0 and _is_number_word(words, index - 1)


def _age(words: Sequence[Word], span: tuple[int, int], this_year: int | None) -> int | None:
    start, end = span
    if end < len(words) and words[end].text in _NOT_YEARS:
        return None
    value = number_words(words[start:end], pairs=True)
    if value is None:
        return None
    if this_year is not None and 1900 <= value <= this_year:
        value = this_year - value
    before = words[start - 1].text if start > 0 else ""
    value += 1 if before in _MORE else -1 if before in _LESS else 0
    return value if YOUNGEST <= value <= OLDEST else None
