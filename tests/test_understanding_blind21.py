"""Rules found on blind21 (tea farmers and small traders of 45-60 who write whole polite
sentences and sometimes describe what they want): each case a general rule, on the screen it
was found on."""

from __future__ import annotations

import pytest

from dialogs.messages import Option
from tests.test_understanding_choice import MENU, asked, picked

AMBASSADOR = [  # family.py, an ambassador's menu
    Option("g:lan", "👨‍👩‍👧 Nhà bác Lan (3 người)"),
    Option("new", "➕ Tạo nhóm mới", ("tao nhom", "nhom moi", "tao nhom moi")),
    Option("guided", "✍️ Ghi người đã hướng dẫn trực tiếp", ("huong dan truc tiep", "ghi nguoi", "ghi")),
    Option("menu", "Về menu", ("menu", "ve menu", "quay ve menu")),
]


@pytest.mark.parametrize("text", ["nhóm", "nhom", "nhóm ạ"])
def test_a_lone_group_is_no_pick_of_creating_one(text: str) -> None:
    # 'nhóm' stands in many labels ('Vào nhóm', 'Rời nhóm', 'Các nhóm khác', 'Nhóm tuổi') and
    # a group shown by its name is a group too: alone it names no act, so it is asked about
    assert picked(text, AMBASSADOR) is None
    assert asked(text, AMBASSADOR) == {"new"}


@pytest.mark.parametrize("text", ["tạo nhóm", "lap nhom moi", "nhóm mới", "tạo nhóm mới cho xóm"])
def test_creating_a_group_still_picks_it(text: str) -> None:
    assert picked(text, AMBASSADOR) == "new"


CHILD_CALL = [  # luadao-con-cap-cuu-q3
    Option("c0", "Chuyển ngay kẻo muộn"),
    Option("c1", "Gọi lại vào số vừa gọi để hỏi thêm"),
    Option("c2", "Tắt máy, gọi ngay cho con hoặc nhà trường"),
]


@pytest.mark.parametrize("text", ["gọi điện hỏi lại cho chắc", "goi dien hoi lai cho chac"])
def test_again_after_another_verb_is_not_the_options_call_back(text: str) -> None:
    # "hỏi lại" (ask again) says nothing of whom is called; the "lại" of "Gọi lại" (call back)
    # is another word's: no pick on a quiz
    assert picked(text, CHILD_CALL) is None


@pytest.mark.parametrize("text", ["gọi lại số đó hỏi xem", "goi lai so do hoi them"])
def test_calling_back_the_number_still_picks_it(text: str) -> None:
    assert picked(text, CHILD_CALL) == "c1"


WRONG_TRANSFER = [  # thanhtoan-chuyen-nham-q (a quiz on a transfer to the wrong account)
    Option("w0", "Báo ngay cho ngân hàng của mình"),
    Option("w1", "Nhờ người trên Facebook hứa lấy lại tiền"),
    Option("w2", "Cứ đợi, tiền sẽ tự quay về"),
]


@pytest.mark.parametrize("text", ["cứ chờ thôi", "thôi ngồi chờ", "cứ ngồi chờ thôi"])
def test_waiting_said_with_cho_is_waiting(text: str) -> None:
    # "chờ" is "đợi": "cứ chờ", "ngồi chờ" say what "Cứ đợi" says
    assert picked(text, WRONG_TRANSFER) == "w2"


@pytest.mark.parametrize("text", ["cứ cho qua", "cho người ta"])
def test_cho_with_its_own_marks_is_no_waiting(text: str) -> None:
    assert picked(text, WRONG_TRANSFER) is None


@pytest.mark.parametrize(
    "text",
    ["Tôi không biết dùng cái này, chỉ cho tôi với", "không biết dùng, chỉ giúp tôi", "chỉ bảo giúp tôi cách dùng"],
)
def test_a_plea_to_be_shown_is_help(text: str) -> None:
    # "chỉ cho tôi", "chỉ giúp", "chỉ bảo" (show me) ask for what "Trợ giúp" gives
    assert picked(text, MENU) == "help"


@pytest.mark.parametrize("text", ["chị cho em học tiếp", "chi cho em hoc tiep"])
def test_a_sister_who_lets_is_no_plea_for_help(text: str) -> None:
    assert picked(text, MENU) == "continue"
