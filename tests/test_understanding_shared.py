"""Quiz answers in the learner's own words: picked by the telling words of one option, asked
back when two options have some, and never read into a question or a story."""

from __future__ import annotations

import pytest

from dialogs.messages import Option
from dialogs.understanding import AskBack, How, Picked, read_choice

CHILD_CALL = (
    Option("a0", "Chuyển ngay kẻo muộn"),
    Option("a1", "Gọi lại vào số vừa gọi để hỏi thêm"),
    Option("a2", "Tắt máy, gọi ngay cho con hoặc nhà trường"),
)
WRONG_TRANSFER = (
    Option("a0", "Báo ngay cho ngân hàng của mình"),
    Option("a1", "Nhờ người trên Facebook hứa lấy lại tiền"),
    Option("a2", "Cứ đợi, tiền sẽ tự quay về"),
)
PASSWORD = (
    Option("a0", "123456"),
    Option("a1", "Ngày sinh của bác"),
    Option("a2", "Một cụm dài ghép chữ, số và ký hiệu"),
)
AI = (
    Option("a0", "Mã OTP ngân hàng vừa nhận được"),
    Option("a1", "Hỏi cách muối dưa cho giòn"),
    Option("a2", "Nhờ viết lời chúc Tết cho con cháu"),
)
INSTALL = (
    Option("a0", "Link người xưng công an gửi qua Zalo"),
    Option("a1", "Link trong tin nhắn báo tài khoản sắp bị khóa"),
    Option("a2", "App Store hoặc CH Play trên điện thoại"),
)
NEVER_SHARE = (
    Option("a0", "Không đưa gì cả, tắt máy"),
    Option("a1", "Chỉ đưa số căn cước, giữ lại mã OTP"),
    Option("a2", "Đưa cả hai cho nhanh"),
)
PORTAL = (Option("a0", "dichvucong.gov.vn"), Option("a1", "dichvucongs[.]top"), Option("a2", "bhxh[.]co"))
LESSONS = (
    Option("l:1", "Bước đầu với ứng dụng ngân hàng (4 phút)"),
    Option("l:2", "Chuyển nhiều tiền thì phải quét khuôn mặt (4 phút)"),
    Option("l:3", "Mã OTP: không đưa cho bất kỳ ai (5 phút)"),
    Option("topics", "Chủ đề khác", ("chu de khac", "chu de")),
    Option("menu", "Về menu", ("menu", "ve menu", "quay ve menu")),
)
TOPICS = (
    Option("t:dienthoai", "Điện thoại và Internet (0/6)"),
    Option("t:vneid", "VNeID và danh tính số (0/5)"),
    Option("t:dichvucong", "Dịch vụ công trực tuyến (0/7)"),
    Option("t:thanhtoan", "Thanh toán số (0/9)"),
    Option("t:luadao", "Phòng tránh lừa đảo (2/8)"),
    Option("t:luadaomoi", "Lừa đảo kiểu mới (0/10)"),
    Option("t:yte", "Y tế số (0/5)"),
    Option("t:ai", "Bình dân học AI (0/5)"),
    Option("t:choso", "Chợ số: bán hàng trên mạng (0/5)"),
    Option("t:antoan", "An toàn hằng ngày trên mạng (0/5)"),
    Option("menu", "Về menu", ("menu", "ve menu", "quay ve menu")),
)


