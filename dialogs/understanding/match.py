"""How well a reply's words fit one option: every word must be found, a slip allowed.

Distances come from rapidfuzz (optimal string alignment: a swapped pair of letters is one
slip). Numbers are never "nearly" equal: "8 giờ tối" is not a typo of "7 giờ tối". A word
that is itself a possible Vietnamese syllable is not taken for a slip without asking.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .options import Form, Term
from .syllables import could_be_syllable, sound
from .words import compatible

EXACT = 1.0
JOINED = 0.9  # "chplay" for "ch play", "viet qr" for "vietqr"
SLIP = 0.8  # one letter wrong, missing, extra or swapped, leaving no Vietnamese word
PREFIX = 0.7  # the start of a longer word
MAYBE = 0.6  # one letter from a label's word, but a word of its own ("ngân" / "ngày")
_SLIP_MIN = 4  # shorter words have too many neighbours ("qua" / "quý" / "quà")
_PART_MIN, _WHOLE_MIN = 2, 5  # "qr" inside "vietqr"
_SQUASHED_MIN = 5
_LONG = 12  # a form this long (without spaces) may carry two slips
_SAME_LETTER = frozenset({"i", "y"})  # "đồng í" for "đồng ý"
_SOUND_MIN = 3


class Fit(NamedTuple):
    matched: int  # reply words found (stop words count when they hit a real word: "chợ")
    quality: float  # the worst found word's score
    coverage: float  # share of the form's own words the reply used
    unsure: int = 0  # words found only as MAYBE: one among several sure ones still counts


def slips(a: str, b: str, allowed: int) -> bool:
    return OSA.distance(a, b, score_cutoff=allowed) <= allowed


def word_score(term: Term, other: Term) -> float:
    if term.negated != other.negated:
        return 0.0
    if term.text == other.text or {term.text, other.text} == _SAME_LETTER:
        return EXACT if compatible(term.raw, other.raw) else 0.0
    if term.text.isdigit() or other.text.isdigit():
        return 0.0
    word = not term.syllable
    if len(term.text) >= _SLIP_MIN and len(other.text) >= _SLIP_MIN and slips(term.text, other.text, 1):
        return SLIP if word else MAYBE
    if len(term.text) >= _SLIP_MIN and other.text.startswith(term.text):
        return PREFIX
    if word and _inside(term.text, other.text):
        return SLIP
    if len(term.text) >= _SOUND_MIN and sound(term.text) == sound(other.text):
        return MAYBE
    return 0.0


def _inside(part: str, whole: str) -> bool:
    return len(part) >= _PART_MIN and len(whole) >= _WHOLE_MIN and part in whole and not could_be_syllable(whole)


Hits = tuple[Mapping[Term, float], ...]  # for each reply word: the screen's words it fits, scored


def hits(
    query: Sequence[Term],
    vocabulary: Sequence[Term],
    texts: Sequence[str],
    sounds: Sequence[str],
    memo: dict[Term, Mapping[Term, float]] | None = None,
) -> Hits:
    """Score each reply word once against every word on the screen, not once per option.

    `memo` keeps the scores of words already scored while one reply is read: its peeled
    layers share most of their words.
    """
    memo = {} if memo is None else memo
    found: list[Mapping[Term, float]] = []
    for term in query:
        scored = memo.get(term)
        if scored is None:
            scored = memo[term] = _scores(term, vocabulary, texts, sounds)
        found.append(scored)
    return tuple(found)


def _scores(
    term: Term, vocabulary: Sequence[Term], texts: Sequence[str], sounds: Sequence[str]
) -> Mapping[Term, float]:
    near = {index for _, _, index in process.extract(term.text, texts, scorer=OSA.distance, score_cutoff=1, limit=None)}
    if len(term.text) >= _SLIP_MIN or not term.syllable:  # a prefix, or a part of a brand
        near.update(i for i, text in enumerate(texts) if term.text in text)
    said = sound(term.text)
    near.update(i for i, heard in enumerate(sounds) if heard == said)
    scored = {vocabulary[i]: word_score(term, vocabulary[i]) for i in near}
    return {word: score for word, score in scored.items() if score}


def fit(query: Sequence[Term], form: Form, found: Hits) -> Fit | None:
    """Every reply word that matters found among the form's words, or None."""
    own = form.own
    if not own or all(t.stop for t in query):
        return None
    used: set[int] = set()
    worst, matched, unsure, index = EXACT, 0, 0, 0
    while index < len(query):
        step, score, hit = _best(query, index, own, found[index])
        if score == 0.0 and not query[index].stop:
            return None
        if score:
            worst, matched, unsure = min(worst, score), matched + step, unsure + (score < SLIP)
            used.update(hit)
        index += step
    return Fit(matched, worst, len(used) / len(own), unsure)


def _best(
    query: Sequence[Term], index: int, own: tuple[Term, ...], found: Mapping[Term, float]
) -> tuple[int, float, tuple[int, ...]]:
    """(reply words consumed, score, form words used) for the reply word at `index`."""
    term = query[index]
    top, where = max(((found.get(word, 0.0), i) for i, word in enumerate(own)), default=(0.0, 0))
    if top == EXACT:
        return 1, top, (where,)
    joined = _joined_in_form(term, own)
    if joined is not None:
        return 1, JOINED, joined
    if index + 1 < len(query) and not (term.text.isdigit() or query[index + 1].text.isdigit()):
        text = term.text + query[index + 1].text  # "viet qr" for "vietqr"
        together = [i for i, word in enumerate(own) if word.text == text and word.negated == term.negated]
        if together:
            return 2, JOINED, (together[0],)
    return 1, top, (where,) if top else ()


def _joined_in_form(term: Term, own: tuple[Term, ...]) -> tuple[int, ...] | None:
    if len(term.text) < _SQUASHED_MIN:
        return None
    for index in range(len(own) - 1):
        first, second = own[index], own[index + 1]
        if first.negated == term.negated and first.text + second.text == term.text:
            return index, index + 1
    return None


class Squashed(NamedTuple):
    """A reply read once for `squashed_fit`: its letters without spaces, and its digits."""

    text: str
    digits: tuple[str, ...]
    shows_slip: bool  # a word that cannot be Vietnamese: a slip is plausible
    words: int
    negated: bool = False  # a "không" turned words around: "không về menu" is not "về menu"


def squash(query: Sequence[Term]) -> Squashed:
    text = "".join(t.text for t in query)
    digits = tuple(t.text for t in query if t.text.isdigit())
    return Squashed(text, digits, any(not t.syllable for t in query), len(query), any(t.negated for t in query))


def squashed_fit(typed: Squashed, form: Form) -> float:
    """The whole reply as the whole form, spaces aside ("dongy", "đồg ý"): EXACT, SLIP or 0.

    A slip is only read here when the reply shows one: a word that cannot be Vietnamese, or
    words run together or split apart.
    """
    squashed = typed.text
    if abs(len(squashed) - len(form.squashed)) > 2 or typed.digits != form.digits:
        return 0.0
    if typed.negated != any(t.negated for t in form.terms):
        return 0.0
    if len(form.squashed) < _SQUASHED_MIN or len(squashed) < _SQUASHED_MIN - 1:
        return 0.0
    if squashed == form.squashed:
        return EXACT
    shows_slip = typed.words != len(form.terms) or typed.shows_slip
    allowed = 2 if len(form.squashed) >= _LONG else 1
    return SLIP if shows_slip and slips(squashed, form.squashed, allowed) else 0.0
