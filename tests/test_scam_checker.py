"""The scam checker's behaviour on hand-made messages: links, traps, negation, grades."""

from __future__ import annotations

import json
import logging
from copy import deepcopy

import pytest

from content.scam import ScamChecker, load_scam_checker

TITLES = {
    "scam": "Có dấu hiệu lừa đảo",
    "suspicious": "Đáng ngờ — hãy kiểm tra trước",
    "none": "Chưa thấy dấu hiệu lừa đảo",
}


@pytest.fixture(scope="module")
def checker() -> ScamChecker:
    return load_scam_checker()


def ids(checker: ScamChecker, text: str) -> set[str]:
    return set(checker.check(text).signal_ids)


@pytest.mark.parametrize(
    "address",
    [
        "vietc0mbank-xacthuc.com",  # digit for letter
        "vietcornbank.com",  # rn for m
        "v1etc0mb4nk.com",  # three digits for letters: too far for one typo, caught once folded
        "m0m0-quatang.com",  # a short name, matched only once folded
        "agribamk.com/xacthuc",  # one letter swapped
        "vcb-digibank.vip",  # brand plus extra words
        "vietcombank.vn-ibs.top",  # the domain is vn-ibs.top, not the bank
        "qx7m.vip/doidiemVCB",  # the bank's name in the path of an unknown site
        "agrіbank-vn.com",  # Cyrillic і
        "dichvucongs.top",  # the fake portal the fact sheet names
        "bhxh.co",  # the fake social-insurance portal
        "xn--vietcmbank-abc.com",  # an internationalised (punycode) name
        "vneid-capnhat.com",
    ],
)
def test_look_alike_addresses_are_caught(checker: ScamChecker, address: str) -> None:
    assert "lookalike-domain" in ids(checker, f"Vui lòng truy cập {address} để xác minh.")


@pytest.mark.parametrize(
    "address",
    [
        "vietcombank.com.vn",
        "https://www.vietcombank.com.vn/",
        "cskh.npc.com.vn",
        "dichvucong.gov.vn",
        "vneid.gov.vn",
        "tinnhiemmang.vn",
        "ibank.agribank.com.vn/ibank",
    ],
)
def test_real_addresses_are_not_look_alikes(checker: ScamChecker, address: str) -> None:
    found = ids(checker, f"Chi tiết xem tại {address}")
    assert "lookalike-domain" not in found
    assert "official-link" in found


@pytest.mark.parametrize(
    "written",
    ["vcb-digibank[.]vip", "vcb-digibank(.)vip", "hxxps://vcb-digibank.vip/login", "https://vcb-digibank.vip/login"],
)
def test_defanged_and_plain_addresses_read_the_same(checker: ScamChecker, written: str) -> None:
    assert {"lookalike-domain", "risky-link"} <= ids(checker, f"Đăng nhập tại {written}")


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("Xem chi tiết tại bit.ly/3xYzAb", "shortener"),
        ("Truy cập http://203.0.113.45/bidv để khóa giao dịch", "raw-ip"),
        ("Tải bản mới tại capnhat-ungdung.com/vneid.apk", "apk-link"),
        ("Cập nhật tại [đường link lạ] trước 17h", "unknown-link"),
        ("Xem ảnh ở đây: album-anhcuoi.com/xem", "unknown-link"),
        ("Nhận quà tại quatang-hot.xyz", "risky-link"),
    ],
)
def test_link_kinds(checker: ScamChecker, text: str, signal: str) -> None:
    assert signal in ids(checker, text)


def test_an_authority_on_a_non_gov_address(checker: ScamChecker) -> None:
    verdict = checker.check("Bộ Công an thông báo: cập nhật định danh tại capnhat-dinhdanh.com")
    assert "authority-off-gov" in verdict.signal_ids
    assert verdict.grade == "scam"
    official = checker.check("Bộ Công an: tài khoản đã được cấp, truy cập vneid.gov.vn để kích hoạt.")
    assert "authority-off-gov" not in official.signal_ids


@pytest.mark.parametrize(
    "spelling",
    [
        "Ngân hàng thông báo: tài khoản của bạn sẽ bị khóa, vui lòng cung cấp mã OTP cho nhân viên.",
        "Ngan hang thong bao: tai khoan cua ban se bi khoa, vui long cung cap ma OTP cho nhan vien.",
        "ngan hang tb: tk cua ban se bi khoa, vui long cung cap ma otp cho nv.",
    ],
)
def test_diacritics_and_teencode_read_the_same(checker: ScamChecker, spelling: str) -> None:
    verdict = checker.check(spelling)
    assert verdict.grade == "scam"
    assert {"otp-request", "account-lock"} <= set(verdict.signal_ids)


