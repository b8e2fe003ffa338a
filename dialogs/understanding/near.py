"""A short reply that is one option's label or alias but for one slip of the fingers.

"quay lia", "khong xao", "roi nhon", "hcoj tiep", "bácc": letters swapped, doubled, one
wrong, or Telex keys left in. Word by word, every word but one is the form's own, and that
one is a single edit away (rapidfuzz, optimal string alignment: a swapped pair is one edit).
It picks only when exactly one option comes that close and every other option's forms are
further off; a lone word must be one no Vietnamese word is spelled with ("lại" is "lại", not
a slip of "lui"; on a true-or-false screen a swap of two letters, "sia", is a slip of "Sai"),
and numbers are never near one another.
"""

from __future__ import annotations

from rapidfuzz.distance import OSA, Levenshtein

from .options import Form, OptionT, Prepared, Screen
from .readings import How, Picked, Reading
from .syllables import could_be_syllable, telex
from .words import Word, compatible

_MOST_WORDS = 4  # a longer reply has room for other words: not a slip of a label
_SHORTEST_SLIP = 3  # letters in the slipped word: "ba" / "bà" / "bá" are all words
_SWAP_EDITS = 2  # a swapped pair, counted without transposition: two letters replaced


def by_near(text: str, words: tuple[Word, ...], screen: Screen[OptionT]) -> Reading[OptionT] | None:
    if "?" in text or not 1 <= len(words) <= _MOST_WORDS:
        return None
    if len(words) == 1 and could_be_syllable(words[0].text):
        return _swapped(words[0].text, screen)
    slipped = [p for p in screen.options if any(_one_slip(words, form) for form in p.forms)]
    start = not slipped and len(words) >= _SHORTEST_START
    if start:  # "ngay sin": the label's beginning ("Ngày sinh của bác"), a slip in it
        slipped = [p for p in screen.options if _one_slip(words, _beginning(p.label_form, len(words)), cut=True)]
    if len(slipped) != 1:
        return None
    typed = " ".join(w.text for w in words)
    rival = any(
        _near(typed, p) or (start and _near_beginning(typed, p, len(words)))
        for p in screen.options
        if p is not slipped[0]
    )
    return None if rival else Picked(slipped[0].option, How.SLIP)


_SHORTEST_START = 2  # words: one word of a label is read by its distinctive words, not here


def _beginning(form: Form, size: int) -> Form:
    """The first `size` words of a longer label; an empty form when it is not longer."""
    if len(form.raws) <= size:
        return form._replace(key="", raws=())
    return form._replace(key=" ".join(form.key.split()[:size]), raws=form.raws[:size])


def _near_beginning(typed: str, option: Prepared[OptionT], size: int) -> bool:
    """The first words of one of the option's forms are one edit or none from the reply."""
    return any(OSA.distance(typed, " ".join(f.key.split()[:size]), score_cutoff=1) <= 1 for f in option.forms)


def _swapped(typed: str, screen: Screen[OptionT]) -> Reading[OptionT] | None:
    """On a screen that asks whether a statement is true ("Đúng" / "Sai"), a lone word that is
    one option's one-word label with two letters side by side swapped ("sia"): a slip even
    where the swap spells a possible syllable, since nothing else is said there. Elsewhere a
    swap may be another word ("giữ" beside "gửi", "sửa" beside "sau")."""
    if screen.statement is None or len(typed) < _SHORTEST_SLIP or not typed.isalpha():
        return None
    swapped = [p for p in screen.options if any(_swap_of(typed, form) for form in p.forms)]
    if len(swapped) != 1:
        return None
    rival = any(_near(typed, p) for p in screen.options if p is not swapped[0])
    return None if rival else Picked(swapped[0].option, How.SLIP)


def _swap_of(typed: str, form: Form) -> bool:
    want = form.key
    return (
        " " not in want
        and len(want) == len(typed)
        and OSA.distance(typed, want) == 1
        and Levenshtein.distance(typed, want) == _SWAP_EDITS
    )


def _near(typed: str, option: Prepared[OptionT]) -> bool:
    """One edit or none from a form of the option, spaces counted ("hoctiep")."""
    return any(OSA.distance(typed, form.key, score_cutoff=1) <= 1 for form in option.forms)


def _one_slip(words: tuple[Word, ...], form: Form, cut: bool = False) -> bool:
    """`cut`: the slip may only be a word's last letter left off ("sin" for "sinh"): a word
    one letter from a label's beginning may be a word of its own ("nói lại" is no "Gọi lại")."""
    wanted = form.key.split()
    if len(wanted) != len(words) or len(wanted) != len(form.raws):
        return False
    slipped = 0
    for word, want, raw in zip(words, wanted, form.raws, strict=True):
        if word.text == want and compatible(word.raw, raw):
            continue
        # its letters as typed: "noj" is three, though Telex reads it "no" ("nọ")
        if word.text.isdigit() or want.isdigit() or len(word.keyed or word.text) < _SHORTEST_SLIP:
            return False
        if cut and want[:-1] != word.text:
            return False
        if min(OSA.distance(seen, want) for seen in (word.text, telex(word.text))) != 1:
            return False
        slipped += 1
    return slipped == 1
