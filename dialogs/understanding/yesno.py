"""Yes and no: "ừ", "ok", "dạ được", "thôi", "ko", "không vào", on a screen that asks one.

An option says yes or no by its label ("Đồng ý", "Không cần nhắc", "Có, vì …") or by the
aliases its flow gave it ("Xóa hết": "co"). A screen asking whether a statement is true
("Là lừa đảo" / "Không phải lừa đảo", "Đúng" / "Sai") takes a firm yes or no; a mere "ok"
or "dạ" there, or to an option that undoes something, is asked back.
"""

from __future__ import annotations

from types import MappingProxyType

from .gist import Sense, gist
from .match import SLIP, fit, hits
from .options import OptionT, Polarity, Prepared, Screen, Term, navigates, terms
from .readings import AskBack, How, Picked, Reading, one_or_ask
from .vocab import (
    MODALS,
    NO_LABELS,
    NO_STRONG,
    NO_WEAK,
    REASONS,
    YES_LABELS,
    YES_OPENERS,
    YES_STRONG,
    YES_WEAK,
)
from .words import Layer, Word, is_negation, key, negated, read_words, spelled, variants

_SHORT_LABEL = 3  # "Không cần nhắc"; a longer label with a yes in it is an answer of its own


def yes_no(layers: tuple[Layer, ...], screen: Screen[OptionT], bare_no: bool = True) -> Reading[OptionT] | None:
    """`bare_no`: a "không" that is the whole reply may pick the answer that opens with it."""
    for words in (layer.words for layer in layers if layer.clean or _sure(layer.words)):
        if any(w.text == "khoi" and not w.raw for w in words):
            continue  # "ra khỏi", "roi khoi": out of (words.read_words), not "khỏi" (no need)
        typed = key(words)
        if typed in YES_STRONG or typed in YES_WEAK:
            return _agree(screen, Polarity.YES, strong=typed in YES_STRONG)
        if typed == "thoi":
            return _enough(screen)
        if typed in NO_STRONG or typed in NO_WEAK:
            return _agree(screen, Polarity.NO, strong=typed in NO_STRONG, bare=bare_no and typed == "khong")
        refused = _refused(words, screen)
        if refused is not None:
            return refused
    return _put_off(layers[0].words, screen) if layers else None


# A later time of the day that opens a reply, with the marks it must bear when it folds like
# another word ("toi" is as often "tôi", I).
_LATER_TIMES = MappingProxyType(
    {"toi": frozenset({"tối"}), "chieu": frozenset({"chiều"}), "mai": frozenset({"mai"}), "lat": frozenset({"lát"})}
)
_LONGEST_PUT_OFF = 6  # words: "tối về nhà rồi bác học nhé"
_PUT_OFF = "de sau"


def _put_off(words: tuple[Word, ...], screen: Screen[OptionT]) -> Reading[OptionT] | None:
    """'tối về học', 'chiều rảnh học', 'mai học' where an option puts it off ("Để sau"): a
    reply that opens with a later time of the day says when, not now, whatever it goes on to
    do; not when it denies or asks ("tối có học không")."""
    if not 1 < len(words) <= _LONGEST_PUT_OFF or words[-1].text in _ASKED or any(is_negation(w) for w in words):
        return None
    first = words[0]
    marks = _LATER_TIMES.get(first.text)
    if marks is None or (first.marked and first.raw not in marks) or (first.text == "toi" and not first.marked):
        return None
    later = [p for p in screen.options if any(f.key == _PUT_OFF for f in p.forms)]
    return Picked(later[0].option, How.WORDS) if len(later) == 1 else None


_ASKED = frozenset({"khong", "chua", "ha", "sao", "a"})


def _enough(screen: Screen[OptionT]) -> Reading[OptionT] | None:
    """A bare 'thôi' (enough) turns down what the screen offers, or stops it for good: where
    one option turns something off ("Tắt nhắc học", "Hủy thông báo") beside the one no ("Để
    sau", "Không hủy"), both are asked back. It says nothing of whether a statement is true
    ("Sai", "Không phải lừa đảo"), and answers no question of fact ("Không giới hạn",
    "Không, vì …", "Bỏ qua, chắc không sao")."""
    if screen.statement is not None:
        return None
    no = [p for p in screen.options if p.polarity is Polarity.NO]
    stops = [p for p in screen.options if p.label_form.terms and _stops(p.label_form.terms[0])]
    if len(no) == 1 and len(stops) == 1 and stops[0] is not no[0]:
        return AskBack((no[0].option, stops[0].option))
    declining = [p for p in no if _declines(p, screen)]
    return one_or_ask(declining, How.YES_NO) if declining else None


def _stops(first: Term) -> bool:
    marks = _STOPS.get(first.text)
    # "Hủy thông báo", not "Không hủy"; "Rời nhóm", not "Rồi"
    return marks is not None and not first.negated and (not marks or first.raw in marks)