@pytest.mark.parametrize(
    "text",
    [
        "[Vietcombank] Quý khách đã đăng ký thành công dịch vụ.",
        "Công an xã mời bà con họp thôn tối thứ Sáu ở nhà văn hóa.",
        "VNeID: Hồ sơ của ông/bà đã được tiếp nhận.",
        "Shopee: đơn hàng đã hoàn tiền về ví của bạn.",
    ],
)
def test_a_name_or_a_word_alone_is_no_proof(checker: ScamChecker, text: str) -> None:
    assert checker.check(text).grade == "none"


def test_negation_turns_a_request_into_a_warning(checker: ScamChecker) -> None:
    warning = checker.check("Ngân hàng không bao giờ yêu cầu mã OTP qua điện thoại.")
    request = checker.check("Vui lòng cung cấp mã OTP để xác nhận.")
    assert "otp-request" not in warning.signal_ids
    assert "secret-warning" in warning.signal_ids
    assert warning.grade == "none"
    assert "otp-request" in request.signal_ids
    assert request.grade == "scam"


def test_a_warning_that_describes_a_scam_is_not_a_scam(checker: ScamChecker) -> None:
    text = (
        "Công an xã cảnh báo: kẻ gian giả danh công an yêu cầu người dân chuyển tiền vào tài khoản an toàn "
        "và cài ứng dụng qua đường link. Bà con tuyệt đối không làm theo."
    )
    assert checker.check(text).grade == "none"


def test_if_not_is_a_threat_not_a_negation(checker: ScamChecker) -> None:
    verdict = checker.check("Nếu không cung cấp mã OTP thì tài khoản sẽ bị khóa.")
    assert "otp-request" in verdict.signal_ids


def test_the_genuine_reminder_and_its_twin_with_a_link(checker: ScamChecker) -> None:
    reminder = "Vietcombank không bao giờ yêu cầu Quý khách cung cấp mã OTP."
    assert checker.check(reminder).grade == "none"
    twin = checker.check(reminder + " Vui lòng xác thực tài khoản tại vietcombank-baomat[.]top.")
    assert twin.grade == "scam"
    assert "secret-warning" not in twin.signal_ids


def test_many_names_count_once(checker: ScamChecker) -> None:
    one = checker.check("Bệnh viện nhắc lịch khám sáng mai.")
    many = checker.check("Bệnh viện nhắc lịch khám sáng mai, mang thẻ bảo hiểm y tế hoặc mở VNeID.")
    assert many.score == one.score  # three names weigh what one does
    assert {"pretend-hospital", "pretend-insurance", "pretend-vneid"} <= set(many.signal_ids)


def test_titles_are_the_three_grades(checker: ScamChecker) -> None:
    texts = {
        "scam": "Chuyển toàn bộ tiền vào tài khoản an toàn để cơ quan điều tra kiểm tra.",
        "suspicious": "Mẹ ơi con đổi số mới rồi, mẹ lưu số này nhé.",
        "none": "Mẹ ơi tối nay con về muộn, mẹ cứ ăn cơm trước nhé.",
    }
    for grade, text in texts.items():
        verdict = checker.check(text)
        assert verdict.grade == grade
        assert verdict.title == TITLES[grade]


def test_at_most_four_signals_strongest_first(checker: ScamChecker) -> None:
    text = (
        "Công an thông báo: ông có lệnh bắt tạm giam. Giữ bí mật, chuyển tiền vào tài khoản tạm giữ, "
        "đọc mã OTP cho cán bộ, tải ứng dụng tại vneid-capnhat[.]top/app.apk trước 17h."
    )
    verdict = checker.check(text)
    assert len(verdict.signal_ids) > 4
    assert len(verdict.shown) == 4
    weights = [finding.weight for finding in verdict.shown]
    assert weights == sorted(weights, reverse=True)


def test_an_ordinary_message_says_why_it_looks_ordinary(checker: ScamChecker) -> None:
    verdict = checker.check("VCB: TK 00xx123 +2.000.000VND lúc 08:15. Số dư 5.430.000VND.")
    assert verdict.grade == "none"
    assert [f.id for f in verdict.shown] == ["balance-notice"]


def test_the_verdict_holds_nothing_of_the_text(checker: ScamChecker, caplog: pytest.LogCaptureFixture) -> None:
    marker = "Xylophonghiem"
    before = deepcopy(vars(checker))
    with caplog.at_level(logging.DEBUG):
        verdict = checker.check(f"Chuyển tiền cho {marker} vào tài khoản an toàn, mã OTP 123456 của {marker}.")
    assert marker not in json.dumps(verdict.as_dict(), ensure_ascii=False)
    assert "123456" not in json.dumps(verdict.as_dict(), ensure_ascii=False)
    assert not caplog.records
    assert vars(checker).keys() == before.keys()
    assert all(vars(checker)[key] == value for key, value in before.items() if key != "links")


def test_empty_and_odd_input_never_fail(checker: ScamChecker) -> None:
    for text in ["", " ", "...", "🙂🙂", "[", "\n\n", "a" * 5000, "http://", "[.]"]:
        assert checker.check(text).grade in TITLES


