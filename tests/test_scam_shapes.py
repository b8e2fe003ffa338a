"""Grading beyond the weights: floors, the shapes of a scam, the learned second opinion.

The first gradings of fresh batches missed scams whose every part was found but whose
weights fell short of "scam". These tests hold what lifts such a message, and what never
may: a message warning about scams, or one in which no signal was found.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from content.loader import DATA_DIR
from content.scam import ScamChecker, load_scam_checker
from content.scam.grading import LEARNED
from content.scam.learned import LearnedOpinion, feature_set
from content.scam.load import load_scam_book
from content.scam.text import prepare


@pytest.fixture(scope="module")
def checker() -> ScamChecker:
    return load_scam_checker()


def without_shapes() -> ScamChecker:
    book = load_scam_book(DATA_DIR)
    return ScamChecker(replace(book, signals=book.signals.model_copy(update={"shapes": ()}), opinion=None))


def with_opinion(opinion: LearnedOpinion, scam_from: float, suspicious_from: float | None = None) -> ScamChecker:
    book = load_scam_book(DATA_DIR)
    update = {"learned_scam_from": scam_from, "learned_suspicious_from": suspicious_from}
    return ScamChecker(replace(book, signals=book.signals.model_copy(update=update), opinion=opinion))


def leaning(text: str, weight: float) -> LearnedOpinion:
    """An opinion that finds exactly the words of `text` scam-like (or not, weight < 0)."""
    return LearnedOpinion.build(0.0, dict.fromkeys(feature_set(prepare(text)), weight), 1)


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        # something asked + a borrowed name
        ("Ngân hàng cần xác nhận, bác cho cháu xin ngày sinh và số điện thoại nhé.", "asks-and-pushes"),
        # a strange link + hurry
        ("Ưu đãi sắp hết hạn, xem ngay tại uudai-hot[.]com/nhan", "strange-link-and-push"),
        # a threat in the name of the police
        ("Công an phường: ông có liên quan vụ án rửa tiền, sẽ bị bắt nếu không hợp tác.", "threat-in-a-name"),
        # a one-time code that gives a number to call, the bank's own warning beside it
        (
            "Ma OTP 482913 dung de them the vao vi, khong chia se ma nay cho ai. Can ho tro goi 09xx xxx xxx.",
            "code-and-a-number",
        ),
    ],
)
def test_a_scams_shape_raises_suspicious_to_scam(checker: ScamChecker, text: str, shape: str) -> None:
    weights_alone = without_shapes().check(text)
    verdict = checker.check(text)
    assert weights_alone.grade == "suspicious"
    assert (verdict.grade, verdict.raised_by) == ("scam", shape)
    assert verdict.shown  # the learner still reads the signals, not the shape


def test_no_shape_lifts_a_warning_about_scams(checker: ScamChecker) -> None:
    text = (
        "Trưởng thôn nhắc: kẻ gian giả danh công an gọi dọa bắt, bảo chuyển tiền. Đó là lừa đảo, "
        "bà con tắt máy rồi báo Công an xã."
    )
    assert checker.check(text).grade == "none"


def test_a_retold_call_is_the_scam_but_a_retold_warning_is_not(checker: ScamChecker) -> None:
    retold = checker.check("co nguoi goi xung la cong an bao ba chuyen het tien vao tai khoan cua ho de xac minh")
    warning = checker.check(
        "Bà con ơi, nhà tôi nhận cuộc gọi xưng công an đòi chuyển tiền vào tài khoản tạm giữ. "
        "Đó là lừa đảo đấy, ai gặp thì tắt máy nhé."
    )
    assert retold.grade == "scam"
    assert warning.grade == "none"


def test_the_opinion_raises_only_what_the_signals_flagged() -> None:
    flagged = "Bạn có muốn làm quen không?"  # a stranger's opener: suspicious by its signal
    plain = "Chiều nay mưa to, nhớ cất lúa vào nhà nhé."
    sure = with_opinion(leaning(flagged + " " + plain, 5.0), scam_from=0.5, suspicious_from=0.5)
    assert without_shapes().check(flagged).grade == "suspicious"
    raised = sure.check(flagged)
    assert (raised.grade, raised.raised_by) == ("scam", LEARNED)
    # nothing found in the message: the opinion alone never speaks
    assert sure.check(plain).grade == "none"


def test_the_opinion_can_flag_a_named_sign_from_none_when_turned_on() -> None:
    text = "Em là nhân viên bên shop, anh lưu lại số em nhé."
    base = without_shapes().check(text)
    assert base.grade == "none" and base.signal_ids  # a sign found, too light to flag
    assert with_opinion(leaning(text, 5.0), 0.9).check(text).grade == "none"  # not turned on
    lifted = with_opinion(leaning(text, 5.0), 0.9, suspicious_from=0.6).check(text)
    assert (lifted.grade, lifted.raised_by) == ("suspicious", LEARNED)


def test_an_unsure_opinion_changes_nothing(checker: ScamChecker) -> None:
    text = "Bạn có muốn làm quen không?"
    doubting = with_opinion(leaning(text, -5.0), scam_from=0.5)
    assert doubting.check(text).grade == "suspicious"


def test_the_shipped_opinion_is_loaded_and_turned_on(checker: ScamChecker) -> None:
    book = load_scam_book(DATA_DIR)
    assert book.opinion is not None and book.opinion.trained_on >= 600
    assert book.signals.learned_scam_from is not None
    probability = book.opinion.scam_probability(prepare("Chuyển tiền vào tài khoản an toàn để công an kiểm tra"))
    assert 0.5 < probability <= 1.0


SCHOOL_FEES = (
    "Trường THCS thông báo: học sinh chưa đóng học phí học kỳ I, phụ huynh nộp vào tài khoản của nhà trường "
    "trước 15/12, quá hạn nhà trường sẽ liên hệ phụ huynh."
)


def test_a_notice_paid_to_the_institutions_own_account_is_not_lifted() -> None:
    # Something asked (fees) with hurry and a school's name has the shape of a scam, but the
    # money goes to an account in the school's name: no shape and no opinion lifts it.
    sure = with_opinion(leaning(SCHOOL_FEES, 5.0), scam_from=0.5)
    verdict = sure.check(SCHOOL_FEES)
    assert "named-account" in verdict.signal_ids
    assert (verdict.grade, verdict.raised_by) == ("suspicious", None)


def without_ceilings() -> ScamChecker:
    book = load_scam_book(DATA_DIR)
    signals = tuple(s.model_copy(update={"at_most": None}) for s in book.signals.signals)
    return ScamChecker(replace(book, signals=book.signals.model_copy(update={"signals": signals})))


@pytest.mark.parametrize(
    ("text", "uncapped"),
    [
        (
            "Công an xã thông báo: người dân chưa làm căn cước gắn chip đến trụ sở công an xã từ 7h30 đến 17h "
            "các ngày trong tuần. Quá hạn có thể bị phạt hành chính.",
            "scam",  # a fine in the police's name weighs a scam's weight
        ),
        (
            "Điện lực thông báo: khách hàng còn nợ tiền điện tháng 11 vui lòng thanh toán trước ngày 25/12 để "
            "tránh bị ngừng cấp điện. Thanh toán qua ứng dụng EVNNPC CSKH hoặc tại quầy thu.",
            "suspicious",
        ),
    ],
)
def test_a_notice_whose_way_out_is_the_counter_is_never_a_scam(checker: ScamChecker, text: str, uncapped: str) -> None:
    verdict = checker.check(text)
    assert without_ceilings().check(text).grade == uncapped
    assert verdict.grade == "suspicious"  # the threat is named, but the way out is the real one
    assert "official-channel" in verdict.signal_ids