# The first word of a label that stops something for good ("Rời nhóm" leaves, as "Thoát"
# does: a "thôi" there may be "thôi, rời" as well as "thôi, ở lại"), with the marks it must
# bear when it folds like another word.
_STOPS = MappingProxyType(
    {"tat": frozenset[str](), "ngung": frozenset[str](), "thoat": frozenset[str](), "huy": frozenset[str](),
     "roi": frozenset({"rời"})}
)  # fmt: skip


def _declines(option: Prepared[OptionT], screen: Screen[OptionT]) -> bool:
    """Whether a no turns down what is offered: "Để sau", "Hủy, không gửi", "Không xóa" beside
    "Xóa hết", "Không cần nhắc"; not an answer that gives a reason or a judgement after it
    ("Không, vì …", "Bỏ qua, chắc không sao") or says none of the others ("Không giới hạn")."""
    if not option.says_it:
        return True  # a no by the flow's own aliases, or the other side of a yes ("Ở lại")
    words = read_words(option.shown)
    later = [w for i, w in enumerate(words) if i and w.clause != words[i - 1].clause]
    if not all(is_negation(w) for w in later):
        return False
    first = [w for w in words if w.clause == 0]
    if key(first) in NO_LABELS or not is_negation(first[0]) or len(first) < _NAMED:
        return True
    named = first[1].text
    others = {p.label_form.terms[0].text for p in screen.options if p is not option and p.label_form.terms}
    return named in _WANTING or named in others


_NAMED = 2  # "Không xóa": a negation and what it turns down
_WANTING = frozenset({"can", "muon"})  # "Không cần nhắc", "Không muốn"


def _sure(words: tuple[Word, ...]) -> bool:
    """Left after peeling words that may be content ("dung" of "dung hoc nua" may be "dừng"):
    a yes or no only when it cannot be read otherwise."""
    return not (len(words) == 1 and words[0].text in _FOLDS_AWAY and not words[0].marked)


# A yes or no that, typed without marks, is as often another word: "dung" is "đúng", "dừng",
# "dùng"; "co" is "có", "cô"; "roi" is "rồi", "rời".
_FOLDS_AWAY = frozenset({"dung", "co", "roi", "phai", "chuan"})


def _agree(screen: Screen[OptionT], side: Polarity, strong: bool, bare: bool = False) -> Reading[OptionT] | None:
    sided = [p for p in screen.options if p.polarity is side]
    if sided:
        # "chưa"; "ok" to "Xóa hết"; "ok" to a quiz answer "Có, vì …": worth a question.
        answer = len(sided[0].label_form.terms) > _SHORT_LABEL
        timid = not strong and (side is Polarity.NO or answer or (sided[0].undoes and not sided[0].says_it))
        if timid and len(sided) == 1:
            return AskBack((sided[0].option,))
        return one_or_ask(sided, How.YES_NO)
    if screen.statement is not None:
        positive, negative = screen.statement
        if not strong:
            return AskBack((positive.option, negative.option))
        return Picked((positive if side is Polarity.YES else negative).option, How.YES_NO)
    if side is Polarity.YES:
        onward = [p for p in screen.options if any(t.text == "tiep" and not t.negated for t in p.label_form.terms)]
        if len(onward) == 1:
            return AskBack((onward[0].option,))
    return _opens_with_no(screen) if bare else None


def _opens_with_no(screen: Screen[OptionT]) -> Reading[OptionT] | None:
    """A bare 'không' among answers of which one opens with "Không" ("Không đưa gì cả, tắt
    máy"): that one, on a screen of answers (a quiz), not of places to go (a lesson list).
    Not "không đúng", "thôi": they answer something else."""
    if any(navigates(p) for p in screen.options):
        return None
    opening = [p for p in screen.options if p.label_form.key.startswith("khong ")]
    if len(opening) != 1:
        return None
    return Picked(opening[0].option, How.YES_NO)


def _refused(words: tuple[Word, ...], screen: Screen[OptionT]) -> Reading[OptionT] | None:
    """'không vào' where the options are 'Vào nhóm' / 'Không': the no, by naming the yes."""
    if len(words) < 2 or not is_negation(words[0]):
        return None
    yes = [p for p in screen.options if p.polarity is Polarity.YES]
    no = [p for p in screen.options if p.polarity is Polarity.NO]
    if len(yes) != 1 or len(no) != 1:
        return None
    rest = terms(words[1:])
    scored = hits(rest, screen.vocabulary, screen.texts, screen.sounds)
    named = any(f is not None and f.quality >= SLIP for f in (fit(rest, form, scored) for form in yes[0].forms))
    return Picked(no[0].option, How.YES_NO) if named else None