@pytest.mark.parametrize(
    "text",
    [
        # a stranger's approach with an offer, in words no particular scam's pattern foresaw
        "Chị gì ơi, chị có cần bán đất không, bên em có khách mua giá cao",
        "Chào chị, em được bạn chị giới thiệu, em có lô phân bón giá rẻ hơn đại lý 30%, chị lấy không ạ",
        # a login alert the learner did not cause
        "Tài khoản Zalo của bạn đã được đăng nhập trên một thiết bị Windows lúc 23:10",
        "Chúc mừng bạn đã được chọn tham gia chương trình trải nghiệm sản phẩm miễn phí, trả lời CÓ để nhận",
    ],
)
def test_a_strangers_approach_is_worth_checking(checker: ScamChecker, text: str) -> None:
    assert checker.check(text).grade != "none"


def test_a_number_to_call_to_cancel_a_charge_is_a_scam(checker: ScamChecker) -> None:
    text = (
        "Đơn hàng của bạn đăng ký gói thành viên tự gia hạn 299.000đ/tháng. "
        "Nếu không phải bạn, gọi 09xx xxx xxx để hủy."
    )
    assert checker.check(text).grade == "scam"


def test_a_denial_covers_the_list_that_follows_it(checker: ScamChecker) -> None:
    # The commas of a list do not end what "không bao giờ" denies.
    text = (
        "Điện lực lưu ý: chúng tôi không bao giờ gọi điện, nhắn tin yêu cầu khách hàng chuyển tiền, "
        "cung cấp mã OTP hay cài ứng dụng lạ."
    )
    assert checker.check(text).grade == "none"


def test_otherwise_is_not_a_negation(checker: ScamChecker) -> None:
    # "không thì bị phạt" threatens; it does not deny the fine.
    assert "fine-threat" in checker.check("Anh nộp tờ khai ngay hôm nay, không thì bị phạt 20 triệu.").signal_ids


@pytest.mark.parametrize(
    "text",
    [
        "Bố ơi tối nay con gọi video cho bố nhé, bố nhớ bật mạng.",  # a video call in the family
        "Cô chủ nhiệm nhắn: phụ huynh nào chưa vào nhóm Zalo lớp 3A thì nhắn cô để cô thêm vào nhé.",  # not "nhắn CÓ"
        "Con gửi mẹ số của cô Hoa bán rau sạch: 09xx xxx xxx, mẹ cần rau thì gọi cô ấy.",
    ],
)
def test_family_and_neighbours_messages_stay_ordinary(checker: ScamChecker, text: str) -> None:
    assert checker.check(text).grade == "none"


@pytest.mark.parametrize(
    "text",
    [
        "Mình bên dịch vụ làm sổ đỏ nhanh, không cần đi lại, phí trọn gói, anh chị cần thì liên hệ mình",
        "Ai cần vay tiền nóng trong ngày, không cần giấy tờ, liên hệ chị Mai",
        "Có cô gọi giới thiệu bảo hiểm, biết cả tên tôi và tên con tôi",
    ],
)
def test_one_strangers_sign_is_enough_to_check(checker: ScamChecker, text: str) -> None:
    assert checker.check(text).grade != "none"


def test_a_notice_that_sends_one_in_person_is_never_a_scam(checker: ScamChecker) -> None:
    # The threat is named, as a scam names it; but the way out is the store, not a link or a call.
    text = (
        "Nhà mạng Viettel thông báo: từ 15/1 thuê bao chưa chuẩn hóa thông tin sẽ bị tạm khóa một chiều. "
        "Quý khách mang căn cước đến cửa hàng Viettel gần nhất để cập nhật."
    )
    assert checker.check(text).grade != "scam"


def test_a_parent_who_has_sent_money_asks_for_nothing(checker: ScamChecker) -> None:
    text = "Giang oi, me chuyen cho con 3 trieu tien hoc roi nhe, con kiem tra tai khoan xem nhan duoc chua."
    assert checker.check(text).grade == "none"


def test_invisible_characters_hide_nothing(checker: ScamChecker) -> None:
    plain = "Tài khoản của Quý khách bị tạm khóa. Vui lòng xác thực tại vcb-xacminh[.]top để mở khóa"
    hidden = plain.replace("tạm khóa", "tạm\u200b khóa").replace("vcb-", "vcb\u200b-").replace("xác", "x\u00adác")
    assert checker.check(hidden).signal_ids == checker.check(plain).signal_ids


def test_a_blurred_video_call_that_borrows_is_a_scam(checker: ScamChecker) -> None:
    # "rồi tắt máy" tells what the caller did; it is not a warning's "gặp thì tắt máy".
    text = "co nguoi goi video bang facebook cua chau toi, mat nhoe nhoe, noi may hong, vay 15 trieu roi tat may"
    verdict = checker.check(text)
    assert verdict.grade == "scam"
    assert "warning-notice" not in verdict.signal_ids
