"""A screen's options, read once into the words a reply is matched against."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from itertools import pairwise
from typing import Generic, NamedTuple, Protocol, TypeVar

from content.textfold import fold

from .gist import Sense, label_gist
from .syllables import could_be_syllable, sound
from .vocab import EXPLAIN_KEYS, HELP_KEYS, NO_ALIASES, NO_LABELS, STOP_WORDS, UNDOING, YES_ALIASES, YES_LABELS
from .words import Word, is_negation, key, negated, read_words, spelled

# Marks in front of a label ("✓ ", "▸ ", "➕ ", "👨‍👩‍👧 ") and counters after it ("(2/8)").
_LEADING_MARKS = re.compile(r"^[^\w\"“'(\[]+")
_COUNTER = re.compile(r"\s*\([^()]*\)\s*$")
_DIGITS = re.compile(r"\d+")
_WEB_ADDRESS = re.compile(r"\S+(?:\.|\[\.\])\S+")
_PIECES = re.compile(r"[a-z0-9]+")
# A label of a few words that opens with "không" is a refusal ("Không cần nhắc");
# a longer one is an answer of its own ("Không đưa gì cả, tắt máy").
_SHORT_REFUSAL = 3
_NAVIGATION = frozenset({"menu", "ve menu", "quay lai"})
# What a lesson or topic shows after its title: lessons done of all ("(1/4)"), or its length ("(5 phút)").
_STUDY_COUNTER = re.compile(r"\(\s*(?:\d+\s*/\s*\d+|\d+\s*phút)\s*\)\s*$")
_LISTED = 2  # options so shown that make a screen a list of things to study


class OptionLike(Protocol):
    """What the engine's `Option` offers: an id, the label shown, and typed aliases."""

    @property
    def id(self) -> str: ...

    @property
    def label(self) -> str: ...

    @property
    def aliases(self) -> tuple[str, ...]: ...


OptionT = TypeVar("OptionT", bound=OptionLike)


class Polarity(StrEnum):
    NONE = ""
    YES = "yes"
    NO = "no"


class Term(NamedTuple):
    """A word of a reply or a label, and whether a "không" before it turned it around.

    A stop word ("là", "cho", "và") never has to be found, and never counts as one of a
    label's words; "chợ" is not "cho", so marks decide.
    """

    text: str
    raw: str
    negated: bool
    stop: bool = False
    syllable: bool = True  # could be a Vietnamese word: a slip from a label's word is then unsure


class Form(NamedTuple):
    """One way to say an option: its label, or one of its aliases."""

    key: str
    squashed: str  # without spaces, for words run together or split apart
    digits: tuple[str, ...]
    raws: tuple[str, ...]  # per word, as written (aliases are written without marks)
    terms: tuple[Term, ...]
    own: tuple[Term, ...]  # the terms that are not stop words: what the form is about
    own_set: frozenset[Term]
    is_label: bool


@dataclass(frozen=True, slots=True)
class Prepared(Generic[OptionT]):
    option: OptionT
    number: int  # 1-based, as the learner sees it
    shown: str  # the label without marks or counters, for "Ý bác là … ?"
    forms: tuple[Form, ...]
    polarity: Polarity
    # The label itself says yes or no ("Đồng ý"), rather than only an alias ("Xóa hết": "co").
    says_it: bool = False
    undoes: bool = False  # "Xóa hết", "Rời nhóm", "Tắt nhắc học": not for a mere "ok"
    gist: frozenset[Sense] = frozenset()  # what the label and aliases are about (gist.py)

    @property
    def label_form(self) -> Form:
        return self.forms[0]


@dataclass(frozen=True, slots=True)
class Screen(Generic[OptionT]):
    """The options of one screen, read. Build it once per rendered screen if it is read often."""

    options: tuple[Prepared[OptionT], ...]
    # (positive, negative) for a screen that asks whether a statement is true:
    # "Là lừa đảo" / "Không phải lừa đảo", "Đúng" / "Sai".
    statement: tuple[Prepared[OptionT], Prepared[OptionT]] | None
    vocabulary: tuple[Term, ...]  # every word of every option, once
    texts: tuple[str, ...]  # the same words' folded text, for rapidfuzz
    joined: frozenset[str]  # two side-by-side words of an option written as one: "chplay"
    sounds: tuple[str, ...]  # the words as said (match.sound), for "chánh" / "tránh"
    spaced: tuple[str, ...]  # every form's folded words, spaced at both ends: " dang nhap vneid "
    numbered: bool = True  # shown with numbers: "ba" may be the third option as well as "Bà"
    # a list of lessons or topics, each shown with its progress or length ("(1/4)", "(5 phút)")
    listing: bool = False


def shown_label(label: str) -> str:
    text = _LEADING_MARKS.sub("", label.strip())
    while (found := _COUNTER.search(text)) and found.start() > 0:
        text = text[: found.start()]
    return text.strip()


def terms(words: Sequence[Word]) -> tuple[Term, ...]:
    flags = negated(words)
    return tuple(
        Term(word.text, word.raw, flag, _is_stop(word), could_be_syllable(word.text))
        for word, flag in zip(words, flags, strict=True)
        if not is_negation(word)
    )


def _is_stop(word: Word) -> bool:
    return spelled(word, STOP_WORDS)


