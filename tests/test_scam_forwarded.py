"""Free text that looks like a pasted or forwarded message, and answers that must not."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import pytest

from content.scam import ScamChecker, load_scam_checker
from content.scam.evaluate import DevMessage, load_devset
from content.scam.forwarded import AUTO_CHECK, OFFER_CHECK

ANSWERS = [
    "1",
    "2",
    "tiep a",
    "tiếp",
    "toi 68 tuoi",
    "tôi 68 tuổi",
    "ma otp la gi",
    "Mã OTP là gì?",
    "lam sao cai vneid",
    "vneid la gi",
    "ok",
    "cam on chau",
    "bác tên Lan",
    "7 giờ tối",
    "xa tan cuong",
    "hoc tiep",
    "menu",
    "có phải lừa đảo không",
    "bị lừa thì báo ở đâu?",
    "so 156 la gi",
    "Tổng đài 156 để làm gì vậy cháu",
    "lam sao chuyen tien cho con",
    "có người xin mã otp thì làm sao",
    "tin nhắn ngân hàng có link thì sao",
    "cho bac hoi cach mo tai khoan ngan hang",
    # Questions about a message carry its marks; being questions, they are not the message.
    "Cháu ơi, ngân hàng nhắn tin bảo tài khoản bác bị khóa, bác phải làm sao?",
    "có người gọi xưng công an bảo chuyển tiền thì làm thế nào",
    "bác nhận tin nhắn Vietcombank báo có link, bác có nên bấm không?",
]


MARKS = {"link", "phone", "account", "amount", "brand", "sms", "code"}


@pytest.fixture(scope="module")
def checker() -> ScamChecker:
    return load_scam_checker()


@pytest.mark.parametrize("answer", ANSWERS)
def test_answers_and_questions_do_not_look_forwarded(checker: ScamChecker, answer: str) -> None:
    found = checker.forwarded(answer)
    assert found.confidence < OFFER_CHECK, found
    assert not found.offer
    assert not found.auto


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Xem tại vcb-xacminh[.]top ngay", "link"),
        ("Liên hệ 09xx xxx xxx để nhận quà nhé bạn ơi", "phone"),
        ("Chuyển vào STK 1903 4567 8910 giúp em nha chị", "account"),
        ("Chị chuyển giúp em 5.000.000đ trong hôm nay", "amount"),
        ("[BIDV] Tài khoản của Quý khách bị tạm khóa", "sms"),
    ],
)
def test_each_mark_is_seen(checker: ScamChecker, text: str, cue: str) -> None:
    assert cue in checker.forwarded(text).cues


def test_pasted_messages_of_the_development_set_look_forwarded(checker: ScamChecker) -> None:
    messages = load_devset()
    scams = [m for m in messages if m.expect == "scam"]
    suspicious = [m for m in messages if m.expect == "suspicious"]
    assert all(checker.forwarded(m.text).offer for m in scams), [
        m.id for m in scams if not checker.forwarded(m.text).offer
    ]
    assert share(checker, scams, "auto") >= 0.97
    assert share(checker, suspicious, "auto") >= 0.78
    # A suspicious message the checker does not flag (a stranger's offer alone) is not offered
    # either: 89.9% on the 829 messages of Dec 2026.
    assert share(checker, suspicious, "offer") >= 0.89
    # Genuine messages with a mark of a received message (a link, a number, an amount, a
    # name, an SMS sender) are checked too: a learner pastes a real notice to ask if it is
    # real. Family chats with no mark at all ("ok me oi con biet roi") look like the learner's
    # own words and are rightly left alone, so no whole-set figure is held: it would only
    # count how many such chats the set holds (Dec 2026, 779 messages: 98.4% and 87.9% here).
    marked = [m for m in messages if m.expect == "none" and set(checker.forwarded(m.text).cues) & MARKS]
    assert share(checker, marked, "offer") >= 0.95
    assert share(checker, marked, "auto") >= 0.85


def share(checker: ScamChecker, messages: Sequence[DevMessage], which: Literal["auto", "offer"]) -> float:
    found = [checker.forwarded(m.text) for m in messages]
    return sum(f.auto if which == "auto" else f.offer for f in found) / len(found)


def test_thresholds_are_ordered() -> None:
    assert 0 < OFFER_CHECK < AUTO_CHECK < 1


def test_inspect_gives_both_answers_of_one_reading(checker: ScamChecker) -> None:
    for message in load_devset()[:40]:
        forwarded, verdict = checker.inspect(message.text)
        assert verdict == checker.check(message.text)
        assert forwarded == checker.forwarded(message.text)
