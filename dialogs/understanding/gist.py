"""What a reply or a label is about: the senses its phrases stand for (`lexicon.py`) and
its other content words, each marked when a "không" before it turns it around.

"Cúp máy" and "tắt máy" are both @hang_up, "ra ngoài" and "Về menu" both @menu; the words
inside a phrase are kept as weak evidence, the words no phrase holds as strong.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from types import MappingProxyType
from typing import NamedTuple

from .lexicon import LONGEST_PHRASE, MARKED_SENSES, MARKS, PHRASES
from .vocab import ADDRESS_WORDS, PURE_PREFIXES, PURE_SUFFIXES, SELF_WORDS, STOP_WORDS, VAGUE
from .words import Word, is_negation, negated, spelled

_TINY = 2
# Words that carry nothing of an option: particles, people, joining words.
_FILLER = (
    frozenset(p[0] for p in PURE_PREFIXES | PURE_SUFFIXES if len(p) == 1)
    | SELF_WORDS
    | ADDRESS_WORDS
    | frozenset({"oi", "nhe", "nha", "a", "da", "vang", "u", "ok", "roi", "di", "nao", "voi", "thoi", "the", "vay"})
)
_PEOPLE = MappingProxyType(
    {
        "toi": frozenset({"tôi"}),
        "co": frozenset({"cô"}),
        "chi": frozenset({"chị"}),
        "ba": frozenset({"bà"}),
        "ong": frozenset({"ông"}),
        "bac": frozenset({"bác"}),
        "chu": frozenset({"chú"}),
        "cu": frozenset({"cụ"}),
        "minh": frozenset({"mình"}),
        "to": frozenset({"tớ"}),
    }
)
_ASKING = MappingProxyType(
    {
        "gi": frozenset({"gì"}),
        "sao": frozenset({"sao"}),
        "nao": frozenset({"nào"}),
        "ai": frozenset({"ai"}),
        "bao": frozenset({"bao"}),
        "nhieu": frozenset({"nhiêu"}),
        "lieu": frozenset({"liệu"}),
        "dau": frozenset({"đâu"}),
    }
)
_ASKING_ENDS = frozenset({"khong", "chua", "ha", "sao"})


class Sense(NamedTuple):
    text: str  # "@menu" for a sense, or a content word
    negated: bool


class Gist(NamedTuple):
    strong: frozenset[Sense]  # senses, and content words no phrase holds
    weak: frozenset[Sense]  # common words, and the words inside a phrase
    denies: bool  # a "không" no phrase holds
    asks: bool
    tells: bool = False  # tells what happened ("lỡ", "bị", "… rồi"): a story, not a choice


def gist(words: Sequence[Word], text: str = "", whole: bool = True) -> Gist:
    flags = negated(words)
    strong, held = _senses(words, flags, 1 if whole else 2)
    weak: set[Sense] = set()
    for word, flag, inside in zip(words, flags, held, strict=True):
        if is_negation(word) or _filler(word) or _stop(word):
            continue
        common = word.text in VAGUE or len(word.text) <= _TINY or word.text.isdigit()
        (weak if inside or common else strong).add(Sense(word.text, flag))
    loose = [(w, f) for w, f, h in zip(words, flags, held, strict=True) if not h]
    denies = any(is_negation(w) for w, _ in loose)
    return Gist(frozenset(strong), frozenset(weak), denies, _asks(text, words, loose), _tells(words, held))


def _senses(words: Sequence[Word], flags: Sequence[bool], shortest: int) -> tuple[set[Sense], list[bool]]:
    """The senses of the reply's phrases, longest phrase first from the left, and which words
    a phrase holds."""
    found: set[Sense] = set()
    held = [False] * len(words)
    index = 0
    while index < len(words):
        size, senses = _phrase(words, index)
        senses = senses if size >= shortest else ()
        found.update(Sense("@" + sense, flags[index]) for sense in senses if sense)
        held[index : index + size] = [bool(senses)] * size
        index += size
    return found, held


def _asks(text: str, words: Sequence[Word], loose: Sequence[tuple[Word, bool]]) -> bool:
    # "gì" after a "không" is no question: "không nói gì"; nor what one will ask someone else
    # ("gọi lại số đấy hỏi xem viện nào")
    asked = _asked_of_others(words)
    asking = any(_asking(w) and not flag and w not in asked for w, flag in loose) or _how_many(words)
    return "?" in text or asking or (len(words) > 1 and words[-1].text in _ASKING_ENDS)


# Words before "hỏi xem" that make it a question the learner will put to someone else: what
# follows is what they will ask, not a question to the tutor ("cho hỏi xem …" asks the tutor).
_NOT_OTHERS = frozenset({"cho", "xin", "muon", "can"})


def _asked_of_others(words: Sequence[Word]) -> frozenset[Word]:
    """The words after "… hỏi xem" that a verb of the learner's goes before, in that clause."""
    for at in range(1, len(words) - 1):
        before, ask, see = words[at - 1], words[at], words[at + 1]
        if ask.text == "hoi" and see.text == "xem" and not _filler(before) and before.text not in _NOT_OTHERS:
            return frozenset(w for w in words[at + 2 :] if w.clause == ask.clause)
    return frozenset()


