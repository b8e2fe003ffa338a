"""On a list of lessons, a plight told and then "what do I do" ("bị lừa rồi thì làm gì") asks
for the one listed lesson whose own words name that plight; told otherwise, or off a list, it
stays a question for the library."""

from __future__ import annotations

import pytest

from dialogs.messages import Option
from dialogs.understanding.frames import what_to_do
from tests.test_understanding_choice import asked, picked

MENU_EXIT = Option("menu", "Về menu", ("menu", "ve menu", "quay ve menu"))
SCAM_LESSONS = [  # learning.py, a topic's lessons with each one's length and progress
    Option("l:congan", "✓ Kẻ giả công an, cán bộ thuế, nhân viên điện lực (4 phút)"),
    Option("l:vneid", "✓ VNeID giả và ứng dụng lạ cài từ đường link (4 phút)"),
    Option("l:capcuu", '▸ Cuộc gọi báo "con đang cấp cứu" (3 phút)'),
    Option("l:otp", "Tin nhắn ngân hàng giả và mã OTP (5 phút)"),
    Option("l:viec", '"Việc nhẹ lương cao" và làm nhiệm vụ trên mạng (4 phút)'),
    Option("l:dautu", 'Đầu tư lãi cao và lời hứa "lấy lại tiền" (5 phút)'),
    Option("l:bao", "Báo lừa đảo và kiểm tra trước khi chuyển tiền (5 phút)"),
    Option("l:lo", "Lỡ bị lừa: những phút đầu (4 phút)"),
    Option("other", "Chủ đề khác", ("chu de khac", "chu de")),
    MENU_EXIT,
]
QUIZ = [Option("a0", "Là lừa đảo"), Option("a1", "Không phải lừa đảo")]


@pytest.mark.parametrize(
    ("text", "told"),
    [
        ("bị lừa rồi thì làm gì", "bị lừa rồi"),
        ("lỡ chuyển cho nó rồi giờ làm sao", "lỡ chuyển cho nó rồi"),
        ("mất điện thoại thì phải làm thế nào hả cháu", "mất điện thoại"),
        ("lỡ bị lừa, làm sao ạ?", "lỡ bị lừa"),
        ("bị lừa làm sao", None),  # no "thì", "giờ" nor comma: "how did it happen"
        ("thì làm gì", None),  # nothing told
        ("bị lừa rồi thì sáo", None),  # "sáo" is no "sao"
    ],
)
def test_the_plight_is_what_comes_before_what_to_do(text: str, told: str | None) -> None:
    assert what_to_do(text) == told


@pytest.mark.parametrize("text", ["bị lừa rồi thì làm gì", "bi lua r thi sao"])
def test_a_plight_a_listed_lesson_names_opens_it(text: str) -> None:
    assert picked(text, SCAM_LESSONS) == "l:lo"


@pytest.mark.parametrize(
    ("text", "options"),
    [
        # told in other words: "chuyển" is also the check before a transfer; the library answers
        ("lỡ chuyển cho nó rồi giờ làm sao", SCAM_LESSONS),
        # a quiz is no list of lessons
        ("bị lừa rồi thì làm gì", QUIZ),
    ],
)
def test_a_plight_in_other_words_or_off_a_list_picks_nothing(text: str, options: list[Option]) -> None:
    assert picked(text, options) is None
    assert asked(text, options) is None
