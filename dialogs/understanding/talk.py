"""Free text that is not an answer: a plea for help with this screen, or a real question.

"không hiểu", "là sao", "?" ask for the screen again, simpler; "mã xác thực là gì?" asks the
library (the engine passes it to content.search). The difference is whether anything is
being asked about: help is made of question words and "this" alone.
"""

from __future__ import annotations

from enum import StrEnum
from itertools import pairwise
from types import MappingProxyType

from .vocab import ADDRESS_WORDS, PREFIXES, SELF_WORDS, STOP_WORDS, SUFFIXES
from .words import Word, key, read_words, variants


class Help(StrEnum):
    EXPLAIN = "explain"  # "không hiểu", "là sao": say it again in simpler words
    REPEAT = "repeat"  # "nói lại": show the same thing again
    HOW = "how"  # "làm sao", "bấm đâu": how to answer this screen, with an example


def _table(kind: Help, *lines: str) -> dict[str, Help]:
    return dict.fromkeys(lines, kind)


# Whoever the learner is, as they call themselves in a plea ("chỉ tôi với", "bác bị rối").
_PEOPLE = SELF_WORDS | ADDRESS_WORDS


_HELP = MappingProxyType({
    **_table(
        Help.EXPLAIN,
        "khong hieu", "chua hieu", "khong hieu gi", "chang hieu", "hieu gi dau", "khong hieu lam",
        "khong hieu y", "la sao", "nghia la sao", "nghia la gi", "the la sao", "y la sao", "la gi",
        "gi vay", "gi the", "gi co", "cai gi", "sao", "sao co", "sao vay", "ha", "huh", "giai thich",
        "giai thich lai", "kho qua", "kho", "kho hieu", "khong ro", "chua ro", "roi qua", "noi gi vay",
        "noi gi the", "la the nao", "the nao", "gi", "khong hieu gi het", "khong hieu gi ca",
        "de hieu hon", "noi de hieu hon", "hieu sao", "kho hieu the", "bi roi", "roi lam",
        "roi het ca", "roi tung",
    ),
    **_table(
        Help.REPEAT,
        "noi lai", "nhac lai", "lap lai", "lai", "noi cham", "cham thoi", "noi cham thoi", "noi lai di",
        "lai lan nua", "noi lai lan nua", "gui lai",
    ),
    **_table(
        Help.HOW,
        "lam sao", "lam the nao", "lam gi", "phai lam gi", "go gi", "go the nao", "bam dau", "bam vao dau",
        "bam gi", "chon sao", "chon gi", "chon the nao", "khong biet lam", "khong biet lam sao",
        "khong biet go", "khong biet bam", "khong biet chon", "khong biet", "chiu", "huong dan", "giup",
        "giup do", "cuu", "bi ket", "lam tiep the nao", "tiep the nao", "go sao", "tra loi sao",
        "tra loi the nao", "khong biet tra loi", "khong biet bam gi", "khong biet chon gi", "khong biet lam gi",
        "khong biet go gi", "bam nao", "chon nao", "khong biet bam nao", "khong biet chon nao", "bam nut nao",
        "khong biet bam nut nao", "chi voi", "chi cho", "chi giup", "chi dum", "chi bao",
        # "không biết dùng như thế nào": not knowing how to do what the screen asks
        *(f"{lead} {verb}{how}" for lead in ("khong biet", "chua biet", "chang biet")
          for verb in ("bam", "lam", "dung", "chon", "go", "tra loi")
          for how in ("", " sao", " the nao", " nhu the nao", " ra sao", " gi", " nao")),
        # "chỉ tôi với", "chỉ cho bác với": show me how, whoever the learner is
        *(f"{plea} {person}{end}" for plea in ("chi", "chi cho", "chi giup", "chi dum") for person in _PEOPLE
          for end in ("", " voi")),
    ),
})  # fmt: skip
# "Cái này", "đây": pointing at the screen, not at a topic.
_POINTING = frozenset({"cai", "nay", "do", "day", "kia", "the", "vay", "cau", "bai", "cho", "o", "no", "chu"})
_QUESTION_WORDS = frozenset(
    {"gi", "sao", "nao", "dau", "ai", "bao", "nhieu", "gio", "khi", "tai", "vi", "hoi", "lieu", "nen"}
)
_QUESTION_PHRASES = (
    ("la", "gi"), ("lam", "sao"), ("the", "nao"), ("bao", "nhieu"), ("o", "dau"), ("khi", "nao"),
    ("bao", "gio"), ("tai", "sao"), ("vi", "sao"), ("co", "phai"), ("duoc", "khong"), ("hay", "khong"),
    ("co", "nen"), ("cho", "hoi"), ("xin", "hoi"), ("muon", "hoi"), ("lam", "gi"), ("nhu", "nao"),
)  # fmt: skip
_FILLERS = (
    frozenset(STOP_WORDS)
    | SELF_WORDS
    | frozenset(word for phrase in PREFIXES | SUFFIXES for word in phrase)
    | _POINTING
    | _QUESTION_WORDS
    | frozenset({"khong", "co", "duoc", "roi", "thi", "neu", "vay", "ma"})
)
# Every word a plea is said in: the pleas' own, and what is peeled off or left out around them
# (polite words, the speaker, whom they speak to, pointing at the screen). A reply with any
# other word is no plea, in any layer or any cut of it.
_PLEA_WORDS = frozenset(
    {word for plea in _HELP for word in plea.split()}
    | {word for phrase in PREFIXES | SUFFIXES for word in phrase}
    | _PEOPLE
    | _POINTING
)
_CONTENT_FOR_STATEMENT = 3  # "con tôi bị gọi điện báo cấp cứu" asks without a question word
_LONGEST_PLEA = 10  # "cháu ơi bác không hiểu gì cả cháu ạ": longer text asks something


