"""Typed values: an age, a time of day, a name, a form of address, as learners write them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dialogs.understanding import FORMS, Age, read_address, read_age, read_age_range, read_name, read_time
from dialogs.voice import ADDRESS_FORMS


@pytest.mark.parametrize(
    ("typed", "age"),
    [
        ("68", 68),
        ("toi 45 tuoi", 45),
        ("năm nay 70", 70),
        ("sáu mươi tám", 68),
        ("bảy mươi mốt", 71),
        ("mười lăm", 15),
        ("bảy lăm", 75),
        ("năm mươi", 50),
        ("tôi năm nay năm mươi tuổi", 50),
        ("năm nay bà 80 rồi cháu ạ", 80),
        ("hơn 70", 71),
        ("gần 60", 59),
        ("sinh năm 1958", 68),
        ("2k5", 21),  # born in 2005, as the young write it (blind25)
        ("em 2k3 a", 23),
        ("2k", 26),
        ("2 nghìn 5", None),  # written out, it is no year
        ("một trăm linh hai", 102),
        ("1", None),
        ("200", None),
        ("8h tối", None),
        ("2 triệu", None),
        ("tôi 68, ông nhà 72", None),
        ("không muốn nói", None),
    ],
)
def test_age(typed: str, age: int | None) -> None:
    assert read_age(typed, this_year=2026) == age


@pytest.mark.parametrize(
    ("typed", "age"),
    [
        ("68", Age(68, 68, 68)),
        ("gần 60", Age(59, 57, 60)),  # nearly 60 may round up: 60 is in reach
        ("gan 60", Age(59, 57, 60)),
        ("sắp 30", Age(29, 27, 30)),
        ("khoảng 60", Age(60, 58, 62)),
        ("khoang 45", Age(45, 43, 47)),
        ("tầm 60", Age(60, 58, 62)),
        ("tam 60", Age(60, 58, 62)),  # no one is eight sixty
        ("tầm sáu mươi", Age(60, 58, 62)),
        ("chừng 60", Age(60, 58, 62)),
        ("cỡ 60", Age(60, 58, 62)),
        ("co 60", Age(60, 60, 60)),  # may be "có 60"
        ("xấp xỉ 60", Age(60, 58, 62)),
        ("ngoài 59", Age(60, 59, 63)),
        ("ngoài 60", Age(61, 60, 64)),
        ("hơn 70", Age(71, 70, 74)),
        ("dưới 30", Age(29, 26, 29)),
        ("60 mấy", Age(61, 61, 69)),
        ("khoảng 10", Age(10, 10, 12)),  # not below the youngest
        ("tam muoi tu", Age(84, 84, 84)),
        ("tôi 68, ông nhà 72", None),
        ("sinh năm 1958", Age(68, 67, 68)),  # a year of birth: the birthday may be to come
        ("2k5", Age(21, 20, 21)),
        ("sinh năm 58", Age(68, 67, 68)),  # the century left out of a year of birth
        ("sinh nam 96", Age(30, 29, 30)),
        ("em sinh 05", Age(21, 20, 21)),
        ("bà sinh năm 20", Age(106, 105, 106)),  # 2020 is too late for a learner: 1920
        ("năm nay 58", Age(58, 58, 58)),
    ],
)
def test_a_hedged_age_reaches_as_far_as_it_says(typed: str, age: Age | None) -> None:
    assert read_age_range(typed, this_year=2026) == age


@pytest.mark.parametrize(
    ("typed", "age"),
    [
        ("ông e 7x r", Age(70, 70, 79)),  # "7x rồi": in the seventies
        ("6x tuổi", Age(60, 60, 69)),
        ("7x", Age(70, 47, 79)),  # or born in the 1970s, as a generation is written
    ],
)
def test_a_decade_typed_with_an_x_is_the_ages_it_may_mean(typed: str, age: Age) -> None:
    assert read_age_range(typed, this_year=2026) == age


def test_a_year_of_birth_needs_the_year_it_is_read_in() -> None:
    assert read_age("1958") is None
    assert read_age("1958", this_year=2030) == 72


@pytest.mark.parametrize(
    ("typed", "time"),
    [
        ("8 giờ tối", "20:00"),
        ("8h toi", "20:00"),
        ("8 toi", "20:00"),
        ("7h sáng", "07:00"),
        ("20h", "20:00"),
        ("tám giờ tối", "20:00"),
        ("8 rưỡi tối", "20:30"),
        ("19:30", "19:30"),
        ("7 giờ 15", "07:15"),
        ("7h15", "07:15"),
        ("9 giờ kém 15", "08:45"),
        ("chiều 5h", "17:00"),
        ("1 giờ chiều", "13:00"),
        ("12 giờ trưa", "12:00"),
        ("10 giờ đêm", "22:00"),
        ("nhắc tôi lúc 8 giờ tối", "20:00"),
        ("toi muon 8h", "08:00"),
        ("8", "08:00"),
        ("25h", None),
        ("8 giờ 75", None),
        ("toi 45 tuoi", None),
        ("3 tối", None),
        ("không cần nhắc", None),
    ],
)
def test_time_of_day(typed: str, time: str | None) -> None:
    assert read_time(typed) == time


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("tôi tên là Lan", "Lan"),
        ("cháu là Hoa ạ", "Hoa"),
        ("ten toi la lan", "Lan"),
        ("toi ten lan", "Lan"),
        ("lan", "Lan"),
        ("nguyễn thị lan", "Nguyễn Thị Lan"),
        ("dạ cháu tên là Hương ạ", "Hương"),
        ("H'Hen Niê", "H'Hen Niê"),
        ("Lan Anh", "Lan Anh"),
        ("Nguyễn Văn A", "Nguyễn Văn A"),
        ("bà Lan", "Lan"),
        ("qua", None),
        ("toi khong muon noi", None),
        ("xin chào", None),
        ("bỏ qua", None),
        ("Lan 68 tuổi", None),
        ("mình là người dân tộc Tày ở bản trên", None),
    ],
)
def test_name(typed: str, name: str | None) -> None:
    assert read_name(typed) == name


@pytest.mark.parametrize(
    ("typed", "form"),
    [
        ("ong", "ông"),
        ("ba", "bà"),
        ("bà ạ", "bà"),
        ("gọi tôi là bác", "bác"),
        ("cứ gọi là bà", "bà"),
        ("chi", "chị"),
        ("e", "em"),  # "em" typed in a hurry
        ("e ạ", "em"),
        ("chj", "chị"),  # teencode: "j" for "i" (blind25)
        ("ông nội e", "ông"),  # a grandparent, whichever side (blind25)
        ("bà ngoại", "bà"),
        ("a", None),  # "anh" or "ạ"
        ("c", None),  # "chị" or "có"
        ("có", None),
        ("ông bà", None),
        ("cháu", None),
    ],
)
def test_form_of_address(typed: str, form: str | None) -> None:
    assert read_address(typed) == form


def test_the_forms_read_are_the_forms_the_tutor_speaks_in() -> None:
    assert set(FORMS) == set(ADDRESS_FORMS)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_any_text_reads_without_error(text: str) -> None:
    age, time, name = read_age(text, 2026), read_time(text), read_name(text)
    assert age is None or 10 <= age <= 110
    assert time is None or (len(time) == 5 and "00:00" <= time <= "23:59")
    assert name is None or 0 < len(name) <= 30
    assert read_address(text) in (None, *FORMS)
