"""Typed replies graded through the real engine by twin sessions (bench/twin_replies.py): the
grader tells understood from a wrong pick, and a typed value from a pick of an option."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.twin_replies import Graded, grade
from dialogs.understanding.evaluate import Outcome

SCREENS = """\
screens:
  menu:
    - [Học tiếp, hoc tiep, tiep, hoc]
    - [Chủ đề bài học, chu de, bai hoc, danh sach]
    - [Ôn tập, on tap, on bai]
    - [Tiến độ của tôi, tien do, ket qua]
    - [Cài đặt, cai dat]
    - [Trợ giúp, tro giup, giup, huong dan]
  name:
    - [Bỏ qua, bo qua, skip, thoi, khong]
  age:
    - [Dưới 30 tuổi, duoi 30]
    - [Từ 30 đến 59 tuổi, 30 59, tu 30 den 59]
    - [Từ 60 tuổi trở lên, "60", tren 60, gia]
    - [Bỏ qua, bo qua, skip, thoi, khong]
  reminder:
    - [7 giờ sáng, sang, 7 gio sang]
    - [12 giờ trưa, trua, 12h]
    - [7 giờ tối, toi, 19h, 7 gio toi]
    - [Không cần nhắc, khong nhac, khong can, khong]
dev:
  - [menu, "cai dat a", Cài đặt, polite]
  - [menu, "1", Chủ đề bài học, number]
  - [menu, "5", none, not_answer]
  - [menu, "hom nay troi dep", none, not_answer]
  - [age, "toi 68 tuoi", Từ 60 tuổi trở lên, number]
  - [age, "68", none, not_answer]
  - [name, "bo qua", none, not_answer]
  - [reminder, "7", "ask: 7 giờ sáng | 7 giờ tối", number]
  - [reminder, "19:00", none, not_answer]
  - [reminder, "8h toi", none, not_answer]
"""


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Graded]:
    path: Path = tmp_path_factory.mktemp("twins") / "replies.yaml"
    path.write_text(SCREENS, encoding="utf-8")
    return {f"{g.reply.screen}/{g.reply.text}": g for g in grade(path, "bác")}


def test_replies_are_typed_on_the_engines_own_screens(graded: dict[str, Graded]) -> None:
    assert {g.where for g in graded.values()} == {"menu", "name", "age", "reminder"}


@pytest.mark.parametrize(
    ("typed", "outcome"),
    [
        ("menu/cai dat a", Outcome.UNDERSTOOD),
        ("menu/1", Outcome.WRONG),  # "1" is the first option, not the second
        ("menu/5", Outcome.WRONG),  # an option's number is no "none"
        ("menu/hom nay troi dep", Outcome.UNDERSTOOD),
        ("age/toi 68 tuoi", Outcome.UNDERSTOOD),
        ("name/bo qua", Outcome.WRONG),  # picked by the choice reader: no typed value
        ("reminder/8h toi", Outcome.UNDERSTOOD),  # 20:00 is no option: nothing picked
        ("reminder/7", Outcome.UNDERSTOOD),  # asked: morning or evening
    ],
)
def test_the_twins_tell_understood_from_a_wrong_pick(graded: dict[str, Graded], typed: str, outcome: Outcome) -> None:
    assert graded[typed].outcome is outcome
    assert not graded[typed].landed.startswith("value:")


@pytest.mark.parametrize("typed", ["age/68", "reminder/19:00"])
def test_a_value_the_screen_asks_for_is_no_wrong_pick(graded: dict[str, Graded], typed: str) -> None:
    # "68" on the age question does what "Từ 60 tuổi trở lên" does, read as an age; "19:00"
    # what "7 giờ tối" does, read as a time.
    assert graded[typed].outcome is Outcome.UNDERSTOOD
    assert graded[typed].landed.startswith("value:")
