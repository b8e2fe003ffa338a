"""The OTP rule: a code or a login alert the learner pastes is at least "suspicious".

A learner pastes a message because they are unsure of it. If they did not just do something
that sends a code, someone may be trying their account; the lessons say so (their quiz keys
such a message "Đáng ngờ — kiểm tra trước"), and the checker must say the same, with the
advice never to give the code to anyone. The code itself is never kept.
"""

from __future__ import annotations

import json

import pytest

from content.loader import load_library
from content.scam import ScamChecker, load_scam_checker
from content.scam.evaluate import lesson_messages

GENUINE_LOOKING = [
    "Mã OTP của Quý khách là 123456. Không cung cấp mã này cho bất kỳ ai.",
    "Ma OTP cua ban la 553190 de dat lai mat khau. Tuyet doi khong chia se cho nguoi khac.",
    "Vietcombank: Ma OTP cua Quy khach la 804512 de xac nhan giao dich chuyen tien 5.000.000 VND. "
    "Tuyet doi khong cung cap ma nay cho bat ky ai.",
    "[Ngân hàng] Mã OTP cho giao dịch chuyển 9.800.000 VND của Quý khách đã được gửi.",
    "Zalo: Tai khoan cua ban vua dang nhap tren thiet bi moi. Neu khong phai ban, hay kiem tra bao mat.",
]
ADVICE = "có thể có người đang thử vào tài khoản"


@pytest.fixture(scope="module")
def checker() -> ScamChecker:
    return load_scam_checker()


@pytest.mark.parametrize("text", GENUINE_LOOKING)
def test_a_code_nobody_asked_for_is_suspicious_with_its_advice(checker: ScamChecker, text: str) -> None:
    verdict = checker.check(text)
    assert verdict.grade == "suspicious"
    assert "code-arrived" in [finding.id for finding in verdict.shown]
    assert any(ADVICE in line and "không đưa mã cho ai" in line for line in verdict.advice)


def test_the_banks_own_warning_does_not_lower_it(checker: ScamChecker) -> None:
    bare = checker.check("Mã OTP của Quý khách là 123456.")
    warned = checker.check(
        "Mã OTP của Quý khách là 123456. Không cung cấp mã này cho bất kỳ ai, kể cả nhân viên ngân hàng."
    )
    assert warned.score < bare.score  # the warning still weighs as an ordinary mark...
    assert warned.grade == bare.grade == "suspicious"  # ...but cannot hide the code


def test_a_code_with_a_request_or_a_strange_link_is_a_scam(checker: ScamChecker) -> None:
    asked = checker.check("Ma OTP cua ban la 123456. Doc ma nay cho nhan vien de huy giao dich nhe.")
    linked = checker.check("Mã OTP của bạn là 123456. Nếu không phải bạn, hủy giao dịch tại huy-giaodich[.]top")
    assert asked.grade == linked.grade == "scam"


def test_the_lessons_key_such_messages_as_the_checker_grades_them(checker: ScamChecker) -> None:
    items = [m for m in lesson_messages(load_library()) if "code-arrived" in checker.check(m.text).signal_ids]
    assert {"luadao-tin-nhan-ngan-hang-q5", "thanhtoan-otp-q5"} <= {m.id for m in items}
    assert {m.id: m.expect for m in items} == {m.id: checker.check(m.text).grade for m in items}


def test_a_pasted_code_is_checked_not_kept_as_a_question(checker: ScamChecker) -> None:
    # Free text the tutor does not check may be kept as an unanswered question (with consent);
    # a pasted code must be checked instead, and the verdict holds none of its digits.
    looks, verdict = checker.inspect("Ma OTP cua ban la 553190 de dat lai mat khau")
    assert looks.auto
    assert "553190" not in json.dumps(verdict.as_dict(), ensure_ascii=False)
