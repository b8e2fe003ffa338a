"""Replies read by the screen they answer: a word that means two things ("hok" is "học" and
"không"), a form of address with who the learner is ("cô giáo"), "quay lại" where nothing
goes back, "bây giờ" beside a scam (the new ones), asking what lessons there are, living
elsewhere, and a slip that is as near to two words."""

from __future__ import annotations

import pytest

from content.reply_sets import load_replies
from dialogs.understanding import AskBack, NoMatch, Picked, read_address, read_choice
from dialogs.understanding.readings import Reading

SCREENS = load_replies().screens


def _read(screen: str, text: str) -> Reading[object]:
    return read_choice(text, SCREENS[screen])


def _picked(reading: Reading[object]) -> str | None:
    return reading.option.label if isinstance(reading, Picked) else None  # type: ignore[attr-defined]


def _asked(reading: Reading[object]) -> set[str]:
    return {o.label for o in reading.options} if isinstance(reading, AskBack) else set()  # type: ignore[attr-defined]


@pytest.mark.parametrize("screen", ["topics", "topics_full"])
@pytest.mark.parametrize("text", ["back", "quay lại", "trở lại", "quay lai"])
def test_going_back_from_the_topics_is_the_menu(screen: str, text: str) -> None:
    assert _picked(_read(screen, text)) == "Về menu"


@pytest.mark.parametrize("text", ["back", "quay lại"])
def test_going_back_from_a_lesson_list_asks_where(text: str) -> None:
    reading = _read("lessons_luadao", text)
    assert not isinstance(reading, Picked)
    assert _asked(reading) <= {"Chủ đề khác", "Về menu"}


def test_before_in_a_title_is_not_going_back() -> None:
    reading = _read("lessons_luadao", "quay lại")
    assert _picked(reading) != "Báo lừa đảo và kiểm tra trước khi chuyển tiền (5 phút)"


def test_going_back_where_an_option_goes_back_is_that_option() -> None:
    assert _picked(_read("card", "back")) == "Quay lại"
    assert _picked(_read("menu", "quay lại")) is None


@pytest.mark.parametrize(
    ("screen", "text", "meant"),
    [("menu", "hok tiep", "Học tiếp"), ("menu", "hok tiep nha", "Học tiếp"), ("card", "hok tiep", "Tiếp"),
     ("consent", "hok", "Không đồng ý"), ("family_join", "hok", "Không"), ("delete", "hok", "Không xóa"),
     ("reminder_due", "hok", "Để sau")],
)  # fmt: skip
def test_hok_is_read_by_the_screen(screen: str, text: str, meant: str) -> None:
    assert _picked(_read(screen, text)) == meant


@pytest.mark.parametrize(("screen", "text"), [("menu", "tdat"), ("menu", "dana")])
def test_a_slip_as_near_to_two_words_is_not_mended(screen: str, text: str) -> None:
    """'tdat' is one slip from 'đặt' (of 'Cài đặt'), 'tắt' and 'thật': which, nobody can tell."""
    assert not isinstance(_read(screen, text), Picked)


def test_a_slip_near_one_word_is_mended() -> None:
    assert _picked(_read("menu", "huong dna")) == "Trợ giúp"


NEW_SCAMS = "Lừa đảo kiểu mới (0/10)"


@pytest.mark.parametrize(
    "text",
    ["mấy chiêu lừa mới bây giờ", "may chieu lua bay gio", "lừa đảo hiện nay", "các kiểu lừa dạo này",
     "mấy trò lừa đảo gần đây", "chiêu lừa bây h"],
)  # fmt: skip
def test_scams_of_nowadays_are_the_new_ones(text: str) -> None:
    assert _picked(_read("topics_full", text)) == NEW_SCAMS


def test_scams_alone_are_not_the_new_ones() -> None:
    assert _picked(_read("topics_full", "phòng tránh lừa đảo")) == "Phòng tránh lừa đảo (2/8)"
    assert _picked(_read("topics_full", "lừa mới")) == NEW_SCAMS


@pytest.mark.parametrize(
    "text",
    ["xem có những bài gì", "có bài gì học không", "co nhung bai nao", "cho ba xem co nhung bai gi",
     "xem cac bai co gi", "có những chủ đề nào"],
)  # fmt: skip
def test_asking_what_lessons_there_are_opens_the_topics(text: str) -> None:
    assert _picked(_read("menu", text)) == "Chủ đề bài học"


