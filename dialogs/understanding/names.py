"""A name ('tôi tên là Lan' -> 'Lan') and a form of address ('gọi tôi là bác' -> 'bác')."""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import MappingProxyType

from content.textfold import fold

from .choice import read_choice
from .options import prepare
from .readings import Picked

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
# (no other form is one letter so surely: "a" is also "ạ", "c" "có").
_SHORT_FORMS = MappingProxyType({"em": ("e",)})
_FORM_SCREEN = prepare(
    tuple(_Form(form, form.capitalize(), _SHORT_FORMS.get(form, ())) for form in FORMS), numbered=False
)


def read_address(text: str) -> str | None:
    """'ong' -> 'ông', 'bà ạ' -> 'bà', 'gọi tôi là bác' -> 'bác'; None when unsure ('ông bà')."""
    reading = read_choice(text, _FORM_SCREEN)
    return reading.option.id if isinstance(reading, Picked) else None
