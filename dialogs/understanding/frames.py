"""The polite frame around an answer: what a long, courteous reply says once its manners are peeled.

"Dạ cho em xin học tiếp bài hôm trước đang dở ạ, em cảm ơn" is "học tiếp bài hôm trước đang
dở"; "Theo tôi câu này sai." is "câu này sai"; "Dạ cho em đọc lại bài một lần nữa được không
ạ, em chưa nhớ hết" is "đọc lại bài một lần nữa". The frame is read in three steps:

1. the reply is cut at its commas and full stops; a clause after the first that only thanks,
   says sorry, gives a reason ("tại …", "vì …") or tells what the learner is doing or has
   not done ("em đang nấu cơm", "em chưa nhớ hết", "hôm trước …") is an aside and is dropped;
2. each clause left loses its frame: greetings and pleas in front ("dạ", "cho em xin phép
   được", "xin cho tôi", "làm ơn"), opinion frames ("theo tôi", "em nghĩ là", "chắc là"),
   the learner's "em sẽ", "tôi muốn", "mình cứ", and softeners behind ("được không ạ",
   "với ạ", "cũng được ạ", "em cảm ơn nhiều ạ");
3. what is left must ask nothing: a question word still there ("làm sao", "thế nào", "là
   gì", "ở đâu", "có … không") leaves the reply to the library.

A story of what the learner did ("hôm qua tôi chỉ cho bà Tâm cài vneid tại chợ") is read
as the deed alone ("tôi chỉ cho"): when, for whom and what for are its asides (`deed`).

Only the words' spelling is kept: the clauses left are handed back as text, to be read by the
same readers as any reply.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from types import MappingProxyType
from typing import NamedTuple

from .gist import units
from .vocab import ADDRESS_WORDS, SELF_WORDS
from .words import Word, read_words, spelled

# a full stop ends a sentence, not inside a web address ("dichvucong.gov.vn")
_SENTENCES = re.compile(r"[,;!]+|\.+(?!\w)")
# The learner, however they call themselves ("e" is "em" in teencode), in front of the answer;
# behind it, only the words that are no answer on any screen ("có ạ", "con ạ" may be).
_PEOPLE = SELF_WORDS | ADDRESS_WORDS | frozenset({"e", "moi", "nguoi"})
_PEOPLE_BEHIND = frozenset({"chau", "bac", "em", "e", "toi", "tui", "minh"})
# Alone in front, only the words that are no content either ("chủ đề", "có", "chỉ", "con" are).
_PEOPLE_ALONE = frozenset({"chau", "bac", "em", "e", "toi", "tui", "minh", "anh", "ong"})
# Typed with marks, a person is one of these ("tối" is the evening, not "tôi").
_PERSON_MARKS = frozenset(
    {
        "tôi",
        "tui",
        "cháu",
        "mình",
        "bác",
        "em",
        "con",
        "ông",
        "bà",
        "cô",
        "chú",
        "anh",
        "chị",
        "cụ",
        "tớ",
        "người",
        "mọi",
    }
)

# Frames in front, folded, longest tried first; a person word may stand where "X" is.
_FRONT = tuple(
    sorted(
        (
            tuple(line.split())
            for line in (
                "da", "vang", "thua", "lam on", "xin phep", "cho phep", "xin", "cho",
                "X xin phep duoc", "X xin phep", "X xin", "X xin duoc", "cho X xin phep duoc", "cho X xin phep",
                "cho X xin", "cho X xin duoc", "cho X duoc", "xin cho X", "X de nghi duoc", "X de nghi", "de nghi",
                "X de nghi cho X", "de nghi cho X", "tra loi la", "X tra loi la", "X xin tra loi la", "dap an la",
                "X nho X", "xin phep cho X", "xin phep X", "X muon xin",
                "theo X", "theo X thi", "theo y X", "theo y X thi",
                "X nghi la", "X nghi", "X thay la", "X thay", "X nghi rang",
                "chac la", "chac", "X doan la", "X doan", "X cho rang", "X chac la",
                "X se", "X muon", "X xin chon", "X chon", "X cu", "X thi", "X",
                "cau nay", "cau nay la", "cai nay", "cai nay la", "cau do", "cai do",
                "hoc bai", "hoc bai ve", "hoc ve", "bai ve", "hoc phan", "phan", "bai",
            )
        ),
        key=len,
        reverse=True,
    )
)  # fmt: skip
_BACK = tuple(
    sorted(
        (
            tuple(line.split())
            for line in (
                "a", "nhe", "nha", "voi", "voi a", "duoc khong", "duoc khong a", "duoc chu", "duoc khong X",
                "cung duoc", "cung duoc a", "X cam on", "X cam on nhieu", "cam on X", "cam on", "cam on nhieu",
                "nhieu a", "luon", "giup X", "cho X", "X nhe", "nhe X", "X a", "a X", "X oi", "nhe",
                "duoc khong X oi", "di", "X voi", "luon a", "nhe a", "la duoc", "la duoc roi", "la duoc a",
                "la duoc roi a",
            )
        ),
        key=len,
        reverse=True,
    )
)  # fmt: skip
# In front, a person alone, what points at the screen ("câu này đúng") or names a lesson ("học bài
# …", "bài về …") frames nothing by itself.
_NO_FRAME = frozenset(
    {("X",), ("cau", "nay"), ("cau", "nay", "la"), ("cai", "nay"), ("cai", "nay", "la"), ("cau", "do"), ("cai", "do"),
     ("hoc", "bai"), ("hoc", "bai", "ve"), ("hoc", "ve"), ("bai", "ve"), ("hoc", "phan"), ("phan",), ("bai",)}
)  # fmt: skip
# Behind the answer, words that close any reply and make no frame by themselves.
_BARE_BACK = frozenset({("luon",), ("di",), ("nhe",), ("nha",), ("X", "oi"), ("cho", "X"), ("giup", "X"), ("X", "voi")})
# A clause after the first that opens so is an aside: thanks, a sorry, a reason, a story.
_ASIDE_OPENINGS = frozenset(
    {("cam", "on"), ("xin", "loi"), ("tai",), ("vi",), ("boi",), ("do",), ("hom", "truoc"), ("hom", "qua"),
     ("luc", "nay"), ("tai", "vi"), ("boi", "vi"), ("chu",), ("mong",)}
)  # fmt: skip
# "em đang …", "em chưa …", "em không dám …": what the learner is doing, not what they pick.
_TELLING = frozenset({"dang", "chua", "cung", "moi", "bi", "van", "so", "cam", "xin", "that", "hay", "da"})
_QUESTION_PAIRS = frozenset(
    {("lam", "sao"), ("the", "nao"), ("la", "gi"), ("o", "dau"), ("tai", "sao"), ("vi", "sao"),
     ("bao", "nhieu"), ("bao", "gio"), ("khi", "nao"), ("nhu", "nao"), ("co", "phai"), ("lam", "gi")}
)  # fmt: skip
_CLOSING = frozenset({"a", "nhe", "nha", "vay", "the", "nhi", "ha", "chau", "em", "bac"})
_QUESTION_WORDS = frozenset({"gi", "sao", "nao", "dau", "ai"})
# Words a courteous reply may run to, its asides included; longer text is a story or a pasted message.
LONGEST_COURTESY = 28
_LONGEST_LEFT = 12  # words a clause may keep: longer, it tells something rather than picks


class Peeled(NamedTuple):
    clauses: tuple[str, ...]  # what is left of each clause kept, as text
    dropped: bool  # a whole clause was an aside (thanks, a reason, a story)


def peel(text: str) -> Peeled | None:
    """The clauses of a courteous reply without their frame; None when no polite frame was
    found or what is left asks something."""
    if "?" in text or len(text.split(maxsplit=LONGEST_COURTESY)) > LONGEST_COURTESY:
        return None
    kept: list[tuple[Word, ...]] = []
    polite = dropped = False
    for piece in (p for p in _SENTENCES.split(text) if p.strip()):
        words = read_words(piece)
        if not words:
            continue
        texts = tuple(w.text for w in words)
        if _thanks(texts) or (kept and _aside(texts)):
            polite = dropped = True
            continue
        if _asks(words):
            return None
        core, framed = _unframed(words)
        if len(core) > 1 and core[-1].text == "dau" and any(w.text in ("khong", "chua") for w in core):
            core = core[:-1]  # "không đọc mã đâu": a firm no, not a "where"
        polite = polite or framed
        kept.append(core)
    if not polite or not kept or any(_asks(core) or len(core) > _LONGEST_LEFT for core in kept):
        return None
    return Peeled(tuple(" ".join(w.raw or w.text for w in core) for core in kept), dropped)


_THANKS = frozenset({("cam", "on"), ("xin", "loi"), ("cam", "on", "nhieu")})


def _thanks(texts: tuple[str, ...]) -> bool:
    """'cảm ơn cháu', 'em cảm ơn nhiều ạ', 'xin lỗi': a clause that only thanks or says sorry."""
    rest = [t for t in texts if t not in _PEOPLE_BEHIND and t not in ("da", "vang", "a", "nhe", "nhieu", "rat", "oi")]
    return tuple(rest) in _THANKS


def _aside(texts: tuple[str, ...]) -> bool:
    start = 1 if texts[0] in ("da", "vang") and len(texts) > 1 else 0
    rest = texts[start:]
    if any(rest[: len(opening)] == opening for opening in _ASIDE_OPENINGS):
        return True
    if len(rest) < 2 or rest[0] not in _PEOPLE:
        return False
    # "em chưa nhớ hết", "bác đọc chưa thấm": what the learner has not done yet
    return rest[1] in _TELLING or rest[1:3] == ("khong", "dam") or "chua" in rest[1:4]


def _fits(words: Sequence[Word], frame: tuple[str, ...], people: frozenset[str]) -> bool:
    if len(frame) == 1 and frame[0] == "X":
        people = _PEOPLE_ALONE
    return len(words) >= len(frame) and all(
        f == w.text or (f == "X" and w.text in people and (not w.marked or w.raw in _PERSON_MARKS))
        for f, w in zip(frame, words, strict=False)
    )


def _unframed(words: tuple[Word, ...]) -> tuple[tuple[Word, ...], bool]:
    """The clause without its frame, and whether a polite frame was among what was peeled (a
    person's name for themselves alone is none: "cô giáo" is no "cô" around "giáo")."""
    start, end = 0, len(words)
    framed, moved = False, True
    while moved and end - start > 1:
        moved = False
        texts = words[start:end]
        for frame in _FRONT:
            if len(frame) < len(texts) and _fits(texts, frame, _PEOPLE):
                start += len(frame)
                framed = framed or frame not in _NO_FRAME
                moved = True
                break
        texts = words[start:end]
        for frame in _BACK:
            # "… được không" asks, unless the clause opened as a plea ("cho em …", "dạ …")
            plea = frame[0] == "duoc" and frame[1:2] in (("khong",), ("chu",))
            fits = len(frame) < len(texts) and _fits(texts[len(texts) - len(frame) :], frame, _PEOPLE_BEHIND)
            if fits and (not plea or start > 0):
                end -= len(frame)
                framed = framed or frame not in _BARE_BACK
                moved = True
                break
    return words[start:end], framed


def _asks(words: tuple[Word, ...]) -> bool:
    texts = [w.text for w in words]
    while len(texts) > 1 and texts[-1] in _CLOSING:
        texts.pop()  # "… không ạ" asks as "… không" does
    if set(pairwise(texts)) & _QUESTION_PAIRS:
        return True
    if texts and texts[-1] in ("khong", "chua") and "co" in texts[:-1]:
        return True
    denied = "dau" in texts and ("khong" in texts or "chua" in texts)  # "không đọc mã đâu": a firm no
    return bool(texts) and texts[-1] in _QUESTION_WORDS and len(texts) > 1 and not (denied and texts[-1] == "dau")


_WHY_WOULD = 2  # words between "chứ" and "gì": "chứ đọc gì", "chứ xem làm gì"
_SHORTEST_WHY = 4  # "bấm luôn chứ xem gì": something done, then "chứ", what is not, "gì"


def turned_down(text: str, words: tuple[Word, ...] | None = None) -> tuple[str, str] | None:
    """'cúp máy luôn chứ đọc gì' (why would I read it): the rhetorical "chứ … gì" at the end
    turns down what it names, said plainly: ('cúp máy luôn', 'không cần đọc'). None when the
    reply does not end so, "chứ" is the first word ("chú đọc gì" asks), or it is "chứ còn gì"
    (what else: it says yes). `words`: `read_words(text)`, where read already."""
    if "?" in text:
        return None
    words = read_words(text) if words is None else words
    texts = [w.text for w in words]
    while texts and texts[-1] in ("nua", "a", "chu"):
        texts.pop()
    if len(texts) < _SHORTEST_WHY or texts[-1] != "gi":
        return None
    end = len(texts) - (2 if texts[-2] == "lam" else 1)  # "chứ xem làm gì"
    for at in range(max(1, end - _WHY_WOULD), end - 1):
        word = words[at]
        if word.text == "chu" and (not word.marked or word.raw == "chứ") and not _asks(words[:at]):
            if words[at + 1].text == "con":
                return None
            before = " ".join(w.raw or w.text for w in words[:at])
            return before, "không cần " + " ".join(w.raw or w.text for w in words[at + 1 : end])
    return None


# A deed of the learner's own ("tôi chỉ cho", "em đã hướng dẫn").
DEEDS = frozenset({"@guided"})


def deed(text: str) -> str | None:
    """'hôm qua tôi chỉ cho bà Tâm cài vneid tại chợ': what the learner did, told as a story,
    without when and where it was, which go before it in its clause ("hôm qua"), and whom and
    what it was for, which follow it ("bà Tâm cài vneid tại chợ"): 'tôi chỉ cho'. The other clauses are kept (", giờ
    muốn ghi lại"). None when no deed is told, or it is turned around ("tôi chưa chỉ cho ai")."""
    if "?" in text:
        return None
    words = read_words(text)
    read = units(words)
    done = next((u for u in read if u.sense.text in DEEDS), None)
    if done is None or done.sense.negated:
        return None
    clause = words[done.start].clause
    kept = [w for at, w in enumerate(words) if w.clause != clause or done.start <= at < done.start + done.size]
    if len(kept) == len(words):
        return None
    clauses = [[w.raw or w.text for w in kept if w.clause == c] for c in dict.fromkeys(w.clause for w in kept)]
    return ", ".join(" ".join(c) for c in clauses)


# Who may have said the answer for the learner: "ba em", "ông cháu", "con gái tôi", "thằng út",
# "cháu nó" ("nó", that one, after who it is).
_RELAYERS = _PEOPLE | frozenset({"me", "bo", "vo", "chong", "gai", "trai", "thang", "ut", "ca", "nha", "no"})
_LONGEST_RELAYER = 3
# Alone, only these name someone else; "cháu", "bác", "con" may be the tutor or the learner.
# "ông", "bà" are the grandparents a grandchild types for ("bà bảo chọn cái thứ 2"); the tutor
# never calls itself so, and a learner called so who speaks of themself gives their own answer.
_KIN = frozenset({"me", "bo", "vo", "chong", "ong", "ba"})
# "bảo", "nói", "dặn", "kêu", typed with these marks or none ("báo" reports, "nối" joins)
_RELAYING = MappingProxyType(
    {"bao": frozenset({"bảo"}), "noi": frozenset({"nói"}), "dan": frozenset({"dặn"}), "keu": frozenset({"kêu"})}
)
_THAT = frozenset({"la", "rang"})


def relayed(text: str, words: tuple[Word, ...] | None = None) -> str | None:
    """'ba em bảo chọn số 4 ạ', 'ông cháu bảo là đồng ý': an answer someone told the learner
    to give, as text ('chọn số 4 ạ', 'đồng ý'); None when the reply is not said so or asks.
    `words`: `read_words(text)`, where read already."""
    if "?" in text:
        return None
    words = read_words(text) if words is None else words
    for size in range(1, min(_LONGEST_RELAYER, len(words) - 2) + 1):
        verb = words[size]
        said_by = words[:size]
        if not all(w.text in _RELAYERS for w in said_by) or verb.text not in _RELAYING:
            continue
        if size == 1 and said_by[0].text not in _KIN:
            return None  # "cháu nói dễ hơn": the tutor or the learner, not someone else
        if verb.marked and verb.raw not in _RELAYING[verb.text]:
            return None
        rest = words[size + 1 :]
        rest = rest[1:] if len(rest) > 1 and rest[0].text in _THAT else rest
        return None if _asks(words) or _asks(rest) else " ".join(w.raw or w.text for w in rest)
    return None


# "… thì học mục nào ạ": which of the listed lessons or topics to study, asked after what the
# learner describes. Each word typed with these marks or none ("não" is a brain, "thi" an exam
# only when typed "thi" among marks: folded alike, it is read as "thì").
_STUDY_MARKS = MappingProxyType(
    {
        "thi": frozenset({"thì"}),
        "nen": frozenset({"nên"}),
        "phai": frozenset({"phải"}),
        "hoc": frozenset({"học"}),
        "xem": frozenset({"xem"}),
        "chon": frozenset({"chọn"}),
        "doc": frozenset({"đọc"}),
        "vao": frozenset({"vào"}),
        "muc": frozenset({"mục"}),
        "bai": frozenset({"bài"}),
        "phan": frozenset({"phần"}),
        "chu": frozenset({"chủ"}),
        "de": frozenset({"đề"}),
        "nao": frozenset({"nào"}),
    }
)
_STUDYING = frozenset({"hoc", "xem", "chon", "doc", "vao"})
_LISTED = (("bai", "hoc"), ("chu", "de"), ("muc",), ("bai",), ("phan",))
_WHICH_CLOSING = frozenset({"a", "nhi", "vay", "the", "day", "ha", "chau", "em", "bac", "anh", "chi", "co"})


def which_to_study(text: str) -> str | None:
    """'bán chè trên mạng thì học mục nào ạ', 'tôi chuyển nhầm tiền cho người ta thì học bài
    nào': what the learner describes, then asks which lesson, topic or item to study ("thì
    (em) (nên) học/xem/chọn/vào mục/bài/phần/chủ đề nào"), as text: 'bán chè trên mạng'.
    None when the reply does not end so, or describes nothing before "thì" or a comma."""
    asked = text.rstrip("? ")
    if "?" in asked:
        return None
    words = read_words(asked)
    end = len(words)
    while end > 1 and words[end - 1].text in _WHICH_CLOSING and words[end - 1].text != "nao":
        end -= 1
    if end < 1 or not _study_word(words[end - 1], "nao"):
        return None
    end -= 1
    listed = next((n for n in _LISTED if _study_run(words[end - len(n) : end], n)), None) if end else None
    if listed is None:
        return None
    end -= len(listed)
    if end < 1 or not (words[end - 1].text in _STUDYING and _study_word(words[end - 1], words[end - 1].text)):
        return None
    end -= 1
    while end > 0 and words[end - 1].text in ("nen", "phai") and _study_word(words[end - 1], words[end - 1].text):
        end -= 1
    if end > 0 and words[end - 1].text in _PEOPLE_BEHIND:
        end -= 1  # "thì em học bài nào"
    if end > 0 and _study_word(words[end - 1], "thi"):
        end -= 1
    elif end == 0 or words[end - 1].clause == words[min(end, len(words) - 1)].clause:
        return None  # "bán chè học mục nào": no "thì" nor comma before the question
    described = words[:end]
    if not described:
        return None
    clauses = [
        [w.raw or w.text for w in described if w.clause == c] for c in dict.fromkeys(w.clause for w in described)
    ]
    return ", ".join(" ".join(c) for c in clauses)


def _study_word(word: Word, folded: str) -> bool:
    return word.text == folded and spelled(word, _STUDY_MARKS)


def _study_run(words: Sequence[Word], folded: tuple[str, ...]) -> bool:
    return len(words) == len(folded) and all(_study_word(w, f) for w, f in zip(words, folded, strict=True))


# "… thì làm gì": what to do now, asked after the learner tells the plight ("bị lừa rồi thì
# làm gì", "bi lua r thi sao"). Each word typed with these marks or none ("sáo" is a flute).
_DOING_MARKS = MappingProxyType(
    {
        "thi": frozenset({"thì"}),
        "gio": frozenset({"giờ"}),
        "bay": frozenset({"bây"}),
        "nen": frozenset({"nên"}),
        "phai": frozenset({"phải"}),
        "lam": frozenset({"làm"}),
        "tinh": frozenset({"tính"}),
        "xu": frozenset({"xử"}),
        "ly": frozenset({"lý", "lí"}),
        "gi": frozenset({"gì"}),
        "sao": frozenset({"sao"}),
        "the": frozenset({"thế"}),
        "nhu": frozenset({"như"}),
        "nao": frozenset({"nào"}),
    }
)
# What to do, asked: "làm gì", "làm sao", "làm thế nào", "tính sao", "xử lý sao", a bare "sao".
_DOING = (
    ("lam", "the", "nao"), ("lam", "nhu", "nao"), ("xu", "ly", "the", "nao"), ("xu", "ly", "sao"),
    ("lam", "gi"), ("lam", "sao"), ("tinh", "sao"), ("sao",),
)  # fmt: skip
# Before it, the plight is joined on by "thì" or "(bây) giờ" (or a comma), maybe with "nên"/"phải".
_NOW_JOINERS = (("thi",), ("bay", "gio"), ("gio",))


def what_to_do(text: str) -> str | None:
    """'bị lừa rồi thì làm gì', 'lỡ chuyển cho nó rồi giờ làm sao', 'bi lua r thi sao': the
    plight the learner tells, then asks what to do about it ("thì/giờ (nên/phải) làm gì/làm
    sao/làm thế nào/tính sao"), as text: 'bị lừa rồi'. None when the reply does not end so,
    or tells nothing before "thì", "giờ" or a comma."""
    words = read_words(text.rstrip("? "))
    end = len(words)
    while end > 1 and words[end - 1].text in _WHICH_CLOSING:
        end -= 1
    doing = next((d for d in _DOING if _doing_run(words[max(end - len(d), 0) : end], d)), None)
    if doing is None:
        return None
    end -= len(doing)
    while end > 0 and words[end - 1].text in ("nen", "phai") and spelled(words[end - 1], _DOING_MARKS):
        end -= 1
    joiner = next((j for j in _NOW_JOINERS if end > len(j) and _doing_run(words[end - len(j) : end], j)), None)
    if joiner is not None:
        end -= len(joiner)
    elif end == 0 or words[end - 1].clause == words[min(end, len(words) - 1)].clause:
        return None  # "bị lừa làm sao": no "thì", "giờ" nor comma before the question
    told = words[:end]
    return " ".join(w.raw or w.text for w in told) if told else None


def _doing_run(words: Sequence[Word], folded: tuple[str, ...]) -> bool:
    return len(words) == len(folded) and all(
        w.text == f and spelled(w, _DOING_MARKS) for w, f in zip(words, folded, strict=True)
    )