def test_asking_what_lessons_there_are_is_a_question_on_a_quiz() -> None:
    assert isinstance(_read("quiz_scam", "có những bài gì"), NoMatch)


@pytest.mark.parametrize("screen", ["place", "place_pick"])
@pytest.mark.parametrize(
    "text", ["khong o thai nguyen", "tôi không ở Thái Nguyên", "ko o thai nguyen", "tôi ở tỉnh khác", "ngoại tỉnh"]
)
def test_living_elsewhere_is_other(screen: str, text: str) -> None:
    assert _picked(_read(screen, text)) == "Khác"


def test_not_living_in_a_place_listed_picks_nothing_by_it() -> None:
    assert _picked(_read("place_pick", "không ở xã Phú Bình")) not in ("Xã Phú Bình", "Xã Phú Lương")


def test_not_staying_is_still_leaving_the_group() -> None:
    assert _picked(_read("family_leave", "không ở lại")) != "Ở lại"


@pytest.mark.parametrize(
    ("text", "form"),
    [("co giao", "Cô"), ("co giao ve huu", "Cô"), ("tôi là cô giáo", "Cô"), ("ông nội e", "Ông"),
     ("toi la dan ong gia", "Ông"), ("bà cụ", "Bà"), ("gọi a là dc", "Anh"), ("goi e la e dc r", "Em"),
     ("e", "Em"), ("e nhé", "Em")],
)  # fmt: skip
def test_a_form_with_who_the_learner_is(text: str, form: str) -> None:
    assert _picked(_read("address", text)) == form


@pytest.mark.parametrize(
    "text", ["Đừng gọi tôi là bác", "dung goi la bac", "đừng gọi cô giáo", "không phải bà cụ", "ok a", "a"]
)
def test_a_form_turned_down_is_not_picked(text: str) -> None:
    reading = _read("address", text)
    assert not isinstance(reading, Picked)


def test_a_letter_is_no_form_off_the_address_screen() -> None:
    assert _picked(_read("menu", "a")) is None
    assert read_address("gọi a là dc") == "anh"


@pytest.mark.parametrize(
    ("screen", "text", "meant"),
    [("settings", "xóa hết dữ liệu", "Xóa dữ liệu của tôi"),
     ("settings", "xóa hết dữ liệu của tôi", "Xóa dữ liệu của tôi"), ("menu", "TIEP TUC HOC", "Học tiếp"),
     ("menu", "tiếp tục học", "Học tiếp"), ("card", "tiếp tục học", "Tiếp")],
)  # fmt: skip
def test_words_of_one_thing(screen: str, text: str, meant: str) -> None:
    """'dữ liệu' is data, not the 'liệu' that asks; 'tiếp tục học' is going on with the lessons."""
    assert _picked(_read(screen, text)) == meant


@pytest.mark.parametrize("text", ["khong dua gi het", "không đưa gì hết"])
def test_the_one_option_asked_about_named_in_other_words(text: str) -> None:
    """'gì hết' is 'gì cả': said so, 'Không đưa gì cả, tắt máy' is named, not asked about."""
    assert _picked(_read("quiz_never_share", text)) == "Không đưa gì cả, tắt máy"


@pytest.mark.parametrize("text", ["chuyen luon", "chuyển luôn"])
def test_at_once_said_as_luon(text: str) -> None:
    assert _picked(_read("quiz_child_call", text)) == "Chuyển ngay kẻo muộn"


@pytest.mark.parametrize(
    ("screen", "text", "meant"),
    [("quiz_scam", "cái này thật", "Không phải lừa đảo"), ("quiz_scam", "thật", "Không phải lừa đảo"),
     ("card_simple", "ve cho chinh", "Về menu")],
)  # fmt: skip
def test_real_is_no_scam_and_the_main_place_is_the_menu(screen: str, text: str, meant: str) -> None:
    assert _picked(_read(screen, text)) == meant


def test_really_a_scam_is_not_genuine() -> None:
    assert _picked(_read("quiz_scam", "lừa thật")) != "Không phải lừa đảo"
    assert isinstance(_read("quiz_scam", "thật không"), NoMatch)