def _phrase(words: Sequence[Word], index: int) -> tuple[int, tuple[str, ...]]:
    """The longest phrase of the lexicon that starts at `index`, and its senses; but one word
    shorter when that is a phrase too, and the word after the longest would be read alone as
    a sense of its own where with the phrase's last word it makes a phrase: "học tiếp bài sau"
    is "học tiếp" and "bài sau", not "học tiếp bài" and a lone "sau" (later). ("Thu hồi mã
    mời" stays "thu hồi mã" and "mời", which alone is no sense.)"""
    size, senses = _longest(words, index)
    end = index + size
    if size > 1 and end < len(words):
        after, alone = _longest(words, end)
        if after == 1 and alone and _longest(words, end - 1)[0] > 1:
            shorter, fewer = _longest(words[: end - 1], index)
            if shorter == size - 1 and fewer:
                return shorter, fewer
    return size, senses


def _longest(words: Sequence[Word], index: int) -> tuple[int, tuple[str, ...]]:
    """The longest phrase of the lexicon that starts at `index`, and its senses."""
    for size in range(min(LONGEST_PHRASE, len(words) - index), 0, -1):
        part = words[index : index + size]
        senses = PHRASES.get(tuple(w.text for w in part))
        if senses is not None and _marks_fit(part):
            return size, senses
    marked = MARKED_SENSES.get((words[index].text, words[index].raw))
    return 1, (marked,) if marked is not None else ()


def phrase_senses(words: Sequence[Word]) -> tuple[str, ...]:
    """The senses of the words when all of them are one phrase of the lexicon, else none."""
    size, senses = _phrase(words, 0) if words else (0, ())
    return tuple(s for s in senses if s) if size == len(words) else ()


# Words that count what follows ("mấy chiêu lừa", "vài câu"), typed with these marks: "máy"
# (a phone) and "vai" (a shoulder) are things.
_COUNTING = MappingProxyType({"may": frozenset({"mấy"}), "vai": frozenset({"vài"})})


def _filler(word: Word) -> bool:
    """A particle, a person ("tôi", "bác") or a count ("mấy"); "tối" is an evening and "có" a yes."""
    if word.raw in _COUNTING.get(word.text, ()):
        return True
    if word.text not in _FILLER:
        return False
    marks = _PEOPLE.get(word.text)
    return marks is None or not word.marked or word.raw in marks


def _tells(words: Sequence[Word], held: Sequence[bool]) -> bool:
    loose = [w for w, h in zip(words, held, strict=True) if not h]
    past = bool(words) and not held[-1] and words[-1].text == "roi"
    return past or any(w.text in _HAPPENED and (not w.marked or w.raw in _HAPPENED[w.text]) for w in loose)


