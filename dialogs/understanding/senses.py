"""A reply read by what it is about, when no option's own words were found in it.

The reply and every label are read through one lexicon (`lexicon.py`) into their gist: the
senses their phrases stand for ("cúp máy" and "tắt máy" are both @hang_up, "ra ngoài" and
"Về menu" both @menu) and their other content words, each marked when a "không" before it
turns it around. An option is picked when it shares what the reply says (the senses of one
phrase are one thing said: "chuyển tiền" is @transfer and @payment) and no other option
shares anything it does not; two options that both share something are asked about, and so
is a reply that also denies or puts off what it names. A question is left to the library.
"""

from __future__ import annotations

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .gist import Gist, Sense, gist, happened, trimmed, units
from .lexicon import LEXICON_SET, LEXICON_WORDS
from .options import OptionT, Prepared, Screen, navigates
from .readings import AskBack, How, Picked, Reading
from .syllables import could_be_syllable
from .vocab import VAGUE
from .words import Word, compatible

_LONGEST = 8  # words: longer text tells something else
_SHORT = 4
_SLIP_MIN = 4
_SHORT_SLIP = 3  # letters: a slip in a shorter word may be any word
_LATER = "@later"


def by_sense(text: str, words: tuple[Word, ...], screen: Screen[OptionT]) -> Reading[OptionT] | None:
    # polite words around it ("em ơi cho chị học bài …") make no story
    if not words or len(trimmed(words)) > _LONGEST:
        return None
    mended = _mended(words, screen)
    said = gist(mended, text)
    if said.asks or not said.strong:
        return None
    if happened(words) and not any(navigates(p) for p in screen.options):
        return None  # a story told on a quiz ("tài khoản vneid của tôi bị khóa rồi") is no answer
    every = said.strong | said.weak
    if _a_value(said, screen):
        return None
    marked = {w.text: w.raw for w in words if w.marked}
    found = [(p, _marked_alike(every & p.gist, marked, p)) for p in screen.options]
    things = _things(mended, said)
    found = sorted(((p, m) for p, m in found if m), key=lambda f: (len(_told(f[1], things)), len(f[1])), reverse=True)
    if not found:
        return None
    top, matched = found[0]
    if not _covered(matched & said.strong, said, words, things):
        return _part_of_day(said, screen) or _one_idea(words, said, screen)
    named = _thing_named(mended, top, matched, screen)
    if named is not None:
        return _picked(named, named.gist & (said.strong | said.weak), said)
    rival = next((p for p, m in found[1:] if _rivals(m, matched, things)), None)
    if rival is not None:
        return AskBack((top.option, rival.option))
    return _picked(top, matched, said)


def _thing_named(
    words: tuple[Word, ...], top: Prepared[OptionT], matched: frozenset[Sense], screen: Screen[OptionT]
) -> Prepared[OptionT] | None:
    """'đổi tên' is @settings, and so is 'Giờ nhắc học' (by 'giờ nhắc'); on the settings screen
    'tên' is what is changed, and 'Tên gọi' beside it is that word. Where every phrase that
    says what the top option holds has none of that option's words, and those phrases say
    one other option whole (its label, or an alias of its label's words), the learner named
    that option."""
    phrases = [u for u in units(words) if u.size > 1 and u.sense in matched]
    if not phrases or any(u.sense in matched for u in units(words) if u.size == 1):
        return None
    told = {w.text for u in phrases for w in words[u.start : u.start + u.size]}
    if told & {t.text for form in top.forms for t in form.own}:
        return None
    holders = [p for p in screen.options if p is not top and _said_whole(p, told)]
    return holders[0] if len(holders) == 1 else None


def _said_whole(option: Prepared[OptionT], told: set[str]) -> bool:
    """The option's label, or an alias made of its label's words ('tên' of 'Tên gọi', not
    'rồi' of 'Tiếp'), stands whole in `told`, and not only by vague words."""
    label = {t.text for t in option.label_form.own}
    for form in option.forms:
        own = {t.text for t in form.own}
        if own and own <= told & label and own - VAGUE:
            return True
    return False


_PARTS_OF_DAY = frozenset({Sense("@morning", False), Sense("@noon", False), Sense("@evening", False)})


