"""Which option a typed reply means: picked, asked back, or not an answer to this screen.

The reply is tried the same way on every screen, surest reading first:
1. the words of an option (its label without marks or counters, or an alias), with polite
   words peeled off ("dạ cháu chọn tiếp ạ"); a bare number word that is also another
   option's label is asked about ("ba" on the form-of-address screen: "Bà", or number 3,
   "Bác"), but not where the words around it name ("cứ gọi là ba");
2. a number ("2", "số 2 nhé", "cái thứ hai"); typed in words, it is checked against the
   labels too ("hai" where an option reads "Đưa cả hai"); a bare number that is no option's
   number but two labels show ("7" beside "7 giờ sáng" and "7 giờ tối", "30" beside "Dưới 30
   tuổi" and "Từ 30 đến 59 tuổi") is asked about,
   and so are two option numbers joined ("cả 2 và 3", "hai hay ba");
3. yes or no ("ừ", "ok", "dạ được", "thôi", "ko") on a screen with a yes-like or no-like option;
4. "không hiểu" where an option offers the card in simpler words; a plea to say it again
   whose only words of that option's label another label holds too is asked about ("lại",
   "đọc lại": "Quay lại" or "Nói lại…");
   "không biết bấm cái nào" where an option opens the help ("Trợ giúp");
5. a distinctive word or two of one option, one slip allowed per word;
6. an option's whole label or alias of two words or more inside a short reply whose other
   words belong to no option and neither deny nor ask ("học tiếp bài hôm kia nhé");
7. what the reply is about, in the learner's own words, read through one lexicon with the
   labels ("cúp máy" and "tắt máy", "ra ngoài" and "Về menu", "shipper" and "giao hàng");
8. the telling words of one option in a sentence of the learner's own ("kệ nó, mấy hôm tiền
   tự về" for "Cứ đợi, tiền sẽ tự quay về"), asked back when another option has some too;
9. one option's label or alias with one slip in one word ("quay lia", "khong xao", "bácc"),
   when nothing else fit or the slip's option was among those asked about.
A code read out digit by digit ("một hai ba bốn năm sáu") is read as those digits, and picks
only an option whose label they are ("123456").
A reply that reads as nothing but holds English words for what a button does ("next", "back",
"retry", "join") is read again with each as the Vietnamese it stands for (vocab.ENGLISH).
Two options that fit about as well, a slip in a lone word, or a "?" make it ask back: a wrong
pick costs a learner more than a question. Before all these, where the options are ranges of
numbers ("Dưới 30 tuổi", "Từ 30 đến 59 tuổi"), a bound typed is read against them ("dưới 60":
either of those two; bounds.py).

A long courteous reply that none of these reads is read once more without its polite frame
(frames.py: "Dạ cho em xin …, em cảm ơn", "Theo tôi …", "… được không ạ, em chưa nhớ hết"),
when what is left asks nothing; it picks only by naming an option's own words (by sense, a
short option's one idea), never by a yes, a number or a slip. On a list of lessons or topics
(each shown with its progress or length), a description then "thì học mục nào ạ" asks which
one to study: what is described picks the one it fits (frames.which_to_study); a plight then
"thì làm gì" asks for the one whose own words name it ("bị lừa rồi thì làm gì": "Lỡ bị lừa:
những phút đầu"; frames.what_to_do).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from types import MappingProxyType

from content.textnorm import SHORTHAND

from .bounds import by_bound
from .distinctive import by_words
from .frames import DEEDS, LONGEST_COURTESY, deed, peel, relayed, turned_down, what_to_do, which_to_study
from .gist import Sense, Unit, gist, phrase_senses, trimmed, units
from .lexicon import LEXICON_SET, PART_SENSES
from .near import by_near
from .numbers import joined, ordinal, spelled_digits, unfinished, unit
from .options import Form, OptionT, Prepared, Screen, explains, helps, prepare, shown_label
from .parts import parts
from .readings import AskBack, How, NoMatch, Picked, Reading, one_or_ask
from .senses import by_sense
from .shared import by_shared
from .syllables import LONGEST_SYLLABLE, could_be_syllable
from .talk import Help, question_phrase, read_help
from .vocab import (
    ADDRESS_WORDS,
    ENGLISH,
    FORM_KIN,
    FORM_LETTERS,
    LONE_FORM_LETTERS,
    NOT_LISTED,
    NOT_LIVING,
    NOT_THESE,
    NOT_THESE_OPTIONS,
    PURE_PREFIXES,
    PURE_SUFFIXES,
    SECOND_READINGS,
    SELF_WORDS,
    STOP_WORDS,
    SYNONYMS,
    THESE_FOUND,
    VAGUE,
    WORD_SYNONYMS,
)
from .words import Layer, Word, compatible, is_negation, key, negated, read_words, spelled, variants
from .yesno import reasoned, yes_no

_ASKING_ENDS = frozenset({"khong", "chua", "ha", "sao"})
# Closing a question phrase ("ở đâu thế", "làm sao vậy"), they make it a question to the tutor.
_ASKING_PARTICLES = frozenset({"the", "vay", "nhi"})
# Nobody answers a choice in this many words ("dạ vâng cháu ơi bác chọn cái thứ hai là học tiếp
# nhé cháu" is 14): longer text is a question, a story or a pasted message, and is not read here.
LONGEST_REPLY = 16
_NOT_NAMED = frozenset({How.YES_NO, How.NUMBER, How.SLIP})
_SHORT_IDEA = 2  # words of an option a courteous sentence may name by one of its ideas
_ONE_IDEA = 5  # words of an option it may name by all it says ("Nói lại dễ hiểu hơn")


def read_choice(text: str, options: Sequence[OptionT] | Screen[OptionT]) -> Reading[OptionT]:
    """What `text` picks among `options` (the screen's options, or `prepare(options)`)."""
    screen = options if isinstance(options, Screen) else prepare(options)
    if not screen.options or len(text.split(maxsplit=LONGEST_COURTESY)) > LONGEST_COURTESY:
        return NoMatch()  # a story or a pasted message: nothing below reads one (see LONGEST_REPLY)
    read = read_words(text)  # once: each way below that reads the whole reply takes these
    found = (
        _acronym(text, screen)
        or by_bound(text, screen, read)
        or _what_there(text, screen)
        or _elsewhere(text, screen)
        or _reading(text, screen, read)
    )
    if isinstance(found, NoMatch) and found.out_of_range is None:
        found = _addressed(text, screen) or found  # "cô giáo", "gọi a là dc" among the forms of address
    if isinstance(found, Picked) or (isinstance(found, NoMatch) and found.out_of_range is not None):
        return found
    told = relayed(text, read) if isinstance(found, NoMatch) else None  # "ông cháu bảo là đồng ý"
    if told:
        again = _reading(told, screen)
        if not isinstance(again, NoMatch):
            return again
    done = deed(text) if isinstance(found, NoMatch) else None  # "hôm qua tôi chỉ cho bà Tâm cài vneid"
    if done:
        again = _reading(done, screen)
        if isinstance(again, Picked) and again.how in _NAMING and _about(again.option, DEEDS, screen):
            return again  # the option about that deed, not one a word of it names ("hủy giúp")
    plainly = turned_down(text, read)  # "cúp máy luôn chứ đọc gì": "…, không cần đọc"
    if plainly is not None:
        again = _reading(", ".join(plainly), screen)
        if (
            isinstance(again, Picked)
            and again.how not in _NOT_NAMED
            and (isinstance(found, NoMatch) or again.option in found.options)
            and _turns_down(plainly[1], again.option.label)
        ):
            return again
    studied = _which_to_study(text, screen)  # "bán chè trên mạng thì học mục nào ạ" on the topics
    if studied is not None and (isinstance(found, NoMatch) or set(_options_of(studied)) <= set(found.options)):
        return studied
    plight = _plight(text, screen)  # "bị lừa rồi thì làm gì" on a list of lessons
    if plight is not None and (isinstance(found, NoMatch) or plight.option in found.options):
        return plight
    where = _where(text, read, screen)  # "đổi giờ nhắc ở đâu": where a place of the tutor's own is
    if where is not None and (isinstance(found, NoMatch) or where.option in found.options):
        return where
    peeled = peel(text)
    if peeled is None or (isinstance(found, AskBack) and not peeled.dropped):
        return found
    # the reply without its polite frame: "Dạ cho em xin học tiếp bài hôm trước ạ, em cảm ơn"
    # that names one option's own words: a yes, a number or a slip in a sentence is no such
    # sign, nor is what a sentence that turns something down is about ("thôi em không xóa nữa")
    said = ", ".join(peeled.clauses)
    again = _reading(said, screen)
    if not isinstance(again, Picked) or (again.how in _NOT_NAMED and not _named(said, again.option.label)):
        return found
    if again.how is How.SENSE and not _one_idea(said, again.option, screen):
        return found
    return again if isinstance(found, NoMatch) or again.option in found.options else found


def _one_idea(said: str, option: OptionT, screen: Screen[OptionT]) -> bool:
    """By sense, a courteous sentence names an option when the option holds an idea of it, no
    other option holds another, and nothing is turned down ("thôi em không xóa nữa"); and
    either every word it says is the option's ("thêm giấy tờ vào ví giấy tờ"), or all it says
    is what an option of five words is about, or the option is short and holds an idea said in
    a phrase ("để lát nữa em học" is "Để sau"; a lone "vào" is no
    "Vào nhóm", "phải báo ngay cho ngân hàng" no "Mã OTP ngân hàng vừa nhận được")."""
    words = read_words(said)
    if _TURNING.intersection(w.text for w in words):
        return False
    if _named(said, option.label):
        return True
    read = units(words)
    mine = next(p for p in screen.options if p.option is option).gist
    held = _held_alone(read, option, screen)
    if not held:
        return False
    label = read_words(shown_label(option.label))
    if {w.text for w in words} - STOP_WORDS.keys() <= {w.text for w in label}:
        return True  # every word it says is the option's own ("thêm giấy tờ vào ví giấy tờ")
    if len(label) <= _ONE_IDEA and all(
        u.sense in mine or u.vague or u.sense.text in STOP_WORDS or u.raw in _POINTING for u in read
    ):
        # all it says is what a short option is about ("giải thích đơn giản hơn"), the thing
        # asked about pointed at aside ("Theo tôi đây là tin nhắn lừa đảo": "Là lừa đảo")
        return True
    return len(label) <= _SHORT_IDEA and any(u.size > 1 for u in held)


def _held_alone(read: Sequence[Unit], option: OptionT, screen: Screen[OptionT]) -> list[Unit]:
    """The ideas said that `option` holds, when it holds one and no other option holds
    another of them; none otherwise."""
    ideas = {u.sense for u in read if u.sense.text.startswith("@")}
    mine = next(p for p in screen.options if p.option is option).gist
    elsewhere = {s for p in screen.options if p.option is not option for s in p.gist} - mine
    held = [u for u in read if u.sense in mine and u.sense.text.startswith("@")]
    return [] if ideas & elsewhere else held


# Words that point at what the screen shows, typed with their marks ("đây" is this; "day" may be "dạy").
_POINTING = frozenset({"đây", "này", "đó", "kia", "ấy"})

# The tutor's own places: asked where one is, the option that goes there is the answer.
_PLACES = frozenset({"@settings", "@progress", "@review", "@help", "@topics", "@continue"})
_WHERE = (
    # "… ở đâu", "… thì vào đâu", "… bấm vào chỗ nào", "… thì chọn mục nào"
    re.compile(
        r"\s+(?:thi\s+)?(?:(?:o|vao|bam|bam\s+vao|an\s+vao|chon)\s+)?(?:dau|cho\s+nao|muc\s+nao|nut\s+nao)"
        r"(?:\s+(?:vay|the|a|nhi|ha))*\s*\??$"
    ),
    re.compile(r"^(?:bam\s+|vao\s+|o\s+)?(?:dau|cho\s+nao|muc\s+nao)\s+(?:de|thi)\s+"),
)


def _where(text: str, words: tuple[Word, ...], screen: Screen[OptionT]) -> Picked[OptionT] | None:
    """'đổi giờ nhắc với tên gọi ở đâu' on the menu: asked where to do what one option is for
    ("Cài đặt"), that option is the way there. Only for the tutor's own places (settings,
    progress, review, help, topics), named by all that is said before "ở đâu" (a sense, in
    one idea, as a courteous sentence must): "sửa ngày sinh trên VNeID ở đâu" asks about the
    world, and the library answers it."""
    folded = " ".join(w.text for w in words)
    stripped = folded
    for where in _WHERE:
        stripped = where.sub("", stripped)
    if stripped == folded or not stripped:
        return None
    again = _reading(stripped, screen)
    if not isinstance(again, Picked) or again.how not in (How.EXACT, How.WORDS, How.SENSE):
        return None
    if not _a_place(again.option.label):
        return None
    return again if again.how is not How.SENSE or _one_idea(stripped, again.option, screen) else None


# Asking what there is to study: "có những bài gì", "xem có bài nào học không", "các bài có gì".
_ASKER = r"(?:(?:cho\s+\w+\s+)?xem\s+)?"
_LESSONS = r"(?:nhung\s+|cac\s+|may\s+)?(?:bai|bai\s+hoc|chu\s+de)"
_ENDING = r"(?:\s+(?:de\s+)?hoc)?(?:\s+(?:khong|vay|the|a|nhi|ha|nhe|nao))*$"
_WHAT_THERE = (
    re.compile(rf"^{_ASKER}(?:co\s+)?{_LESSONS}(?:\s+hoc)?\s+(?:gi|nao){_ENDING}"),
    re.compile(rf"^{_ASKER}{_LESSONS}\s+(?:co|gom)\s+(?:nhung\s+)?gi{_ENDING}"),
    re.compile(rf"^{_ASKER}co\s+(?:nhung\s+)?gi\s+(?:de\s+)?hoc{_ENDING}"),
)
_TOPICS = Sense("@topics", False)


def _what_there(text: str, screen: Screen[OptionT]) -> Picked[OptionT] | None:
    """'xem có những bài gì', 'có bài gì học không' on the menu: asked what lessons there are,
    the option that lists them ('Chủ đề bài học') answers. Not on a list of lessons or
    topics, which is what there is, and not where no one option lists them (a quiz: the
    question is the library's)."""
    if screen.listing:
        return None
    folded = " ".join(w.text for w in read_words(text))
    if not any(asking.match(folded) for asking in _WHAT_THERE):
        return None
    lists = [p for p in screen.options if _TOPICS in p.gist]
    return Picked(lists[0].option, How.SENSE) if len(lists) == 1 else None


_FEWEST_FORMS = 3  # options that are forms of address make a screen of them ("Ông", "Bà", "Bác", …)


def _addressed(text: str, screen: Screen[OptionT]) -> Picked[OptionT] | None:
    """Among forms of address, a form said with who the learner is ('cô giáo', 'ông nội e',
    'tôi là đàn ông già': that form), or typed as its letter ('gọi a là dc': 'Anh', 'e': 'Em').
    Nothing is read so where the reply turns something down ('đừng gọi cô giáo') or names two
    forms."""
    words = read_words(text)
    forms = [p for p in screen.options if p.label_form.key in ADDRESS_WORDS and len(p.label_form.terms) == 1]
    if len(forms) < _FEWEST_FORMS or not words or any(is_negation(w) or w.text in _TURNING for w in words):
        return None
    said = {p for p in forms for w, after in pairwise(words) if _says((w,), w.text, p) and spelled(after, FORM_KIN)}
    if len(said) == 1:
        return Picked(said.pop().option, How.WORDS)
    if said or not any(_lettered(words, at) for at in range(len(words))):
        return None
    lettered = " ".join(FORM_LETTERS[w.text] if _lettered(words, at) else w.raw or w.text for at, w in enumerate(words))
    again = _reading(lettered, screen)
    return again if isinstance(again, Picked) and again.option in [p.option for p in forms] else None


_CALLING = frozenset({"goi", "la", "xung"})  # "gọi a là …", "xưng e": what follows is a form


def _lettered(words: tuple[Word, ...], at: int) -> bool:
    """The word at `at` is a form's letter after a word that calls ('gọi a là dc'), or one
    that is a form alone too, typed first with only particles after it ('e nhé'); 'a' and
    'ok a' may be 'ạ', 'ok ạ'."""
    word = words[at]
    if word.text not in FORM_LETTERS or word.marked or word.raw != word.text:
        return False
    if at and words[at - 1].text in _CALLING:
        return True
    return at == 0 and word.text in LONE_FORM_LETTERS and all(w.text in _PARTICLES | _CALLING for w in words[1:])


_ELSEWHERE = Sense("@elsewhere", False)
_LIVING = frozenset({"nha"}) | SELF_WORDS | ADDRESS_WORDS  # "nhà tôi không ở …", "bà không ở …"


def _elsewhere(text: str, screen: Screen[OptionT]) -> Picked[OptionT] | None:
    """'không ở Thái Nguyên', 'tôi không sống ở đây' where one option is somewhere else
    ('Khác'): the learner lives elsewhere, whatever place they name, unless an option names it
    ('không ở xã Phú Bình' beside 'Xã Phú Bình' says which it is not, and is not read here)."""
    holders = [p for p in screen.options if _ELSEWHERE in p.gist]
    if len(holders) != 1 or "?" in text:
        return None
    texts = tuple(w.text for w in read_words(text))
    start = next((at for at, t in enumerate(texts) if t not in _LIVING), len(texts))
    size = next((n for n in range(len(texts) - start, 1, -1) if texts[start : start + n] in NOT_LIVING), 0)
    rest = texts[start + size :]
    if not size or not rest or _ASKING.intersection(rest):
        return None
    named = _reading(" ".join(rest), screen)
    return Picked(holders[0].option, How.SENSE) if isinstance(named, NoMatch) else None


def _which_to_study(text: str, screen: Screen[OptionT]) -> Picked[OptionT] | AskBack[OptionT] | None:
    """'bán chè trên mạng thì học mục nào ạ' on a list of lessons or topics (each shown with
    its progress or length): asked which one to study after describing it, the learner picks
    the one the description names, by its own words or in one idea as a courteous sentence
    must; where it fits two, they are asked about. Elsewhere (a quiz, a menu) the same words
    ask the tutor, and are left to the library; a yes, a number or a slip names nothing."""
    described = which_to_study(text) if screen.listing else None
    if described is None:
        return None
    again = _reading(described, screen)
    if isinstance(again, AskBack):
        return again
    if not isinstance(again, Picked) or again.how in _NOT_NAMED:
        return None
    if again.how is How.SENSE and not _describes(described, again.option, screen):
        return None
    return again


def _plight(text: str, screen: Screen[OptionT]) -> Picked[OptionT] | None:
    """'bị lừa rồi thì làm gì' on a list of lessons or topics (each shown with its progress or
    length): asked what to do about a plight that one listed item names by its own words ("Lỡ
    bị lừa: những phút đầu"), the learner asks for that item. Told in other words ("lỡ chuyển
    cho nó rồi giờ làm sao"), or fitting two, it is a question for the library: a wrong pick
    costs more than an answer."""
    told = what_to_do(text) if screen.listing else None
    again = _reading(told, screen) if told else None
    return again if isinstance(again, Picked) and again.how in (How.EXACT, How.WORDS) else None


def _options_of(reading: Picked[OptionT] | AskBack[OptionT]) -> tuple[OptionT, ...]:
    return (reading.option,) if isinstance(reading, Picked) else reading.options


def _describes(described: str, option: OptionT, screen: Screen[OptionT]) -> bool:
    """What the learner describes is what one listed lesson or topic is about: an idea of it
    the option holds, none another option holds, nothing turned down ("không bán chè nữa")."""
    words = read_words(described)
    return not _TURNING.intersection(w.text for w in words) and bool(_held_alone(units(words), option, screen))


def _a_place(label: str) -> bool:
    """All the label says is one of the tutor's places ("Cài đặt", "Tiến độ của tôi"), not a
    quiz's answer that mentions help ("Nhờ người thân giúp")."""
    said = gist(read_words(shown_label(label))).strong
    return bool(said) and all(s.text in _PLACES and not s.negated for s in said)


_LETTERS = re.compile(r"[^\W\d_]+")
_SECOND = re.compile(r"\b(?:" + "|".join(SECOND_READINGS) + r")\b", re.IGNORECASE)
_LONGEST_ACRONYM = 6


def _acronym(text: str, screen: Screen[OptionT]) -> Reading[OptionT] | None:
    """'AI' typed in capitals is the letters a label writes so ('Bình dân học AI'), not the
    word 'ai' (who), which asks."""
    typed = text.strip(" .!")
    if not 2 <= len(typed) <= _LONGEST_ACRONYM or not typed.isascii() or not typed.isalpha() or not typed.isupper():
        return None
    holders = [
        p
        for p in screen.options
        if any(t.upper() == typed and sum(c.isupper() for c in t) > 1 for t in _LETTERS.findall(p.option.label))
    ]
    return one_or_ask(holders, How.EXACT) if holders else None


def _turns_down(said: str, label: str) -> bool:
    """The option says no to what was turned down: "Không đọc mã, tắt máy" to "không cần đọc"."""
    words = read_words(shown_label(label))
    turned = {w.text for w, flag in zip(words, negated(words), strict=True) if flag}
    return bool(turned) and {w.text for w in read_words(said)} - {"khong", "can"} <= turned


def _named(said: str, label: str) -> bool:
    """The option's whole label stands in what was said ("câu này đúng" holds "Đúng")."""
    return f" {key(read_words(shown_label(label)))} " in f" {key(read_words(said))} "


def _reading(text: str, screen: Screen[OptionT], read: tuple[Word, ...] | None = None) -> Reading[OptionT]:
    """`read`: `read_words(text)`, where read already."""
    if len(text.split(maxsplit=LONGEST_REPLY)) > LONGEST_REPLY:
        return NoMatch()
    words = _classifier_dropped(_run_apart(read_words(text) if read is None else read, screen.spaced))
    if not words and _approving(text):  # "👍", "👌🏻": an "ok" with no word
        return _reading("ok", screen)
    if not words:  # a bare "?" opens the screen's help, if it has one
        return _how(text, screen) or NoMatch()
    found = _read(text, words, screen)
    if found is None and any(w.text in ENGLISH and not w.marked for w in words):  # "next", "retry"
        in_vietnamese = " ".join(
            ENGLISH[w.text] if w.text in ENGLISH and not w.marked else w.raw or w.text for w in words
        )
        again = _reading(in_vietnamese, screen)
        found = None if isinstance(again, NoMatch) else again
    second = _SECOND.sub(lambda m: SECOND_READINGS[m[0].lower()], text)
    if found is None and second != text:  # "hok tiep": "học tiếp", where "không tiếp" is nothing
        again = _reading(second, screen)
        found = None if isinstance(again, NoMatch) else again
    unsure = isinstance(found, AskBack) and len(found.options) == 1  # "Ý bác là … phải không?"
    if (found is None or unsure) and len(words) > 1 and any(w.text in WORD_SYNONYMS for w in words):
        said = tuple(Word(WORD_SYNONYMS[w.text], "", w.clause) if w.text in WORD_SYNONYMS else w for w in words)
        other = _read(text, said, screen)
        # said another way, the one option asked about is named: "không đưa gì hết" is "… gì cả"
        named = isinstance(other, Picked) and isinstance(found, AskBack) and other.option in found.options
        if found is None or named:
            found = other
    digits = spelled_digits(words) if found is None else None
    if digits is not None:  # "một hai ba bốn năm sáu" beside "123456": a label's digits only
        code = _exact(variants((Word(digits, "", 0),)), screen)
        found = code if isinstance(code, Picked) else None
    if found is None:  # "ko cần quét", "quá 20tr r phải quét" to "Có, vì …" / "Không, vì …"
        found = reasoned(text, words, screen)
    if found is None and words[-1].clause:
        found = _by_clause(text, words, screen)
    if found is None:
        found = _undone(words, by_sense(text, words, screen), screen)
    if found is None:
        found = by_shared(text, words, screen)
    if found is None:
        found = _enough_and(words, screen)
    if found is None and not _asks_long(text, words):
        found = _by_parts(text, screen)  # a question is left to the library, however long
    if found is None or isinstance(found, AskBack):
        found = _slipped(text, words, screen, found)
    if found is None:
        found = _way_out(words, screen)
    return found or NoMatch()


_BACK = Sense("@back", False)
_WAYS_OUT = (Sense("@menu", False),)
_LISTS_ABOVE = (Sense("@topics", False),)


def _way_out(words: tuple[Word, ...], screen: Screen[OptionT]) -> Reading[OptionT] | None:
    """'quay lại', 'back' on a list of topics or lessons, where no option goes back: the
    learner wants out of the list, to the menu ('Về menu'); on a list of lessons, the list of
    topics above it ('Chủ đề khác') is as much the way back, so the two are asked about.
    Elsewhere it is nothing: on a lesson's first card there is nothing before it."""
    said = units(trimmed(words))
    if not screen.listing or not said or any(u.sense != _BACK for u in said):
        return None
    if any(_BACK in p.gist for p in screen.options):
        return None
    out = [p for p in screen.options if p.gist.intersection(_WAYS_OUT + _LISTS_ABOVE)]
    return one_or_ask(out, How.SENSE) if out else None


# A thumbs-up, an ok hand or a tick said alone is an "ok"; skin tones and the emoji variation
# selector aside ("👍🏻", "✔️"), and one emoji typed twice or more ("👍👍") says no more.
_APPROVING = frozenset({"\U0001f44d", "\U0001f44c", "\u2705", "\u2714", "\u2611", "\U0001f197"})
_EMOJI_MARKS = re.compile("[\U0001f3fb-\U0001f3ff\ufe0f\\s]")


def _approving(text: str) -> bool:
    signs = set(_EMOJI_MARKS.sub("", text))
    return bool(signs) and signs <= _APPROVING


# Ideas of undoing something: cancelling, deleting, withdrawing ("hủy", "xóa", "bỏ đi", "thu hồi").
_UNDOING = frozenset({"@cancel", "@delete", "@revoke"})


def _undone(
    words: tuple[Word, ...], found: Reading[OptionT] | None, screen: Screen[OptionT]
) -> Reading[OptionT] | None:
    """By sense, a reply that says to undo what it names picks no option that gives it: 'mã
    mời hủy đi' is not '➕ Mời thêm người', though 'mã mời' is what that option gives. It is
    asked about, beside the one option that undoes something ('🚫 Thu hồi mã mời'); where no
    option, or several, undo something, the pick stands."""
    if not isinstance(found, Picked):
        return found
    picked = next(p for p in screen.options if p.option is found.option)
    if any(s.text in _UNDOING for s in picked.gist):
        return found
    if not any(s.text in _UNDOING and not s.negated for s in gist(words).strong):
        return found
    undoing = [p.option for p in screen.options if p is not picked and any(s.text in _UNDOING for s in p.gist)]
    # with no option that undoes anything ('thôi khỏi tên' on the name screen: 'Bỏ qua'), the
    # pick stands: there is nothing else the learner could mean
    return AskBack((found.option, *undoing)) if len(undoing) == 1 else found


def _run_apart(words: tuple[Word, ...], labels: tuple[str, ...]) -> tuple[Word, ...]:
    """A word no syllable can be, typed as two or three syllables run together, is read as
    those where they make one phrase of the lexicon there or stand so in a label on the screen
    (`labels`, folded, spaced at both ends), in one way only: 'traloi lai xem' is 'trả lời lại
    xem' (@retry), 'dichvucong' is 'dịch vụ công', 'thoiko ghi' is 'thôi không ghi' (a piece
    may be shorthand of two letters or more: "ko", "dc"), 'dangnhap' beside "Đăng nhập
    VNeID…" is 'đăng nhập'."""
    for at, word in enumerate(words):
        text = word.text
        if len(text) > _LONGEST_RUN or not text.isalpha() or could_be_syllable(text) or text in LEXICON_SET:
            continue  # longer than any run of syllables: a forged word would try every cut of it
        found: dict[tuple[str, ...], tuple[Word, ...]] = {}  # two cuts may read alike ("ng" is "người")
        for pieces in _cuts(text, _MOST_RUN):
            written = [part for piece in pieces for part in SHORTHAND.get(piece, piece).split()]
            apart = (*words[:at], *(Word(part, "", word.clause) for part in written), *words[at + 1 :])
            shown = f" {' '.join(written)} "
            if any(u.size > 1 for u in _spanning(apart, at, at + len(written) - 1)) or any(
                shown in label for label in labels
            ):
                found[tuple(written)] = apart
        if len(found) == 1:
            return _run_apart(next(iter(found.values())), labels)
    return words


_MOST_RUN = 3  # syllables run together into one word
_SHORTEST_SHORTHAND = 2  # a lone "k" or "r" inside a word is a letter of it ("back")
# no piece is longer than a syllable or a shorthand, so no run of them is longer than this
_LONGEST_RUN = _MOST_RUN * max(LONGEST_SYLLABLE, *map(len, SHORTHAND))


def _cuts(text: str, most: int) -> list[tuple[str, ...]]:
    """The ways `text` is at most `most` syllables (or shorthand) typed with no space."""
    ways: list[tuple[str, ...]] = []
    for cut in range(1, len(text)):
        first, rest = text[:cut], text[cut:]
        if not (could_be_syllable(first) or (len(first) >= _SHORTEST_SHORTHAND and first in SHORTHAND)):
            continue
        if could_be_syllable(rest) or (len(rest) >= _SHORTEST_SHORTHAND and rest in SHORTHAND):
            ways.append((first, rest))
        if most > 2:
            ways.extend((first, *more) for more in _cuts(rest, most - 1))
    return ways


_CLASSIFIER = frozenset({"cái"})


def _classifier_dropped(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """A 'cái' (the classifier) between a verb and its noun is said by the way: 'hủy cái mã
    mời' is 'hủy mã mời' (@revoke), not a lone 'hủy' beside 'mã mời' (@invite). Dropped only
    where the words around it make a phrase of the lexicon without it and none with it
    ('cái trước', 'cài đặt' stay)."""
    at = next((i for i, w in enumerate(words) if w.text == "cai" and 0 < i < len(words) - 1), None)
    if at is None or (words[at].marked and words[at].raw not in _CLASSIFIER):
        return words
    before, after = words[at - 1], words[at + 1]
    if not before.clause == words[at].clause == after.clause or any(u.size > 1 for u in _spanning(words, at, at)):
        return words
    without = words[:at] + words[at + 1 :]
    return without if any(u.size > 1 for u in _spanning(without, at - 1, at)) else words


def _spanning(words: tuple[Word, ...], first: int, last: int) -> list[Unit]:
    """The phrases read in `words` that hold both the word at `first` and the one at `last`."""
    return [u for u in units(words) if u.start <= first and last < u.start + u.size]


_ENOUGH = frozenset({"thôi"})


def _enough_and(words: tuple[Word, ...], screen: Screen[OptionT]) -> Picked[OptionT] | None:
    """'thôi khỏi tên' is 'thôi, khỏi tên' typed without its comma: an opening 'thôi' (enough)
    and the rest each read alone pick the same option (here 'Bỏ qua'), so that one; where they
    differ ('thôi Lan', 'thôi ok') or either picks nothing, this reads nothing."""
    first = words[0]
    if len(words) < 2 or first.text != "thoi" or (first.marked and first.raw not in _ENOUGH):
        return None
    if any(w.clause != first.clause for w in words):
        return None  # with commas, the clauses are read each alone already
    enough = _reading(first.raw or first.text, screen)
    rest = _reading(" ".join(w.raw or w.text for w in words[1:]), screen)
    if isinstance(enough, Picked) and isinstance(rest, Picked) and enough.option is rest.option:
        return rest
    return None


def _slipped(
    text: str, words: tuple[Word, ...], screen: Screen[OptionT], found: AskBack[OptionT] | None
) -> Reading[OptionT] | None:
    """One option's words with one slip ("quay lia"), where nothing else fit or the slip was
    among the options asked about."""
    for layer in variants(words):
        near = by_near(text, layer.words, screen) if layer.clean else None
        if isinstance(near, Picked) and (found is None or near.option in found.options):
            return near
    return found


def _by_clause(text: str, words: tuple[Word, ...], screen: Screen[OptionT]) -> Reading[OptionT] | None:
    """'đã hiểu, tiếp': each clause read alone; picked when the clauses that pick agree and
    none asks; asked about when two clauses pick two options, or one asks about what the others
    pick."""
    picked: set[str] = set()
    named: list[OptionT] = []
    question: AskBack[OptionT] | None = None
    found: Reading[OptionT] | None = None
    for clause in range(words[-1].clause + 1):
        part = tuple(w for w in words if w.clause == clause)
        reading = _read(text, part, screen, alone=False) if part else None
        if isinstance(reading, AskBack):
            if question is not None:
                return None
            question = reading
        if isinstance(reading, Picked):
            if reading.option.id not in picked:
                named.append(reading.option)
            picked.add(reading.option.id)
            found = reading
    if question is not None:  # "sai rồi, cái khác": the question stands when the picks are among it
        return question if named and all(o in question.options for o in named) else None
    if len(named) == 2:  # each clause names its own option
        return AskBack(tuple(named))
    return found if len(picked) == 1 else None


_NAMING = frozenset({How.EXACT, How.WORDS, How.SENSE})


def _about(option: OptionT, senses: frozenset[str], screen: Screen[OptionT]) -> bool:
    """The option is about one of `senses` (its label or an alias says it)."""
    return any(s.text in senses for p in screen.options if p.option is option for s in p.gist)


def _asks_long(text: str, words: tuple[Word, ...]) -> bool:
    """A long reply asks, though "… thì không" at its end only turns down what it names ("mấy
    cái mã thì không")."""
    if len(words) > 2 and words[-2].text == "thi" and words[-1].text in ("khong", "chua"):
        words = words[:-2]
    return _asking(text, words) or question_phrase(words) or gist(words, text).asks


def _by_parts(text: str, screen: Screen[OptionT]) -> Reading[OptionT] | None:
    """'Tôi sẽ tắt máy rồi gọi ngay cho cháu hoặc gọi nhà trường.': a long reply read part by
    part (parts.py), each part by an option's words or by what it is about. The parts that say
    what the learner does pick, when they name one option; a reason, a condition or what
    happened picks nothing, and is asked about beside them when it names another option. Two
    options named, or a part that asks about others, leave the learner to be asked; a part that
    asks, or one that says something no option is about (a reason aside), leaves the reply to
    the library: it tells a story."""
    strong: list[Picked[OptionT] | AskBack[OptionT]] = []
    weak: list[Picked[OptionT] | AskBack[OptionT]] = []
    for part in parts(text):
        said = " ".join(w.raw or w.text for w in part.words)
        if _asks_long(said, part.words):
            return None  # "…, thì ghi vào đâu"
        named = _read(said, part.words, screen, alone=False)
        found = named if isinstance(named, Picked) and named.how in _NAMING else by_sense(said, part.words, screen)
        if isinstance(found, (AskBack, Picked)):
            (weak if part.weak else strong).append(found)
        elif not part.aside and _says_more(part.words):
            return None  # "con gái gọi video mà hình cứ đứng, …": a story, not a choice
    return _agreed(strong, weak) if strong else None


def _says_more(words: tuple[Word, ...]) -> bool:
    """A part that names no option still says something ("hoảng thật", "tiếng rè rè"), other
    than what it denies ("ngân hàng không nhắn kiểu thế")."""
    said = gist(words)
    return bool(said.strong) and not said.denies


def _agreed(
    readings: list[Picked[OptionT] | AskBack[OptionT]], others: list[Picked[OptionT] | AskBack[OptionT]]
) -> Reading[OptionT] | None:
    """One option picked by every reading, and asked about beside any other the `others` name."""
    named = list(dict.fromkeys(o for r in readings for o in _options_of(r)))
    if len(named) != 1 or any(isinstance(r, AskBack) for r in readings):
        return AskBack(tuple(named)) if len(named) == 2 else None
    besides = [o for r in others for o in _options_of(r) if o is not named[0]]
    return AskBack((named[0], besides[0])) if besides else Picked(named[0], How.SENSE)


def _read(text: str, words: tuple[Word, ...], screen: Screen[OptionT], alone: bool = True) -> Reading[OptionT] | None:
    """`alone`: the words are the whole reply, not one clause of it."""
    layers = variants(words)
    return (
        _exact(layers, screen, asking=_asking(text, words))
        or _number(layers, screen)
        or yes_no(layers, screen, bare_no=alone)
        or _explain(text, words, screen)
        or _half_phrase(layers, by_words(layers, screen, asking=_asking(text, words)), screen)
        or _inside(text, words, screen)
        or _switch(text, words, screen)
    )


def _half_phrase(
    layers: tuple[Layer, ...], found: Reading[OptionT] | None, screen: Screen[OptionT]
) -> Reading[OptionT] | None:
    """A reply picked by the words of a label that may mean an idea another option is about
    is asked about between them:
    - one word of a long title (a lesson's, not a button's) that is half of a lexicon phrase
      of an idea the title does not hold: 'quét' is a word of 'Chuyển nhiều tiền thì phải quét
      khuôn mặt', and half of 'quét mã', what 'Trả tiền bằng mã VietQR' beside it is about;
    - one whole phrase whose idea the label that holds its words is not about: 'mã mời' stands
      in '🚫 Thu hồi mã mời' (read as 'thu hồi mã', @revoke), yet an invite code (@invite) is
      what '➕ Mời thêm người' beside it gives;
    - one whole phrase of a long title that the lexicon reads two ways, one of them the idea
      the rest of the title is about: 'lấy lại tiền' in 'Đầu tư lãi cao và lời hứa "lấy lại
      tiền"' serves its @investment, yet getting money back after a scam (@scammed) is what
      'Lỡ bị lừa: những phút đầu' is about. In 'Báo lừa đảo và kiểm tra trước khi chuyển tiền'
      the rest is about scams, so 'chuyển tiền' (@transfer, @payment) names that title."""
    said = trimmed(layers[0].words)
    if not isinstance(found, Picked) or found.how is not How.WORDS or not said:
        return found
    picked = next(p for p in screen.options if p.option is found.option)
    ideas = _ideas_said(said, layers, picked, titled=len(picked.label_form.own) > _ONE_IDEA)
    held = [p for p in screen.options if p is not picked and ideas.intersection(s.text for s in p.gist)]
    return AskBack((found.option, held[0].option)) if len(held) == 1 else found


def _ideas_said(said: Sequence[Word], layers: tuple[Layer, ...], picked: Prepared[OptionT], titled: bool) -> set[str]:
    """The ideas a reply may mean that the picked label is not about: of one word of a title,
    what it may be half of (a button's word is the button: 'về' on a card is 'Về menu'); of
    one whole phrase (polite words aside: "tôi muốn lấy lại tiền"), its readings when the
    label holds its words and none of them ('đổi tên' beside 'Tên gọi' is not its words), or,
    in a title, its other readings when the rest of the title is about one of them."""
    ideas = {s.text for s in picked.gist}
    if len(said) == 1:
        half = {f"@{sense}" for sense in PART_SENSES.get(said[0].text, ())}
        return half - ideas if titled and said[0].text not in VAGUE else set()
    label = read_words(shown_label(picked.option.label))
    for said_so in dict.fromkeys(tuple(trimmed(layer.words)) for layer in layers):
        phrase = {w.text for w in said_so}
        readings = {f"@{sense}" for sense in phrase_senses(said_so)}
        if readings and not readings & ideas and phrase <= {w.text for w in label}:
            return readings
        rest = [w for w in label if w.text not in phrase]
        own = {s.text for s in gist(rest).strong} & readings
        if titled and len(readings) > 1 and own:
            return readings - own
    return set()


def _asking(text: str, words: tuple[Word, ...]) -> bool:
    """'thật không?', 'vneid à', 'cháu ở đâu thế': said as a question, so a word of a label
    is not a pick."""
    if "?" in text:
        return True
    if len(words) < 2:
        return False
    last = words[-1].text
    return last in _ASKING_ENDS or (last in _ASKING_PARTICLES and question_phrase(words))


# --- 1. the words of an option ----------------------------------------------------------


def _exact(layers: tuple[Layer, ...], screen: Screen[OptionT], asking: bool = False) -> Reading[OptionT] | None:
    for words in (layer.words for layer in layers):
        typed = key(words)
        found = [p for p in screen.options if _says(words, typed, p)] or _grouped(words, screen)
        shown = _shown_elsewhere(typed, found, screen)
        if shown is not None:
            return AskBack((found[0].option, shown.option))
        for meant in SYNONYMS.get(typed, ()) if not found else ():
            found = [p for p in screen.options if any(f.key == meant for f in p.forms)]
            if found:
                split = _split_between(layers[0].words, found, screen)
                if split is not None:
                    return AskBack((found[0].option, split.option))
                break
        if not found and (_not_these(words) or (not asking and _not_listed(words, layers[0].words))):
            found = [p for k in NOT_THESE_OPTIONS for p in screen.options if any(f.key == k for f in p.forms)]
            if len(found) == len(NOT_THESE_OPTIONS):  # a list of places found, with "Tìm lại" and "Khác"
                return AskBack(tuple(p.option for p in found))
            found = []
        if found:
            numbered = _numbered(words, layers[0].words, screen)
            if len(found) == 1 and numbered is not None and numbered is not found[0]:
                return AskBack((found[0].option, numbered.option))
            return one_or_ask(found, How.EXACT)
    return None


_GROUPED = 4  # digits: "123 456" is one number typed in groups; "1 2" may be two options


def _grouped(words: tuple[Word, ...], screen: Screen[OptionT]) -> list[Prepared[OptionT]]:
    """A number typed in groups ("123 456") is the number a label writes whole ("123456")."""
    if len(words) < 2 or not all(w.text.isdigit() for w in words):
        return []
    typed = "".join(w.text for w in words)
    return [p for p in screen.options if len(typed) >= _GROUPED and any(f.key == typed for f in p.forms)]


def _split_between(
    words: tuple[Word, ...], found: list[Prepared[OptionT]], screen: Screen[OptionT]
) -> Prepared[OptionT] | None:
    """'bài khác' is 'Bài tiếp theo' by the lexicon, yet each of its words is a shown word,
    'bài' of that label and 'khác' of 'Chủ đề khác' beside it: the learner may mean either.
    A word of the learner's own ('sang bài khác', 'đổi cách gọi'), the label said whole
    ('về lại menu'), or a telling word of that label against only a vague one of another
    ('ôn bài': 'ôn', beside 'bài' of 'Chủ đề bài học') makes the lexicon's reading stand."""
    if len(found) != 1:
        return None
    said = {w.text for w in words}
    mine = {t.text for t in found[0].label_form.own}
    if mine <= said:
        return None
    for other in screen.options:
        theirs = {t.text for t in other.label_form.own}
        if other is not found[0] and said <= mine | theirs and _as_telling(said & theirs - mine, said & mine):
            return other
    return None


def _as_telling(theirs: set[str], mine: set[str]) -> bool:
    """Another label's words said are as telling as the meant label's ('khác' and 'bài' are
    both vague; 'bài' is not as telling as 'ôn')."""
    return bool(theirs) and (bool(theirs - VAGUE) or mine <= VAGUE)


def _shown_elsewhere(typed: str, found: list[Prepared[OptionT]], screen: Screen[OptionT]) -> Prepared[OptionT] | None:
    """'mã mời' is an alias of '➕ Mời thêm người' and stands whole in the label shown beside
    it, '🚫 Thu hồi mã mời': what the learner sees outweighs the flow's guess, so it is asked.
    A label typed whole is that label ('Tiếp' beside 'Bài tiếp theo' is picked), and one
    word ('tiếp', 'menu') stands in too many labels to tell anything."""
    if len(found) != 1 or found[0].label_form.key == typed or " " not in typed:
        return None
    holders = [p for p in screen.options if p is not found[0] and f" {typed} " in f" {p.label_form.key} "]
    return holders[0] if len(holders) == 1 else None


def _not_these(words: tuple[Word, ...]) -> bool:
    """'không phải', 'sai rồi', and 'không phải 2 xã này', 'ko phai ca hai': not what was found,
    the words after it only pointing at what was found."""
    texts = tuple(w.text for w in words)
    return any(
        " ".join(texts[:size]) in NOT_THESE and all(t in THESE_FOUND for t in texts[size:])
        for size in range(len(texts), 0, -1)
    )


_LONGEST_NOT_LISTED = 8  # words: longer, it tells or asks something else


def _not_listed(words: tuple[Word, ...], whole: tuple[Word, ...]) -> bool:
    """'không có xã của tôi': what the learner looks for is not there, so they may search
    again (typed otherwise, it may be found) or take 'Khác'; a question is not so ('không có
    tài khoản ngân hàng thì chuyển tiền bằng gì')."""
    if tuple(w.text for w in words[:2]) not in NOT_LISTED or len(whole) > _LONGEST_NOT_LISTED:
        return False
    return not question_phrase(whole) and not _ASKING.intersection(w.text for w in whole)


# Words that only soften a reply: around a bare number word they leave it a number as much
# as a label ("ba nhé"); "gọi là", "xưng" before it make it a name ("cứ gọi là ba").
_PARTICLES = frozenset(p[0] for p in PURE_PREFIXES | PURE_SUFFIXES if len(p) == 1)


def _numbered(words: tuple[Word, ...], whole: tuple[Word, ...], screen: Screen[OptionT]) -> Prepared[OptionT] | None:
    """The option whose number a bare number word names ("ba": the third), if any."""
    if not screen.numbered or len(words) != 1 or words[0].marked:
        return None
    value = unit(words[0])
    if value is None or not 1 <= value <= len(screen.options):
        return None
    peeled = [w for w in whole if w is not words[0]]
    return screen.options[value - 1] if all(w.text in _PARTICLES for w in peeled) else None


def _says(words: tuple[Word, ...], typed: str, option: Prepared[OptionT]) -> bool:
    for form in option.forms:
        if form.key == typed and all(compatible(w.raw, raw) for w, raw in zip(words, form.raws, strict=True)):
            return True
    return False


# --- 2. a number ------------------------------------------------------------------------


def _number(layers: tuple[Layer, ...], screen: Screen[OptionT]) -> Reading[OptionT] | None:
    if not screen.numbered:
        return None
    count = len(screen.options)
    for words in (layer.words for layer in layers):
        found = ordinal(words) or unfinished(words)  # "số 3 học dở chưa xong": lesson 3
        if found is None:
            continue
        holder = next((p for layer in layers if (p := _in_label(layer.words, screen)) is not None), None)
        if holder is not None:  # "mức 2" beside a title with "mức 2": that title, or number 2
            numbered = (
                screen.options[number - 1] if 1 <= (number := count if found.last else found.value) <= count else None
            )
            return (
                AskBack((holder.option, numbered.option))
                if numbered not in (None, holder)
                else Picked(holder.option, How.WORDS)
            )
        number = count if found.last else found.value
        if not 1 <= number <= count:
            showing = _showing(words, screen)
            if len(showing) >= 2:
                return AskBack((showing[0].option, showing[1].option))
            return NoMatch(number) if found.sure else None
        chosen = screen.options[number - 1]
        if found.sure:
            inside = _holding(words, screen, chosen)
            return AskBack((chosen.option, inside.option)) if inside else Picked(chosen.option, How.NUMBER)
        by_label = by_words((Layer(words, clean=True),), screen, asking=False)
        if isinstance(by_label, Picked) and by_label.option is not chosen.option:
            return AskBack((chosen.option, by_label.option))
        return Picked(chosen.option, How.NUMBER)
    return _between(layers, screen)


def _between(layers: tuple[Layer, ...], screen: Screen[OptionT]) -> Reading[OptionT] | None:
    """Two option numbers joined ("2 và 3", "cả 2 và 3", "hai hay ba"): the learner is torn
    between those two, so a person asks which; three or more, or one beyond the options, pick
    nothing. Not where one label holds each number with its word ("mức 1 với mức 2" beside
    "Tài khoản VNeID mức 1 và mức 2" is that title)."""
    count = len(screen.options)
    for words in (layer.words for layer in layers):
        named = joined(words)
        if named is None:
            continue
        holders = {_in_label(part, screen) for part, _ in named}
        if len(holders) == 1 and None not in holders:
            return None
        numbers = {count if n.last else n.value for _, n in named}
        if len(named) != 2 or len(numbers) != 2 or not all(1 <= n <= count for n in numbers):
            return NoMatch()
        return AskBack(tuple(screen.options[n - 1].option for n in sorted(numbers)))
    return None


def _in_label(words: tuple[Word, ...], screen: Screen[OptionT]) -> Prepared[OptionT] | None:
    """The one option whose label holds a number typed with the word it follows there ("mức 2"
    in "Tài khoản VNeID mức 1 và mức 2")."""
    if len(words) < 2 or not any(w.text.isdigit() for w in words):
        return None
    typed = f" {key(words)} "
    holders = [p for p in screen.options if typed in f" {p.label_form.key} "]
    return holders[0] if len(holders) == 1 else None


def _showing(words: tuple[Word, ...], screen: Screen[OptionT]) -> list[Prepared[OptionT]]:
    """The options whose label shows the bare number typed: "7" beside "7 giờ sáng" and "7 giờ
    tối"; "30" beside "Dưới 30 tuổi" and "Từ 30 đến 59 tuổi", where it may be the number read
    off the screen as much as an age."""
    if len(words) != 1 or not words[0].text.isdigit():
        return []
    typed = words[0].text
    return [p for p in screen.options if any(t.text == typed for t in p.label_form.terms)]


def _holding(words: tuple[Word, ...], screen: Screen[OptionT], chosen: Prepared[OptionT]) -> Prepared[OptionT] | None:
    """Another option whose short label holds the bare number typed: "3" beside "Ôn 3 câu" may
    mean either, so it is asked about ("số 3" names the option number and is not)."""
    if len(words) != 1:
        return None
    typed = words[0].text
    return next((p for p in screen.options if p is not chosen and _salient(typed, p.label_form)), None)


_SHORT_LABEL = 4  # words: in "Ôn 3 câu" the 3 stands out; in a lesson title's "mức 1 và mức 2" it does not


def _salient(number: str, form: Form) -> bool:
    return number in form.digits and len(form.terms) <= _SHORT_LABEL


# --- 6. an option's words inside a longer reply -------------------------------------------

_LONGEST_AROUND = 8  # words in all: longer text tells something else
_SHORTEST_FORM = 2  # one word ("tiếp", "rời") inside a sentence is no evidence
# Words that turn a reply around or make it a question, whatever their marks ("dung" may be
# "đừng"): around an option's words they may mean the opposite of picking it.
_TURNING = frozenset({"khong", "chua", "chang", "khoi", "dung", "thoi", "dau", "ko", "k", "huy", "bo"})
# Or put it off: "mai học tiếp" is not "Học tiếp" now.
_LATER = frozenset({"mai", "sau", "lat", "ban", "chieu", "khac"})
_ASKING = frozenset({"gi", "sao", "nao", "ai", "bao", "nhieu", "khi", "tai", "vi", "hoi", "lieu", "nen", "hay", "hoac"})


def _inside(text: str, words: tuple[Word, ...], screen: Screen[OptionT]) -> Reading[OptionT] | None:
    if "?" in text or len(words) > _LONGEST_AROUND or any(w.text.isdigit() for w in words):
        return None
    typed = tuple(w.text for w in words)
    if _TURNING.intersection(typed) or _ASKING.intersection(typed):
        return None
    found: list[tuple[Prepared[OptionT], int, int]] = []
    for option in screen.options:
        spans = [_span(typed, tuple(f.key.split())) for f in option.forms if f.key.count(" ") >= _SHORTEST_FORM - 1]
        longest = max((span for span in spans if span), key=lambda span: span[1] - span[0], default=None)
        if longest is not None:
            found.append((option, *longest))
    if len(found) != 1:
        return None
    option, start, end = found[0]
    if _LATER.intersection(typed[:start] + typed[end:]):
        return None
    # the words found stand whole in another label, and the words around them may be that
    # label's ("xóa mã mời đi": 'mã mời' of '➕ Mời thêm người' is in '🚫 Thu hồi mã mời')
    if _shown_elsewhere(" ".join(typed[start:end]), [option], screen) is not None:
        return None
    # another option's words around it ("học" and "bài" are in too many labels to count)
    others = {t.text for p in screen.options if p is not option for f in p.forms for t in f.own} - VAGUE
    return None if others.intersection(typed[:start] + typed[end:]) else Picked(option.option, How.WORDS)


def _span(typed: tuple[str, ...], parts: tuple[str, ...]) -> tuple[int, int] | None:
    """Where `parts` stand side by side in `typed`, first place."""
    size = len(parts)
    return next(((i, i + size) for i in range(len(typed) - size + 1) if typed[i : i + size] == parts), None)


# --- a switch ("Nhận thông báo: đang bật") ----------------------------------------------

_SWITCH_STATES = (" dang bat", " dang tat")
_LONGEST_SWITCH = 10  # words


def _switch(text: str, words: tuple[Word, ...], screen: Screen[OptionT]) -> Reading[OptionT] | None:
    """A switch is turned by naming what it switches, on or off: 'Tôi không muốn nhận tin báo
    nữa' beside 'Nhận thông báo: đang bật' (the one option that holds that idea)."""
    switches = [p for p in screen.options if p.label_form.key.endswith(_SWITCH_STATES)]
    if not switches or len(words) > _LONGEST_SWITCH or _asking(text, words) or question_phrase(words):
        return None
    if len(switches) == 1 and len(words) > 1 and _turning(words[0]):
        # 'tắt nhắc' beside 'Giờ nhắc học' and 'Nhận thông báo: đang bật': what is turned off
        # has its own option, which is no switch, and the switch stops messages too: ask which
        named = _read(text, words[1:], screen, alone=False)
        if isinstance(named, Picked) and named.option is not switches[0].option:
            return AskBack((named.option, switches[0].option))
    ideas = {u.sense.text for u in units(words) if u.sense.text.startswith("@")}
    holders = [p for p in screen.options if ideas & {s.text for s in p.gist}]
    # nothing else is said: "bảo hiểm xã hội nhắn tin báo đồng bộ vssid" is about insurance
    found = [p for p in holders if p in switches and ideas - _FRAMING_IDEAS <= {s.text for s in p.gist}]
    return Picked(found[0].option, How.SENSE) if len(found) == 1 and len(holders) == 1 else None


# turning off or on, typed with these marks or none ("tát" is a slap)
_TURNS = MappingProxyType({"tat": "tắt", "bat": "bật"})


def _turning(word: Word) -> bool:
    return word.text in _TURNS and (not word.marked or word.raw == _TURNS[word.text])


# what a reply says about wanting, not what it wants: no switch is about these
_FRAMING_IDEAS = frozenset({"@skip", "@refuse", "@agree", "@cancel"})


# --- 4. "không hiểu" --------------------------------------------------------------------


def _explain(text: str, words: tuple[Word, ...], screen: Screen[OptionT]) -> Reading[OptionT] | None:
    simpler = [p for p in screen.options if explains(p)]  # first: most screens have none
    if len(simpler) != 1 or read_help(text) not in (Help.EXPLAIN, Help.REPEAT):
        return _how(text, screen)
    # "lại (đi)", "đọc lại" are a plea to say it again, and what they share with the simpler
    # option's label ("lại") is a word of "Quay lại" as well
    said = {w.text for w in trimmed(words)}
    shared = {t.text for t in simpler[0].label_form.own} & said
    other = next((p for p in screen.options if shared and p is not simpler[0] and _holds_all(p, shared)), None)
    if other is not None:
        return AskBack((other.option, simpler[0].option))
    return Picked(simpler[0].option, How.HELP)


def _how(text: str, screen: Screen[OptionT]) -> Reading[OptionT] | None:
    """'không biết bấm cái nào', or a bare '?', where an option opens the help ("Trợ giúp" on
    the menu): the learner does not know how to go on, and that option is there to tell them
    (where an option says the card in simpler words, a '?' picks that one instead). Where no
    option says it in simpler words, 'không hiểu gì hết' asks that help too."""
    helping = [p for p in screen.options if helps(p)]  # first: most screens have none
    if len(helping) != 1:
        return None
    plea = read_help(text)
    lost = plea is Help.EXPLAIN and not any(explains(p) for p in screen.options)
    if not (plea is Help.HOW or lost or ("?" in text and not read_words(text))):
        return None
    return Picked(helping[0].option, How.HELP)


def _holds_all(option: Prepared[OptionT], said: set[str]) -> bool:
    return said <= {t.text for t in option.label_form.own}
