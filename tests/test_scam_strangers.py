"""Suspicious messages that ask for nothing yet, and their genuine twins (issue 13, batch h13).

The lead's blind set found these kinds graded "no sign": a stranger or an "old friend" who
asks where one lives, a parcel never ordered, a miracle remedy, an investment group, a too-good
discount, a job with no fee yet, a survey with a gift, a move to another app, an office one
never contacted, a stranger's QR code. None of the messages below is in the development set:
they are written in other words, to check that the signals name the kind, not the sentence.
"""

from __future__ import annotations

import pytest

from content.scam import ScamChecker, load_scam_checker


@pytest.fixture(scope="module")
def checker() -> ScamChecker:
    return load_scam_checker()


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("Chào em, anh là bạn của bố em ngày trước, giờ em làm ở đâu rồi, còn ở quê không?", "personal-question"),
        (
            "Em chào chị, em thấy chị hay bình luận trong nhóm chợ quê, chị cho em hỏi chị ở xã nào vậy ạ?",
            "stranger-contact",
        ),
        ("Anh Tuan oi, minh la Long bo doi cung don ngay xua day, nha anh bay gio o xom nao?", "old-acquaintance"),
        (
            "Tôi nhận được gói hàng thu hộ 199 nghìn mà không nhớ đã đặt, người giao đòi trả tiền mới đưa.",
            "never-asked",
        ),
        ("Có người giao hàng đến bảo tôi trả 450 nghìn tiền một gói hàng, nhà tôi không ai đặt cả.", "never-asked"),
        ("Sản phẩm Xương Khớp Vương: chỉ sau 7 ngày đau nhức giảm hẳn, không phải mổ.", "health-cure"),
        ("Kem boi xuong khop than ky, boi 3 ngay het dau, khong tai phat, ship COD toan quoc", "health-cure"),
        ("Nhóm Zalo Làm Giàu Cùng Vàng: mỗi ngày chia sẻ tín hiệu mua bán, thành viên lãi đều.", "investment-group"),
        ("San moi ra mat, dang ky tai khoan nhan ngay 100 USDT, rut duoc ngay.", "investment-group"),
        ("Áo khoác lông vũ hàng hiệu chỉ 150k, đóng cửa hàng nên bán lỗ, chị nhắn em chốt đơn.", "clearance-sale"),
        ("Tuyen gap ban truc page online, chi can co dien thoai, moi ngay lam 2 tieng.", "easy-job"),
        ("Xin chào! Bạn đã được chọn tham gia khảo sát, trả lời xong nhận quà.", "prize"),
        ("Em nhắn ở đây không tiện, chị thêm Zalo của em nhé.", "contact-move"),
        ("Để tiện trao đổi anh tải Telegram rồi nhắn cho em theo tên này nhé.", "contact-move"),
        (
            "Có cuộc gọi xưng từ văn phòng công chứng, bảo tôi có hồ sơ cần bổ sung, tôi chưa từng làm hồ sơ nào.",
            "unknown-caller",
        ),
        ("Bạn quét mã QR trên tờ rơi để nhận 50k vào ví.", "qr-to-receive"),
        ("Co thang be la o cong truong dua ma QR bao cau quet giup no de no nhan tien thuong", "qr-to-receive"),
        ("Chị ơi, em là hàng xóm cũ của chị hồi ở Thái Bình đây, chị giờ chuyển về đâu rồi?", "old-acquaintance"),
        ("Hi anh, nhìn ảnh đại diện thấy anh quen quen, mình từng gặp nhau chưa nhỉ?", "stranger-contact"),
        ("Bưu tá gọi bảo có bưu phẩm của tôi từ nước ngoài, tôi không biết ai gửi.", "gift-customs"),
        (
            "Shipper nhắn: chị ơi đơn của chị 560k, em gửi ở nhà bác hàng xóm rồi, chị chuyển khoản giúp em nhé.",
            "cod-before",
        ),
        ("Mat ong rung nguyen chat chua dau da day, tieu duong, mo mau, ship toan quoc.", "health-cure"),
        ("Đầu tư đất nền ven đô, giá chỉ bằng một nửa thị trường, cam kết mua lại.", "profit-promise"),
        ("Em là chuyên viên hỗ trợ, anh chuyển sang nói chuyện qua Zalo để em tư vấn kỹ hơn nhé.", "contact-move"),
        ("Nhân viên ngân hàng gọi mời tôi mua bảo hiểm nhân thọ, nói lãi hơn gửi tiết kiệm.", "stranger-offer"),
        (
            "Anh ấy quen tôi trên Facebook được 2 tuần, bảo sắp về Việt Nam cưới tôi, nhờ tôi giữ hộ một khoản tiền.",
            "romance",
        ),
        (
            "Chị ơi, em thấy nhà chị có vườn cam đẹp quá, em mua cả vườn giá cao, chị cho em địa chỉ em qua xem.",
            "personal-info",
        ),
        (
            "Anh ơi nhớ em không, em là Hà hồi trước làm cùng anh ở xưởng gỗ, giờ anh sống ở đâu rồi?",
            "stranger-contact",
        ),
        (
            "Em giới thiệu anh app đầu tư tích lũy, mỗi tháng lãi 8%, nhiều người trong xóm đã tham gia.",
            "profit-promise",
        ),
        ("Mình có nhóm chơi vàng online, vào nhóm mình hướng dẫn, tháng rồi mình lời 30 triệu.", "investment-group"),
        ("Tuyển gấp lao động làm việc tại Campuchia, lương 20 triệu, bao ăn ở, đi ngay trong tuần.", "easy-job"),
        ("Siêu sale 11/12: nồi chiên không dầu 99k, chỉ hôm nay, đặt ngay kẻo hết.", "stranger-offer"),
        ("Có thằng bé đưa tờ rơi có mã QR, bảo quét vào để nhận túi quà Tết miễn phí.", "qr-to-receive"),
        ("Thuốc mọc tóc thần tốc, 7 ngày tóc mọc lại, hoàn tiền 100% nếu không hiệu quả.", "health-cure"),
        ("Ưu đãi sốc: điện thoại Samsung mới chỉ 990k cho 100 khách đầu tiên, đặt hàng qua Zalo.", "clearance-sale"),
        ("Anh ơi cho em mượn Zalo của anh đăng nhập một lúc, em có việc gấp.", "account-lending"),
        ('Tin nhắn từ số lạ: "Chào anh, tối nay anh rảnh không, mình đi cà phê nhé."', "unknown-caller"),
        ("e chao a, e la Linh, e thay a tren nhom ban hang, a co the ket ban voi e dc ko", "stranger-contact"),
        ("Có bưu kiện không rõ người gửi đến nhà, người giao bảo tôi trả 250 nghìn phí.", "never-asked"),
        ("Giới thiệu bạn bè tham gia nhận hoa hồng 10%, đầu tư càng nhiều lời càng lớn.", "task-scam"),
        ("Bạn có muốn nhận 500k không? Chỉ cần tải app và đăng ký tài khoản.", "prize"),
        (
            "Tôi nhận được tin nhắn Zalo của một cô không quen, gửi ảnh hoa và hỏi thăm sức khỏe mỗi ngày.",
            "unknown-caller",
        ),
        ("Có đứa cháu rủ tôi góp tiền vào dự án trồng sâm, mỗi năm chia lãi 30%.", "profit-promise"),
        ("Người bán hàng trên Facebook bảo tôi nhắn qua Zalo số riêng của chị ấy để được giá tốt.", "contact-move"),
        (
            "Hello cô, cô có phải là cô giáo Lan dạy trường cấp 2 không ạ, em là học sinh cũ, cô giờ ở đâu ạ?",
            "personal-question",
        ),
        ("Bình lọc nước ion kiềm chữa bách bệnh, uống vào khỏi tiểu đường, dạ dày, huyết áp.", "health-cure"),
        ("Công ty đang tuyển trực tổng đài tại nhà, ca 4 tiếng, 250k một ca, làm ngay.", "easy-job"),
    ],
)
def test_what_asks_for_nothing_yet_is_still_worth_checking(checker: ScamChecker, text: str, signal: str) -> None:
    verdict = checker.check(text)
    assert verdict.grade != "none", verdict
    assert signal in verdict.signal_ids, verdict.signal_ids


