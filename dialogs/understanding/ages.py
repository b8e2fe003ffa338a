"""An age as typed: '68', 'tôi 45 tuổi', 'năm nay 70', 'sáu mươi tám', 'sinh năm 1958'."""

from __future__ import annotations

from collections.abc import Sequence
from types import MappingProxyType
from typing import NamedTuple

from .numbers import number_words, unit
from .words import Word, read_words

YOUNGEST, OLDEST = 10, 110
# A word before the number that hedges it: (added to the number for the age read, the
# youngest and the oldest it may be). "ngoài 60" is 61, and 60 to 64; "gần 60" 59, and 57
# to 60 (a learner nearly 60 may round up); "khoảng 60" 60, and 58 to 62.
_OVER = (1, 0, 4)
_UNDER = (-1, -4, -1)
_NEARLY = (-1, -3, 0)
_ABOUT = (0, -2, 2)
_HEDGES = MappingProxyType(
    {
        "hon": _OVER,
        "ngoai": _OVER,
        "tren": _OVER,
        "duoi": _UNDER,
        "gan": _NEARLY,
        "ngot": _NEARLY,
        "sap": _NEARLY,
        "khoang": _ABOUT,
        "chung": _ABOUT,
        "xi": _ABOUT,  # "xấp xỉ"
    }
)
# Hedges whose unmarked spelling is another word: "cỡ" (có), "độ" (do), "tầm" (tám, 8).
_MARKED_HEDGES = MappingProxyType({"cỡ": _ABOUT, "độ": _ABOUT, "tầm": _ABOUT})
# After the number: "60 mấy" is 61 to 69, "60 hơn" 60 to 64.
_TENS_AND_SOME = 9
# Words after a number that make it something else: "8h", "2 triệu", "3 ngày".
_NOT_YEARS = frozenset({"gio", "phut", "trieu", "nghin", "ngan", "dong", "ngay", "thang", "lan", "cau", "bai"})
_TEN = frozenset({"mười", "mươi"})
_NUMBER_WORDS = frozenset({"muoi", "tram", "linh", "le", "mot", "tu", "lam", "nham"})


class Age(NamedTuple):
    """An age as read, and the ages the learner may mean: "khoảng 60" is 60, 58 to 62; "sinh năm
    1966" in 2026 is 60, or 59 until the birthday."""

    age: int
    youngest: int
    oldest: int


def read_age(text: str, this_year: int | None = None) -> int | None:
    """The learner's age in years, or None when the text does not give one plainly.

    `this_year` lets a year of birth count ("sinh năm 1958"); without it only ages are read.
    """
    found = read_age_range(text, this_year)
    return found.age if found is not None else None


def read_age_range(text: str, this_year: int | None = None) -> Age | None:
    """As `read_age`, with how far a hedged age may reach: "gần 60" may be 60 as well as 59."""
    words = read_words(text)
    ages = [age for age in (_age(words, span, this_year) for span in _spans(words)) if age is not None]
    if len({age.age for age in ages}) != 1:
        return None
    return Age(ages[0].age, min(a.youngest for a in ages), max(a.oldest for a in ages))


def _spans(words: Sequence[Word]) -> list[tuple[int, int]]:
    """Runs of number words, one run of digits, or a year written '2k5': (start, end)."""
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(words):
        end = index
        if _k_year(words, index) is not None:
            end = index + (3 if index + 2 < len(words) and words[index + 2].text.isdigit() else 2)
        elif words[index].text.isdigit():
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


# "2k5", "2k3": a year of birth as the young write it, 2005 and 2003 ("2k" alone is 2000); the
# "k" (a thousand) is read as "nghìn" with nothing typed for it, and the year's end is 0 to 99.
_K_YEAR = 2
_K_END = 99


def _k_year(words: Sequence[Word], start: int) -> int | None:
    """The year '2k5' writes (2005), where it starts at `start`."""
    if start + 1 >= len(words) or words[start].text != str(_K_YEAR):
        return None
    thousand = words[start + 1]
    if thousand.text != "nghin" or thousand.raw:
        return None
    after = words[start + 2] if start + 2 < len(words) else None
    last = int(after.text) if after is not None and after.text.isdigit() else 0
    return _K_YEAR * 1000 + last if last <= _K_END else None


def _age(words: Sequence[Word], span: tuple[int, int], this_year: int | None) -> Age | None:
    start, end = span
    year = _k_year(words, start)
    if year is not None:
        age = this_year - year if this_year is not None else 0
        return Age(age, max(age - 1, YOUNGEST), age) if YOUNGEST <= age <= OLDEST else None
    if end < len(words) and words[end].text in _NOT_YEARS:
        return None
    value = number_words(words[start:end], pairs=True)
    if value is None:
        return None
    if _decade(words, start, end):
        return _in_decade(words, end, value, this_year)
    if this_year is not None and value < 100 and _after_born(words, start):
        value = 2000 + value if 2000 + value <= this_year - YOUNGEST else 1900 + value  # "sinh năm 58"
    born = this_year is not None and 1900 <= value <= this_year
    if born and this_year is not None:
        value = this_year - value
    shift, youngest, oldest = _hedge(words, start) or _after(words, end, value)
    if born:  # a year of birth: the birthday may still be to come this year
        youngest = min(youngest, -1)
    age = value + shift
    if not YOUNGEST <= age <= OLDEST:
        return None
    return Age(age, max(value + youngest, YOUNGEST), min(value + oldest, OLDEST))


def _after_born(words: Sequence[Word], start: int) -> bool:
    """'sinh 58', 'sinh năm 96': the number is a year of birth, its century left out."""
    before = [word.text for word in words[max(start - 2, 0) : start]]
    return before[-1:] == ["sinh"] or before == ["sinh", "nam"]


def _decade(words: Sequence[Word], start: int, end: int) -> bool:
    """'7x', '6x': one digit and an 'x' after it, a decade."""
    digit = words[start].text
    return end - start == 1 and len(digit) == 1 and digit != "0" and end < len(words) and words[end].text == "x"


# After "7x", words that make it an age ("ông em 7x rồi", "7x tuổi"); without them it may as
# well be the decade of birth, as a generation is written ("thế hệ 7x": born 1970 to 1979).
_AGE_SIGNS = frozenset({"roi", "tuoi"})


def _in_decade(words: Sequence[Word], end: int, tens: int, this_year: int | None) -> Age | None:
    """'ông em 7x rồi' is 70 to 79; a bare '7x' reaches the ages of those born in the 1970s too."""
    youngest, oldest = tens * 10, tens * 10 + _TENS_AND_SOME
    sign = end + 1 < len(words) and words[end + 1].text in _AGE_SIGNS
    if not sign and this_year is not None:
        youngest, oldest = min(youngest, this_year - 1900 - oldest), max(oldest, this_year - 1900 - youngest)
    return Age(tens * 10, max(youngest, YOUNGEST), min(oldest, OLDEST))


def _hedge(words: Sequence[Word], start: int) -> tuple[int, int, int] | None:
    if start == 0:
        return None
    before = words[start - 1]
    if before.text == "tam" and not before.marked and words[start].text.isdigit():
        return _ABOUT  # "tam 60": no one is eight sixty
    return _MARKED_HEDGES.get(before.raw) or _HEDGES.get(before.text)


def _after(words: Sequence[Word], end: int, value: int) -> tuple[int, int, int]:
    after = words[end].text if end < len(words) else ""
    if after == "may" and value % 10 == 0:
        return (1, 1, _TENS_AND_SOME)
    return (0, 0, _OVER[2]) if after == "hon" else (0, 0, 0)
