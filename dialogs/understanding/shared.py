"""An answer in the learner's own words that shares the telling words of exactly one option.

On a quiz the options are sentences, and learners answer with a sentence of their own: "dạ
chắc là tắt máy rồi gọi cho con ạ" for "Tắt máy, gọi ngay cho con hoặc nhà trường", "kệ nó,
mấy hôm tiền tự về" for "Cứ đợi, tiền sẽ tự quay về". The reply is read into what it says
(`gist.units`: a phrase of the lexicon as its sense, other words as themselves, each turned
around by a "không" before it), and each option is asked which of those it holds. A word or
phrase that only one option holds tells that option; one that several hold ("gọi", "tiền")
tells nothing, and a phrase counts for its words only where the option has those very words
("ngân hàng"), for one word where it has only the idea ("chuyển khoản" beside "ngân hàng").
Picked when one option holds telling words for two words or more of the reply, one of them
not a common word, and at least a third of what the reply says; when the reply says no more
that no option holds than what this one does; and when no other option holds a telling word
of its own. When another does, asked back: a wrong pick costs most on a quiz.

Only on screens of answers (no "Về menu" or "Quay lại" among the options: a quiz question, a
yes or no) and on lists of lessons or topics (each shown with its progress or length, "Về
menu" beside them: "mấy kiểu lừa đảo mới" describes "Lừa đảo kiểu mới"), for options of two
words or more (an address, "123456", "Đúng" are read by their letters); a question, a story
or a number no option shows is left alone.
"""

from __future__ import annotations

from itertools import pairwise

from .gist import Gist, Unit, gist, units
from .options import OptionT, Prepared, Screen, navigates
from .readings import AskBack, How, Picked, Reading
from .talk import question_phrase
from .words import Word, compatible

_LONGEST = 12  # words
_ENOUGH = 2  # words of the reply that only the option holds
_SHARE = 3  # the option holds at least a third of what the reply says
_PRONOUNS = frozenset({"nó", "họ"})  # "kệ nó": no more said than "kệ"
# "có người nhắn…", "có đứa gọi…", "người ta bảo…": someone else did something, a story
_SOMEONE = frozenset({("co", "nguoi"), ("co", "dua"), ("co", "ai"), ("nguoi", "ta"), ("co", "thang"), ("co", "con")})
# "điện lực gọi báo…", "nhắn bảo…": what someone said, told
_CONTACT, _SAYING = frozenset({"goi", "nhan", "gui", "tin"}), frozenset({"bao", "noi", "doi", "xin"})


def by_shared(text: str, words: tuple[Word, ...], screen: Screen[OptionT]) -> Reading[OptionT] | None:
    if not words or len(words) > _LONGEST or len(screen.options) < 2:
        return None
    if any(navigates(p) for p in screen.options) and not screen.listing:
        return None
    said = gist(words, text)
    if said.tells or said.asks or question_phrase(words) or _a_value(said, screen) or _someone(words):
        return None
    read = units(words)
    held = {p.option.id: _held(read, p, words) for p in screen.options}
    anywhere = {start for found in held.values() for start in found}
    telling = {
        p.option.id: [u for u in read if _weight(u, held[p.option.id]) and _only(u, p, screen, held)]
        for p in screen.options
    }
    weight = {key: _total(found, held[key]) for key, found in telling.items()}
    ranked = sorted((p for p in screen.options if weight[p.option.id]), key=lambda p: weight[p.option.id], reverse=True)
    ranked = [p for p in ranked if " " in p.shown]
    if not ranked:
        return None
    top = ranked[0]
    if weight[top.option.id] < _ENOUGH or all(u.vague or u.sense.text.isdigit() for u in telling[top.option.id]):
        return None
    said_all = _total([u for u in read if not u.vague], None)
    covered = _total(list(read), held[top.option.id])
    foreign = _total([u for u in read if u.start not in anywhere and u.raw not in _PRONOUNS], None)
    if _SHARE * covered < said_all or foreign > covered:
        return None
    return AskBack((top.option, ranked[1].option)) if len(ranked) > 1 else Picked(top.option, How.SENSE)


# For each unit the option holds: how many words of the reply it stands for there.
Held = dict[int, int]


def _held(read: tuple[Unit, ...], option: Prepared[OptionT], words: tuple[Word, ...]) -> Held:
    """The units the option holds, by where they start: a phrase whose words are all the
    option's counts for them all; one whose sense only is the option's, for one word. A word
    that only turns the verb before it is the option's only after the option's verb: the
    "lại" of "hỏi lại" (ask again) is not the "lại" of "Gọi lại vào số…" (call back)."""
    found: Held = {}
    for unit in read:
        if unit.raw and unit.raw != unit.sense.text and not _marked_alike(unit, option):
            continue
        if unit.sense.text in _AFTER_VERB and not _after_same(words, unit.start, option):
            continue
        if unit.words and unit.words <= option.gist:
            found[unit.start] = unit.size
        elif unit.sense in option.gist:
            found[unit.start] = max(found.get(unit.start, 0), 1)
    return found


# Words that say how the verb before them is done ("gọi lại", call back; "hỏi lại", ask again).
_AFTER_VERB = frozenset({"lai"})


def _after_same(words: tuple[Word, ...], at: int, option: Prepared[OptionT]) -> bool:
    """The word at `at` follows the word it follows in one of the option's forms."""
    if at == 0:
        return False
    pair = f" {words[at - 1].text} {words[at].text} "
    return any(pair in f" {form.key} " for form in option.forms)


def _marked_alike(unit: Unit, option: Prepared[OptionT]) -> bool:
    """A word typed with marks is the option's only with marks that fit: "đại" is not "dài"."""
    return (
        any(t.text == unit.sense.text and compatible(unit.raw, t.raw) for form in option.forms for t in form.terms)
        or unit.sense not in option.gist
    )


def _weight(unit: Unit, held: Held) -> int:
    return held.get(unit.start, 0)


def _only(unit: Unit, option: Prepared[OptionT], screen: Screen[OptionT], held: dict[str, Held]) -> bool:
    return all(unit.start not in held[p.option.id] for p in screen.options if p is not option)


def _total(found: list[Unit], held: Held | None) -> int:
    """Words of the reply the units stand for, each place once (in the option, if given)."""
    starts: dict[int, int] = {}
    for unit in found:
        size = unit.size if held is None else held.get(unit.start, 0)
        starts[unit.start] = max(starts.get(unit.start, 0), size)
    return sum(starts.values())


def _someone(words: tuple[Word, ...]) -> bool:
    """Tells what someone else did or said."""
    pairs = list(pairwise(w.text for w in words))
    return any(pair in _SOMEONE for pair in pairs[:3]) or any(a in _CONTACT and b in _SAYING for a, b in pairs)


def _a_value(said: Gist, screen: Screen[OptionT]) -> bool:
    """A number that no option shows: an amount or an age told, not a choice."""
    shown = {s.text for p in screen.options for s in p.gist if s.text.isdigit()}
    return any(s.text.isdigit() and s.text not in shown for s in said.strong | said.weak)
