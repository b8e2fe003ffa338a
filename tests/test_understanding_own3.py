"""Kinds of short replies in the learner's own words found on own3 (retirees, farmers and young
mothers of Thái Nguyên), each tried here in words own3 does not hold: a where-question on the
menu ("… thì vào đâu"), times of yesterday ("chiều tối qua"), never giving the code ("không
bao giờ đưa mã cho ai"), giving everything ("đưa hết"), waiting it out ("để đấy vài hôm"),
another topic ("học mục khác"), how to be called, not being remembered, adding someone to a
group, moving house, an age not told, a code read out digit by digit, where a web address's
letters stand ("có chữ top ở cuối"), what the learner will ask someone else ("hỏi xem viện nào")."""

from __future__ import annotations

import pytest

from content.reply_sets import EvalOption, load_replies
from dialogs.understanding import AskBack, Picked, read_choice
from dialogs.understanding.options import shown_label

SCREENS = load_replies().screens


def _label(text: str, screen: str) -> str | None:
    reading = read_choice(text, SCREENS[screen])
    return shown_label(reading.option.label) if isinstance(reading, Picked) else None


def _options(screen: str) -> tuple[EvalOption, ...]:
    return SCREENS[screen]


@pytest.mark.parametrize(
    ("screen", "text", "want"),
    [
        ("menu", "xem học được mấy bài thì bấm nút nào", "Tiến độ của tôi"),
        ("menu", "muốn đổi giờ nhắc thì bấm vào đâu", "Cài đặt"),
        ("menu", "học nốt bài hôm qua", "Học tiếp"),
        ("card", "bà đọc mà chẳng hiểu gì", "Nói lại dễ hiểu hơn"),
        ("card", "nói ngắn gọn thôi cháu", "Nói lại dễ hiểu hơn"),
        ("card", "xem nữa đi", "Tiếp"),
        ("card_simple", "đọc nữa đi", "Tiếp"),
        ("guided_day", "đêm qua", "Hôm qua"),
        ("guided_day", "trưa nay", "Hôm nay"),
        ("ambassador", "tạo thêm một nhóm nữa", "Tạo nhóm mới"),
        ("quiz_never_share", "đưa tất cả cho họ", "Đưa cả hai cho nhanh"),
        ("quiz_otp_call", "chẳng bao giờ đọc mã cho ai", "Không đọc mã, tắt máy"),
        ("quiz_otp_call", "không đưa mã đâu", "Không đọc mã, tắt máy"),
        ("quiz_wrong_transfer", "để đó mấy hôm tiền tự về", "Cứ đợi, tiền sẽ tự quay về"),
        ("quiz_wrong_transfer", "để đấy vài ngày", "Cứ đợi, tiền sẽ tự quay về"),
        ("result_passed", "sang học môn khác", "Chủ đề khác"),
        ("lessons_vneid", "chuyển sang học cái khác", "Chủ đề khác"),
        ("settings", "đừng gọi bằng cô nữa", "Cách xưng hô"),
        ("settings", "em dọn nhà sang xã khác", "Xã/phường"),
        ("settings", "nhà em dọn sang phường khác rồi", "Xã/phường"),
        ("consent", "tôi không muốn lưu thông tin gì cả", "Không đồng ý"),
        ("consent", "không cho lưu thông tin của tôi đâu", "Không đồng ý"),
        ("family_detail", "thêm con gái vào nhóm", "Mời thêm người"),
        ("family_detail", "cho thêm mẹ em vào nhóm", "Mời thêm người"),
        ("age", "tuổi thì bỏ qua", "Bỏ qua"),
        ("quiz_password", "một hai ba bốn năm sáu", "123456"),
        ("quiz_portal", "cái có chữ gov ở cuối", "dichvucong.gov.vn"),
        ("ambassador", "lập nhóm mới cho nhà hàng xóm", "Tạo nhóm mới"),
        ("ambassador", "tạo thêm nhóm cho hàng xóm", "Tạo nhóm mới"),
        ("card", "bà đọc không kịp", "Nói lại dễ hiểu hơn"),
        ("quiz_otp_call", "chặn số đó luôn", "Không đọc mã, tắt máy"),
        ("quiz_otp_call", "block số này luôn", "Không đọc mã, tắt máy"),
        ("topics_full", "mấy trò lừa mới nhất", "Lừa đảo kiểu mới"),
        ("topics_full", "mấy chiêu lừa mới dạo này", "Lừa đảo kiểu mới"),
        ("quiz_child_call", "gọi lại số vừa gọi hỏi xem cháu nằm viện nào", "Gọi lại vào số vừa gọi để hỏi thêm"),
        ("quiz_child_call", "gọi lại số kia hỏi xem ai", "Gọi lại vào số vừa gọi để hỏi thêm"),
    ],
)
def test_a_short_reply_in_own_words_picks_what_it_means(screen: str, text: str, want: str) -> None:
    assert _label(text, screen) == want


def test_reading_the_code_out_is_only_a_label_of_those_digits() -> None:
    # "một hai ba" is no option of the menu, nor a number out of its range
    assert not isinstance(read_choice("một hai ba", _options("menu")), Picked | AskBack)


def test_where_about_the_world_is_left_to_the_library() -> None:
    assert _label("sửa ngày sinh trên VNeID thì vào đâu", "menu") is None


def test_reading_the_code_yields_to_the_other_options_words() -> None:
    assert _label("không đọc mã đâu", "quiz_otp_call") == "Không đọc mã, tắt máy"
    assert _label("đọc mã cho họ", "quiz_otp_call") == "Đọc mã cho nhanh để họ hủy giúp"


def test_asking_the_tutor_is_still_a_question() -> None:
    # "cho hỏi xem …" puts the question to the tutor, not to someone the learner will call
    assert _label("cho hỏi xem cái nào đúng", "quiz_child_call") is None


def test_bored_is_not_blocked() -> None:
    assert _label("chán luôn", "quiz_otp_call") is None
