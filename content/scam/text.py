"""A message as the patterns read it: folded, shorthand written out, sentences kept apart.

`content.textnorm.normalize` drops punctuation, so "...khóa tài khoản. Không bấm link" would
run two sentences together and let a pattern or a "không" reach across them. Each sentence
is normalised on its own and joined with " | "; clause starts (after a comma) are kept as
positions, so a "không" only negates what follows it in the same clause.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType

from unidecode import unidecode

from content.scam.schema import Lists
from content.textnorm import normalize

SENTENCE_BREAK = " | "
# "." or "!" or "?" or ";" followed by a space, or a new line: "1.250.000" and "npc.com.vn" stay whole.
_SENTENCE_END = re.compile(r"[.!?;]+(?=\s)|\n+")
_CLAUSE_END = re.compile(r"[,:](?=\s)")
# "~" in a pattern: any 0 to 6 words within the same sentence.
GAP = r"(?:\s[^\s|]+){0,6}\s"
# Shorthand of money and contact talk, on top of content.textnorm's: "mẹ ck giúp con 5tr".
# Written out here rather than in every pattern, so a pattern for "chuyen khoan" reads both.
_MONEY_SHORTHAND: Mapping[str, str] = MappingProxyType(
    {
        "ck": "chuyen khoan",
        "ckhoan": "chuyen khoan",
        "chuyenkhoan": "chuyen khoan",
        "cty": "cong ty",
        "ttin": "thong tin",
        "tele": "telegram",
        "sms": "tin nhan",
    }
)


@dataclass(frozen=True)
class Prepared:
    text: str
    clause_starts: tuple[int, ...]


def _vietnamese_fold() -> Mapping[int, str]:
    """Each Vietnamese letter with its marks -> what unidecode makes of it ("ờ" -> "o", "Đ" -> "D")."""
    bases = "aăâeêioôơuưy"
    marked = {unicodedata.normalize("NFC", base + mark) for base in bases for mark in "\u0300\u0301\u0303\u0309\u0323"}
    letters = {*bases, *marked, "đ"}
    return MappingProxyType({ord(c): unidecode(c) for letter in letters for c in (letter, letter.upper())})


# unidecode reads non-ASCII text one character at a time in Python; str.translate folds the
# Vietnamese letters in C first, so what reaches normalize() is nearly always ASCII (fast path).
_FOLD = _vietnamese_fold()


def prepare(message: str) -> Prepared:
    """Normalised sentences joined by " | ", with where each clause begins."""
    message = message.translate(_FOLD)
    parts: list[str] = []
    starts: list[int] = []
    length = 0
    for sentence in _SENTENCE_END.split(message):
        clauses = [c for c in (read(raw) for raw in _CLAUSE_END.split(sentence)) if c]
        if not clauses:
            continue
        if parts:
            length += len(SENTENCE_BREAK)
        for i, clause in enumerate(clauses):
            if i:
                length += 1
            starts.append(length)
            parts.append(clause if not i else " " + clause)
            length += len(clause)
        parts.append(SENTENCE_BREAK)
    text = "".join(parts[:-1]) if parts else ""
    return Prepared(text, tuple(starts))


def read(text: str) -> str:
    """One clause as the patterns read it: normalised, money shorthand written out."""
    return " ".join(_MONEY_SHORTHAND.get(word, word) for word in normalize(text).split())


def sentence_spans(prepared: Prepared) -> list[tuple[int, int]]:
    spans, start = [], 0
    for part in prepared.text.split(SENTENCE_BREAK):
        spans.append((start, start + len(part)))
        start += len(part) + len(SENTENCE_BREAK)
    return spans


def compile_patterns(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for a signal's patterns, each matched as whole words."""
    bodies = "|".join(f"(?:{p.replace(' ~ ', GAP)})" for p in patterns)
    return re.compile(rf"(?<![a-z0-9])(?:{bodies})(?![a-z0-9])")


@dataclass(frozen=True)
class Negation:
    """What turns a match into a warning or a report rather than a request (see Lists)."""

    negators: Mapping[str, int]
    not_negations: frozenset[str]
    stops: frozenset[str]
    not_requests: re.Pattern[str] | None
    # In a message that itself calls what it tells a scam ("đó là lừa đảo", "gặp thì tắt máy"),
    # a retold call ("nhận cuộc gọi xưng công an đòi chuyển tiền") is a report as well; in any
    # other message the same words are a learner retelling the scam itself.
    declared: re.Pattern[str] | None = None
    with_retold: re.Pattern[str] | None = None  # not_requests and the retold-call markers
    denials: re.Pattern[str] | None = None  # reach to the end of their sentence

    def for_message(self, prepared: Prepared) -> Negation:
        if self.declared is not None and self.with_retold is not None and self.declared.search(prepared.text):
            return replace(self, not_requests=self.with_retold, declared=None)
        return self

    def applies(self, prepared: Prepared, start: int) -> bool:
        clause = _clause_before(prepared, start)
        if self.not_requests is not None and self.not_requests.search(clause):
            return True
        if self.denials is not None and self.denials.search(_sentence_before(prepared, start)):
            return True
        reach = max(self.negators.values(), default=0)
        before = clause.split()[-reach:] if reach else []
        for i in range(len(before) - 1, -1, -1):
            if before[i] in self.stops:
                before = before[i + 1 :]
                break
        return any(self._negates(before, i) for i in range(len(before)))

    def _negates(self, before: list[str], i: int) -> bool:
        word = before[i]
        if len(before) - i > self.negators.get(word, 0):
            return False
        pairs = {f"{before[i - 1]} {word}" if i else "", f"{word} {before[i + 1]}" if i + 1 < len(before) else ""}
        return not pairs & self.not_negations


def build_negation(lists: Lists) -> Negation:
    regex = compile_patterns(lists.not_requests) if lists.not_requests else None
    both = (*lists.not_requests, *lists.retold_markers)
    return Negation(
        dict(lists.negators),
        frozenset(lists.not_negations),
        frozenset(lists.negation_stops),
        regex,
        compile_patterns(lists.declared_warnings) if lists.declared_warnings and lists.retold_markers else None,
        compile_patterns(both) if both else None,
        compile_patterns(lists.sentence_denials) if lists.sentence_denials else None,
    )


def _sentence_before(prepared: Prepared, start: int) -> str:
    return prepared.text[:start].rsplit(SENTENCE_BREAK, 1)[-1]


def _clause_before(prepared: Prepared, start: int) -> str:
    """The text from the start of the clause holding `start` up to it."""
    index = bisect.bisect_right(prepared.clause_starts, start) - 1
    clause = prepared.clause_starts[index] if index >= 0 else 0
    return prepared.text[clause:start].rsplit(SENTENCE_BREAK, 1)[-1]
