"""Spot ID numbers, card numbers and OTPs typed by mistake, so we never keep or repeat them.

Learners write numbers in many ways: "079 123 456 789", "079,123,456,789", "4111_1111_…",
digits from odd keyboards (superscript ¹²³, full-width １２３), or read aloud in words, with or
without marks ("chín một tám hai bảy ba", "chin mot tam hai bay ba"). A false alarm is a
scolding for nothing, so phone numbers (10 digits), years, dates, amounts of money
("500.000 đồng"), times, option numbers and our own certificate and invite codes pass.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from content.textfold import fold, without_controls

SensitiveKind = Literal["id_number", "card_number", "otp"]
_ORDER: tuple[SensitiveKind, ...] = ("id_number", "card_number", "otp")

# Digits read aloud: "linh"/"lẻ" say 0 inside a number, "tư" and "lăm" are 4 and 5 after tens.
_SPOKEN = {
    "không": "0",
    "linh": "0",
    "lẻ": "0",
    "một": "1",
    "hai": "2",
    "ba": "3",
    "bốn": "4",
    "tư": "4",
    "năm": "5",
    "lăm": "5",
    "sáu": "6",
    "bảy": "7",
    "bẩy": "7",
    "tám": "8",
    "chín": "9",
}
# Typed without marks; "ko" is chat shorthand for "không".
_SPOKEN_FOLDED = {fold(word): digit for word, digit in _SPOKEN.items()} | {"ko": "0"}

# Our codes carry digits too ("HV7K2Q9P", "GD-7KQ2M-X9P3T"): never read them as numbers.
_CODE_LETTER = "[A-HJ-NP-Z2-9]"
_OUR_CODES = re.compile(
    rf"\b(?:HV{_CODE_LETTER}{{6}}(?:{_CODE_LETTER}{{6}})?|(?:GD|DS)[\s\-_.]*{_CODE_LETTER}{{5}}[\s\-_.]*{_CODE_LETTER}{{5}})\b",
    re.IGNORECASE,
)
_GAP = re.compile(r"\s*([.,/_\-])\s*|\s+")
_THOUSANDS = re.compile(r"\d{1,3}(?:[.,]\d{3})+")
_MONEY_AFTER = re.compile(r"\s*(?:đồng|dong|đ|d|vnd|vnđ|k|nghìn|nghin|ngàn|ngan|triệu|trieu|tr|tỷ|ty)\b", re.IGNORECASE)
_OTP_WORDS = re.compile(r"\b(otp|ma xac (thuc|nhan)|ma bao mat|ma (kich hoat|dang nhap)|mat khau|pass)\b")


@dataclass(frozen=True, slots=True)
class _Run:
    """Digits written as one number: their digits, and what the writing says about them."""

    digits: str
    spoken: bool = False  # read aloud in words
    alone: bool = False  # the whole message is this number
    grouped: bool = False  # in thousands, as amounts are written: "500.000", "1,200,000"
    money: bool = False  # a currency follows: "500.000 đồng", "200k"


def detect(text: str) -> SensitiveKind | None:
    """The kind of secret the text seems to hold, or None."""
    plain = _OUR_CODES.sub(" ", _plain(text))
    keyword = _OTP_WORDS.search(fold(plain)) is not None
    found = {kind for run in (*_digit_runs(plain), *_spoken_runs(plain)) if (kind := _kind(run, keyword))}
    return next((kind for kind in _ORDER if kind in found), None)


def _kind(run: _Run, keyword: bool) -> SensitiveKind | None:
    size = len(run.digits)
    if run.money:
        return None
    if size == 12:
        return "id_number"
    if 13 <= size <= 19:
        return "card_number"
    # Six digits alone is how an OTP arrives; people say numbers in words only to pass them on.
    lone_code = size == 6 and run.alone and not run.grouped
    if lone_code or (run.spoken and 6 <= size <= 8) or (keyword and 4 <= size <= 8):
        return "otp"
    return None


def _plain(text: str) -> str:
    """One form of every character: composed letters, ASCII digits, no invisible characters."""
    text = unicodedata.normalize("NFKC", text)
    text = without_controls(text)
    return re.sub(r"\d", lambda digit: str(unicodedata.decimal(digit.group())), text)


def _digit_runs(text: str) -> Iterator[_Run]:
    """Groups of digits joined by one kind of separator ("079 123", "079.123"), and each group
    on its own: "15/08/1958, 20/10/1960" is two dates, not one 16-digit card number."""
    groups = list(re.finditer(r"\d+", text))
    start, kind = 0, None
    for index in range(1, len(groups) + 1):
        gap = _GAP.fullmatch(text, groups[index - 1].end(), groups[index].start()) if index < len(groups) else None
        gap_kind = (gap.group(1) or " ") if gap else None
        if gap_kind is not None and kind in (None, gap_kind):
            kind = gap_kind
            continue
        yield from _run(text, groups[start:index])
        start, kind = index, None


def _run(text: str, groups: list[re.Match[str]]) -> Iterator[_Run]:
    begin, end = groups[0].start(), groups[-1].end()
    money = _MONEY_AFTER.match(text, end) is not None
    grouped = _THOUSANDS.fullmatch(text, begin, end) is not None
    alone = re.search(r"\w", text[:begin] + text[end:]) is None
    yield _Run("".join(group.group() for group in groups), alone=alone, grouped=grouped, money=money)
    if len(groups) > 1:
        yield from (_Run(group.group()) for group in groups)


def _spoken_runs(text: str) -> Iterator[_Run]:
    """Digit words in a row, joined by spaces or one separator: "chín một tám, hai bảy ba"."""
    digits, last_end = "", 0
    for word in re.finditer(r"[^\W\d_]+", text):
        digit = _spoken_digit(word.group())
        # (the gap is read only between two digit words: most words of a message are not one)
        if digit is not None and digits and _GAP.fullmatch(text, last_end, word.start()) is not None:
            digits += digit
        else:
            if digits:
                yield _Run(digits, spoken=True)
            digits = digit or ""
        last_end = word.end()
    if digits:
        yield _Run(digits, spoken=True)


def _spoken_digit(word: str) -> str | None:
    lower = word.lower()
    # With marks, the marks must be right: "bà" (grandmother) is not "ba" (three).
    return _SPOKEN_FOLDED.get(lower) if lower.isascii() else _SPOKEN.get(lower)
