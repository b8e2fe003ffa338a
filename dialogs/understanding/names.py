"""A name ('tôi tên là Lan' -> 'Lan') and a form of address ('gọi tôi là bác' -> 'bác')."""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType

from content.textfold import fold

from .ages import read_age_range
from .choice import read_choice
from .options import prepare
from .readings import Picked
from .words import Word, read_words

_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_HAS_DIGIT = re.compile(r"\d")
_MAX_WORDS, _MAX_CHARS = 4, 30
# Words before the name: "dạ", "cháu tên là", "tên tôi là", "đây là", "họ tên".
_OPENERS = frozenset({"da", "vang", "u", "thi", "xin", "day"})
_SPEAKERS = frozenset({"toi", "tui", "chau", "em", "minh", "con", "ong", "ba", "bac", "co", "chu", "anh", "chi", "to"})
_INTRO = frozenset({"ten", "la", "goi", "ho", "va", "cua", "day", "ten la", "toi", "minh", "chau"})
# Said after the name: "Hoa ạ", "Lan nhé". Only dropped when typed in lower case ("Văn A" stays).
_CLOSERS = frozenset({"a", "nhe", "nha", "day", "do", "ah", "oi", "chau", "em", "con", "ban", "ha"})
# Forms of address in front of a name ("bà Lan"): dropped when a name follows.
_TITLES = frozenset({"ông", "bà", "bác", "cô", "chú", "chị", "em", "ong", "bac"})
# Words that are not given names, so a text made of them is a sentence or an answer.
_NOT_NAMES = frozenset(
    [
        "khong",
        "ko",
        "muon",
        "noi",
        "biet",
        "gi",
        "la",
        "toi",
        "tui",
        "ten",
        "co",
        "duoc",
        "ok",
        "oi",
        "roi",
        "chao",
        "xin",
        "hoc",
        "qua",
        "bo",
        "tiep",
        "menu",
        "dan",
        "toc",
        "nguoi",
        "o",
        "ban",
        "tren",
        "nay",
        "tuoi",
        "cam",
        "on",
        "vang",
        "da",
        "u",
        "thoi",
        "can",
        "gio",
        "chieu",
        "toi",
        "skip",
        "sai",
        "sao",
        "giup",
        "tro",
        "em",
        "ong",
        "ba",
        "bac",
        "cu",
        "chu",
        "di",
        "ve",
        "voi",
        "va",
        "cua",
        "nha",
        "the",
        "vay",
        "ma",
        "nhe",
        "day",
        "do",
        "gi",
        "ai",
        "nao",
        "xa",
        "phuong",
        "thon",
        "lang",
        "huyen",
        "tinh",
        "hay",
    ]
)  # not "anh", "chi", "minh", "dung", "hieu", "lam": they are given names too


@dataclass(frozen=True, slots=True)
class _Token:
    text: str  # as typed
    folded: str


def read_name(text: str) -> str | None:
    """The name a learner gave, capitalised ('lan' -> 'Lan'); None for a sentence or a non-name."""
    if _HAS_DIGIT.search(text):
        return None
    tokens = [_Token(t, fold(t)) for t in _NAME_WORD.findall(text)]
    tokens = _after_intro(tokens)
    tokens = _before_closers(tokens)
    if len(tokens) > 1 and tokens[0].text.lower() in _TITLES:
        tokens = tokens[1:]
    if not 1 <= len(tokens) <= _MAX_WORDS or any(t.folded.replace(" ", "") in _NOT_NAMES for t in tokens):
        return None
    name = " ".join(t.text[:1].upper() + t.text[1:] for t in tokens)
    return name if len(name) <= _MAX_CHARS else None


def _after_intro(tokens: list[_Token]) -> list[_Token]:
    """Drop 'dạ', 'cháu tên là', 'tên tôi là', 'đây là' in front of the name."""
    index = 0
    while index < len(tokens) - 1 and tokens[index].folded in _OPENERS:
        index += 1
    start = index
    while index < len(tokens) - 1 and (tokens[index].folded in _INTRO or _speaks(tokens, index)):
        index += 1
    said_intro = any(t.folded in {"ten", "la"} for t in tokens[start:index])
    return tokens[index:] if said_intro or index == start else tokens[start:]


