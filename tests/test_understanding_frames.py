"""Long courteous replies: the greetings, pleas, opinion frames, thanks and reasons around an
answer are peeled before it is read, and what still asks something is left to the library."""

from __future__ import annotations

import pytest

from dialogs.messages import Option
from dialogs.understanding import NoMatch, Picked, read_choice
from dialogs.understanding.frames import Peeled, peel, turned_down

MENU = (
    Option("continue", "Học tiếp"),
    Option("topics", "Chủ đề bài học"),
    Option("review", "Ôn tập"),
    Option("progress", "Tiến độ của tôi"),
    Option("settings", "Cài đặt"),
    Option("help", "Trợ giúp"),
)
TRUE_FALSE = (Option("t", "Đúng"), Option("f", "Sai"))
DUE = (Option("now", "Học ngay"), Option("later", "Để sau"), Option("off", "Tắt nhắc học"))
RESULT = (Option("again", "Làm lại câu hỏi"), Option("reread", "Đọc lại bài"), Option("menu", "Về menu"))


@pytest.mark.parametrize(
    ("text", "options", "meant"),
    [
        ("Dạ cho cháu xin học tiếp bài đang dở ạ, cháu cảm ơn nhiều", MENU, "continue"),
        ("Theo cháu thì câu này đúng.", TRUE_FALSE, "t"),
        ("Em nghĩ là câu này sai ạ, tại em đọc kỹ rồi", TRUE_FALSE, "f"),
        ("dạ để lát nữa cháu học được không ạ, cháu đang đi chợ", DUE, "later"),
        ("Cho bác đọc lại bài một lần nữa được không cháu, bác chưa nhớ", RESULT, "reread"),
        # pleas and answers in set words: "cho tôi xin được", "tôi đề nghị được", "tôi xin trả lời là"
        ("Cho tôi xin được làm lại câu hỏi.", RESULT, "again"),
        ("Tôi xin trả lời là sai.", TRUE_FALSE, "f"),
        ("đáp án là đúng", TRUE_FALSE, "t"),
        ("Tôi đề nghị được học tiếp.", MENU, "continue"),
        ("Đề nghị cho ôn tập, tôi quên hết rồi", MENU, "review"),  # "đề nghị" with no one before it
        # "… là được (rồi)": that will do
        ("học tiếp là được rồi", MENU, "continue"),
    ],
)
def test_a_courteous_reply_reads_as_the_option_it_names(text: str, options: tuple[Option, ...], meant: str) -> None:
    reading = read_choice(text, options)
    assert isinstance(reading, Picked) and reading.option.id == meant


@pytest.mark.parametrize(
    "text",
    [
        "Dạ cho em hỏi học tiếp thế nào ạ",  # a question word is left
        "Dạ em muốn biết ôn tập là gì ạ, em cảm ơn",
        "bằng lái xe cho vào vneid được không",  # "được không" with no plea in front asks
        "Dạ em có học tiếp được không ạ",  # "có … không"
    ],
)
def test_what_still_asks_after_peeling_is_no_pick(text: str) -> None:
    assert peel(text) is None
    assert not isinstance(read_choice(text, MENU), Picked)


def test_that_will_do_is_peeled_behind() -> None:
    assert peel("gọi bà là được rồi") == Peeled(("gọi bà",), False)


def test_thanks_and_reasons_are_asides_and_a_name_alone_is_no_frame() -> None:
    peeled = peel("Dạ em xin học tiếp ạ, em cảm ơn, tại hôm qua em đang dở")
    assert peeled is not None and peeled.clauses == ("học tiếp",) and peeled.dropped
    assert peel("cô giáo") is None  # "cô" is no polite frame around "giáo"
    assert peel("7 giờ tối nhé") is None  # "tối" is the evening, not "tôi"
    assert isinstance(read_choice("Dạ vâng ạ, em cảm ơn", MENU), NoMatch)


CARD = (
    Option("next", "Tiếp"),
    Option("back", "Quay lại"),
    Option("simpler", "Nói lại dễ hiểu hơn"),
    Option("menu", "Về menu"),
)


def test_by_sense_a_courteous_sentence_names_an_option_that_holds_its_ideas() -> None:
    reading = read_choice("Bác nhờ cháu giải thích đơn giản hơn được không, bác đọc mãi chưa hiểu", CARD)
    assert isinstance(reading, Picked) and reading.option.id == "simpler"
    # "sai" is no idea of "Làm lại câu hỏi" nor of "Đọc lại bài": no pick by the word "câu"
    assert not isinstance(read_choice("Theo tôi câu này sai.", RESULT), Picked)