@pytest.mark.parametrize(
    ("text", "options", "meant"),
    [
        ("dạ chắc là tắt máy rồi gọi cho con ạ", CHILD_CALL, "a2"),
        ("kệ nó, mấy hôm tiền tự về", WRONG_TRANSFER, "a2"),
        ("lấy ngày tháng năm sinh", PASSWORD, "a1"),
        ("cái mã ngân hàng gửi về", AI, "a0"),
        # a lesson by the words of its title, however politely asked for
        ("em ơi cho chị học bài quét khuôn mặt", LESSONS, "l:2"),
        # "khoản" of "tài khoản" is no "khoan" (wait, later)
        ("chuyen sai so tai khoan", (*LESSONS[:3], Option("l:4", "Lỡ chuyển nhầm tiền thì làm sao? (4 phút)")), "l:4"),
        # a topic of a list described ("mấy" is "the several" here, not "how many"), though
        # the list also offers a way out ("Về menu")
        ("mấy kiểu lừa đảo mới", TOPICS, "t:luadaomoi"),
        ("htx chè muốn bán hàng online", TOPICS, "t:choso"),
        ("cách dùng điện thoại với mạng", TOPICS, "t:dienthoai"),
    ],
)
def test_an_answer_in_own_words_picks_the_option_with_its_telling_words(
    text: str, options: tuple[Option, ...], meant: str
) -> None:
    found = read_choice(text, options)
    assert isinstance(found, Picked)
    assert (found.option.id, found.how) == (meant, How.SENSE)


def test_telling_words_of_two_options_ask_back() -> None:
    # "trên" and "ứng dụng" are the app store's, "tai" may be "tài" of "tài khoản" ("kho ứng
    # dụng của máy", the app store named whole, is picked: test_understanding_choice)
    found = read_choice("tai tren ung dung cua may", INSTALL)
    assert isinstance(found, AskBack)
    assert {o.id for o in found.options} == {"a1", "a2"}


@pytest.mark.parametrize(
    ("text", "options"),
    [
        # someone else did or said something: a story for the library, not an answer
        ("có người nhắn nhờ bình chọn cho cháu gái", WRONG_TRANSFER),
        ("nha mang goi bao sim toi sap bi khoa", INSTALL),
        ("đại sứ số gọi xin mã otp để hướng dẫn", NEVER_SHARE),
        # more said that no option holds than what one does ("điện lực" is no "điện thoại")
        ("dien luc goi doi cat dien vi no tien", INSTALL),
        # what happened to someone ("bị", "lỡ"), told on a quiz
        ("tai khoan vneid cua toi bi khoa roi", INSTALL),
        # a question
        ("xem ten nguoi nhan o dau", WRONG_TRANSFER),
        ("co nen cho con chau biet mat khau ngan hang", AI),
        # a web address is read by its letters, not by what "bhxh" stands for
        ("bao hiem xa hoi goi bao co tien ho tro tet", PORTAL),
        # "đại" is not "dài"
        ("đại sứ số", PASSWORD),
        # a word shared, and an idea of several words that no option is about
        ("tắt thông báo đi", NEVER_SHARE),
        ("tat thong bao", CHILD_CALL),
        # on a list of topics, a trouble told or asked about is for the library
        ("dt bac bi khoa roi", TOPICS),
        ("con tôi bị lừa mất tiền trên mạng", TOPICS),
        ("bao giờ có bài lừa đảo mới", TOPICS),
    ],
)
def test_stories_questions_and_chance_words_pick_nothing(text: str, options: tuple[Option, ...]) -> None:
    assert not isinstance(read_choice(text, options), Picked)


@pytest.mark.parametrize(("text", "options", "meant"), [("không", NEVER_SHARE, "a0"), ("ko", NEVER_SHARE, "a0")])
def test_a_lone_no_picks_the_one_answer_that_opens_with_no(text: str, options: tuple[Option, ...], meant: str) -> None:
    found = read_choice(text, options)
    assert isinstance(found, Picked)
    assert found.option.id == meant


def test_a_no_with_more_to_say_is_not_the_answer_that_opens_with_no() -> None:
    assert not isinstance(read_choice("không, bình thường", NEVER_SHARE), Picked)
    assert not isinstance(read_choice("không đúng", NEVER_SHARE), Picked)


def test_a_web_address_is_about_its_pieces_as_written() -> None:
    assert isinstance(read_choice("cái có gov vn", PORTAL), Picked)
    assert not isinstance(read_choice("bảo hiểm xã hội giả", PORTAL), Picked)  # "bhxh" is not spelled out


def test_a_lone_no_on_a_list_of_places_to_go_is_no_answer() -> None:
    assert not isinstance(read_choice("không", LESSONS), Picked)  # "Mã OTP: không đưa…" is a lesson
