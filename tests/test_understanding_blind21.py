"""Rules found on blind21 (tea farmers and small traders of 45-60 who write whole polite
sentences and sometimes describe what they want): each case a general rule, on the screen it
was found on."""

from __future__ import annotations

import pytest

from dialogs.messages import Option
from tests.test_understanding_choice import asked, picked

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
