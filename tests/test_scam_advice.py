"""No answer of the checker ever tells a learner to do what a scam asks.

Every explanation and advice line in scam_signals.yaml, and every verdict on the whole
development set, is read with a rule written here, apart from the checker's own validation:
a phrase that sends the learner to the link, to the number in the message, to install
something or to hand over a code must have "không"/"đừng"/"chưa" shortly before it.
"""

from __future__ import annotations

import re

import pytest

from content.loader import DATA_DIR
from content.scam import ScamChecker, load_scam_checker
from content.scam.evaluate import load_devset
from content.scam.load import load_scam_book

DO_WHAT_THE_SCAM_ASKS = re.compile(
    r"(?:bấm|nhấn|mở|truy cập|click|vào)\s+(?:vào\s+)?(?:link|đường link|liên kết|đường dẫn|trang)"
    r"|gọi\s+(?:lại\s+|vào\s+|tới\s+|đến\s+)?(?:số|hotline|tổng đài)\s+(?:trong|ở|của|ghi|trên)\s+(?:tin|cuộc gọi|đó)"
    r"|(?:cài|tải|cài đặt)\s+(?:ngay\s+|lại\s+)?(?:ứng dụng|app|phần mềm|tệp|file)"
    r"|(?:đưa|gửi|đọc|cung cấp|nhập|chia sẻ|báo)\s+(?:lại\s+|ngay\s+)?(?:mã|otp|mật khẩu|số thẻ)",
    re.IGNORECASE,
)
NOT_BEFORE = re.compile(r"(?:không|đừng|chớ|chưa)\s+(?:\S+\s+){0,3}$", re.IGNORECASE)
SAFE = ["Đừng bấm link.", "Không cài ứng dụng nào theo link.", "Tự gọi ngân hàng bằng số in trên thẻ."]
UNSAFE = ["Bấm vào link để xem.", "Hãy gọi lại số trong tin nhắn.", "Cài ứng dụng này.", "Đọc mã OTP cho cán bộ."]


def instructions(text: str) -> list[str]:
    """Phrases in `text` that tell the learner to do what a scam asks."""
    return [m.group(0) for m in DO_WHAT_THE_SCAM_ASKS.finditer(text) if not NOT_BEFORE.search(text[: m.start()])]


@pytest.fixture(scope="module")
def checker() -> ScamChecker:
    return load_scam_checker()


@pytest.mark.parametrize("text", SAFE)
def test_the_rule_lets_warnings_through(text: str) -> None:
    assert instructions(text) == []


@pytest.mark.parametrize("text", UNSAFE)
def test_the_rule_catches_instructions(text: str) -> None:
    assert instructions(text)


def test_no_explanation_or_advice_tells_the_learner_to_do_it() -> None:
    book = load_scam_book(DATA_DIR)
    texts = [s.explanation for s in book.signals.signals] + [line.text for line in book.signals.advice]
    assert len(texts) > 60
    bad = {text: instructions(text) for text in texts if instructions(text)}
    assert bad == {}


def test_no_verdict_on_the_development_set_tells_the_learner_to_do_it(checker: ScamChecker) -> None:
    messages = load_devset()
    bad = {}
    for message in messages:
        verdict = checker.check(message.text)
        said = [verdict.title, *(f.explanation for f in verdict.shown), *verdict.advice]
        found = [phrase for text in said for phrase in instructions(text)]
        if found:
            bad[message.id] = found
    assert bad == {}


def test_every_flagged_verdict_says_what_to_do_and_where_to_report(checker: ScamChecker) -> None:
    scam = checker.check("Chuyển toàn bộ tiền vào tài khoản an toàn để cơ quan điều tra kiểm tra.")
    advice = " ".join(scam.advice)
    assert "5656" in advice
    assert "156" in advice
    assert "Công an xã" in advice
    assert "số đã biết" in advice
    suspicious = checker.check("Mẹ ơi con đổi số mới rồi, mẹ lưu số này nhé.")
    assert suspicious.grade == "suspicious"
    assert any("số đã biết" in line or "số cũ" in line for line in suspicious.advice)


def test_no_answer_promises_absolute_safety(checker: ScamChecker) -> None:
    book = load_scam_book(DATA_DIR)
    texts = [s.explanation for s in book.signals.signals] + [line.text for line in book.signals.advice]
    texts += [g.title for g in book.signals.grades.values()]
    assert not [t for t in texts if "an toàn tuyệt đối" in t.lower()]