def _speaks(tokens: list[_Token], index: int) -> bool:
    """'cháu' in 'cháu là Hoa', 'em' in 'em tên Mai': the speaker, before 'tên' / 'là'."""
    return tokens[index].folded in _SPEAKERS and tokens[index + 1].folded in {"ten", "la", "goi"}


def _before_closers(tokens: list[_Token]) -> list[_Token]:
    while len(tokens) > 1 and tokens[-1].folded in _CLOSERS and tokens[-1].text.islower():
        tokens = tokens[:-1]
    return tokens


# --- forms of address ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Form:
    id: str
    label: str
    aliases: tuple[str, ...] = ()


# The forms the tutor knows, as dialogs.voice.ADDRESS_FORMS lists them (a test keeps both equal).
FORMS = ("ông", "bà", "bác", "cô", "chú", "anh", "chị", "em")
# Typed as words, not picked by number: "ba" is "bà" here. "e" is how "em" is typed in a hurry
# (no other form is one letter so surely: "a" is also "ạ", "c" "có"). A grandparent is called
# "ông" or "bà" whichever side they are on ("ông nội em", "bà ngoại").
_SHORT_FORMS = MappingProxyType({"em": ("e",), "ông": ("ong noi", "ong ngoai"), "bà": ("ba noi", "ba ngoai")})
_FORM_SCREEN = prepare(
    tuple(_Form(form, form.capitalize(), _SHORT_FORMS.get(form, ())) for form in FORMS), numbered=False
)


# An age typed beside the form ("em 22t", "bác 65 tuổi") tells who, not which form.
_AGE = re.compile(r"\b\d{1,3}\s*(?:t|tuổi|tuoi)?\b", re.IGNORECASE)


def read_address(text: str) -> str | None:
    """'ong' -> 'ông', 'bà ạ' -> 'bà', 'gọi tôi là bác' -> 'bác', 'em 22t' -> 'em'; None when
    unsure ('ông bà')."""
    for said in dict.fromkeys((text, _AGE.sub(" ", text).strip(" ,."))):
        reading = read_choice(said, _FORM_SCREEN) if said else None
        if isinstance(reading, Picked):
            return reading.option.id
    return None


# Words that say a man or a woman, as typed (with their marks, or without any). "nam" typed
# without marks may be "năm" (five, a year): it is no man before "nay", "sinh", "ngoái" or
# after "sinh" ("năm nay 70", "sinh năm 1958").
_MEN = MappingProxyType({"nam": "nam", "dan ong": "đàn ông", "con trai": "con trai"})
_WOMEN = MappingProxyType({"nu": "nữ", "dan ba": "đàn bà", "con gai": "con gái"})
_NOT_A_MAN = frozenset({"nay", "sinh", "ngoai"})
# The forms of address a person would offer by age: (from this age, a man, a woman, either).
_BY_AGE = (
    (60, ("ông", "bác"), ("bà", "bác"), ("ông", "bà", "bác")),
    (30, ("anh", "chú"), ("chị", "cô"), ("anh", "chị", "chú", "cô")),
    (0, ("anh", "em"), ("chị", "em"), ("anh", "chị", "em")),
)


def forms_by_age(text: str, this_year: int | None = None) -> tuple[str, ...]:
    """'tôi nam, 70 tuổi' -> ('ông', 'bác'): a learner who tells their age (and maybe whether
    a man or a woman) instead of a form of address is offered the forms a person would use
    for them; () when no age is told."""
    found = read_age_range(text, this_year)
    if found is None:
        return ()
    words = read_words(text)
    male = _says(words, _MEN)
    female = _says(words, _WOMEN)
    for youngest, men, women, either in _BY_AGE:
        if found.age >= youngest:
            return men if male and not female else women if female and not male else either
    return either


def _says(words: tuple[Word, ...], sex: MappingProxyType[str, str]) -> bool:
    """Whether one of `sex`'s words stands in `words`, unmarked or with its own marks."""
    for size in (1, 2):
        for i in range(len(words) - size + 1):
            part = words[i : i + size]
            folded, typed = " ".join(w.text for w in part), " ".join(w.raw or w.text for w in part)
            if folded not in sex or typed not in (folded, sex[folded]):
                continue
            after = words[i + size].text if i + size < len(words) else ""
            if folded == "nam" and (after in _NOT_A_MAN or (i and words[i - 1].text == "sinh")):
                continue
            return True
    return False
