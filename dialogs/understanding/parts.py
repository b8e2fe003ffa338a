"""A long reply in the learner's own words, cut into the parts that may each name an option.

"Tôi sẽ tắt máy rồi gọi ngay cho cháu hoặc gọi nhà trường." is too long to be read whole by
what it is about (senses.py); cut at its commas, full stops and joining words ("rồi", "vì",
"nên", "thì", "nhưng"), each part is short enough: "tôi sẽ tắt máy" | "gọi ngay cho cháu
hoặc gọi nhà trường". Each part is marked by what it does in the sentence:

- a reason ("vì dạo này nhiều người bị lừa", what comes before "nên"), what happened before
  "rồi" ("chuyển khoản rồi mới biết …") or a condition (what comes before "thì": "chuyển nhầm
  rồi thì …") is weak: it picks nothing, but where it names another option than the rest, the
  learner is asked;
- a part turned down by what follows it ("mấy cái mã thì không") is dropped;
- the rest is strong: it says what the learner does or wants.

A part other than a reason that says something no option is about makes the reply a story
(choice.py reads it so).

A joining word inside a phrase of the lexicon is no cut ("rời nhóm" typed "roi nhom").
"""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import NamedTuple

from .gist import units
from .words import Word, read_words

# Sentence marks that end a part as a comma does (a dot between letters is a web address).
_SENTENCE_ENDS = re.compile(r"[.!…]+(?=\s|$)")
# Joining words, typed with these marks or none ("thi" may be an exam: the lexicon decides).
_THEN = MappingProxyType({"roi": frozenset({"rồi"})})
# Typed with its marks only: "nhung" unmarked is as often "những".
_BUT = MappingProxyType({"nhung": frozenset({"nhưng"})})
_BECAUSE = MappingProxyType({"vi": frozenset({"vì"})})  # "tại" is as often "at" ("tại chợ")
_SO = MappingProxyType({"nen": frozenset({"nên"})})
_IF = MappingProxyType({"thi": frozenset({"thì"})})
_DENIALS = frozenset({"khong", "chua", "chang", "dau"})
_AGREEING = frozenset({"duoc", "ok", "dung", "co"})
_CLOSING = frozenset({"a", "nhe", "nha", "di", "luon", "roi", "the", "vay", "thoi", "dau", "ma"})


class Part(NamedTuple):
    words: tuple[Word, ...]
    weak: bool  # a reason, a condition or what happened: it picks nothing by itself
    aside: bool = False  # a reason given ("vì …"): what it says needs no option


def parts(text: str) -> tuple[Part, ...]:
    """The parts of `text` that may name an option, in order; none for a reply not cut."""
    words = read_words(_SENTENCE_ENDS.sub(",", text))
    pieces = _cut(words)
    found: list[Part] = []
    for at, (joiner, piece) in enumerate(pieces):
        after = pieces[at + 1] if at + 1 < len(pieces) else None
        core = tuple(w for w in piece if w.text not in _CLOSING)
        if not core or _only(core, _DENIALS | _AGREEING):
            continue  # "thì không", "thì được": said about the part before
        if after is not None and after[0] in _IF and _only(after[1], _DENIALS):
            continue  # "mấy cái mã thì không": turned down
        reason = joiner in _BECAUSE
        told = after is not None and after[0] in _THEN  # "chuyển khoản rồi mới biết …": what happened
        condition = after is not None and (after[0] in _SO or (after[0] in _IF and not _only(after[1], _AGREEING)))
        found.append(Part(piece, reason or told or condition, reason))
    return tuple(found) if len(pieces) > 1 else ()


def _only(words: tuple[Word, ...], texts: frozenset[str]) -> bool:
    core = [w.text for w in words if w.text not in _CLOSING or w.text in texts]
    return bool(core) and all(t in texts for t in core)


def _cut(words: tuple[Word, ...]) -> list[tuple[str, tuple[Word, ...]]]:
    """The pieces between commas and joining words, each with the joining word that opens it
    (folded; "" after a comma or at the start); the joining word is no word of the piece."""
    inside = {at for u in units(words) if u.size > 1 for at in range(u.start, u.start + u.size)}
    pieces: list[tuple[str, tuple[Word, ...]]] = []
    current: list[Word]
    joiner, current = "", []
    for at, word in enumerate(words):
        if current and word.clause != current[-1].clause:
            pieces.append((joiner, tuple(current)))
            joiner, current = "", []
        joins = _joining(word) and at not in inside and at + 1 < len(words)
        if joins and (current or pieces):
            if current:
                pieces.append((joiner, tuple(current)))
            joiner, current = word.text, []
            continue
        current.append(word)
    if current:
        pieces.append((joiner, tuple(current)))
    return pieces


def _joining(word: Word) -> bool:
    for table in (_THEN, _BECAUSE, _SO, _IF):
        marks = table.get(word.text)
        if marks is not None:
            return not word.marked or word.raw in marks
    return word.raw in _BUT.get(word.text, ())
