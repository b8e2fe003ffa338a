"""Does free text look like a message the learner pasted or forwarded, not their own answer?

A pasted message carries marks a learner's reply rarely has: a link, a phone or account
number, an amount of money, a bank's or an authority's name, an SMS sender prefix, many
words. Each mark found raises the confidence (they combine like independent clues); a
question ("mã OTP là gì?") or a very short text lowers it. The dialogs check automatically
from AUTO_CHECK and may offer a check from OFFER_CHECK.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from content.textnorm import normalize

AUTO_CHECK = 0.6
OFFER_CHECK = 0.35
SHORT_WORDS = 6  # fewer words and no link: an answer, whatever else it holds
SHORT_CAP = 0.3
QUESTION_FACTOR = 0.4  # a question the learner asks is not a message they received
QUESTION_MAX_WORDS = 25

# How much each mark alone says: the chance a text with it is a pasted message.
CUE_WEIGHTS = {
    "link": 0.75,
    "phone": 0.45,
    "account": 0.4,
    "amount": 0.35,
    "brand": 0.3,
    "sms": 0.35,
    "long": 0.5,
    "medium": 0.3,
    "sentences": 0.15,
    "asks": 0.5,  # the checker found a request (a code, money, an app) or a link signal
    # A one-time code or a login alert: a message the learner received, never their answer.
    # Checked (and so never kept as a question) whenever the learner pastes one.
    "code": 0.75,
    # The checker itself graded the text "scam" or "suspicious": a lure, a threat or a borrowed
    # name is what a received message carries. A learner's question about one is still
    # lowered by QUESTION_FACTOR below.
    "flagged": 0.3,
}
_PHONE = re.compile(
    r"(?<![\w+])(?:\+?84|0)\s?[1-9][\dx](?:[\s.-]?[\dx]){7,8}(?![\dx])|\b1[89]00[\s.]?[\dx]{4}(?:[\s.]?[\dx]{2})?\b"
    r"|(?<![\w+])\+\d{2,3}(?:[\s-]?[\dx]){6,}"
)
_ACCOUNT = re.compile(r"\b(?:stk|số tài khoản|so tai khoan|tk)\b[\s:.]*[\dx*]{3,}|(?<!\d)\d(?:[\s.]?\d){8,18}(?!\d)")
_AMOUNT = re.compile(r"\d[\d.,]*\s?(?:đ|d|vnd|vnđ|k|nghìn|nghin|ngàn|triệu|trieu|tr|tỷ|ty|usd|đô)(?!\w)")
_SMS_PREFIX = re.compile(r"^\s*(?:\[[^\]\n]{2,24}\]|\([^)\n]{2,40}\)|[A-Z0-9][A-Za-z0-9 _.-]{1,20}:)")
_SMS_WORDS = re.compile(r"\b(?:quy khach|kinh gui|thong bao|alo|chuc mung|vui long)\b")
_QUESTION = re.compile(
    r"\b(?:la gi|lam sao|lam the nao|the nao|nhu the nao|co phai|phai khong|o dau|bao nhieu|duoc khong"
    r"|co nen|sao vay)\b"
)
_SENTENCE = re.compile(r"[.!?]\s+\S")


@dataclass(frozen=True)
class Seen:
    """What the checker's own reading of the text already found."""

    link: bool  # an address, a link placeholder or a mention of a link
    brand: bool  # a bank's, an authority's or a courier's name
    asks: bool  # a request (a code, money, an app) or a link signal
    code: bool = False  # a one-time code or a login alert (signals with `at_least`)
    flagged: bool = False  # the checker graded it "scam" or "suspicious"


@dataclass(frozen=True)
class Forwarded:
    confidence: float  # 0 to 1
    cues: tuple[str, ...]  # which marks were found: for tests and statistics, never the text

    @property
    def auto(self) -> bool:
        return self.confidence >= AUTO_CHECK

    @property
    def offer(self) -> bool:
        return self.confidence >= OFFER_CHECK


def looks_forwarded(text: str, seen: Seen) -> Forwarded:
    """`seen` comes from the checker's verdict on the same text (ScamChecker.inspect)."""
    folded = normalize(text)
    words = len(folded.split())
    cues = _cues(text, folded, words, seen)
    confidence = 1.0
    for cue in cues:
        confidence *= 1 - CUE_WEIGHTS[cue]
    confidence = 1 - confidence
    if _QUESTION.search(folded) or text.rstrip().endswith("?"):
        confidence *= QUESTION_FACTOR if words < QUESTION_MAX_WORDS else 1
    if words < SHORT_WORDS and "link" not in cues:
        confidence = min(confidence, SHORT_CAP)
    return Forwarded(round(confidence, 3), cues)


def _cues(text: str, folded: str, words: int, seen: Seen) -> tuple[str, ...]:
    lowered = text.lower()
    found = {
        "link": seen.link,
        "phone": bool(_PHONE.search(lowered)),
        "account": bool(_ACCOUNT.search(lowered)),
        "amount": bool(_AMOUNT.search(lowered)),
        "brand": seen.brand,
        "sms": bool(_SMS_PREFIX.match(text) or _SMS_WORDS.search(folded)),
        "long": words >= 30,
        "medium": 15 <= words < 30,
        "sentences": len(_SENTENCE.findall(text)) >= 1,
        "asks": seen.asks,
        "code": seen.code,
        "flagged": seen.flagged,
    }
    return tuple(cue for cue, present in found.items() if present)
