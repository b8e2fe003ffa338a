"""A bound typed where the options are ranges of numbers: 'dưới 60' beside 'Dưới 30 tuổi',
'Từ 30 đến 59 tuổi' and 'Từ 60 tuổi trở lên' is either of the first two, and never the third,
though it shares the third's '60' (read by its words, it was asked about alone, and 'dưới 60
tuổi' was even picked as it, 'dưới' a slip of 'tuổi').

An option is a range when its whole label says one ('Dưới 30', 'Trên 60', 'Từ 30 đến 59',
'Từ 60 trở lên', a unit word such as 'tuổi' after a number); a reply is read so when all it
says, polite words aside, is a bound in the same words ('dưới 60', 'trên 30', '60 trở lên',
'50 trở xuống', 'chưa tới 30'), its numbers in digits or in words ('dưới sáu mươi'). Of the ranges it
reaches, one is picked and two are asked about; a bound that reaches none, or more than two,
is left to the rest of the reader.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from .gist import trimmed
from .numbers import number_words
from .options import OptionT, Screen, shown_label
from .readings import AskBack, How, Picked, Reading
from .words import Word, read_words

_UNITS = frozenset({"tuoi"})  # "60 tuổi": said after the number, it changes nothing
_LONGEST = 6  # words, units and polite words aside: "từ 30 tuổi đến 59 tuổi" is 4
# a bound says one: 'dưới', 'trên', 'trở lên', 'đến', 'chưa tới'
_EDGES = frozenset({"duoi", "tren", "tro", "den", "toi", "du"})
_NUMBER_WORDS = 3  # 'sáu mươi lăm': the longest number a bound says in words


class Span(NamedTuple):
    low: int | None  # None: no bound below
    high: int | None  # None: no bound above

    def reaches(self, other: Span) -> bool:
        low = max((b for b in (self.low, other.low) if b is not None), default=None)
        high = min((b for b in (self.high, other.high) if b is not None), default=None)
        return low is None or high is None or low <= high


def _said(words: Sequence[Word]) -> tuple[str, ...]:
    """The words, units aside, with each number said in words as its digits: 'dưới sáu mươi
    tuổi' -> duoi | 60."""
    kept = [w for w in words if w.text not in _UNITS]
    said: list[str] = []
    start = 0
    while start < len(kept):
        for size in range(min(_NUMBER_WORDS, len(kept) - start), 0, -1):
            value = number_words(kept[start : start + size])
            if value is not None:
                said.append(str(value))
                start += size
                break
        else:
            said.append(kept[start].text)
            start += 1
    return tuple(said)


def span(words: Sequence[Word]) -> Span | None:
    """The range a label or a reply says, if all it says is one."""
    if sum(w.text not in _UNITS for w in words) > _LONGEST * _NUMBER_WORDS:
        return None  # more words than six numbers in words say: no bound (and no cost on a long text)
    said = _said(words)
    if len(said) > _LONGEST or not any(t.isdigit() for t in said):
        return None
    match said:
        case ("duoi", low) | ("chua", "toi" | "den" | "du", low) if low.isdigit():
            return Span(None, int(low) - 1)
        case ("tren", high) if high.isdigit():
            return Span(int(high) + 1, None)
        case ("tu", low, "tro", "len") | (low, "tro", "len") if low.isdigit():
            return Span(int(low), None)
        case (high, "tro", "xuong") if high.isdigit():
            return Span(None, int(high))
        case ("tu", low, "den", high) if low.isdigit() and high.isdigit():
            return Span(int(low), int(high))
    return None


def by_bound(text: str, screen: Screen[OptionT], words: tuple[Word, ...] | None = None) -> Reading[OptionT] | None:
    """The ranges among the options that a bound typed reaches: one is picked, two asked about.
    `words`: `read_words(text)`, where read already."""
    words = read_words(text) if words is None else words
    if not any(w.text in _EDGES for w in words):  # most replies: no bound
        return None
    # whole first: 'ba mươi trở xuống' is 30, though 'ba' alone opens a reply as a person ('bà')
    bound = span(words) or span(trimmed(words))
    if bound is None:
        return None
    ranges = [(p, found) for p in screen.options if (found := span(read_words(shown_label(p.option.label))))]
    if len(ranges) < 2:
        return None
    reached = [p.option for p, found in ranges if found.reaches(bound)]
    if len(reached) == 1:
        return Picked(reached[0], How.WORDS)
    return AskBack((reached[0], reached[1])) if len(reached) == 2 else None