_HAPPENED = MappingProxyType({"lo": frozenset({"lỡ"}), "bi": frozenset({"bị"})})


def happened(words: Sequence[Word]) -> bool:
    """'lỡ', 'bị' anywhere: the reply tells what happened to someone."""
    return any(w.text in _HAPPENED and (not w.marked or w.raw in _HAPPENED[w.text]) for w in words)


def _how_many(words: Sequence[Word]) -> bool:
    """'mấy giờ rồi', 'bao nhiêu tuổi' ask; 'mấy trò lừa mới' does not."""
    return any(a.text == "may" and (not a.marked or a.raw == "mấy") and b.text in _COUNTED for a, b in pairwise(words))


_COUNTED = frozenset({"gio", "tuoi", "ngay", "thang", "nam", "tien", "lan", "phut"})


# Words a reply may open with before it says anything: "dạ", "em ơi", "cháu", "cho chị".
_OPENING = SELF_WORDS | ADDRESS_WORDS | frozenset({"da", "vang", "oi", "u", "ok", "xin", "cho"})


def trimmed(words: Sequence[Word]) -> Sequence[Word]:
    """The reply without the particles, people and joining words around it: "em ơi cho chị
    học bài quét khuôn mặt" -> "học bài quét khuôn mặt"."""
    start, end = 0, len(words)
    while start < end and words[start].text in _OPENING and _filler(words[start]):
        start += 1
    while end > start and (_filler(words[end - 1]) or _stop(words[end - 1])):
        end -= 1
    return words[start:end]


def _asking(word: Word) -> bool:
    """'gì', 'đâu', 'nào', typed with these marks or none ("đầu" is not "đâu")."""
    return spelled(word, _ASKING)


def _marks_fit(words: Sequence[Word]) -> bool:
    """Typed with marks, a phrase the lexicon spells with marks is only those words ("nghỉ",
    not "nghi"; "mã mời", not "mã mới"); most phrases of two words or more are specific enough."""
    allowed = MARKS.get(" ".join(w.text for w in words))
    return allowed is None or not any(w.marked for w in words) or " ".join(w.raw for w in words) in allowed


def _stop(word: Word) -> bool:
    return spelled(word, STOP_WORDS)


class Unit(NamedTuple):
    """One thing a reply says: a phrase's sense, or a word no phrase holds."""

    sense: Sense
    start: int  # the index of its first word: the senses of one phrase share it
    size: int  # how many words of the reply it stands for
    vague: bool = False  # a word in too many labels to tell much ("học", "bài")
    words: frozenset[Sense] = frozenset()  # a phrase's own words, marked like it
    raw: str = ""  # a lone word as typed, with its marks ("đại" is not "dài")


def units(words: Sequence[Word]) -> tuple[Unit, ...]:
    """What a reply says, unit by unit: 'tắt máy rồi gọi cho con' -> @hang_up (2 words), gọi."""
    flags = negated(words)
    found: list[Unit] = []
    index = 0
    while index < len(words):
        size, senses = _phrase(words, index)
        flag = flags[index]
        inner = frozenset(Sense(w.text, flag) for w in words[index : index + size])
        found.extend(Unit(Sense("@" + sense, flag), index, size, False, inner) for sense in senses if sense)
        word = words[index]
        if not senses and not (is_negation(word) or _filler(word) or _stop(word)):
            found.append(Unit(Sense(word.text, flag), index, 1, word.text in VAGUE, raw=word.raw))
        index += size
    return tuple(found)


def label_gist(forms: Sequence[Sequence[Word]]) -> frozenset[Sense]:
    """Everything a label and its aliases are about, strong or weak alike. Aliases are typed
    without marks, so a one-word phrase of theirs says nothing sure ("roi" is "rồi" as well
    as "rời"): their senses come from phrases of two words or more."""
    found: set[Sense] = set()
    for number, words in enumerate(forms):
        read = gist(words, whole=number == 0)
        found.update(read.strong, read.weak)
    return frozenset(found)
