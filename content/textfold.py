"""Reading what learners type: without diacritics, any case, extra spaces."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

from unidecode import unidecode

_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^a-z0-9 ]+")


def _vietnamese() -> Mapping[int, str]:
    """Each Vietnamese letter, marked or not, in both cases -> what unidecode makes of it."""
    bases = "aăâeêioôơuưy"
    marked = {unicodedata.normalize("NFC", base + mark) for base in bases for mark in "\u0300\u0301\u0303\u0309\u0323"}
    letters = {*bases, *marked, "đ"}
    return MappingProxyType({ord(c): unidecode(c) for letter in letters for c in (letter, letter.upper())})


# unidecode reads non-ASCII text one character at a time in Python. It maps each character on
# its own, so folding the Vietnamese letters first with str.translate (in C) gives the same
# result, and what reaches unidecode is nearly always ASCII, which it returns at once.
_VIETNAMESE = _vietnamese()


def fold(text: str) -> str:
    """'Về  Menu!' -> 've menu'. Vietnamese letters lose their marks, đ becomes d."""
    ascii_text = unidecode(text.translate(_VIETNAMESE)).lower()
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", ascii_text)).strip()


def without_controls(text: str) -> str:
    """The text without control, format or unassigned characters (Unicode category C), line
    breaks and tabs kept. A printable text has none, which str.isprintable tells in C: nearly
    every message is one, and only the rest is read a character at a time."""
    if text.replace("\n", " ").replace("\t", " ").isprintable():
        return text
    return "".join(ch for ch in text if ch in "\n\t" or not unicodedata.category(ch).startswith("C"))


def parse_number(text: str) -> int | None:
    """A typed option number: '2', ' 2 ', '2.' or 'so 2'."""
    folded = fold(text)
    match = re.fullmatch(r"(?:so |chon |cau )?(\d{1,3})", folded)
    return int(match.group(1)) if match else None