LESSONS = (
    Option("l1", "Tài khoản VNeID mức 1 và mức 2 (4 phút)"),
    Option("l2", "Thêm giấy tờ vào Ví giấy tờ trên VNeID (4 phút)"),
    Option("topics", "Chủ đề khác"),
    Option("menu", "Về menu"),
)


def test_a_plea_for_a_lesson_in_the_words_of_its_title_reads_as_it() -> None:
    reading = read_choice("Xin cho cháu học bài thêm giấy tờ vào ví giấy tờ ạ.", LESSONS)
    assert isinstance(reading, Picked) and reading.option.id == "l2"
    # words of its own that the title lacks: no pick by sense alone
    assert not isinstance(read_choice("Xin cho cháu học bài giấy tờ của bố.", LESSONS), Picked)


OTP_CALL = (
    Option("read", "Đọc mã cho nhanh để họ hủy giúp"),
    Option("hang_up", "Không đọc mã, tắt máy"),
    Option("send", "Chụp tin nhắn có mã gửi qua Zalo cho họ"),
)
DELETE = (Option("yes", "Xóa hết", ("xoa het", "xoa", "dong y", "co")), Option("no", "Không xóa"))
QR = (
    Option("name", "Tên người nhận và số tiền"),
    Option("color", "Màu của mã QR"),
    Option("tap", "Không cần xem, cứ bấm cho nhanh"),
)


@pytest.mark.parametrize(
    ("text", "options", "meant"),
    [("cup may luon chu doc gi", OTP_CALL, "hang_up"), ("bấm quét luôn chứ xem gì", QR, "tap")],
)
def test_why_would_i_turns_down_what_it_names(text: str, options: tuple[Option, ...], meant: str) -> None:
    reading = read_choice(text, options)
    assert isinstance(reading, Picked) and reading.option.id == meant


@pytest.mark.parametrize(
    "text",
    ["bấm quét luôn chứ xem gì", "lua dao chu con gi", "chú đọc gì"],
)
def test_why_would_i_is_no_bare_no(text: str) -> None:
    # said plainly it ends in "không cần …": no reason to pick a screen's no ("Không xóa")
    assert not isinstance(read_choice(text, DELETE), Picked)


def test_why_would_i_said_plainly() -> None:
    assert turned_down("bấm luôn chứ xem làm gì nữa") == ("bấm luôn", "không cần xem")
    assert turned_down("lừa đảo chứ còn gì") is None  # what else: a yes
    assert turned_down("chú đọc gì") is None


AMBASSADOR_MENU = (
    Option("family", "👨‍👩‍👧 Nhà bác Lan (3 người)"),
    Option("new", "➕ Tạo nhóm mới", ("tao nhom", "nhom moi", "tao nhom moi")),
    Option("guided", "✍️ Ghi người đã hướng dẫn trực tiếp", ("huong dan truc tiep", "ghi nguoi", "ghi")),
    Option("menu", "Về menu", ("menu", "ve menu", "quay ve menu")),
)


@pytest.mark.parametrize(
    "text",
    [
        # a story of what the learner did: when and where before it, whom and what for after it
        "sáng nay em chỉ cho chú Hải đầu ngõ dùng dịch vụ công",
        "tuần trước tôi đã hướng dẫn cô Mai bán hàng qua zalo",
        "hôm kia mình chỉ cho mấy bà trong hội cài vneid, giờ ghi lại",
        # and the person shown is a "người đã chỉ"
        "ghi tên người đã chỉ",
    ],
)
def test_a_deed_told_as_a_story_picks_the_option_about_it(text: str) -> None:
    found = read_choice(text, AMBASSADOR_MENU)
    assert isinstance(found, Picked) and found.option.id == "guided", found


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("tôi chưa chỉ cho ai cả", AMBASSADOR_MENU),  # turned around
        ("hôm qua tôi chỉ cho bà Tâm cài vneid", MENU),  # a story: no option of the menu is about it
    ],
)
def test_a_deed_no_option_is_about_picks_nothing(text: str, options: tuple[Option, ...]) -> None:
    assert isinstance(read_choice(text, options), NoMatch)
