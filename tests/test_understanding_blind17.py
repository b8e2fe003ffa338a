"""Rules found on blind17 (people of 60-80 in mountain communes who answer with what an option
means to them): each case a general rule, on the screen it was found on."""

from __future__ import annotations

import pytest

from dialogs.messages import Option
from tests.test_understanding_choice import MENU, asked, picked

FAMILY_DETAIL = [  # family.py, a group's screen for its ambassador
    Option("remind", "🔔 Nhắc Hoa"),
    Option("send", "📤 Gửi bài học", ("gui bai", "gui bai hoc", "gui")),
    Option("invite", "➕ Mời thêm người", ("moi", "moi them", "ma moi")),
    Option("revoke", "🚫 Thu hồi mã mời", ("thu hoi", "thu hoi ma")),
    Option("others", "Các nhóm khác", ("nhom khac", "quay lai")),
    Option("menu", "Về menu", ("menu", "ve menu", "quay ve menu")),
]


@pytest.mark.parametrize(
    "text", ["huy cai ma moi di", "hủy cái mã mời đi", "bỏ cái mã mời", "bo cai ma di", "thu hồi cái mã mời đi"]
)
def test_a_classifier_between_a_verb_and_its_noun_is_said_by_the_way(text: str) -> None:
    # 'hủy cái mã mời' is 'hủy mã mời' (@revoke), not a lone 'hủy' beside 'mã mời' (@invite)
    assert picked(text, FAMILY_DETAIL) == "revoke"


@pytest.mark.parametrize("text", ["vao cai dat", "vào cài đặt nhé"])
def test_a_cai_that_is_part_of_a_phrase_is_kept(text: str) -> None:
    assert picked(text, MENU) == "settings"


@pytest.mark.parametrize("text", ["xoa ma moi di", "xóa mã mời", "xoá cái mã mời đi"])
def test_words_found_inside_a_reply_that_stand_whole_in_another_label_are_no_pick(text: str) -> None:
    # 'mã mời' (an alias of '➕ Mời thêm người') stands in '🚫 Thu hồi mã mời': what the
    # words around it say decides ('xóa mã' is @revoke)
    assert picked(text, FAMILY_DETAIL) == "revoke"


@pytest.mark.parametrize("text", ["ma moi huy di", "mã mời xóa đi", "cai ma moi bo di", "huy bo ma moi"])
def test_undoing_what_an_option_gives_does_not_pick_it(text: str) -> None:
    # 'mã mời' is what '➕ Mời thêm người' gives; said to be undone, the option that undoes is
    # asked beside it
    assert asked(text, FAMILY_DETAIL) == {"invite", "revoke"}


PAYMENT_LESSONS = [  # the lessons of 'Thanh toán số'
    Option("l1", "✓ Bước đầu với ứng dụng ngân hàng (4 phút)"),
    Option("l2", "✓ Trả tiền bằng mã VietQR (4 phút)"),
    Option("l3", "Chuyển nhiều tiền thì phải quét khuôn mặt (4 phút)"),
    Option("l4", "Mã OTP: không đưa cho bất kỳ ai (5 phút)"),
    Option("l5", "Lỡ chuyển nhầm tiền thì làm sao? (4 phút)"),
    Option("topics", "Chủ đề khác", ("chu de khac", "chu de")),
    Option("menu", "Về menu", ("menu", "ve menu")),
]


@pytest.mark.parametrize("text", ["ma so ngan hang nhan ve dien thoai", "cái mã nhắn về điện thoại", "mã ngân hàng"])
def test_the_code_the_bank_sends_to_the_phone_is_the_otp(text: str) -> None:
    # not the lesson on the bank's app, of which 'ngân hàng' is one word
    assert picked(text, PAYMENT_LESSONS) == "l4"


CONSENT = [  # onboarding.py: "… có đồng ý cho lưu không?"
    Option("yes", "Đồng ý", ("dong y", "co", "u", "ok", "yes")),
    Option("no", "Không đồng ý", ("khong dong y", "khong", "ko", "no")),
]


@pytest.mark.parametrize("text", ["khong muon de lai gi", "không muốn để lại gì đâu"])
def test_not_wanting_to_leave_anything_is_the_no_to_saving(text: str) -> None:
    assert picked(text, CONSENT) == "no"


RESULT_FAILED = [  # quiz.py, the result of a quiz not passed
    Option("retry", "Làm lại câu hỏi", ("lam lai", "thu lai")),
    Option("reread", "Đọc lại bài", ("doc lai", "hoc lai")),
    Option("menu", "Về menu", ("menu", "ve menu", "quay ve menu")),
]


@pytest.mark.parametrize("text", ["chua thuoc bai", "chưa thuộc bài lắm", "tôi chưa nhớ bài"])
def test_not_knowing_the_lesson_by_heart_yet_is_reading_it_again(text: str) -> None:
    assert picked(text, RESULT_FAILED) == "reread"


@pytest.mark.parametrize("text", ["thoi chan roi", "chán quá", "chan hoc lam roi"])
def test_being_fed_up_is_stopping_for_now(text: str) -> None:
    assert picked(text, RESULT_FAILED) == "menu"


def test_blocked_is_not_fed_up() -> None:
    assert picked("chặn rồi", RESULT_FAILED) is None  # 'chặn' folds as 'chán' does


REMINDER = [  # onboarding.py, the reminder time
    Option("7", "7 giờ sáng", ("sang", "7 gio sang")),
    Option("12", "12 giờ trưa", ("trua", "12h")),
    Option("19", "7 giờ tối", ("toi", "19h", "7 gio toi")),
    Option("none", "Không cần nhắc", ("khong nhac", "khong can", "khong")),
]


@pytest.mark.parametrize("text", ["tôi tự nhớ được", "tu nho duoc roi", "tôi tự nhớ lấy"])
def test_remembering_by_oneself_needs_no_reminder(text: str) -> None:
    assert picked(text, REMINDER) == "none"


def test_since_childhood_is_not_remembering_by_oneself() -> None:
    assert picked("từ nhỏ", REMINDER) is None  # 'từ nhỏ' folds as 'tự nhớ' does


@pytest.mark.parametrize(("text", "meant"), [("chau no bao dong y", "yes"), ("vợ nó bảo là không", "no")])
def test_an_answer_told_by_someone_named_with_no_after_them(text: str, meant: str) -> None:
    # 'cháu nó', 'vợ nó': 'nó' (that one) after who it is; 'nó bảo …' alone names nobody
    assert picked(text, CONSENT) == meant


@pytest.mark.parametrize("text", ["uh cu ghi di", "ừ cứ lưu đi", "ok cứ ghi"])
def test_go_ahead_and_record_is_the_yes_to_saving(text: str) -> None:
    # 'ghi' (write down) is what the consent screen's 'lưu' (save) is to many
    assert picked(text, CONSENT) == "yes"


@pytest.mark.parametrize(("text", "meant"), [("traloi lai xem", "retry"), ("trảlời lại", "retry")])
def test_two_syllables_run_together_are_read_apart_where_they_make_a_phrase(text: str, meant: str) -> None:
    assert picked(text, RESULT_FAILED) == meant


def test_a_word_run_together_that_makes_no_phrase_is_left() -> None:
    assert picked("chuachac", RESULT_FAILED) is None