@pytest.mark.parametrize(
    "text",
    [
        "Con đang làm ở công ty mới, lương cũng ổn, mẹ đừng lo.",
        "Bà ơi bà năm nay bao nhiêu tuổi rồi ạ, cháu làm bài tập về gia đình.",
        "Lâu quá không gặp, hôm nào về quê ghé nhà tôi uống chén rượu nhé ông bạn.",
        "Ban liên lạc hội cựu chiến binh xã thông báo họp mặt đồng đội cũ vào ngày 22/12 tại hội trường xã.",
        "Con chào cô, con là Minh học cùng lớp với bé Hoa, mai con qua nhà rủ Hoa đi học ạ.",
        "Chào bác, cháu là Lan ở tổ công nghệ số thôn, mai cháu qua hướng dẫn bác dùng VNeID nhé.",
        "Mẹ ơi con mua cho mẹ cái áo ấm rồi, mai bưu điện giao, mẹ trả 250 nghìn cho bưu tá nhé.",
        "Chị ơi em giao hàng Shopee, em đang ở cổng, chị ra lấy giúp em đơn 120k nhé.",
        "Bác sĩ dặn mẹ uống thuốc huyết áp đều mỗi sáng, tái khám sau 1 tháng nhé.",
        "Quán phở Hương đầu làng giảm giá 10% cho khách ăn sáng trong tuần khai trương.",
        "Hợp tác xã chè tuyển 5 người hái chè, 250 nghìn một ngày, ai có nhu cầu đến gặp chủ nhiệm hợp tác xã.",
        "Con gửi bố mã QR tài khoản của con, bố cần chuyển thì quét mã này nhé.",
        "Agribank thông báo lãi suất tiền gửi tiết kiệm kỳ hạn 12 tháng là 4,8%/năm. Chi tiết liên hệ chi nhánh.",
        "Hội phụ nữ xã tổ chức lớp hướng dẫn bán hàng online cho chị em, đăng ký với chi hội trưởng.",
        "Chị ơi, em là Hằng bên hợp tác xã chè đây, tuần này chị có chè búp không, em qua thu mua.",
        "Cửa hàng vật tư nông nghiệp Minh Phát có phân bón NPK mới về, giá như cũ, bà con cần qua cửa hàng.",
        "Shopee: Siêu sale 12.12 giảm đến 50%, mua ngay trên ứng dụng Shopee. Chúc bạn mua sắm vui vẻ!",
        "Chào anh, em là Hoa vợ anh Tuấn đây, tối nay nhà em có giỗ, mời anh chị sang ăn cơm.",
        "Bà ơi, cháu là Minh con bác Lan, mai cháu qua sửa cái ti vi cho bà nhé.",
        "Thầy cô trường mầm non gửi ảnh các cháu múa vào nhóm Zalo lớp, phụ huynh vào xem nhé.",
        "Cô ơi, con là Tú học trò cũ của cô đây, con mới ra trường, con nhớ cô lắm.",
        "Em chào chị, em là Thu bên hội phụ nữ xã, mai hội họp lúc 2 giờ chiều tại hội trường, chị nhớ đi nhé.",
        "Cháu chào cô, cháu là Nam bạn học của Linh, Linh nhờ cháu mang sách qua cho cô ạ.",
        "Mẹ ơi con mua cái nồi cơm điện trên Shopee cho mẹ rồi, 2 hôm nữa có người giao, mẹ không phải trả tiền.",
        "Bác ơi, cháu là con bác Hòa ở đầu xóm, bố cháu nhờ cháu hỏi mai bác có cần thuê máy cày không.",
        "Ban quản lý chợ: từ tháng sau các tiểu thương dán mã QR thanh toán tại sạp, người mua quét để trả tiền.",
        "Bưu điện Thái Nguyên: Bưu gửi EMS của quý khách sẽ được phát trong ngày, vui lòng để ý điện thoại.",
    ],
)
def test_their_genuine_twins_stay_ordinary(checker: ScamChecker, text: str) -> None:
    assert checker.check(text).grade == "none"


