"""Spot ID numbers, card numbers and OTPs typed by mistake, so we never keep them."""

from __future__ import annotations

import re
from typing import Literal

from content.textfold import fold

SensitiveKind = Literal["id_number", "card_number", "otp"]

_DIGIT_RUNS = re.compile(r"\d(?:[\d .-]*\d)?")
_OTP_WORDS = re.compile(r"\b(otp|ma xac (thuc|nhan)|ma bao mat|mat khau|pass)\b")


def _digit_runs(text: str) -> list[str]:
    return [re.sub(r"\D", "", run) for run in _DIGIT_RUNS.findall(text)]


def detect(text: str) -> SensitiveKind | None:
    """The kind of secret the text seems to hold, or None."""
    runs = _digit_runs(text)
    if any(len(run) == 12 for run in runs):
        return "id_number"
    if any(13 <= len(run) <= 19 for run in runs):
        return "card_number"
    if re.fullmatch(r"\s*\d{6}\s*", text):
        return "otp"
    if _OTP_WORDS.search(fold(text)) and any(4 <= len(run) <= 8 for run in runs):
        return "otp"
    return None
