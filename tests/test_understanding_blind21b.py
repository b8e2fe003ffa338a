"""Rules found on blind21 (tea farmers and small traders of 45-60 who write whole polite
sentences): on a list of lessons or topics, a learner describes what they need and asks
which one to study ("bán chè trên mạng thì học mục nào ạ"); the one that fits is picked."""

from __future__ import annotations

import pytest

from dialogs.messages import Option
from tests.test_understanding_choice import asked, picked

MENU_EXIT = Option("menu", "Về menu", ("menu", "ve menu", "quay ve menu"))
TOPICS = [  # learning.py, the topics with each one's progress
    Option("t:vneid", "VNeID và danh tính số (0/4)"),
    Option("t:dvc", "Dịch vụ công trực tuyến (1/4)"),
    Option("t:thanhtoan", "Thanh toán số (0/5)"),
    Option("t:luadao", "Phòng tránh lừa đảo (2/8)"),
    Option("t:yte", "Y tế số (0/3)"),
    Option("t:ai", "Bình dân học AI (0/3)"),
    Option("t:cho", "Chợ số: bán hàng trên mạng (0/3)"),
    Option("t:antoan", "An toàn hằng ngày trên mạng (0/3)"),
    MENU_EXIT,
]
PAYMENT_LESSONS = [  # learning.py, a topic's lessons with each one's length
    Option("l:dau", "✓ Bước đầu với ứng dụng ngân hàng (4 phút)"),
    Option("l:qr", "✓ Trả tiền bằng mã VietQR (4 phút)"),
    Option("l:mat", "Chuyển nhiều tiền thì phải quét khuôn mặt (4 phút)"),
    Option("l:otp", "Mã OTP: không đưa cho bất kỳ ai (5 phút)"),
    Option("l:nham", "Lỡ chuyển nhầm tiền thì làm sao? (4 phút)"),
    Option("other", "Chủ đề khác", ("chu de khac", "chu de")),
    MENU_EXIT,
]


@pytest.mark.parametrize(
    ("text", "options", "want"),
    [
        ("bán chè trên mạng thì học mục nào ạ", TOPICS, "t:cho"),
        ("ban che tren mang thi hoc muc nao a", TOPICS, "t:cho"),
        ("tôi muốn bán chè trên mạng thì em nên học chủ đề nào ạ", TOPICS, "t:cho"),
        ("tôi chuyển nhầm tiền cho người ta thì học bài nào", PAYMENT_LESSONS, "l:nham"),
        ("mã OTP thì học bài nào", PAYMENT_LESSONS, "l:otp"),
    ],
)
def test_described_then_which_to_study_picks_the_one_that_fits(text: str, options: list[Option], want: str) -> None:
    assert picked(text, options) == want


def test_described_so_that_two_fit_is_asked_about() -> None:
    assert picked("trên mạng thì học mục nào", TOPICS) is None
    assert asked("trên mạng thì học mục nào", TOPICS) == {"t:cho", "t:antoan"}


@pytest.mark.parametrize(
    "text",
    [
        "mã OTP là gì",  # a real question: the library answers it
        "tôi không bán chè trên mạng thì học mục nào ạ",  # turned down: nothing described
        "bán chè học mục nào",  # no "thì" nor comma: not read as a description and a question
    ],
)
def test_other_sentences_on_a_list_pick_nothing(text: str) -> None:
    assert picked(text, TOPICS) is None
    assert picked(text, PAYMENT_LESSONS) is None


WRONG_TRANSFER = [  # a quiz: answers, not lessons; no progress or length shown
    Option("w0", "Báo ngay cho ngân hàng của mình"),
    Option("w1", "Nhờ người trên Facebook hứa lấy lại tiền"),
    Option("w2", "Cứ đợi, tiền sẽ tự quay về"),
]
TOPICS_BARE = [Option(o.id, o.label.rsplit(" (", 1)[0], o.aliases) for o in TOPICS]  # the admin's topic list


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("tôi chuyển nhầm tiền cho người ta thì học bài nào", WRONG_TRANSFER),
        ("bán chè trên mạng thì học mục nào ạ", TOPICS_BARE),
    ],
)
def test_the_same_ending_off_a_list_of_lessons_changes_nothing(text: str, options: list[Option]) -> None:
    assert picked(text, options) is None
    assert asked(text, options) is None
