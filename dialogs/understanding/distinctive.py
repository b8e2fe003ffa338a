"""Distinctive words of one option: "lua dao" -> "Phòng tránh lừa đảo (2/8)", "tat may" ->
"Không đọc mã, tắt máy", one slip allowed per word ("vneld", "tieo"), words run together
("chplay") or split ("viet qr"). Every word that matters must be found; when two options fit
about as well, or the evidence is one common or tiny word, it asks back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Generic

from .match import EXACT, SLIP, Fit, Hits, Squashed, fit, hits, slips, squash, squashed_fit
from .options import Form, OptionT, Prepared, Screen, Term, terms
from .readings import AskBack, How, Picked, Reading, one_or_ask
from .syllables import could_be_syllable
from .vocab import ADDRESS_WORDS, NO_STRONG, NO_WEAK, PURE_SUFFIXES, SELF_WORDS, VAGUE, YES_STRONG, YES_WEAK
from .words import Layer, key

_MAX_TERMS = 6  # longer text is a sentence (a question, a story), not a choice
_MARGIN = 0.25  # how much more of one option's words a reply must use to beat another's
_SQUASHABLE = 3
_CARRIERS = 2  # sure words it takes to carry one word that only sounds like the label's
_TINY, _HALF = 2, 0.5  # "an" names "An toàn", not "Kẻ giả công an, cán bộ thuế, …"
# What is left when everything but a particle, a pronoun or a yes/no has been peeled off
# ("ok cháu" -> "cháu"): never a reason to pick "… cho con cháu".
_NOT_A_CHOICE = (
    frozenset(phrase[0] for phrase in PURE_SUFFIXES if len(phrase) == 1)
    | SELF_WORDS
    | ADDRESS_WORDS
    | frozenset(phrase for phrase in YES_STRONG | YES_WEAK | NO_STRONG | NO_WEAK if " " not in phrase)
)


@dataclass(frozen=True, slots=True)
class _Candidate(Generic[OptionT]):
    option: Prepared[OptionT]
    fit: Fit


def by_words(layers: tuple[Layer, ...], screen: Screen[OptionT], asking: bool) -> Reading[OptionT] | None:
    memo: dict[Term, Mapping[Term, float]] = {}
    for layer in layers:
        words, query = layer.words, terms(layer.words)
        if not query or len(query) > _MAX_TERMS or all(w.text in _NOT_A_CHOICE or w.text.isdigit() for w in words):
            continue
        scored = hits(query, screen.vocabulary, screen.texts, screen.sounds, memo)
        complete = _complete(query, scored, screen)
        # a label of words run together typed apart ("dich vu cong gov vn"): read as a whole
        typed = squash(query) if len(query) <= _SQUASHABLE + (3 if complete else 2) else None
        if not complete and typed is None:
            continue
        needed = _needed(query, scored, screen) if complete else ()
        found = [c for p in screen.options if (c := _candidate(query, typed, p, scored, complete, needed)) is not None]
        if found:
            return _vague(query, _decide(found, asking or _weak(query, layer, found), len(query)), screen)
    return _both(layers[0], screen) or _run_together(layers[0], screen)


_RUN_TOGETHER = 8  # letters: a name written as one word ("dichvucong" of "dichvucong.gov.vn")
_MOST_PARTS = 4
_TWO = 2  # look-alikes asked about at once


def _run_together(layer: Layer, screen: Screen[OptionT]) -> Reading[OptionT] | None:
    """'dich vu cong': a label's word written run together ('dichvucong.gov.vn'), typed as
    the words it is made of; another label's word one letter from it ('dichvucongs[.]top')
    makes it a question, as a look-alike address should."""
    words = layer.words
    if not 2 <= len(words) <= _MOST_PARTS or not all(w.text.isalpha() for w in words):
        return None
    typed = "".join(w.text for w in words)
    if len(typed) < _RUN_TOGETHER:
        return None
    near = [
        p
        for p in screen.options
        if any(len(t.text) >= _RUN_TOGETHER and slips(typed, t.text, 1) for t in p.label_form.own)
    ]
    if not any(t.text == typed for p in near for t in p.label_form.own):
        return None
    return one_or_ask(near, How.WORDS) if len(near) <= _TWO else None


def _vague(query: tuple[Term, ...], found: Reading[OptionT], screen: Screen[OptionT]) -> Reading[OptionT]:
    """'học bài' on the menu: words that are all common ('học', 'bài'), not in the order the
    option says them, picked 'Chủ đề bài học', yet part of them is the whole of another
    option's alias ('học' of 'Học tiếp'), so the learner may mean either: asked about."""
    said = {t.text for t in query if not t.stop}
    if not isinstance(found, Picked) or not said <= VAGUE:
        return found
    typed = f" {' '.join(t.text for t in query if not t.stop)} "
    picked = next(p for p in screen.options if p.option is found.option)
    if any(typed in f" {f.key} " for f in picked.forms):
        return found  # said as the option says it ("các bài học")
    others = [
        p
        for p in screen.options
        if p.option is not found.option and any(f.own and {t.text for t in f.own} <= said for f in p.forms)
    ]
    return AskBack((found.option, others[0].option)) if len(others) == 1 else found


