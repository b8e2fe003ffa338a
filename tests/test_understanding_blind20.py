"""Rules found on blind20 (young factory workers typing heavy teencode: "ko", "k", "dc", "j",
"r", "vs", words run together, slips): each case a general rule, on the screen it was found on."""

from __future__ import annotations

import pytest

from dialogs.messages import Option
from dialogs.understanding import NoMatch, read_address, read_age, read_choice
from tests.test_understanding_choice import AGE, CARD, DELETE, MENU, NEVER_SHARE, asked, picked


@pytest.mark.parametrize(("text", "age"), [("hai lam", 25), ("ba lam", 35), ("sau lăm", 65), ("bay lam", 75)])
def test_a_number_word_and_lam_is_an_age_said_short_not_a_number_and_very(text: str, age: int) -> None:
    # 'hai lăm' is 25, as ages are said; it is no 'hai' (option 2) and a 'lắm' (very)
    assert isinstance(read_choice(text, AGE), NoMatch)
    assert read_age(text) == age


def test_lam_typed_as_very_is_still_peeled() -> None:
    assert picked("tiếp đi, hay lắm", CARD) == "next"


SETTINGS = [  # account.py, for a learner who agreed to be remembered
    Option("edit:address", "Cách xưng hô (bác)", ("xung ho",)),
    Option("edit:name", "Tên gọi (Lan)", ("ten", "ten goi")),
    Option("edit:age", "Nhóm tuổi (60 trở lên)", ("tuoi", "nhom tuoi")),
    Option("edit:place", "Xã/phường (Xã Tân Cương)", ("xa", "phuong", "xa phuong")),
    Option("edit:reminder", "Giờ nhắc học (19:00)", ("gio nhac", "nhac")),
    Option("announce", "Nhận thông báo: đang bật", ("thong bao", "nhan thong bao")),
    Option("delete", "Xóa dữ liệu của tôi", ("xoa", "xoa du lieu", "xoa het du lieu", "xoa het")),
    Option("menu", "Về menu", ("menu", "ve menu", "quay ve menu")),
]


@pytest.mark.parametrize("text", ["doi ten cai", "đổi tên khác", "sửa tên cái", "muốn đổi tên mới"])
def test_changing_a_thing_one_setting_is_named_for_is_that_setting(text: str) -> None:
    # 'đổi tên' is @settings, which 'Giờ nhắc học' holds by 'giờ nhắc'; the thing changed,
    # 'tên', is what 'Tên gọi' is
    assert picked(text, SETTINGS) == "edit:name"


@pytest.mark.parametrize(("text", "meant"), [("đổi giờ cái", "edit:reminder"), ("doi xung ho khac", "edit:address")])
def test_changing_what_the_setting_holds_stays_that_setting(text: str, meant: str) -> None:
    assert picked(text, SETTINGS) == meant


@pytest.mark.parametrize("text", ["đổi tên khác", "doi ten cai"])
def test_changing_a_name_on_the_menu_is_still_the_settings(text: str) -> None:
    assert picked(text, MENU) == "settings"


def test_words_of_a_phrase_that_are_only_an_alias_of_another_option_name_nothing() -> None:
    # 'rồi' of 'cái vừa rồi' is an alias of 'Tiếp', not a word of its label
    assert picked("cho xem lai cai vua roi", CARD) == "back"


@pytest.mark.parametrize(
    ("text", "form"),
    [("goi e la e dc r", "em"), ("em được rồi", "em"), ("bac la duoc roi", "bác"), ("chị là được", "chị")],
)
def test_a_form_said_to_be_fine_is_that_form(text: str, form: str) -> None:
    # 'được rồi', 'là được' after the answer say it will do, as 'nhé' does
    assert read_address(text) == form


def test_an_answer_said_to_be_fine_is_that_answer() -> None:
    assert picked("xoa la duoc roi", DELETE) == "yes"


@pytest.mark.parametrize("text", ["next", "Next", "next đi"])
def test_next_in_english_is_the_next_card(text: str) -> None:
    assert picked(text, CARD) == "next"


@pytest.mark.parametrize("text", ["2 vs 3 deu dc", "2 và 3 đều được", "cai 2 hoac 3 deu duoc"])
def test_two_numbers_either_of_which_will_do_are_asked_about(text: str) -> None:
    # 'đều được' (either will do) after two numbers joined leaves the choice to be made
    assert asked(text, NEVER_SHARE) == {"a1", "a2"}


@pytest.mark.parametrize("text", ["k dua j het tat may", "không đưa gì hết, tắt máy"])
def test_het_said_for_ca_is_that_word(text: str) -> None:
    # 'gì hết' is 'gì cả' (nothing at all), as 'sạch' is 'hết'
    assert picked(text, NEVER_SHARE) == "a0"
