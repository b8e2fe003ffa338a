"""The glossary as the tutor uses it: which terms a card uses, and "X là gì?" questions."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from rapidfuzz import fuzz, process

from content.schema import Term
from content.textnorm import normalize

# "otp la gi", "the nao la vi dien tu", "giai thich giup link": the subject of a "what is" question.
_SUFFIXES = ("co nghia la gi", "nghia la gi", "la cai gi", "la gi", "la sao", "la the nao", "la ai")
_PREFIXES = ("the nao la", "giai thich giup", "giai thich", "cho toi hoi", "cho hoi")
# "ai là cái gì mà dạo này nghe nhiều thế": the question goes on after "là gì"; a short
# subject before it is still the term asked about.
_INFIXES = ("co nghia la gi", "nghia la gi", "la cai gi", "la gi")
_SHORT_SUBJECT = 4
_MEANING_MARKERS = (*_INFIXES, "the nao la", "giai thich")
_POLITE_TEXT = "a oi vay nhi nhe ha u the chau bac co chu ong ba anh chi em cho hoi"
_POLITE = frozenset(_POLITE_TEXT.split())
_ARTICLES = frozenset(("cai", "tu", "chu"))
FUZZY_CUTOFF = 88  # one wrong letter in a two-syllable term, not a different term


def _is_shouted(variant: str) -> bool:
    """'AI', 'OTP', 'SIM': in lesson text these are only the term when written in capitals."""
    return not any(char.islower() for char in variant)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _pattern(variants: Iterable[str], flags: int) -> re.Pattern[str] | None:
    ordered = sorted(set(variants), key=len, reverse=True)  # the longest reading wins at a place
    if not ordered:
        return None
    alternatives = "|".join(re.escape(variant) for variant in ordered)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", flags)


def _finditer(pattern: re.Pattern[str] | None, text: str) -> Iterable[re.Match[str]]:
    return pattern.finditer(text) if pattern else ()


@dataclass(frozen=True)
class Glossary:
    """Built once from the library's terms; every method is pure."""

    terms: tuple[Term, ...]
    by_written: Mapping[str, Term]  # lesson spelling (lower case unless shouted) -> term
    by_typed: Mapping[str, Term]  # normalised spelling -> term
    lower_pattern: re.Pattern[str] | None
    upper_pattern: re.Pattern[str] | None

    @classmethod
    def build(cls, terms: Iterable[Term]) -> Glossary:
        terms = tuple(terms)
        written: dict[str, Term] = {}
        typed: dict[str, Term] = {}
        for term in terms:
            for variant in map(_nfc, (term.term, *term.variants)):
                written.setdefault(variant if _is_shouted(variant) else variant.lower(), term)
                typed.setdefault(normalize(variant), term)
        shouted = [variant for variant in written if _is_shouted(variant)]
        lower = [variant for variant in written if not _is_shouted(variant)]
        return cls(
            terms,
            MappingProxyType(written),
            MappingProxyType(typed),
            _pattern(lower, re.IGNORECASE),
            _pattern(shouted, 0),
        )

    def terms_in(self, text: str) -> tuple[Term, ...]:
        """The glossary terms a lesson text uses, each once, in order of first appearance."""
        text = _nfc(text)
        spans = [(m.start(), -len(m.group()), m.group().lower()) for m in _finditer(self.lower_pattern, text)]
        spans += [(m.start(), -len(m.group()), m.group()) for m in _finditer(self.upper_pattern, text)]
        found: list[Term] = []
        covered_to = -1
        for start, negative_length, written in sorted(spans):
            if start < covered_to:
                continue  # inside a longer term already found ("số tài khoản" holds "tài khoản")
            covered_to = start - negative_length
            term = self.by_written[written]
            if term not in found:
                found.append(term)
        return tuple(found)

    def define(self, question: str) -> Term | None:
        """The term asked about in "X là gì?" (typed any way), or None."""
        subject = asked_subject(question)
        return self.lookup(subject) if subject else None

    def first_within(self, subject: str) -> tuple[Term, tuple[str, ...], tuple[str, ...]] | None:
        """The first term typed inside a longer subject ("cái ocop mà người ta hay nói" ->
        OCOP), longest reading first at each place: the term, the words it was typed as, and
        the subject's other words. Vietnamese puts the head of a phrase first: "mã otp của
        tài khoản" asks about the OTP."""
        found = normalize(subject).split()
        longest = max((len(key.split()) for key in self.by_typed), default=0)
        for start in range(len(found)):
            for size in range(min(longest, len(found) - start), 0, -1):
                term = self.by_typed.get(" ".join(found[start : start + size]))
                if term is not None:
                    return term, tuple(found[start : start + size]), (*found[:start], *found[start + size :])
        return None

    def lookup(self, typed: str) -> Term | None:
        """A term typed on its own ("otp", "vi dien tu"), one typo allowed."""
        key = normalize(typed)
        if key in self.by_typed:
            return self.by_typed[key]
        hit = process.extractOne(key, tuple(self.by_typed), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        return self.by_typed[hit[0]] if hit else None


def _strip(words: list[str], unwanted: frozenset[str], *, from_end: bool) -> list[str]:
    while words and (words[-1] if from_end else words[0]) in unwanted:
        words = words[:-1] if from_end else words[1:]
    return words


def _subject(words: list[str]) -> str | None:
    words = _strip(_strip(words, _POLITE, from_end=False), _ARTICLES, from_end=False)
    return " ".join(words) or None


def asks_meaning(typed: Sequence[str]) -> bool:
    """'... là gì', 'thế nào là ...', 'giải thích ...' in a question's normalised words: it asks
    what something means (not 'là sao', which mostly asks why, nor 'cho hỏi', which opens any
    question)."""
    text = f" {' '.join(typed)} "
    return any(f" {marker} " in text for marker in _MEANING_MARKERS)


def words_before_meaning(typed: Sequence[str]) -> str | None:
    """The words before '... là gì' in one clause's normalised words, however many ("cái ocop
    mà người ta hay nói là gì"); None when it has no such words."""
    text = " ".join(typed)
    for infix in _INFIXES:
        before, found, _ = f" {text} ".partition(f" {infix} ")
        if found and before.strip():
            return before.strip()
    return None


def asked_subject(question: str) -> str | None:
    """'Cái OTP là gì vậy ạ?' -> 'otp'; None when the text is not a "what is" question."""
    text = " ".join(_strip(normalize(question).split(), _POLITE, from_end=True))
    for suffix in _SUFFIXES:
        if text.endswith(" " + suffix):
            return _subject(text[: -len(suffix) - 1].split())
    for prefix in _PREFIXES:
        if text.startswith(prefix + " "):
            return _subject(text[len(prefix) + 1 :].split())
    return _subject_before(text)


def _subject_before(text: str) -> str | None:
    for infix in _INFIXES:
        before, found, _ = text.partition(f" {infix} ")
        if found and len(before.split()) <= _SHORT_SUBJECT:
            return _subject(before.split())
    return None
