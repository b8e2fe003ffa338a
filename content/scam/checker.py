"""The scam checker: built once at start-up, then `check(text)` for every message.

How it decides: it finds the signals of scam_signals.yaml in the message (patterns, links,
negation), then grading.py turns them into a grade. docs/scamcheck.md explains it for
commune officers. The checker keeps nothing: no text, no log, only the returned Verdict.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from content.scam.firstwords import first_words, number_word
from content.scam.forwarded import Forwarded, Seen, looks_forwarded
from content.scam.grading import Grader
from content.scam.links import LinkReader
from content.scam.load import ScamBook
from content.scam.schema import Grade, Signal
from content.scam.text import Negation, Prepared, build_negation, compile_patterns, prepare, sentence_spans
from content.scam.verdict import Finding, Verdict

_WORD = re.compile(r"[^\s|]+")
# The letters before a word's first digit ("x10", "50k"): where a pattern that begins with a number may match.
_NUMBER_WORD = re.compile(r"(?<![^\s|])([a-z]*)\d")
# Zero-width and soft-hyphen characters: invisible on a phone, but they split a word or an
# address ("vcb\u200b-xacminh[.]top") so that no pattern would see it.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")
# "+375 ...", "+255 ...": a number abroad (Vietnam is +84), written the way call logs show it.
# A country code alone counts too: "có số +375 gì đó gọi nháy máy".
_FOREIGN_NUMBER = re.compile(
    r"(?<![\w+])\+(?!84)\d{2,3}(?:(?:[\s-]?[\dx]){6,}|(?![\d.,]|\s?(?:vnd|vnđ|đ|d\b|dong|đồng|usd)))", re.IGNORECASE
)


@dataclass(frozen=True)
class _Search:
    """A compiled pattern and the words its matches can start with (None: any word)."""

    regex: re.Pattern[str]
    starts_with: frozenset[str] | None


@dataclass(frozen=True)
class _Rule:
    signal: Signal
    order: int
    search: _Search | None
    together: tuple[_Search, ...] = ()

    def could_match(self, present: frozenset[str]) -> bool:
        """Whether the message holds a word some match would start with: its patterns', or a
        word of every part that must come together (most rules share no word with a message)."""
        if self.search is not None and _could_start(self.search, present):
            return True
        return bool(self.together) and all(_could_start(part, present) for part in self.together)


@dataclass(frozen=True)
class _Words:
    """Where each word of the prepared text begins, and the set of them (a set meets a set
    by its smaller side; a set meeting a dict walks the whole message)."""

    starts: dict[str, list[int]]
    present: frozenset[str]


def _could_start(search: _Search, present: frozenset[str]) -> bool:
    return search.starts_with is None or not search.starts_with.isdisjoint(present)


def _search(patterns: tuple[str, ...], prefilter: bool) -> _Search:
    words = [first_words(p) for p in patterns] if prefilter else [None]
    known = None if any(w is None for w in words) else frozenset().union(*(w for w in words if w is not None))
    return _Search(compile_patterns(patterns), known)


def _rule(signal: Signal, order: int, prefilter: bool) -> _Rule:
    search = _search(signal.patterns, prefilter) if signal.patterns else None
    return _Rule(signal, order, search, tuple(_search((part,), prefilter) for part in signal.together))


def _places(search: _Search, words: _Words) -> int:
    """How many places a search will try (a whole-text scan counts as many)."""
    if search.starts_with is None:
        return len(words.starts) + 1
    return sum(len(words.starts[word]) for word in search.starts_with & words.present)


def _word_starts(text: str) -> _Words:
    """Where each word of the prepared text begins."""
    found: dict[str, list[int]] = {}
    for match in _WORD.finditer(text):
        found.setdefault(match.group(0), []).append(match.start())
    for match in _NUMBER_WORD.finditer(text):
        found.setdefault(number_word(match.group(1)), []).append(match.start())
    return _Words(found, frozenset(found))


def _accepted(search: _Search, negation: Negation | None, prepared: Prepared, words: _Words) -> Iterator[int]:
    """Where the pattern matches, leaving out matches a negation or a report turns around
    (`negation` is None for a signal that is not negatable)."""
    text = prepared.text
    if search.starts_with is None:
        found: Iterable[int] = (match.start() for match in search.regex.finditer(text))
    else:
        # the message's own words that a pattern starts with: most rules share none with a message
        candidates = sorted(at for word in search.starts_with & words.present for at in words.starts[word])
        found = (at for at in candidates if search.regex.match(text, at))
    for at in found:
        if negation is None or not negation.applies(prepared, at):
            yield at


class ScamChecker:
    def __init__(self, book: ScamBook, *, prefilter: bool = True) -> None:
        """`prefilter=False` scans the whole text with every pattern: the slow reference path."""
        self._book = book
        lists = book.signals.lists
        self._prefilter = prefilter
        self._rules = tuple(_rule(s, i, prefilter) for i, s in enumerate(book.signals.signals))
        self._by_id = {rule.signal.id: rule for rule in self._rules}
        self._grader = Grader(book.signals, {i: rule.signal for i, rule in self._by_id.items()}, book.opinion)
        self._negation = build_negation(lists)
        names = [name for brand in book.brands for name in brand.names]
        self.links = LinkReader(book.official, lists.shorteners, lists.risky_tlds, lists.lookalike_letters, names)
        self._brand_words = self._brand_regexes()

    def _brand_regexes(self) -> dict[str, re.Pattern[str]]:
        """signal id -> one regex for every brand name that earns it, as whole words."""
        grouped: dict[str, list[str]] = {}
        for brand in self._book.brands:
            if brand.signal is not None:
                grouped.setdefault(brand.signal, []).extend(brand.names)
        return {signal: compile_patterns(tuple(sorted(set(names)))) for signal, names in grouped.items()}

    def forwarded(self, text: str) -> Forwarded:
        """Does free text look like a pasted or forwarded message rather than an answer?"""
        return self.inspect(text)[0]

    def inspect(self, text: str) -> tuple[Forwarded, Verdict]:
        """Both answers for free text, reading it once: check the verdict only if it looks pasted."""
        verdict = self.check(text)
        kinds = {self._by_id[i].signal.kind for i in verdict.signal_ids}
        seen = Seen(
            link="link" in kinds or "official-link" in verdict.signal_ids,
            brand="pretend" in kinds,
            asks=bool(kinds & {"request", "link"}),
            code=any(self._by_id[i].signal.at_least for i in verdict.signal_ids),
            flagged=verdict.grade != "none",
        )
        return looks_forwarded(text, seen), verdict

    @property
    def signal_ids(self) -> tuple[str, ...]:
        return tuple(rule.signal.id for rule in self._rules)

    def check(self, text: str) -> Verdict:
        text = _INVISIBLE.sub("", text)
        prepared = prepare(text)
        detected = self.links.detect(text)
        if _FOREIGN_NUMBER.search(text):
            detected.add("foreign_number")
        raw = self._raw_signals(prepared, detected)
        found = self._resolve(raw)
        score = self._grader.score(found)
        grade, raised_by = self._grader.grade(found, prepared)
        ordered = sorted(found, key=lambda i: self._by_id[i].order)
        return Verdict(
            grade=grade,
            title=self._book.signals.grades[grade].title,
            score=score,
            shown=self._shown(grade, ordered),
            signal_ids=tuple(ordered),
            advice=self._advice(grade, found),
            raised_by=raised_by,
        )

    def _raw_signals(self, prepared: Prepared, detected: set[str]) -> set[str]:
        found = set()
        starts = [start for start, _ in sentence_spans(prepared)]
        words = _word_starts(prepared.text)
        negation = self._negation.for_message(prepared)
        for rule in self._rules:
            detector = rule.signal.detector
            if detector == "brand_named":
                brand = self._brand_words.get(rule.signal.id)
                if brand is not None and brand.search(prepared.text):
                    found.add(rule.signal.id)
            elif detector is not None and detector in detected:
                found.add(rule.signal.id)
            if rule.signal.id in found or (self._prefilter and not rule.could_match(words.present)):
                continue
            if self._rule_matches(rule, prepared, starts, words, negation):
                found.add(rule.signal.id)
        return found

    def _rule_matches(
        self, rule: _Rule, prepared: Prepared, starts: list[int], words: _Words, negation: Negation
    ) -> bool:
        negatable = negation if rule.signal.negatable else None
        if rule.search is not None and next(_accepted(rule.search, negatable, prepared, words), None) is not None:
            return True
        if not rule.together:
            return False
        # The part with the fewest places to try goes first; a part found nowhere ends the search.
        parts = sorted(rule.together, key=lambda part: _places(part, words))
        if _places(parts[0], words) == 0:
            return False
        common: set[int] | None = None
        for part in parts:
            found = _accepted(part, negatable, prepared, words)
            sentences = {bisect.bisect_right(starts, at) - 1 for at in found}
            if rule.signal.together_in == "message":
                sentences = {0} if sentences else set()
            common = sentences if common is None else common & sentences
            if not common:
                return False
        return True

    def _present(self, wanted: Iterable[str], found: set[str]) -> bool:
        return self._grader.present(wanted, found)

    def _resolve(self, raw: set[str]) -> set[str]:
        """Drop signals whose `requires_any` is unmet until none is left to drop (a dropped one
        may have been what another required), then apply `unless_any` against what stays."""
        kept = set(raw)
        while True:
            still = {i for i in kept if self._present_or_free(self._by_id[i].signal.requires_any, kept - {i})}
            if still == kept:
                break
            kept = still
        return {i for i in kept if not self._present(self._by_id[i].signal.unless_any, kept - {i})}

    def _present_or_free(self, wanted: tuple[str, ...], found: set[str]) -> bool:
        return not wanted or self._present(wanted, found)

    def _shown(self, grade: Grade, ordered: list[str]) -> tuple[Finding, ...]:
        signals = [self._by_id[i].signal for i in ordered]
        # A flagged message shows what is wrong; an ordinary one, why it looks ordinary.
        picked = [s for s in signals if (s.weight > 0) == (grade != "none")]
        picked.sort(key=lambda s: -abs(s.weight))  # stable: file order among equals
        return tuple(Finding(s.id, s.explanation, s.weight) for s in picked[: self._book.signals.max_shown])

    def _advice(self, grade: Grade, found: set[str]) -> tuple[str, ...]:
        """Every line for the grade, and the first few tied to what was found, in file order."""
        extra = self._book.signals.max_extra_advice
        lines = []
        for line in self._book.signals.advice:
            if grade not in line.grades:
                continue
            if line.when_any:
                if extra == 0 or not self._present(line.when_any, found):
                    continue
                extra -= 1
            lines.append(line.text)
        return tuple(lines)
