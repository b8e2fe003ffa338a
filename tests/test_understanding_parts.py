"""A long reply in the learner's own words read part by part (dialogs/understanding/parts.py),
and "never" said as a phrase ("chả bao giờ", "có bao giờ … đâu", "đời nào") read as a "không"."""

from __future__ import annotations

import pytest

from dialogs.messages import Option
from dialogs.understanding import AskBack, NoMatch, Picked, read_choice
from dialogs.understanding.words import read_words
from tests.test_understanding_shared import AI, CHILD_CALL

OTP_CALL = (
    Option("a0", "Đọc mã cho nhanh để họ hủy giúp"),
    Option("a1", "Không đọc mã, tắt máy"),
    Option("a2", "Chụp tin nhắn có mã gửi qua Zalo cho họ"),
)
SCAM = (Option("a0", "Là lừa đảo"), Option("a1", "Không phải lừa đảo"))
DELETE = (
    Option("yes", "Xóa hết", ("xoa het", "xoa", "dong y", "co")),
    Option("no", "Không xóa", ("khong xoa", "khong", "thoi")),
)


@pytest.mark.parametrize(
    ("text", "options", "meant"),
    [
        # too long to be read whole by sense: the part that says what is done picks
        ("Tôi sẽ tắt máy rồi gọi ngay cho cháu hoặc gọi nhà trường.", CHILD_CALL, "a2"),
        ("nghe vậy thì hoảng thật nhưng em sẽ tắt máy, gọi cho con trước đã", CHILD_CALL, "a2"),
        # the part turned down by "thì không" names nothing
        ("hỏi nó cách làm dưa muối cho giòn thì được, mấy cái mã thì không", AI, "a1"),
        # never
        ("ngân hàng có bao giờ nhắn kiểu thế đâu, bọn lừa", SCAM, "a0"),
        ("tôi thì chả bao giờ đọc mã cho ai", OTP_CALL, "a1"),
        ("thôi tôi nghĩ lại rồi, chả bao giờ xóa đâu", DELETE, "no"),
    ],
)
def test_a_long_reply_is_read_by_its_parts(text: str, options: tuple[Option, ...], meant: str) -> None:
    found = read_choice(text, options)
    assert isinstance(found, Picked) and found.option.id == meant, found


@pytest.mark.parametrize(
    ("text", "options", "asked"),
    [
        # two parts name two options: the learner is asked, never picked for
        ("tôi không đọc mã nhưng chụp tin nhắn gửi qua zalo cho họ xem", OTP_CALL, {"a1", "a2"}),
        ("tôi chuyển tiền luôn cho nó rồi mới gọi lại hỏi nhà trường", CHILD_CALL, {"a0", "a2"}),
    ],
)
def test_parts_that_name_two_options_ask_back(text: str, options: tuple[Option, ...], asked: set[str]) -> None:
    found = read_choice(text, options)
    assert isinstance(found, AskBack) and {o.id for o in found.options} == asked, found


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("xóa rồi có lấy lại được không", DELETE),  # a question, however it is cut
        ("lỡ chuyển cho nó rồi giờ làm sao", CHILD_CALL),
    ],
)
def test_a_question_is_not_read_by_its_parts(text: str, options: tuple[Option, ...]) -> None:
    assert isinstance(read_choice(text, options), NoMatch)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("chả bao giờ đọc mã", "khong doc ma"),
        ("chang bao gio doc ma", "khong doc ma"),
        ("đời nào ngân hàng nhắn thế", "khong ngan hang nhan the"),
        ("có bao giờ ngân hàng nhắn thế đâu ạ", "khong ngan hang nhan the a"),
        # not a "never": "có bao giờ" that asks, "đợi nào" alone, a father ("cha")
        ("có bao giờ ngân hàng nhắn thế không", "co bao gio ngan hang nhan the khong"),
        ("đợi nào", "doi nao"),
        ("cha bao giờ về", "cha bao gio ve"),
    ],
)
def test_never_is_one_no(text: str, folded: str) -> None:
    assert " ".join(w.text for w in read_words(text)) == folded