def make_form(words: Sequence[Word], is_label: bool) -> Form:
    text = key(words)
    read = terms(words)
    return Form(
        key=text,
        squashed=text.replace(" ", ""),
        digits=tuple(_DIGITS.findall(text)),
        raws=tuple(word.raw for word in words),
        terms=read,
        own=tuple(t for t in read if not t.stop),
        own_set=frozenset(t for t in read if not t.stop),
        is_label=is_label,
    )


@dataclass(frozen=True, slots=True)
class LabelReading:
    """How one option's label and aliases read, whatever screen shows it (so it can be kept)."""

    shown: str
    forms: tuple[Form, ...]
    polarity: Polarity
    says_it: bool
    undoes: bool
    gist: frozenset[Sense]


def read_label(label: str, aliases: tuple[str, ...]) -> LabelReading:
    shown = shown_label(label)
    words = read_words(shown)
    said = (words, *(read_words(alias) for alias in aliases))
    forms = (make_form(words, True), *(make_form(alias, False) for alias in said[1:]))
    polarity, says_it = _polarity(words, forms)
    undoes = any(w.text in UNDOING for w in words)
    # a web address ("bhxh[.]co") is about its pieces as written, not what they stand for
    address = _WEB_ADDRESS.fullmatch(shown) is not None
    gist = frozenset(Sense(p, False) for p in _PIECES.findall(fold(shown))) if address else label_gist(said)
    return LabelReading(shown, forms, polarity, says_it, undoes, gist)


LabelReader = Callable[[str, tuple[str, ...]], LabelReading]


def prepare(options: Sequence[OptionT], reader: LabelReader = read_label, numbered: bool = True) -> Screen[OptionT]:
    """Read every option's label and aliases into words; `reader` may remember them.

    `numbered` is False for a set of answers the learner is not shown with numbers (the
    forms of address read from free text): a number typed there names no option."""
    read = tuple(_prepared(option, number, reader) for number, option in enumerate(options, start=1))
    read = _complete_pair(read)
    vocabulary = tuple(dict.fromkeys(t for p in read for form in p.forms for t in form.own))
    joined = frozenset(a.text + b.text for p in read for form in p.forms for a, b in pairwise(form.own))
    texts = tuple(t.text for t in vocabulary)
    sounds = tuple(sound(t) for t in texts)
    listing = sum(1 for option in options if _STUDY_COUNTER.search(option.label)) >= _LISTED
    spaced = tuple(f" {form.key} " for p in read for form in p.forms)
    return Screen(read, _statement(read), vocabulary, texts, joined, sounds, spaced, numbered, listing)


def _prepared(option: OptionT, number: int, reader: LabelReader) -> Prepared[OptionT]:
    label = reader(option.label, tuple(option.aliases))
    return Prepared(option, number, label.shown, label.forms, label.polarity, label.says_it, label.undoes, label.gist)


def _polarity(words: tuple[Word, ...], forms: tuple[Form, ...]) -> tuple[Polarity, bool]:
    first = [w for w in words if w.clause == 0]
    first_clause = key(first)
    aliases = {form.key for form in forms[1:]}
    # "Có, vì …" is a yes; "Cô" (the form of address) folds alike and is not.
    says_yes = first_clause in YES_LABELS and not (first_clause == "co" and first[0].raw not in ("có", "co"))
    if says_yes or aliases & YES_ALIASES:
        return Polarity.YES, says_yes
    says_no = first_clause in NO_LABELS or bool(words and is_negation(words[0]) and len(words) <= _SHORT_REFUSAL)
    if says_no or aliases & NO_ALIASES:
        return Polarity.NO, says_no
    return Polarity.NONE, False


def _complete_pair(read: tuple[Prepared[OptionT], ...]) -> tuple[Prepared[OptionT], ...]:
    """On a two-option screen, the other side of a yes is a no ("Rời nhóm" / "Ở lại").

    Not the other way: beside "Bỏ qua", "Khác" is not a yes.
    """
    if len(read) != 2 or any(navigates(p) for p in read):
        return read
    if {p.polarity for p in read} != {Polarity.YES, Polarity.NONE}:
        return read
    return tuple(replace(p, polarity=Polarity.NO) if p.polarity is Polarity.NONE else p for p in read)


def _statement(read: tuple[Prepared[OptionT], ...]) -> tuple[Prepared[OptionT], Prepared[OptionT]] | None:
    if len(read) != 2 or any(p.polarity is not Polarity.NONE for p in read):
        return None
    first, second = read
    for positive, negative in ((first, second), (second, first)):
        pos, neg = positive.label_form.key, negative.label_form.key
        if (pos, neg) == ("dung", "sai") or neg in {f"khong {pos}", f"khong phai {pos.removeprefix('la ')}"}:
            return positive, negative
    return None


def navigates(option: Prepared[OptionT]) -> bool:
    """ "Về menu" or "Quay lại" is where a learner goes, not a "no" to the question."""
    return any(form.key in _NAVIGATION for form in option.forms)


def explains(option: Prepared[OptionT]) -> bool:
    return any(form.key in EXPLAIN_KEYS for form in option.forms)


def helps(option: Prepared[OptionT]) -> bool:
    return any(form.key in HELP_KEYS for form in option.forms)
