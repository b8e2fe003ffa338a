"""What keeps reading text cheap, held to giving the same readings: screens read once, long
text not read as a reply, Vietnamese folded in C, long text searched by its opening."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from unidecode import unidecode

from content.library import Library
from content.search import SearchIndex, build_index
from content.search.index import SEARCHED_CHARS
from content.textfold import fold
from dialogs.messages import Option
from dialogs.understanding import Help, NoMatch, Picked, Reader, read_choice, read_help
from dialogs.understanding.choice import LONGEST_REPLY
from dialogs.understanding.frames import LONGEST_COURTESY

CARD = (
    Option("next", "Tiếp", ("tiep", "tiep theo", "tiep tuc", "ok", "roi", "xong")),
    Option("back", "Quay lại", ("quay lai", "lui", "truoc")),
    Option("simple", "Nói lại dễ hiểu hơn"),
    Option("menu", "Về menu", ("menu", "ve menu", "quay ve menu")),
)


def _again(options: tuple[Option, ...]) -> tuple[Option, ...]:
    """The same screen rendered afresh on the next turn: equal options, new objects."""
    return tuple(Option(o.id, o.label, o.aliases) for o in options)


def test_the_reader_reads_a_screen_once_and_keeps_it() -> None:
    reader = Reader()
    first = reader.screen(CARD)
    assert reader.screen(_again(CARD)) is first
    renamed = (Option("go", "Tiếp", CARD[0].aliases), *CARD[1:])
    assert reader.screen(renamed) is not first  # another option id is another screen
    reading = reader.choice("tiep a", renamed)
    assert isinstance(reading, Picked) and reading.option.id == "go"


def test_a_prepared_screen_holds_its_forms_spaced() -> None:
    """Words run together are looked for in the screen's forms: folded once with the screen,
    not again on every reply."""
    spaced = Reader().screen(CARD).spaced
    assert " quay lai " in spaced and " ve menu " in spaced and " noi lai de hieu hon " in spaced


def test_the_reader_keeps_a_bounded_number_of_screens() -> None:
    reader = Reader(screens_kept=2)
    for number in range(10):
        reader.screen((Option("t", f"Chủ đề ({number}/8)"), *CARD))
    assert len(reader._screens) <= 2


def test_a_long_text_is_not_read_as_a_reply() -> None:
    polite = "dạ vâng cháu chọn cái tiếp theo nhé"
    assert len(polite.split()) < LONGEST_REPLY
    assert isinstance(read_choice(polite, CARD), Picked)
    # Polite words are peeled one layer at a time: without a bound, any run of them would be.
    # A courteous frame is peeled whole up to a longer bound (frames.py), then no more.
    rambling = "dạ vâng " * 9 + "tiếp ạ"
    assert LONGEST_REPLY < len(rambling.split()) <= LONGEST_COURTESY
    assert isinstance(read_choice(rambling, CARD), Picked)
    rambling = "dạ vâng " * 14 + "tiếp ạ"
    assert len(rambling.split()) > LONGEST_COURTESY
    assert read_choice(rambling, CARD) == NoMatch()


def test_a_long_text_is_no_plea_for_help() -> None:
    assert read_help("tôi không hiểu gì cả") is Help.EXPLAIN
    assert read_help("dạ " * 10 + "không hiểu") is None


_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^a-z0-9 ]+")
_VIETNAMESE = "aáàảãạăắằẳẵặâấầẩẫậeéèẻẽẹêếềểễệiíìỉĩịoóòỏõọôốồổỗộơớờởỡợuúùủũụưứừửữựyýỳỷỹỵđ"


def _unidecode_fold(text: str) -> str:
    """fold() as it was before Vietnamese letters were folded by str.translate."""
    return _SPACES.sub(" ", _NOT_WORD.sub(" ", unidecode(text).lower())).strip()


def test_every_vietnamese_letter_folds_as_before() -> None:
    for letter in _VIETNAMESE + _VIETNAMESE.upper():
        assert fold(f"x{letter}y") == _unidecode_fold(f"x{letter}y"), letter


@settings(max_examples=400, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(_VIETNAMESE + _VIETNAMESE.upper() + " ,.?!-0123456789Xz")
        | st.characters(exclude_categories=("Cs",))
    )
)
def test_folding_vietnamese_in_c_changes_no_result(text: str) -> None:
    assert fold(text) == _unidecode_fold(text)


@pytest.fixture(scope="module")
def index(library: Library) -> SearchIndex:
    return build_index(library)


def test_a_long_text_is_searched_by_its_opening(index: SearchIndex) -> None:
    question = "mã OTP là gì vậy cháu"
    padding = " ".join(["bác kể chuyện nhà bác, chuyện đồng áng, chuyện con cháu đi làm xa"] * 40)
    opening = (question + " " + padding)[:SEARCHED_CHARS]
    assert index.ask(question + " " + padding) == index.ask(opening)
    assert index.ask(question + " " + padding) != index.ask(padding)
