"""The secret guard: what it must catch, what it must let pass, and that no reply repeats a secret."""

from __future__ import annotations

import pytest

from bot.app import App
from dialogs.messages import Choices, Text
from dialogs.sensitive import SensitiveKind, detect
from tests.helpers import Learner, onboard

CAUGHT: list[tuple[str, SensitiveKind]] = [
    # OTPs read aloud, with and without marks, with every way of saying 0, 4 and 5
    ("chín một tám hai bảy ba", "otp"),
    ("chin mot tam hai bay ba", "otp"),
    ("Chín, một, tám, hai, bảy, ba", "otp"),
    ("mã là không chín tư lăm linh lẻ", "otp"),
    ("khong chin bon nam le sau", "otp"),
    ("ko mot hai ba bon nam", "otp"),
    ("mã OTP: bốn năm sáu bảy", "otp"),
    # digits from other keyboards
    ("¹²³⁴⁵⁶", "otp"),
    ("₉₁₈₂₇₃", "otp"),
    ("１２３４５６", "otp"),
    ("⁰⁷⁹¹²³⁴⁵⁶⁷⁸⁹", "id_number"),
    ("０７９１２３４５６７８９", "id_number"),
    # as it was caught before
    ("123456", "otp"),
    ("123 456", "otp"),
    ("ma otp la 4821", "otp"),
    ("mật khẩu của tôi là 12345678", "otp"),
    # ID numbers, whatever separates the digits
    ("079123456789", "id_number"),
    ("079 123 456 789", "id_number"),
    ("079,123,456,789", "id_number"),
    ("079/123/456/789", "id_number"),
    ("079_123_456_789", "id_number"),
    ("079.123.456.789", "id_number"),
    ("0791-2345-6789", "id_number"),
    ("CCCD:079123456789", "id_number"),
    ("số căn cước của bác là 0791\u200b23456789 nhé", "id_number"),
    ("079123456789, 0912345678", "id_number"),
    ("không bảy chín một hai ba bốn năm sáu bảy tám chín", "id_number"),
    # card numbers
    ("4111 1111 1111 1111", "card_number"),
    ("4111,1111,1111,1111", "card_number"),
    ("4111/1111/1111/1111", "card_number"),
    ("4111_1111_1111_1111", "card_number"),
    ("4111.1111.1111.1111", "card_number"),
    ("4111-1111-1111-1111", "card_number"),
    ("thẻ 9704 1234 5678 9012 345", "card_number"),
]

PASSED = [
    # phone numbers: 10 digits starting with 0
    "0912345678",
    "0912 345 678",
    "0912.345.678",
    "+84 912 345 678",
    "số của con bác: 0987654321",
    "không chín một hai ba bốn năm sáu bảy tám",
    # years and dates
    "2025",
    "sinh năm 1958",
    "15/08/1958, 20/10/1960",
    "hẹn ngày 12/03/2026 lúc 10:30",
    # money
    "500.000 đồng",
    "500.000",
    "500,000",
    "1.500.000đ",
    "200k",
    "bị lừa mất 1.000.000.000.000 đồng",
    # times
    "7:30",
    "19h30",
    "7 giờ 30",
    "bảy giờ sáng mai",
    # option numbers
    "2",
    "3.",
    "số 2",
    "chọn 1, 2, 3",
    # our own codes
    "HV7K2Q9P",
    "HV7K2Q9PX4MWZ3",
    "hv234567892345",
    "HV23456789ABCD",
    "GD-7KQ2M-X9P3T",
    "gd 23456 78923",
    "DS-23456-78923",
    # ordinary words that are also digit names
    "tôi có hai con, một trai một gái",
    "ba bốn năm nay không đi khám",
    "bà tư bán cá ở chợ",
    "Không có gì ạ",
    "tôi 65 tuổi, có 2 con",
    "mã otp là gì",
    "sau bay ngay",
]


@pytest.mark.parametrize(("typed", "kind"), CAUGHT)
def test_secrets_are_caught_however_they_are_written(typed: str, kind: SensitiveKind) -> None:
    assert detect(typed) == kind


@pytest.mark.parametrize("typed", PASSED)
def test_numbers_that_are_not_secrets_pass(typed: str) -> None:
    assert detect(typed) is None


def _all_text(person: Learner) -> str:
    return "\n".join(m.text for m in person.seen if isinstance(m, Text | Choices))


@pytest.mark.parametrize("number", ["079123456789", "079 123 456 789", "chín một tám hai bảy ba"])
async def test_a_secret_after_a_command_is_warned_about_and_never_repeated(app: App, number: str) -> None:
    lan = Learner(app)
    await onboard(lan)
    before = await lan.state()
    for command in ("/xacminh", "/madaisu", "/hoc", "/start"):
        await lan.say(f"{command} {number}")
        shown = _all_text(lan)
        assert "⚠️" in shown and number not in shown and "079" not in shown and "chín" not in shown, command
        assert (await lan.state()).name is before.name
    newcomer = Learner(app, "moi")
    await newcomer.say(f"/xacminh {number}")
    shown = _all_text(newcomer)
    assert "⚠️" in shown and number not in shown and "079" not in shown and "Học Vụ Số" in shown


async def test_a_certificate_code_after_a_command_is_not_a_secret(app: App) -> None:
    lan = Learner(app)
    await onboard(lan)
    await lan.say("/xacminh HV7K2Q9PX4MWZ3")
    assert "⚠️" not in _all_text(lan) and "HV7K2Q9PX4MWZ3" in _all_text(lan)