def _both(layer: Layer, screen: Screen[OptionT]) -> Reading[OptionT] | None:
    """'ông bà', 'tiếp hay quay lại': two whole labels named at once, so ask which."""
    typed = f" {key(layer.words)} "
    named = [p for p in screen.options if f" {p.label_form.key} " in typed]
    if len(named) != 2 or len(layer.words) > _SQUASHABLE + 1:
        return None
    return AskBack((named[0].option, named[1].option))


def _complete(query: tuple[Term, ...], scored: Hits, screen: Screen[OptionT]) -> bool:
    """Whether every reply word that matters is somewhere on the screen, alone, joined or split.

    If not, only a whole short reply read as a whole label with a slip can still fit ("dong i");
    most text that is not an answer stops here, cheaply.
    """
    words = set(screen.texts)
    for index, term in enumerate(query):
        if term.stop or scored[index]:
            continue
        before = query[index - 1].text + term.text if index else ""
        after = term.text + query[index + 1].text if index + 1 < len(query) else ""
        if term.text not in screen.joined and before not in words and after not in words:
            return False
    return True


def _weak(query: tuple[Term, ...], layer: Layer, found: list[_Candidate[OptionT]]) -> bool:
    """One word is thin evidence when it is common, tiny, or what was left after peeling."""
    if len([t for t in query if not t.stop]) != 1 or max(c.fit.matched for c in found) > 1:
        return False
    word = next(t.text for t in query if not t.stop)
    common = word in VAGUE or (len(word) <= _TINY and could_be_syllable(word))
    return (common and max(c.fit.coverage for c in found) < _HALF) or not layer.clean


def _needed(query: tuple[Term, ...], scored: Hits, screen: Screen[OptionT]) -> tuple[frozenset[Term], ...]:
    """For each reply word that must be found, the screen's words it fits: a form holding none
    of them cannot fit, so it is not tried (words that may be joined or split are let through)."""
    words = set(screen.texts)
    needed = []
    for index, term in enumerate(query):
        after = term.text + query[index + 1].text if index + 1 < len(query) else ""
        before = query[index - 1].text + term.text if index else ""
        if not term.stop and term.text not in screen.joined and after not in words and before not in words:
            needed.append(frozenset(scored[index]))
    return tuple(needed)


def _candidate(
    query: tuple[Term, ...],
    typed: Squashed | None,  # the reply squashed, when it is short enough to be read so
    option: Prepared[OptionT],
    scored: Hits,
    complete: bool,
    needed: tuple[frozenset[Term], ...],
) -> _Candidate[OptionT] | None:
    fits = [
        f
        for form in option.forms
        if complete
        and all(form.own_set & words for words in needed)
        and (f := fit(query, form, scored)) is not None
        and _enough(f, form)
    ]
    squashed = max((squashed_fit(typed, form) for form in option.forms), default=0.0) if typed else 0.0
    if squashed:
        fits.append(Fit(len(query), squashed, 1.0))
    if not fits:
        return None
    return _Candidate(option, max(fits, key=_rank))


def _enough(found: Fit, form: Form) -> bool:
    """A label may be named by one word of it; an alias ("kết quả") only as a whole."""
    return form.is_label or found.coverage == 1.0 or found.matched > 1


def _rank(found: Fit) -> tuple[int, float, float]:
    return found.matched, found.quality, found.coverage


def _decide(found: list[_Candidate[OptionT]], asking: bool, typed: int = 0) -> Reading[OptionT]:
    ranked = sorted(found, key=lambda c: _rank(c.fit), reverse=True)
    top = ranked[0]
    how = How.WORDS if top.fit.quality == EXACT else How.SLIP
    # "phong chanh lua dao": one word only sounds like the label's, three others are right
    carried = top.fit.unsure == 1 and top.fit.matched - 1 >= _CARRIERS and len(ranked) == 1
    sure = (top.fit.quality >= SLIP or carried) and not asking
    if len(ranked) == 1:
        return Picked(top.option.option, how) if sure else AskBack((top.option.option,))
    second = ranked[1]
    more = top.fit.matched > second.fit.matched
    surer = top.fit.quality > second.fit.quality and second.fit.quality < SLIP
    # "bình dân học" is whole in "Bình dân học AI" and in "Phong trào Bình dân học vụ số", "lại"
    # in "Quay lại" and "Nói lại dễ hiểu hơn": the shorter label is not reason enough when
    # every word typed sits in both exactly
    shared = typed >= 1 and second.fit.matched >= typed and second.fit.quality >= EXACT
    wider = not shared and top.fit.quality >= second.fit.quality and top.fit.coverage - second.fit.coverage >= _MARGIN
    if sure and (more or surer or wider):
        return Picked(top.option.option, how)
    return AskBack((top.option.option, second.option.option))