def test_a_greeting_alone_is_no_sign(checker: ScamChecker) -> None:
    # "Chào bác, cháu là..." is how a stranger opens, and how the village team does too: it
    # counts only beside something asked, offered or linked.
    alone = checker.check("Chào bác, cháu ở tổ công nghệ số, chiều mai cháu qua nhà hướng dẫn bác cài VNeID nhé.")
    offered = checker.check("Chào anh, em muốn giới thiệu gói đầu tư vàng tích lũy, lãi cao hơn gửi ngân hàng.")
    assert "stranger-greeting" not in alone.signal_ids
    assert "stranger-greeting" in offered.signal_ids
    assert offered.grade != "none"


def test_a_stranger_who_asks_personal_details_is_not_yet_a_scam(checker: ScamChecker) -> None:
    verdict = checker.check(
        "Chào anh Dũng, tôi là Hòa học cùng anh hồi cấp 3 đây. Giờ anh sống ở đâu, còn làm ở công ty cũ không?"
    )
    assert verdict.grade == "suspicious"
    assert {"old-acquaintance", "personal-question"} <= set(verdict.signal_ids)


def test_an_old_friend_who_borrows_is_a_scam(checker: ScamChecker) -> None:
    text = (
        "Chị ơi em là bạn học cũ của chị đây, em đang kẹt, "
        "chị cho em vay 5 triệu chuyển vào tài khoản của chồng em nhé."
    )
    assert checker.check(text).grade == "scam"


def test_money_already_sent_with_a_request_to_check_it_is_ordinary(checker: ScamChecker) -> None:
    # "cho bác ... kiểm tra" once read as money moved "for checking" (safe-account): a scam.
    verdict = checker.check("Bác Hai ơi, cháu đã chuyển tiền mua lúa giống cho bác rồi, bác kiểm tra giúp cháu nhé.")
    assert verdict.grade == "none", verdict.signal_ids
    assert "safe-account" not in verdict.signal_ids


def test_the_bank_where_the_money_goes_is_no_borrowed_name(checker: ScamChecker) -> None:
    # A child asking for money by message is worth a call to their usual number ("suspicious"),
    # but naming the bank of the account does not make it a scam's shape.
    asked = checker.check(
        "Mẹ ơi con hết tiền tiêu rồi, mẹ chuyển cho con 1 triệu vào tài khoản Agribank cũ của con nhé, "
        "con gọi điện cho mẹ tối nay."
    )
    assert asked.grade == "suspicious", asked.signal_ids
    paid = checker.check(
        "Anh Hòa ơi, em chuyển khoản tiền phân bón 3 triệu 2 cho anh rồi nhé, anh xem tin nhắn ngân hàng."
    )
    assert paid.grade == "none", paid.signal_ids
