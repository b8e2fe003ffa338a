"""Typed text as words: read like every other reader of learners' text, marks kept aside.

Each word is folded and its shorthand written out by `content.textnorm` ("đc" -> "duoc"),
and a word typed in Telex on a keyboard that left the keys in is read ("tieeps" -> "tiep"),
so matching sees one spelling. The word as typed is kept too: "có" and "cô" fold alike,
and a learner who typed the marks has said which one they meant.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

from content.textfold import fold
from content.textnorm import SHORTHAND

from .syllables import unkeyed
from .vocab import (
    ADDRESS_WORDS,
    IN_SEQUENCE,
    NEGATION_MARKED,
    NEGATIONS,
    NEVER,
    NEVER_ASKED,
    PREFIXES,
    PURE_PREFIXES,
    PURE_SUFFIXES,
    SELF_WORDS,
    SUFFIXES,
    VERBS,
)

_PIECES = re.compile(r"\d+|[^\W\d_]+")
_FOLDED_PIECES = re.compile(r"\d+|[a-z]+")
_CLAUSES = re.compile(r"[,;]")
# A letter right after a number is a unit: "8h" is 8 giờ, "50k" is 50 nghìn, not "không".
_UNITS = MappingProxyType({"h": "gio", "g": "gio", "gi": "gio", "p": "phut", "ph": "phut", "k": "nghin", "tr": "trieu"})
_LONGEST_AFFIX = 3
_OUT_OF = frozenset({"ra", "roi", "thoat", "di"})
# Shorthand that is one word only after a "không" ("ko bt" is không biết; "bt" alone is as
# often "bình thường").
_AFTER_NEGATION = MappingProxyType({"bt": "biet"})
_NEGATING = frozenset({"khong", "chua", "chang"})
# A "không" typed stuck to the word it denies ("khôngphải", "kophai", "kdc"): two syllables
# cannot make one, so it is read as the two words; read whole it was an unknown word and the
# denied rest could pick its opposite ("khôngphải lừa đảo" read as "Là lừa đảo").
# A bare "k" never takes "hieu" ("khieu" is khiếu, as in khiếu nại).
_STUCK_NEGATION = re.compile(
    r"(?:khong|ko|kg|hok|hong)(phai|dung|co|duoc|dc|biet|bit|can|muon|hieu|sao)|k(phai|dung|co|duoc|dc|biet|bit|can|muon|sao)"
)


class Word(NamedTuple):  # a tuple, not a dataclass: a reply makes dozens, and fast
    text: str  # folded, shorthand written out: "khong"
    raw: str  # as typed in lower case, with its marks: "không"; "" when written out from shorthand
    clause: int  # commas and semicolons end a clause (and what a "không" turns around)
    # folded as typed, when its Telex keys were read ("noj", read "no"): the last key may have
    # been a slip of the finger instead ("noj" for "noi", j under i), near.py
    keyed: str = ""

    @property
    def marked(self) -> bool:
        return bool(self.raw) and self.raw != self.text


def read_words(text: str) -> tuple[Word, ...]:
    """'Dạ, ko đc ạ' -> da | khong duoc a, each with what was typed."""
    words: list[Word] = []
    for number, clause in enumerate(_CLAUSES.split(text.lower())):
        raws = _PIECES.findall(clause)
        # One fold a clause (it is the costly part), none for plain letters such as aliases.
        folded = raws if clause.isascii() else _FOLDED_PIECES.findall(fold(clause))
        if len(folded) != len(raws):  # a letter that folds to nothing, or to a word and a number
            folded = [fold(raw) for raw in raws]
        previous = ""
        for raw, plain in zip(raws, folded, strict=True):
            unit = _UNITS.get(plain) if previous.isdigit() else None
            if unit is None and SHORTHAND.get(previous, previous) in _NEGATING:
                unit = _AFTER_NEGATION.get(plain)
            stuck = _STUCK_NEGATION.fullmatch(plain) if plain not in SHORTHAND else None
            keyed = ""
            if stuck is not None:
                rest = stuck.group(1) or stuck.group(2)
                written = f"khong {SHORTHAND.get(rest, rest)}"
            else:
                written = unit or SHORTHAND.get(plain) or unkeyed(plain)
                keyed = plain if written != plain and not unit and plain not in SHORTHAND else ""
            # "ra khỏi nhóm" is out of the group, not a "không": kept without its marks, it
            # is no negation (vocab.NEGATION_MARKED)
            keep = raw if written == plain and not (plain == "khoi" and previous in _OUT_OF) else ""
            words.extend(Word(piece, keep, number, keyed) for piece in written.split())
            previous = plain
    return _never(tuple(words))


def _never(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """'chả bao giờ đọc mã', 'đời nào ngân hàng nhắn thế', 'có bao giờ nhắn thế đâu': never,
    read as the one "không" it is (vocab.NEVER), so the words after it are turned around and
    its "bao giờ" or "đâu" asks nothing. Not where the words after it are missing ("đợi nào"
    alone is no "đời nào"), nor "có bao giờ" without its "đâu" (that one asks)."""
    for at in range(len(words)):
        for said, marks in NEVER.items():
            run = words[at : at + len(said)]
            if tuple(w.text for w in run) != said or (run[0].raw and run[0].raw not in marks):
                continue
            if at + len(said) < len(words) and words[at + len(said)].clause == run[-1].clause:
                return _never((*words[:at], Word("khong", "không", run[0].clause), *words[at + len(said) :]))
        end = _never_asked(words, at)
        if end is not None:
            before = (*words[:at], Word("khong", "không", words[at].clause))
            return _never((*before, *words[at + len(NEVER_ASKED) : end], *words[end + 1 :]))
    return words


def _never_asked(words: tuple[Word, ...], at: int) -> int | None:
    """Where the "đâu" stands that closes a "có bao giờ" at `at` in its clause, if one does."""
    run = words[at : at + len(NEVER_ASKED)]
    if tuple(w.text for w in run) != NEVER_ASKED or (run[0].marked and run[0].raw != "có"):
        return None
    clause = [i for i in range(at + len(NEVER_ASKED), len(words)) if words[i].clause == run[0].clause]
    while clause and words[clause[-1]].text in _CLOSING_PARTICLES:
        clause.pop()
    if len(clause) < 2 or words[clause[-1]].text != "dau" or words[clause[-1]].raw not in ("đâu", "dau"):
        return None
    return clause[-1]


# After a "… đâu" that says no, words that only close the sentence ("có bao giờ thế đâu ạ").
_CLOSING_PARTICLES = frozenset({"a", "nhe", "nha", "ma", "chu", "bac", "chau", "em", "anh", "chi"})


def key(words: Sequence[Word]) -> str:
    return " ".join(word.text for word in words)


def is_negation(word: Word) -> bool:
    marked = NEGATION_MARKED.get(word.text)
    return word.text in NEGATIONS and (marked is None or word.raw in marked)


def negated(words: Sequence[Word]) -> tuple[bool, ...]:
    """Which words a "không" / "chưa" / "đừng" before them turns around (to the clause's end)."""
    flags: list[bool] = []
    clause, on = -1, False
    for word in words:
        if word.clause != clause:
            clause, on = word.clause, False
        flags.append(on)
        on = on or is_negation(word)
    return tuple(flags)


# Tone marks (sắc, huyền, hỏi, ngã, nặng), which learners mix up ("lừa đão"); the marks
# that change a letter (â, ê, ô, ơ, ư, ă) they rarely do, and "có" is not "cô".
_TONES = frozenset({"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"})
_SHORT = 3


def toneless(text: str) -> str:
    kept = (ch for ch in unicodedata.normalize("NFD", text) if ch not in _TONES)
    return unicodedata.normalize("NFC", "".join(kept))


def spelled(word: Word, table: Mapping[str, frozenset[str]]) -> bool:
    """The word is one of the table's (folded -> the spellings with marks it may be typed in),
    typed with one of those spellings or with no marks at all: "đâu", "dau", not "đầu"."""
    marks = table.get(word.text)
    return marks is not None and (not word.marked or word.raw in marks)


def compatible(typed: str, other: str) -> bool:
    """Unmarked typing fits any marks, and any typing fits an unmarked alias ("chu de");
    on a short word the letters' own marks must agree ("có" is not "cô", "đão" is "đảo")."""
    if not typed or not other or typed == other:
        return True
    plain = fold(typed)
    return plain == typed or fold(other) == other or len(plain) > _SHORT or toneless(typed) == toneless(other)


@dataclass(frozen=True, slots=True)
class Layer:
    """The reply with some polite words peeled off."""

    words: tuple[Word, ...]
    # Only particles and "tôi chọn" were peeled. A word like "quá", "chữ" or "học" may have
    # been content ("nhiều chữ quá"), so what is left after peeling it is weaker evidence.
    clean: bool


def variants(words: tuple[Word, ...]) -> tuple[Layer, ...]:
    """The reply, then the reply with polite words peeled off, one layer at a time.

    'dạ cháu chọn số 2 ạ' -> [da chau chon so 2 a], [chau chon so 2 a], [da chau chon so 2],
    ... [so 2]: fewest layers first, whichever end they came from. Never peels down to
    nothing: 'dạ' alone stays 'dạ' (a yes).
    """
    spans = {(0, len(words)): True}
    order = [(0, len(words))]
    for start, end in order:  # grows while it is walked: each span's peeled spans follow it
        current = words[start:end]
        clean = spans[(start, end)]
        front, back = _prefix(current) or 0, _suffix(current) or 0
        for peeled, pure in (
            ((start + front, end), _texts(current[:front]) in PURE_PREFIXES or _self_words(current[:front])),
            ((start, end - back), _texts(current[len(current) - back :]) in PURE_SUFFIXES),
        ):
            if peeled != (start, end) and peeled not in spans:
                spans[peeled] = clean and pure
                order.append(peeled)
    return tuple(Layer(words[start:end], spans[(start, end)]) for start, end in order)


def _self_words(words: tuple[Word, ...]) -> bool:
    return len(words) == 1 and (_speaker(words[0]) or words[0].text in ADDRESS_WORDS)


# A self word typed with other marks is another word, not peeled as the speaker: "tối"
# (evening) in "tối về học" says when ("tới", "tổ" are kept as typed).
_SELF_MARKED = MappingProxyType(
    {"toi": frozenset({"tôi"}), "chau": frozenset({"cháu"}), "minh": frozenset({"mình"}), "to": frozenset({"tớ"})}
)


def _speaker(word: Word) -> bool:
    marked = _SELF_MARKED.get(word.text)
    return word.text in SELF_WORDS and (marked is None or not word.marked or word.raw in marked)


# After the speaker, a number word says what the speaker is, not which option: "tôi nam"
# (male; typed without marks it is also "năm", five), "tôi bảy mươi" (an age).
_NUMBER_WORDS = frozenset({"mot", "hai", "ba", "bon", "nam", "sau", "bay", "tam", "chin", "muoi"})


def _texts(words: Sequence[Word]) -> tuple[str, ...]:
    return tuple(word.text for word in words)


def _asks_yes_no(texts: tuple[str, ...], size: int) -> bool:
    """'đúng không', 'ok không': a question ending in "không" is not a "không"."""
    return texts[size:] == ("khong",) and texts[:size] not in _POLITE_NO


_POLITE_NO = frozenset({("da",), ("vang",), ("thoi",), ("u",)})


def _suffix(words: tuple[Word, ...]) -> int | None:
    texts = _texts(words)
    for size in range(min(_LONGEST_AFFIX, len(texts) - 1), 0, -1):
        if (
            texts[-size:] in SUFFIXES
            and not (texts[-size] == "truoc" and texts[-size - 1] in IN_SEQUENCE)
            and not _spoken_five(words, size)
        ):
            return size
    return None


def _spoken_five(words: tuple[Word, ...], size: int) -> bool:
    """'hai lam' is 'hai lăm' (25, as ages are said), not 'hai' and a 'lắm' (very): after a
    number word, a 'lam' not typed 'lắm' is the five that ends the number."""
    last = words[-size]
    return size == 1 and last.text == "lam" and last.raw != "lắm" and words[-2].text in _NUMBER_WORDS


def _prefix(words: tuple[Word, ...]) -> int | None:
    texts = _texts(words)
    for size in range(min(_LONGEST_AFFIX, len(texts) - 1), 0, -1):
        if texts[:size] in PREFIXES and not _asks_yes_no(texts, size):
            return size
    if len(texts) > 1 and _speaker(words[0]) and texts[1] not in _NUMBER_WORDS:
        return 1
    if len(texts) > 2 and texts[0] in ADDRESS_WORDS and texts[1] in VERBS:
        return 1
    return None
