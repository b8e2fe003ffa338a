"""Numbers as learners type them: "2", "hai", "sáu mươi tám", "số 2", "cái thứ hai"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType

from .vocab import ADDRESS_WORDS, SELF_WORDS
from .words import Word

# Folded number word -> (value, the marked spellings that mean the number). An unmarked word
# may be the number; a marked one must carry the number's marks: "bà" is not "ba" (3).
_UNITS = MappingProxyType(
    {
        "mot": (1, frozenset({"một"})),
        "hai": (2, frozenset({"hai"})),
        "ba": (3, frozenset({"ba"})),
        "bon": (4, frozenset({"bốn"})),
        "nam": (5, frozenset({"năm"})),
        "sau": (6, frozenset({"sáu"})),
        "bay": (7, frozenset({"bảy", "bẩy"})),
        "tam": (8, frozenset({"tám"})),
        "chin": (9, frozenset({"chín"})),
    }
)
# Only after "mươi": "bảy mươi mốt" (71), "hai mươi tư" (24), "sáu mươi lăm" (65).
_AFTER_TENS = MappingProxyType(
    {
        "mot": (1, frozenset({"mốt", "một"})),
        "tu": (4, frozenset({"tư"})),
        "lam": (5, frozenset({"lăm"})),
        "nham": (5, frozenset({"nhăm"})),
    }
)
_TEN = frozenset({"mười", "mươi"})
_HUNDRED = frozenset({"trăm"})
_ZERO = frozenset({"linh", "lẻ"})
# Words before a number that say "the option numbered": "số 2", "cái thứ hai", "đáp án 3".
_HEADS = frozenset({"so", "chon", "cau", "bai", "cai", "thu", "dap", "an", "phuong", "lua", "nut", "o", "lay"})
# "mục 2" is the second item, but "muc 2" may be "mức 2" (level 2) in a label.
_UNSURE_HEADS = frozenset({"muc"})
# The learner naming themselves before the heads: "em chọn số 4", "e chọn số 4" ("e" is "em"
# typed in a hurry), "bà chọn cái thứ hai"; never a number word ("ba số 4" is not "bà").
_LEARNER = SELF_WORDS | ADDRESS_WORDS | frozenset({"e"})
_ORDINALS = MappingProxyType({"nhat": (1, frozenset({"nhất"})), "tu": (4, frozenset({"tư"}))})
_FIRST = (("dau", "tien"), ("dau",), ("truoc", "tien"))
# An answer named by its letter, as on a paper test, only after "đáp án" / "phương án".
_ANSWER_HEADS = frozenset({("dap", "an"), ("phuong", "an")})
_LETTERS = "abcde"
_LAST = (("cuoi", "cung"), ("cuoi",))


@dataclass(frozen=True, slots=True)
class Ordinal:
    value: int  # 1-based
    sure: bool  # typed in digits: the option number, whatever the labels say
    last: bool = False  # "cái cuối": the last option, whatever its number


def _fits(word: Word, table: MappingProxyType[str, tuple[int, frozenset[str]]]) -> int | None:
    found = table.get(word.text)
    if found is None or (word.marked and word.raw not in found[1]):
        return None
    return found[0]


def _is(word: Word, folded: str, marked: frozenset[str]) -> bool:
    return word.text == folded and (not word.marked or word.raw in marked)


def unit(word: Word) -> int | None:
    return _fits(word, _UNITS)


_SPELLED = 3  # digits at least: "một hai ba" is a code; "hai ba" may be two option numbers
_ZERO_WORDS = frozenset({"không"})


def spelled_digits(words: Sequence[Word]) -> str | None:
    """'một hai ba bốn năm sáu' -> '123456': a code or a password read out digit by digit."""
    if len(words) < _SPELLED:
        return None
    digits = [0 if w.raw in _ZERO_WORDS else unit(w) for w in words]
    return "".join(map(str, digits)) if all(d is not None for d in digits) else None


def number_words(words: Sequence[Word], pairs: bool = False) -> int | None:
    """'sáu mươi tám' -> 68, 'mười lăm' -> 15, 'một trăm linh năm' -> 105, '68' -> 68.

    With `pairs`, the spoken short form of an age: 'bảy lăm' -> 75, 'sáu tám' -> 68.
    """
    if len(words) == 1 and words[0].text.isdigit():
        return int(words[0].text)
    if not words:
        return None
    hundreds = _hundreds(words)
    if hundreds is not None:
        return hundreds
    return _below_hundred(words, pairs)


def _hundreds(words: Sequence[Word]) -> int | None:
    if len(words) < 2 or not _is(words[1], "tram", _HUNDRED):
        return None
    head = unit(words[0])
    rest = words[2:]
    if head is None:
        return None
    if not rest:
        return head * 100
    if len(rest) == 2 and rest[0].text in ("linh", "le") and _is(rest[0], rest[0].text, _ZERO):
        tail = unit(rest[1])
        return None if tail is None else head * 100 + tail
    below = _below_hundred(rest, False)
    return None if below is None or below < 10 else head * 100 + below


def _below_hundred(words: Sequence[Word], pairs: bool) -> int | None:
    first = words[0]
    ten = _is(first, "muoi", _TEN)
    if len(words) == 1:
        return 10 if ten else unit(first)
    if ten:  # "mười một" .. "mười chín"; "mười lăm"
        last = _tail(words[1]) if len(words) == 2 else None
        return None if last is None else 10 + last
    tens = unit(first)
    if tens is None or tens < 2:
        return None
    if _is(words[1], "muoi", _TEN):
        if len(words) == 2:
            return tens * 10
        last = _tail(words[2]) if len(words) == 3 else None
        return None if last is None else tens * 10 + last
    if pairs and len(words) == 2:
        last = _tail(words[1])
        return None if last is None else tens * 10 + last
    return None


def _tail(word: Word) -> int | None:
    value = _fits(word, _AFTER_TENS)
    return value if value is not None else unit(word)


def _where(words: Sequence[Word], rest: Sequence[Word]) -> bool:
    """'ở đâu' (where), typed without marks as 'o dau', asks; it is no 'ô đầu' (the first box)
    unless the marks say so."""
    if len(rest) != 1 or rest[0].text != "dau" or len(words) < len(_WHERE_PAIR):
        return False
    head = words[len(words) - len(_WHERE_PAIR)]
    return head.text == "o" and head.raw != "ô" and rest[0].raw != "đầu"


_WHERE_PAIR = ("o", "dau")


# Words that join two option numbers into a choice not yet made: "2 và 3", "2 hoặc 3", "hai hay
# ba", "số 2 với số 3", with the marks they must bear when typed with marks.
_JOINERS = MappingProxyType(
    {"va": frozenset({"và"}), "hoac": frozenset({"hoặc"}), "hay": frozenset({"hay"}), "voi": frozenset({"với"})}
)
_BOTH = frozenset({"cả"})  # "cả 2 và 3": both of them


def joined(words: Sequence[Word]) -> tuple[tuple[tuple[Word, ...], Ordinal], ...] | None:
    """'2 và 3', 'cả 2 và 3', 'hai hay ba', 'số 2 hoặc số 3' -> each option number named, two or
    more, with the words that name it; None when the reply is not option numbers joined so."""
    rest = list(words)
    if rest and _is(rest[0], "ca", _BOTH):
        rest = rest[1:]
    parts: list[list[Word]] = [[]]
    for word in rest:
        if word.text in _JOINERS and _is(word, word.text, _JOINERS[word.text]):
            parts.append([])
        else:
            parts[-1].append(word)
    if len(parts) < 2 or not all(parts):
        return None
    found = [(tuple(part), ordinal(part)) for part in parts]
    return tuple((part, number) for part, number in found if number is not None) if all(n for _, n in found) else None


def ordinal(words: Sequence[Word]) -> Ordinal | None:
    """'2', 'số 2', 'chọn 2', 'cái thứ hai', 'thứ 3', 'bài đầu tiên' -> the option number."""
    rest = list(words)
    if len(rest) > 2 and rest[0].text in _LEARNER and unit(rest[0]) is None and rest[1].text in _HEADS:
        rest = rest[1:]
    headed = unsure = False
    while len(rest) > 1 and rest[0].text in _HEADS | _UNSURE_HEADS:
        unsure = unsure or (rest[0].text in _UNSURE_HEADS and not rest[0].marked)
        headed = True
        rest = rest[1:]
    if not rest:
        return None
    texts = tuple(word.text for word in rest)
    if tuple(w.text for w in words[:2]) in _ANSWER_HEADS and len(rest) == 1 and rest[0].text in _LETTERS:
        return Ordinal(_LETTERS.index(rest[0].text) + 1, False)  # "đáp án b": the second, as on paper
    if len(rest) == 1 and rest[0].text.isdigit():
        return Ordinal(int(rest[0].text), not unsure)
    if headed and len(rest) == 1:
        special = _fits(rest[0], _ORDINALS)
        if special is not None:
            return Ordinal(special, False)
    if texts in _FIRST and (headed or len(texts) == 2) and not _where(words, rest):
        return Ordinal(1, False)
    if texts in _LAST and headed:
        return Ordinal(0, False, last=True)
    value = number_words(rest)
    return None if value is None else Ordinal(value, False)


# Where the learner is with the lesson, said after its number: "số 3 học dở chưa xong", "bài 2
# đang học", "số 4 chưa đọc" (with the marks each word must bear when typed with marks). One of
# them must say it is unfinished ("dở", "đang", "chưa"): the lesson the learner means to go on
# with; ending in "chưa" it asks ("số 3 học xong chưa") and picks nothing.
_PROGRESS = MappingProxyType(
    {
        "hoc": frozenset({"học"}),
        "doc": frozenset({"đọc"}),
        "xem": frozenset({"xem"}),
        "dang": frozenset({"đang"}),
        "do": frozenset({"dở"}),
        "chua": frozenset({"chưa"}),
        "xong": frozenset({"xong"}),
        "het": frozenset({"hết"}),
        "con": frozenset({"còn"}),
    }
)
_UNFINISHED = frozenset({"dang", "do", "chua"})


def unfinished(words: Sequence[Word]) -> Ordinal | None:
    """'số 3 học dở chưa xong', '3 đang học' -> the option number named (in digits, or after a
    head word such as 'số', 'bài'), followed only by where the learner is with it, unfinished."""
    if not words or not (words[0].text in _HEADS or words[0].text.isdigit()):
        return None
    for end in range(len(words) - 1, 0, -1):
        rest = words[end:]
        if not all(w.text in _PROGRESS and _is(w, w.text, _PROGRESS[w.text]) for w in rest):
            return None
        if not _UNFINISHED.intersection(w.text for w in rest) or rest[-1].text == "chua":
            continue
        found = ordinal(words[:end])
        if found is not None and not found.last:
            return found
    return None
