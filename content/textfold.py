"""Reading what learners type: without diacritics, any case, extra spaces."""

from __future__ import annotations

import re

from unidecode import unidecode

_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^a-z0-9 ]+")


def fold(text: str) -> str:
    """'Về  Menu!' -> 've menu'. Vietnamese letters lose their marks, đ becomes d."""
    ascii_text = unidecode(text).lower()
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", ascii_text)).strip()


def parse_number(text: str) -> int | None:
    """A typed option number: '2', ' 2 ', '2.' or 'so 2'."""
    folded = fold(text)
    match = re.fullmatch(r"(?:so |chon |cau )?(\d{1,3})", folded)
    return int(match.group(1)) if match else None