def read_help(text: str, words: tuple[Word, ...] | None = None) -> Help | None:
    """'không hiểu ạ' -> EXPLAIN, 'nói lại đi' -> REPEAT, 'bấm đâu?' -> HOW, else None. Two
    pleas said one after the other are one plea ("tôi không biết bấm, chỉ tôi với", "bác bị
    rối không biết bấm gì"): how to answer, if either asks that, else the simpler words.
    `words`: `read_words(text)`, where the caller has read them already."""
    if len(text.split(maxsplit=_LONGEST_PLEA)) > _LONGEST_PLEA:
        return None
    words = read_words(text) if words is None else words
    if not words:
        return Help.EXPLAIN if "?" in text else None
    if any(w.text not in _PLEA_WORDS for w in words):
        return None  # a word no plea holds and none peels off: most text asks or tells something
    return pleaded(words)


def pleaded(words: tuple[Word, ...]) -> Help | None:
    """The plea the words make, whole or as two pleas one after the other."""
    found = _plea(words)
    for cut in range(1, len(words)) if found is None else ():
        first = _plea(words[:cut])
        second = _plea(words[cut:]) if first is not None else None
        if first is not None and second is not None:
            return min(first, second, key=_PLEAS.index)
    return found


_PLEAS = (Help.HOW, Help.EXPLAIN, Help.REPEAT)  # of two pleas, the one that asks more


def _plea(words: tuple[Word, ...]) -> Help | None:
    for layer in variants(words):
        found = _HELP.get(key(layer.words)) or _HELP.get(key(_unpointed(layer.words)))
        if found is not None:
            return found
    if len(words) > 1 and words[0].text in _PEOPLE:  # "bác bị rối": the learner, then the plea
        return _plea(words[1:])
    return None


def _unpointed(words: tuple[Word, ...]) -> tuple[Word, ...]:
    return tuple(word for word in words if word.text not in _POINTING)


def looks_like_question(text: str) -> bool:
    """A question about something ('mã xác thực là gì?'), not help with this screen."""
    words = read_words(text)
    if read_help(text, words) is not None:
        return False
    content = [w for w in words if w.text not in _FILLERS and not w.text.isdigit()]
    return bool(content) and (_asks(text, words) or len(content) >= _CONTENT_FOR_STATEMENT)


def question_phrase(words: tuple[Word, ...]) -> bool:
    """'là gì', 'có nên', 'được không', 'ở đâu' anywhere in the words."""
    return bool(set(pairwise(w.text for w in words)) & set(_QUESTION_PHRASES))


def _asks(text: str, words: tuple[Word, ...]) -> bool:
    texts = tuple(word.text for word in words)
    pairs = set(pairwise(texts))
    if "?" in text or pairs & set(_QUESTION_PHRASES):
        return True
    ends_asking = bool(texts) and texts[-1] in {"khong", "chua", "gi", "sao", "nao", "dau", "a"}
    return ends_asking and len(texts) > 2
