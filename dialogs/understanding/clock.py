"""A time of day as typed: '8 giờ tối', '8h toi', '20h', 'tám giờ tối', '8 rưỡi', '19:30'."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from .numbers import number_words
from .words import Word, read_words, spelled

# Parts of the day, with the marks that make the word one ("tôi" is "I", "tối" is evening).
_PERIODS = MappingProxyType(
    {
        "sang": frozenset({"sáng"}),
        "trua": frozenset({"trưa"}),
        "chieu": frozenset({"chiều"}),
        "toi": frozenset({"tối"}),
        "dem": frozenset({"đêm"}),
        "khuya": frozenset({"khuya"}),
    }
)
_HALF = frozenset({"ruoi"})  # "8 rưỡi" is 8:30
_TO = "kem"  # "9 giờ kém 15" is 8:45
_AFTER = frozenset({"nay", "mai", "hom"})  # "8h tối nay"
# After a number these make it something other than a time: "45 tuổi", "2 triệu".
_NOT_TIME = frozenset({"tuoi", "nam", "trieu", "nghin", "ngan", "ngay", "thang", "cau", "bai", "lan", "nguoi", "so"})
_FILLERS = frozenset({"luc", "vao", "tam", "khoang", "nhac", "toi", "chau", "a", "nhe", "nha", "di", "cho", "gio"})
_LAST_HOUR, _LAST_MINUTE = 24, 59


@dataclass(frozen=True, slots=True)
class _Clock:
    hour: int
    minute: int
    end: int  # index after the time's words
    marked: bool  # "giờ", minutes, "rưỡi" or a part of the day says it is a time


def read_time(text: str) -> str | None:
    """'HH:MM' on a 24-hour clock, or None when the text does not give a time of day."""
    words = read_words(text)
    for start in range(len(words)):
        clock = _clock_at(words, start)
        if clock is None:
            continue
        period = _period(words, start, clock.end)
        alone = all(w.text in _FILLERS for w in (*words[:start], *words[clock.end :]))
        if not (clock.marked or period or alone):
            continue
        hour = _in_day(clock.hour, period)
        return None if hour is None else f"{hour:02d}:{clock.minute:02d}"
    return None


def _number_at(words: Sequence[Word], start: int, limit: int) -> tuple[int, int] | None:
    """(value, end) of the longest number at `start`, if it is at most `limit`."""
    for end in range(min(len(words), start + 3), start, -1):
        value = number_words(words[start:end])
        if value is not None:
            return (value, end) if value <= limit else None
    return None


def _clock_at(words: Sequence[Word], start: int) -> _Clock | None:
    found = _number_at(words, start, _LAST_HOUR)
    if found is None:
        return None
    hour, index = found
    marked = index < len(words) and words[index].text == "gio"
    index += marked
    clock = _minutes(words, hour, index, marked)
    if clock is None or (clock.end < len(words) and words[clock.end].text in _NOT_TIME):
        return None
    return clock


def _minutes(words: Sequence[Word], hour: int, index: int, marked: bool) -> _Clock | None:
    if index < len(words) and words[index].text in _HALF:
        return _Clock(hour, 30, index + 1, True)
    if index + 1 < len(words) and words[index].text == _TO:
        found = _number_at(words, index + 1, _LAST_MINUTE)
        if found is None or hour < 1:
            return None
        return _Clock(hour - 1, 60 - found[0], _skip(words, found[1], "phut"), True)
    found = _number_at(words, index, 99)
    if found is None:
        return _Clock(hour, 0, index, marked)
    if found[0] > _LAST_MINUTE:
        return None
    return _Clock(hour, found[0], _skip(words, found[1], "phut"), True)


def _skip(words: Sequence[Word], index: int, text: str) -> int:
    return index + 1 if index < len(words) and words[index].text == text else index


def _is_period(word: Word) -> bool:
    return spelled(word, _PERIODS)


def _period(words: Sequence[Word], start: int, end: int) -> str:
    """The part of the day right after the time ('8h tối nay') or right before it ('chiều 5h')."""
    if end < len(words) and _is_period(words[end]):
        return words[end].text
    if start > 0 and _is_period(words[start - 1]):
        return words[start - 1].text
    after = end + 1 if end < len(words) and words[end].text in _AFTER else end
    return words[after].text if after < len(words) and _is_period(words[after]) else ""


def _plain(hour: int) -> int | None:
    return hour % 24 if hour <= _LAST_HOUR else None


_RULES: MappingProxyType[str, Callable[[int], int | None]] = MappingProxyType(
    {
        "": _plain,
        "sang": lambda h: h if h <= 12 else None,
        "trua": lambda h: h + 12 if 1 <= h <= 2 else h if 10 <= h <= 14 else None,
        "chieu": lambda h: h + 12 if 1 <= h <= 11 else h if 12 <= h <= 23 else None,
        "toi": lambda h: h + 12 if 5 <= h <= 11 else h if 17 <= h <= 23 else None,
        "dem": lambda h: h + 12 if 8 <= h <= 11 else 0 if h in (12, 24) else h if h <= 4 or h >= 20 else None,
        "khuya": lambda h: h + 12 if 9 <= h <= 11 else 0 if h in (12, 24) else h if h <= 4 or h >= 21 else None,
    }
)


def _in_day(hour: int, period: str) -> int | None:
    return _RULES[period](hour)
