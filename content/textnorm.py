"""Reading text as learners type it: no diacritics, teencode, chat shorthand.

`fold` (content.textfold) removes marks and punctuation; `normalize` also expands the
shorthand people type on small keyboards ("ko dc" -> "khong duoc"), so every reader of
typed text (option matching, question search, the scam checker) sees one spelling.
The table is data, not logic: add a pair when learners' messages show a new shorthand.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from content.textfold import fold

# Folded shorthand -> folded words. Only whole words are replaced. Ambiguous short forms
# are left out on purpose: "e" (em / the letter), "a" (anh / à / ạ), "c" (chị / có),
# "ca" (cá / cả / công an).
_SHORTHAND: dict[str, str] = {
    "ko": "khong",
    "k": "khong",
    "kh": "khong",
    "khg": "khong",
    "hok": "khong",
    "hong": "khong",
    "hem": "khong",
    "kg": "khong",
    "dc": "duoc",
    "dk": "duoc",
    "j": "gi",
    "gj": "gi",
    "r": "roi",
    "rui": "roi",
    "bn": "ban",
    "bik": "biet",
    "bit": "biet",
    "bjt": "biet",
    "dt": "dien thoai",
    "dth": "dien thoai",
    "tk": "tai khoan",
    "mk": "mat khau",
    "ak": "a",
    "ah": "a",
    "uk": "u",
    "uh": "u",
    "um": "u",
    "uhm": "u",
    "vs": "voi",
    "ms": "moi",
    "nh": "nhieu",
    "ntn": "nhu the nao",
    "lm": "lam",
    "trc": "truoc",
    "sn": "sinh nhat",
    "nc": "nuoc",
    "ng": "nguoi",
    "nt": "nhan tin",
    "ib": "nhan tin",
    "sdt": "so dien thoai",
    "stk": "so tai khoan",
    "nhg": "nhung",
    "nv": "nhan vien",
    "cx": "cung",
    "cg": "cung",
    "z": "vay",
    "v": "vay",
    "hnay": "hom nay",
    "bh": "bay gio",
    "bjo": "bay gio",
    "bg": "bay gio",
    "mn": "moi nguoi",
    "oke": "ok",
    "okie": "ok",
    "okela": "ok",
    # Seen in replies to choice screens (content/eval/replies.yaml).
    "oki": "ok",
    "okay": "ok",
    "hk": "khong",
    "zl": "zalo",
    "thik": "thich",
    "chj": "chi",
    "dzay": "vay",
    "app": "ung dung",
    "apps": "ung dung",
    "ad": "quan tri",
    "dvc": "dich vu cong",
    "bhxh": "bao hiem xa hoi",
    "bhyt": "bao hiem y te",
    "cccd": "can cuoc",
    "cmnd": "can cuoc",
    # Seen in learners' questions (content/eval/questions.yaml).
    "fb": "facebook",
    "ngta": "nguoi ta",
    "wa": "qua",
    "bv": "benh vien",
    # Seen in forwarded scam messages (content/eval/scam_messages.yaml).
    "qk": "quy khach",
    "lh": "lien he",
    "ctv": "cong tac vien",
    "inbox": "nhan tin",
}
SHORTHAND: Mapping[str, str] = MappingProxyType(_SHORTHAND)


def expand(folded: str) -> str:
    """Replace shorthand words in already folded text."""
    return " ".join(SHORTHAND.get(word, word) for word in folded.split())


def normalize(text: str) -> str:
    """'Ko đc à?' -> 'khong duoc a': folded, then shorthand written out."""
    return expand(fold(text))