def _part_of_day(said: Gist, screen: Screen[OptionT]) -> Reading[OptionT] | None:
    """'sáng sớm dậy là nhắc luôn', 'tối tối nhắc tui': the one part of the day named, where
    one option is at that part of the day and nothing else said is another option's. A time
    typed ("8h sáng") is a value, not a choice."""
    parts = said.strong & _PARTS_OF_DAY
    if len(parts) != 1 or said.denies or any(s.text.isdigit() for s in said.weak):
        return None
    holders = [p for p in screen.options if parts <= p.gist]
    if len(holders) != 1 or any(p.gist & said.strong for p in screen.options if p is not holders[0]):
        return None
    return _picked(holders[0], holders[0].gist & said.strong, said)


def _marked_alike(shared: frozenset[Sense], marked: dict[str, str], option: Prepared[OptionT]) -> frozenset[Sense]:
    """What the reply shares with the option, but a word typed with marks only where the
    option's word has marks that fit ("đại" is not the "dài" of "Một cụm dài")."""
    if not marked or not any(s.text in marked for s in shared):
        return shared
    terms = [t for form in option.forms for t in form.terms]
    return frozenset(
        s
        for s in shared
        if s.text not in marked or any(t.text == s.text and compatible(marked[s.text], t.raw) for t in terms)
    )


_IDEA_WORDS = 6  # a reply this short may name an idea and tell why ("đang bận nấu cơm")
_SHORT_LABEL = 3  # words: "Để sau", "Quay lại", "Học ngay" are the idea they name


def _one_idea(words: tuple[Word, ...], said: Gist, screen: Screen[OptionT]) -> Reading[OptionT] | None:
    """'đang bận nấu cơm': one idea of several words that one short option is (not one a long
    title mentions by the way), and nothing else said that any option is about: the rest
    tells why. Not a question, a denial, a story or a time."""
    if len(words) > _IDEA_WORDS or said.denies or said.tells or any(s.text.isdigit() for s in said.weak):
        return None
    senses = {s for s in said.strong if s.text.startswith("@")}
    if len(senses) != 1 or not senses <= _ideas(words):
        return None
    holders = [p for p in screen.options if senses <= p.gist]
    rest = said.strong - senses
    if len(holders) != 1 or any(p.gist & rest for p in screen.options):
        return None
    if len(holders[0].label_form.terms) > _SHORT_LABEL:  # in a long title or answer, an idea is by the way
        return None
    return _picked(holders[0], frozenset(senses), said)


def _things(words: tuple[Word, ...], said: Gist) -> tuple[frozenset[Sense], ...]:
    """What the reply says, one thing a phrase or a word: the senses of one phrase are one
    thing said, whichever of them an option holds ("chuyển tiền" is @transfer and @payment,
    "tiền điện" @payment and @electricity), so "chuyển tiền qua điện thoại" says two things,
    not three, and "Thanh toán số" holds one of them ("mai … sau" says @later once)."""
    found: dict[int, set[Sense]] = {}
    for unit in units(words):
        if unit.sense in said.strong:
            found.setdefault(unit.start, set()).add(unit.sense)
    return tuple(dict.fromkeys(frozenset(senses) for senses in found.values()))  # said twice, said once


def _told(senses: frozenset[Sense], things: tuple[frozenset[Sense], ...]) -> frozenset[int]:
    """Which of the things said (by their place in `things`) an option holding `senses` holds."""
    return frozenset(at for at, thing in enumerate(things) if thing & senses)


def _covered(
    matched: frozenset[Sense], said: Gist, words: tuple[Word, ...], things: tuple[frozenset[Sense], ...]
) -> bool:
    """Most of what was said is about the option. Half of it is enough in a short reply
    ("vay qua app"), or when the rest is ideas of the lexicon too ("cho xem lại cái vừa rồi"),
    but not when a longer reply tells of something else ("zalo của tôi bị hack rồi", "lỡ
    chuyển nhầm tiền cho người khác rồi"), nor when a mere word is shared and the rest is an
    idea of several words ("tắt thông báo" beside "Tắt máy")."""
    held = _told(matched, things)
    if 2 * len(held) != len(things):
        return 2 * len(held) > len(things)
    rest = frozenset(s for at, thing in enumerate(things) if at not in held for s in thing)
    if not any(s.text.startswith("@") for s in matched) and rest & _ideas(words):
        return False
    if len(words) <= _SHORT:
        return True
    return not said.tells and all(s.text.startswith("@") for s in rest)