def reasoned(text: str, words: tuple[Word, ...], screen: Screen[OptionT]) -> Reading[OptionT] | None:
    """'ko cần quét', 'Tôi nghĩ là không phải quét đâu', 'quá 20tr r phải quét' where the two
    options answer a yes-or-no question with a reason ("Có, vì cả ngày đã quá 20 triệu" /
    "Không, vì 5 triệu nhỏ hơn 10 triệu"): a must or a need said before a verb ("phải
    quét", "có, vì"), or denied ("không cần", "không phải quét", "khỏi quét"), answers yes or
    no, and the rest of the reply is its reason. The option of that side is picked when the
    reason says more of that option's own words than of the other's, a number counting twice
    (or none of either's: "vì ít tiền"); both are asked about when the reason says as many
    of the other's, or turns around what it says ("vì chưa quá 20 triệu"), or the reply says
    yes and no. A question ("có phải quét không") answers nothing."""
    sides = _sides(screen)
    if sides is None or gist(words, text).asks:
        return None
    shown = frozenset(t.text for p in screen.options for t in p.label_form.terms)
    found = _answers(words, shown)
    if not found:
        return None
    yes, no = sides
    side, start, end = found[0]
    if any(other is not side for other, _, _ in found):
        return AskBack((yes[0].option, no[0].option))
    (own, mine), (other, theirs) = (yes, no) if side is Polarity.YES else (no, yes)
    said: set[Sense] = set()
    for part in (words[:start], words[end:]):  # each its own: the answer's "không" turns no reason
        told = gist(part)
        said |= told.strong | told.weak
    ours = {s for s in said if s.text in mine}
    others = {s for s in said if s.text in theirs}
    if any(s.negated for s in ours | others) or (others and _weight(others) >= _weight(ours)):
        return AskBack((own.option, other.option))
    return Picked(own.option, How.YES_NO)


def _weight(told: set[Sense]) -> int:
    """How much of a reason is told: a number twice a word ("hơn 20 triệu" is about the 20)."""
    return sum(2 if s.text.isdigit() else 1 for s in told)


Side = tuple[Prepared[OptionT], frozenset[str]]
_SIDES = 2


def _sides(screen: Screen[OptionT]) -> tuple[Side[OptionT], Side[OptionT]] | None:
    """The yes and the no of a screen of two answers that each give a reason, with the words
    of each reason that the other does not hold ("20", "ngày" of "Có, vì cả ngày đã quá 20
    triệu"; "5", "nhỏ" of "Không, vì 5 triệu nhỏ hơn 10 triệu")."""
    if len(screen.options) != _SIDES:
        return None
    reasons: dict[Polarity, tuple[Prepared[OptionT], frozenset[str]]] = {}
    for option in screen.options:
        words = read_words(option.shown)
        first = key([w for w in words if w.clause == 0])
        opens = YES_LABELS if option.polarity is Polarity.YES else NO_LABELS
        reason = [w for w in words if w.clause]
        if not option.says_it or first not in opens or not reason:
            return None
        told = gist(reason)
        reasons[option.polarity] = (option, frozenset(s.text for s in told.strong | told.weak))
    if set(reasons) != {Polarity.YES, Polarity.NO}:
        return None
    (yes, yes_told), (no, no_told) = reasons[Polarity.YES], reasons[Polarity.NO]
    return (yes, yes_told - no_told), (no, no_told - yes_told)


_VERB = 3  # words after a must or a need: the verb ("quét", "quét mặt")


def _answers(words: tuple[Word, ...], shown: frozenset[str]) -> list[tuple[Polarity, int, int]]:
    """Each yes or no said by a must or a need (its side, where it starts and ends)."""
    flags = negated(words)
    found: list[tuple[Polarity, int, int]] = []
    at = 0
    while at < len(words):
        answer = _answer_at(words, flags, at, shown)
        if answer is None:
            at += 1
            continue
        found.append(answer)
        at = answer[2]
    return found


def _answer_at(
    words: tuple[Word, ...], flags: tuple[bool, ...], at: int, shown: frozenset[str]
) -> tuple[Polarity, int, int] | None:
    """A must or a need said at `at`, with the verb after it: 'phải quét', 'không cần', 'có,
    vì', 'khỏi quét'. A 'không' must say what is not needed ("ko biết" answers nothing)."""
    word = words[at]
    clause = word.clause
    after = at + 1
    while after < len(words) and words[after].clause == clause and spelled(words[after], MODALS):
        after += 1
    closes = after == len(words) or words[after].clause != clause or spelled(words[after], REASONS)
    if is_negation(word) and word.text != "dung":
        side = Polarity.NO
        if word.text != "khoi" and after == at + 1 and not closes:
            return None
    elif spelled(word, YES_OPENERS) and not flags[at]:
        side = Polarity.YES
        if word.text == "co" and after == at + 1 and not closes:
            return None
    else:
        return None
    verb = after
    while (
        after < len(words)
        and after - verb < _VERB
        and words[after].clause == clause
        and words[after].text not in shown
        and not is_negation(words[after])
        and not spelled(words[after], REASONS)
    ):
        after += 1
    return (side, at, after) if after > verb or closes else None


def says_yes(text: str) -> bool:
    """A plain yes ("dạ phải", "ừ", "đúng rồi"): it confirms the one option a question back offered."""
    return any(key(layer.words) in YES_STRONG or key(layer.words) in YES_WEAK for layer in variants(read_words(text)))
