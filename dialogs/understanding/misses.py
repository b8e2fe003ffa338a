"""What to say when a reply is not understood, and when asking back. UI strings of this layer.

Texts use the engine's Voice placeholders ({you}, {You}, {me}, {Me_cap}, {full}); the engine
fills them with `Voice.say`. A miss escalates: first what this screen takes, then an example
built from the screen's own options, then people who can help (the learner's Digital
Ambassador if they have one, else the community digital team) and the menu. After that the
last two alternate, so no sentence comes three times in a row (nor twice).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from content.textfold import fold

from .choice import read_choice
from .options import OptionLike, OptionT, Prepared, Screen, prepare, shown_label
from .readings import AskBack, Picked
from .syllables import could_be_syllable

ASK_TWO = "Ý {you} là “{first}” hay “{second}” ạ?"
ASK_ONE = "Ý {you} là “{first}” phải không ạ?"

TAKES_NUMBER = "{Me_cap} chưa hiểu ý {you} ạ. Ở đây {you} gõ một số từ 1 đến {count} để chọn nhé."
TAKES_ONE = "{Me_cap} chưa hiểu ý {you} ạ. Ở đây {you} gõ số 1 để chọn “{first}” nhé."
TAKES_TYPED = "{Me_cap} chưa hiểu ý {you} ạ. Ở đây {you} gõ {typed}, hoặc gõ số để chọn bên dưới nhé."
OUT_OF_RANGE = "Chỉ có các số từ 1 đến {count} thôi ạ. {You} chọn lại giúp {me} nhé."
EXAMPLE = "{You} thử thế này nhé. Ví dụ: gõ {number}, hoặc gõ “{word}”."
EXAMPLE_NUMBER = "{You} thử thế này nhé. Ví dụ: gõ {number} rồi gửi đi."
EXAMPLE_TYPED = "{You} thử thế này nhé. Ví dụ: gõ “{typed}”, hoặc gõ {number} để chọn “{word}”."
PEOPLE_AMBASSADOR = "Chỗ này có vẻ khó ạ. {You} nhờ Đại sứ số của mình chỉ giúp nhé, hoặc gõ “menu” để về menu."
PEOPLE_TEAM = (
    "Chỗ này có vẻ khó ạ. {You} nhờ con cháu, hoặc Tổ công nghệ số cộng đồng ở thôn, xã mình "
    "chỉ giúp nhé. Gõ “menu” để về menu."
)
STILL_HERE = "{Me_cap} vẫn ở đây ạ. {You} gõ “menu” để về menu, hoặc gõ “trợ giúp” để xem cách dùng."


def ask_back_text(asked: AskBack[OptionT]) -> str:
    """'Ý {you} là “Tiếp” hay “Quay lại” ạ?' with the options' labels, marks and counters off."""
    shown = [_safe(_shown(option)) for option in asked.options]
    if len(shown) == 1:
        return ASK_ONE.replace("{first}", shown[0])
    return ASK_TWO.replace("{first}", shown[0]).replace("{second}", shown[1])


def miss_text(
    misses: int,
    options: Sequence[OptionT] | Screen[OptionT],
    *,
    typed: str = "",
    typed_example: str = "",
    ambassador: bool = False,
    out_of_range: int | None = None,
) -> str:
    """The reply to the `misses`-th reply in a row that was not understood on this screen.

    `typed` says what the screen also takes in words ("giờ nhắc, ví dụ 8h tối"), and
    `typed_example` one such reply ("8h tối"); `ambassador` is whether the learner has a
    Digital Ambassador; `out_of_range` is the number typed, when there is no such option.
    """
    screen = options if isinstance(options, Screen) else prepare(options)
    count = len(screen.options)
    if misses <= 1:
        return _first(screen, count, typed, out_of_range)
    if misses % 2 == 0:
        return _example(screen, typed_example, which=misses // 2 - 1)
    if (misses // 2) % 2 == 1:  # the 3rd, 7th, 11th miss: people who can help
        return PEOPLE_AMBASSADOR if ambassador else PEOPLE_TEAM
    return STILL_HERE


def _first(screen: Screen[OptionT], count: int, typed: str, out_of_range: int | None) -> str:
    if out_of_range is not None and count:
        return OUT_OF_RANGE.replace("{count}", str(count))
    if typed:
        return TAKES_TYPED.replace("{typed}", _safe(typed))
    if count == 1:
        return TAKES_ONE.replace("{first}", _safe(screen.options[0].shown))
    return TAKES_NUMBER.replace("{count}", str(count))


def _example(screen: Screen[OptionT], typed_example: str, which: int) -> str:
    """An example built from an actual option: its number and a word that picks it."""
    candidates = [p for p in screen.options if not _is_menu(p)] or list(screen.options)
    if not candidates:
        return STILL_HERE
    option = candidates[which % len(candidates)]
    word = _safe(example_word(option, screen))
    if word == str(option.number):
        return EXAMPLE_NUMBER.replace("{number}", word)
    if typed_example:
        text = EXAMPLE_TYPED.replace("{typed}", _safe(typed_example))
        return text.replace("{number}", str(option.number)).replace("{word}", word)
    return EXAMPLE.replace("{number}", str(option.number)).replace("{word}", word)


def example_word(option: Prepared[OptionT], screen: Screen[OptionT]) -> str:
    """A short part of the label, in its own letters, that picks this option on this screen.

    The whole label when it is short ("học tiếp"); else a telling word ("VNeID"), else two
    words side by side ("tài khoản"); the option's number if nothing picks it alone.
    """
    words = _WORD.findall(option.shown)
    clause = _WORD.findall(re.split(r"[,:;]", option.shown)[0])
    tries = [" ".join(part) for part in (words, clause) if len(part) <= _SHORT_EXAMPLE]
    tries += [w for w in words if not could_be_syllable(fold(w))]
    tries += [" ".join(pair) for pair in pairwise(words)]
    tries += [w for w in words if len(fold(w)) >= _TELLING]
    for attempt in tries:
        reading = read_choice(attempt, screen)
        if isinstance(reading, Picked) and reading.option is option.option and not attempt.isdigit():
            return attempt if _keeps_case(attempt) else attempt.lower()
    return str(option.number)


_SHORT_EXAMPLE = 3
_TELLING = 4
_WORD = re.compile(r"[^\W_]+(?:[.'’-][^\W_]+)*")


def _keeps_case(word: str) -> bool:
    """'VNeID', 'OTP', 'CH Play' keep their capitals; 'Tiếp' becomes 'tiếp'."""
    return any(ch.isupper() for ch in word[1:])


def _is_menu(option: Prepared[OptionT]) -> bool:
    return any(form.key in ("ve menu", "menu") for form in option.forms)


def _shown(option: OptionLike) -> str:
    return shown_label(option.label)


def _safe(text: str) -> str:
    """Option labels go into a template the engine formats: braces must stay braces."""
    return text.replace("{", "{{").replace("}", "}}")