def _ideas(words: tuple[Word, ...]) -> frozenset[Sense]:
    """The senses of the reply's phrases of two words or more."""
    return frozenset(u.sense for u in units(words) if u.size > 1)


def _a_value(said: Gist, screen: Screen[OptionT]) -> bool:
    """'tôi 68 tuổi' where options show numbers ("Dưới 30 tuổi"): a number no option shows is
    a value typed, not a choice."""
    shown = {s for p in screen.options for s in p.gist if s.text.isdigit()}
    return bool(shown) and any(s.text.isdigit() and s not in shown for s in said.weak)


def _rivals(other: frozenset[Sense], top: frozenset[Sense], things: tuple[frozenset[Sense], ...]) -> bool:
    """Another option shares a thing said that the top one does not (common words aside), or
    shares as much without less: "Báo lừa đảo và kiểm tra trước khi chuyển tiền" holds "tiền
    điện" of "cái điện lực gọi đòi tiền điện" as @payment, and so does "… nhân viên điện lực",
    which holds "điện lực" too, as @electricity."""
    theirs, ours = _told(other, things), _told(top, things)
    return not theirs <= ours or (theirs == ours and not other < top)


def _picked(top: Prepared[OptionT], matched: frozenset[Sense], said: Gist) -> Reading[OptionT]:
    later = Sense(_LATER, False)
    put_off = later in said.strong and later not in matched
    denied = said.denies and not any(s.negated for s in matched)
    if put_off or denied:
        return AskBack((top.option,))
    return Picked(top.option, How.SENSE)


def _short_slip(words: tuple[Word, ...], at: int, screen: Screen[OptionT]) -> str | None:
    """'ngân hàg', 'tắt mya', 'vào mạg': a short word is a slip only of a word of the screen or
    the lexicon that it nearly is and that stands beside the word it stands beside in a label
    or a phrase of the lexicon ("alo" is no "zalo"); of one such word only ("mya" beside "tắt"
    is "máy", not "mã")."""
    text = words[at].text
    if len(text) < _SHORT_SLIP or not text.isalpha():
        return None
    near = {
        t
        for t, _, _ in process.extract(
            text, {*screen.texts, *LEXICON_WORDS}, scorer=OSA.distance, score_cutoff=1, limit=None
        )
    }
    labels = [f" {form.key} " for p in screen.options for form in p.forms]
    fits = {t for t in near if _beside(words, at, t, labels)}
    return fits.pop() if len(fits) == 1 else None


def _beside(words: tuple[Word, ...], at: int, near: str, labels: list[str]) -> bool:
    """`near` in place of the word at `at` stands beside a neighbour as in a label, or makes a
    phrase of the lexicon with it."""
    pairs = [f" {w.text} {near} " for w in words[max(at - 1, 0) : at]]
    pairs += [f" {near} {w.text} " for w in words[at + 1 : at + 2]]
    if any(pair in label for pair in pairs for label in labels):
        return True
    mended = (*words[:at], Word(near, "", words[at].clause), *words[at + 1 :])
    return any(u.size > 1 and u.start <= at < u.start + u.size for u in units(mended))


def _mended(words: tuple[Word, ...], screen: Screen[OptionT]) -> tuple[Word, ...]:
    """A slip in a word no lexicon or label holds ("huong dna"), read as the word it nearly is;
    as near to two words ("tdat": "đặt", "tắt", "thật"), it is left as typed."""
    mended = list(words)
    choices: list[str] | None = None
    for at, word in enumerate(words):
        text = word.text
        if text in LEXICON_SET or text in screen.texts or could_be_syllable(text):
            continue
        if len(text) < _SLIP_MIN:
            short = _short_slip(words, at, screen)
            if short is not None:
                mended[at] = Word(short, "", word.clause)
            continue
        choices = choices if choices is not None else [*LEXICON_WORDS, *screen.texts]
        nearest = _nearest(text, choices)
        if nearest is not None:
            mended[at] = Word(nearest, "", word.clause)
    return tuple(mended)


def _nearest(text: str, choices: list[str]) -> str | None:
    """The one word of `choices` one slip from `text` that is nearer than any other."""
    found = process.extract(text, choices, scorer=OSA.distance, score_cutoff=1, limit=None)
    best = min((distance for _, distance, _ in found), default=None)
    nearest = {near for near, distance, _ in found if distance == best}
    return nearest.pop() if len(nearest) == 1 else None
