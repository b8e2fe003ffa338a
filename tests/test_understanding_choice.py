"""Reading a typed reply on a screen: each way of answering, and when to ask back instead."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dialogs.messages import Option
from dialogs.understanding import AskBack, How, NoMatch, Picked, Reader, choice, prepare, read_choice
from dialogs.understanding.frames import LONGEST_COURTESY, relayed
from dialogs.understanding.words import read_words

# Screens as learners see them (labels and aliases copied from the flows).
MENU = (
    Option("continue", "Học tiếp", ("hoc tiep", "tiep", "hoc")),
    Option("topics", "Chủ đề bài học", ("chu de", "bai hoc", "danh sach")),
    Option("review", "Ôn tập", ("on tap", "on bai")),
    Option("progress", "Tiến độ của tôi", ("tien do", "ket qua")),
    Option("settings", "Cài đặt", ("cai dat",)),
    Option("help", "Trợ giúp", ("tro giup", "giup", "huong dan")),
)
TOPICS = (
    Option("t:vneid", "VNeID và danh tính số (0/4)"),
    Option("t:dvc", "Dịch vụ công trực tuyến (1/4)"),
    Option("t:pay", "Thanh toán số (0/5)"),
    Option("t:scam", "Phòng tránh lừa đảo (2/8)"),
    Option("t:new", "Lừa đảo kiểu mới (0/10)"),
    Option("t:market", "Chợ số: bán hàng trên mạng (0/3)"),
    Option("t:safe", "An toàn hằng ngày trên mạng (0/3)"),
    Option("menu", "Về menu", ("menu", "ve menu", "quay ve menu")),
)
MOVEMENT_TOPICS = (
    Option("t:ai", "Bình dân học AI (0/3)"),
    Option("t:movement", "Phong trào Bình dân học vụ số (0/5)"),
    Option("t:scam", "Phòng tránh lừa đảo (2/8)"),
)
CARD = (
    Option("next", "Tiếp", ("tiep", "tiep theo", "tiep tuc", "ok", "roi", "xong")),
    Option("back", "Quay lại", ("quay lai", "lui", "truoc")),
    Option("simple", "Nói lại dễ hiểu hơn"),
    Option("menu", "Về menu", ("menu", "ve menu", "quay ve menu")),
)
CONSENT = (Option("yes", "Đồng ý"), Option("no", "Không đồng ý"))
ADDRESS = (
    *(Option(f"addr:{f}", f.capitalize()) for f in ("ông", "bà", "bác", "cô", "chú", "anh", "chị", "em")),
    Option("skip", "Bỏ qua", ("bo qua", "skip", "thoi", "khong")),
)
NAME = (Option("skip", "Bỏ qua", ("bo qua", "skip", "thoi", "khong")),)
SCAM = (Option("a0", "Là lừa đảo"), Option("a1", "Không phải lừa đảo"))
TRUE_FALSE = (Option("a0", "Đúng"), Option("a1", "Sai"))
OTP_CALL = (
    Option("a0", "Đọc mã cho nhanh để họ hủy giúp"),
    Option("a1", "Không đọc mã, tắt máy"),
    Option("a2", "Chụp tin nhắn có mã gửi qua Zalo cho họ"),
)
NEVER_SHARE = (
    Option("a0", "Không đưa gì cả, tắt máy"),
    Option("a1", "Chỉ đưa số căn cước, giữ lại mã OTP"),
    Option("a2", "Đưa cả hai cho nhanh"),
)
FACE_SCAN = (Option("a0", "Có, vì cả ngày đã quá 20 triệu"), Option("a1", "Không, vì 5 triệu nhỏ hơn 10 triệu"))
REMINDER = (
    Option("rem:07:00", "7 giờ sáng"),
    Option("rem:12:00", "12 giờ trưa"),
    Option("rem:19:00", "7 giờ tối"),
    Option("rem:off", "Không cần nhắc"),
)
REMINDER_DUE = (
    Option("now", "Học ngay", ("hoc ngay", "hoc", "co")),
    Option("review", "Ôn 3 câu", ("on tap", "on")),
    Option("later", "Để sau", ("de sau", "sau", "khong")),
    Option("off", "Tắt nhắc học", ("tat nhac", "tat nhac hoc", "dung nhac")),
)
DELETE = (Option("yes", "Xóa hết", ("xoa het", "xoa", "dong y", "co")), Option("no", "Không xóa"))
JOIN = (Option("yes", "Vào nhóm", ("co", "vao nhom")), Option("no", "Không"))
LEAVE = (Option("yes", "Rời nhóm", ("roi nhom", "co")), Option("no", "Ở lại", ("o lai",)))
PORTAL = (Option("a0", "dichvucong.gov.vn"), Option("a1", "dichvucongs[.]top"), Option("a2", "bhxh[.]co"))
VNEID_LESSONS = (
    Option("l:1", "✓ Tài khoản VNeID mức 1 và mức 2 (4 phút)"),
    Option("l:2", "▸ Chỉ có một VNeID thật: cẩn thận ứng dụng giả, cuộc gọi giả (4 phút)"),
    Option("l:3", "Đăng nhập VNeID khi đổi điện thoại hoặc mất máy (5 phút)"),
)
INSTALL = (
    Option("a0", "Link người xưng công an gửi qua Zalo"),
    Option("a1", "Link trong tin nhắn báo tài khoản sắp bị khóa"),
    Option("a2", "App Store hoặc CH Play trên điện thoại"),
)


def picked(text: str, options: Sequence[Option]) -> str | None:
    reading = read_choice(text, options)
    return reading.option.id if isinstance(reading, Picked) else None


def asked(text: str, options: Sequence[Option]) -> set[str] | None:
    reading = read_choice(text, options)
    return {o.id for o in reading.options} if isinstance(reading, AskBack) else None


PICKS = [
    # a label's own distinctive word still picks it among labels sharing other words
    ("hoc AI", MOVEMENT_TOPICS, "t:ai"),
    ("phong trao", MOVEMENT_TOPICS, "t:movement"),
    # the label or an alias, any case, with or without marks
    ("Học tiếp", MENU, "continue"),
    ("hoc tiep", MENU, "continue"),
    ("CÀI ĐẶT", MENU, "settings"),
    ("caì đặt", MENU, "settings"),
    ("ôn bài", MENU, "review"),
    # polite words around it
    ("dạ cháu chọn học tiếp ạ", MENU, "continue"),
    ("tôi muốn xem tiến độ", MENU, "progress"),
    ("tiếp đi cháu", CARD, "next"),
    ("đồng ý nhé", CONSENT, "yes"),
    ("gọi tôi là bác", ADDRESS, "addr:bác"),
    # numbers in digits and in words
    ("2", MENU, "topics"),
    ("số 5 nhé", MENU, "settings"),
    ("3 ạ", MENU, "review"),
    ("chọn 2", MENU, "topics"),
    ("một", MENU, "continue"),
    ("cái thứ hai", MENU, "topics"),
    ("thứ tư", MENU, "progress"),
    ("sáu", MENU, "help"),
    ("bài đầu tiên", VNEID_LESSONS, "l:1"),
    # marks tell "bà" from "ba" and "có" from "cô"; words that name make "ba" a form of address
    ("bà", ADDRESS, "addr:bà"),
    ("cứ gọi là ba", ADDRESS, "addr:bà"),
    ("ba", (*SCAM, Option("a2", "Không biết")), "a2"),
    ("co", ADDRESS, "addr:cô"),
    ("ong", ADDRESS, "addr:ông"),
    # yes and no
    ("ừ", CONSENT, "yes"),
    ("oke", CONSENT, "yes"),
    ("dạ được", CONSENT, "yes"),
    ("vâng ạ", CONSENT, "yes"),
    ("ko", CONSENT, "no"),
    ("thôi", CONSENT, "no"),
    ("không cần", CONSENT, "no"),
    ("ok", CARD, "next"),
    ("thôi", REMINDER, "rem:off"),
    ("không", NAME, "skip"),
    ("toi khong muon noi", NAME, "skip"),
    ("có", FACE_SCAN, "a0"),
    ("không", FACE_SCAN, "a1"),
    ("có", SCAM, "a0"),
    ("không phải", SCAM, "a1"),
    ("ko đúng", TRUE_FALSE, "a1"),
    ("không vào", JOIN, "no"),
    ("không", LEAVE, "no"),
    ("có", DELETE, "yes"),
    # the standard options in the learner's own words, with words around them
    ("xem kết quả học", MENU, "progress"),
    ("xem ket qua hoc cua bac", MENU, "progress"),
    ("hướng dẫn sử dụng", MENU, "help"),
    ("hoc bai moi", MENU, "continue"),
    ("hoc tiep bai hom qua", MENU, "continue"),
    ("giảng lại cho bác", CARD, "simple"),
    ("về trang chính", CARD, "menu"),
    ("quay lai trang truoc", CARD, "back"),
    ("sang trang sau", CARD, "next"),
    ("hieu roi tiep di", CARD, "next"),
    ("lát nữa", REMINDER_DUE, "later"),
    ("de toi hoc sau", REMINDER_DUE, "later"),
    ("hoc bay gio", REMINDER_DUE, "now"),
    ("khong nhac nua", REMINDER_DUE, "off"),
    ("khong can nhac dau", REMINDER, "rem:off"),
    ("bac chua hieu lam", CARD, "simple"),
    ("tro ve menu", CARD, "menu"),
    ("quay lai doc lai", CARD, "back"),
    ("rồi sao nữa", CARD, "next"),
    ("chau chi bac cach dung voi", MENU, "help"),
    ("sua thong tin", MENU, "settings"),
    ("on lai cau hoi cu", MENU, "review"),
    ("de mai hoc", REMINDER_DUE, "later"),
    ("hoc luon bay gio", REMINDER_DUE, "now"),
    ("thoi dung xoa", DELETE, "no"),
    # an option's whole words inside a longer reply whose other words name no option
    ("hoc tiep bai hom kia nhe chau", MENU, "continue"),
    ("chau cho bac xem tien do voi nhe", MENU, "progress"),
    ("ve menu cho bac nghi", CARD, "menu"),
    ("noi lai de hieu hon cho bac nhe", CARD, "simple"),
    # clauses read one by one when they agree
    ("đã hiểu, tiếp", CARD, "next"),
    ("dạ, quay lại", CARD, "back"),
    # one word for another, on a reply that read as nothing
    ("cúp máy", OTP_CALL, "a1"),
    ("hoc lien", REMINDER_DUE, "now"),
    ("ra menu", CARD, "menu"),
    ("xoa sach", DELETE, "yes"),
    # an option's own text with its digits beats the digits as an option number
    ("ôn 3 câu", REMINDER_DUE, "review"),
    ("12 gio trua", REMINDER, "rem:12:00"),
    ("số 3", REMINDER_DUE, "later"),
    ("2", VNEID_LESSONS, "l:2"),  # "mức 1 và mức 2" in a long title does not stand out
    # "không hiểu" where the card can be said more simply
    ("không hiểu", CARD, "simple"),
    ("giải thích lại", CARD, "simple"),
    # a distinctive word of one option, counters and marks ignored
    ("lua dao moi", TOPICS, "t:new"),
    ("vneid", TOPICS, "t:vneid"),
    ("ban hang", TOPICS, "t:market"),
    ("tat may", OTP_CALL, "a1"),
    ("doc ma", OTP_CALL, "a0"),
    ("không đọc mã", OTP_CALL, "a1"),
    ("dua ca hai", NEVER_SHARE, "a2"),
    ("20 triệu", FACE_SCAN, "a0"),
    ("qua", NAME, "skip"),
    ("lừa đảo", SCAM, "a0"),
    ("ch play", INSTALL, "a2"),
    # one slip, words run together or split
    ("vneld", TOPICS, "t:vneid"),
    ("thah toan", TOPICS, "t:pay"),
    ("tiepp", CARD, "next"),
    ("tieo", CARD, "next"),
    ("dong i", CONSENT, "yes"),
    ("dongy", CONSENT, "yes"),
    ("chplay", INSTALL, "a2"),
    ("hocj tiep", MENU, "continue"),
    # three syllables run together, or shorthand run into a word, where they make a phrase
    ("dichvucong", TOPICS, "t:dvc"),
    (
        "thoiko ghi",
        (Option("today", "Hôm nay"), Option("cancel", "Thôi, không ghi nữa"), Option("menu", "Về menu")),
        "cancel",
    ),
    # or where they stand so in a label on the screen ("Đăng nhập VNeID…")
    ("dangnhap lai vneid", VNEID_LESSONS, "l:3"),
    # a short word no syllable can be, one slip from the word that goes with its neighbour
    ("tat mya luon", OTP_CALL, "a1"),
    ("ket noi mag", (Option("t:phone", "Điện thoại và Internet (0/2)"), *TOPICS), "t:phone"),
    # Telex keys left in by a keyboard that did not make marks of them
    ("tieeps", CARD, "next"),
    ("ddoongf ys", CONSENT, "yes"),
    # a key held or struck again on a cheap phone: each doubled letter read once
    ("onn tapp di", MENU, "review"),
    ("saiii", TRUE_FALSE, "a1"),
    ("uuu", CONSENT, "yes"),
    ("bammm luon", (Option("a0", "Màu của mã QR"), Option("a1", "Không cần xem, cứ bấm cho nhanh")), "a1"),
    # one slip in one word of a label: letters swapped, doubled, or one wrong
    ("hcoj tiep", MENU, "continue"),
    ("quay lia", CARD, "back"),
    ("khong xao", DELETE, "no"),
    ("roi nhon", LEAVE, "yes"),
    ("bácc", ADDRESS, "addr:bác"),
    # a last key that Telex reads as a tone ("noj": "nọ") may be the key beside the letter meant
    ("noj lai", CARD, "simple"),
    ("quay laj", CARD, "back"),
    # a spelling of the same sound, carried by the words around it
    ("phong chanh lua dao", TOPICS, "t:scam"),
]


@pytest.mark.parametrize(("text", "options", "meant"), PICKS)
def test_a_natural_reply_picks_what_was_meant(text: str, options: tuple[Option, ...], meant: str) -> None:
    assert picked(text, options) == meant


AGE = (
    Option("age:duoi-30", "Dưới 30 tuổi", ("duoi 30",)),
    Option("age:30-59", "Từ 30 đến 59 tuổi", ("30 59", "tu 30 den 59")),
    Option("age:60+", "Từ 60 tuổi trở lên", ("60", "tren 60", "gia")),
    Option("skip", "Bỏ qua", ("bo qua", "skip", "thoi", "khong")),
)


ASKS = [
    # two options fit about as well
    ("lua dao", TOPICS, {"t:scam", "t:new"}),
    ("tren mang", TOPICS, {"t:market", "t:safe"}),
    ("link", INSTALL, {"a0", "a1"}),
    ("dichvucong", PORTAL, {"a0", "a1"}),
    ("ông bà", ADDRESS, {"addr:ông", "addr:bà"}),
    # a number word that is also a word of another option
    ("hai", NEVER_SHARE, {"a1", "a2"}),
    ("muc 2", VNEID_LESSONS, {"l:1", "l:2"}),
    # a soft yes on a question of fact, or before something is undone
    ("ok", SCAM, {"a0", "a1"}),
    ("ok", TRUE_FALSE, {"a0", "a1"}),
    ("ok", FACE_SCAN, {"a0"}),
    ("ok", DELETE, {"yes"}),
    ("chưa", CONSENT, {"no"}),
    # said as a question, or one common word
    ("lừa đảo?", SCAM, {"a0"}),
    ("ngân hàng", (Option("x", "An toàn hằng ngày trên mạng"), Option("menu", "Về menu")), {"x"}),
    ("qua", OTP_CALL, {"a2"}),
    # a spelling of the same sound, alone
    ("xai", TRUE_FALSE, {"a1"}),
    # a slip one letter from two words that each go with its neighbour ("tắt máy", "tắt mạng")
    ("tat mag", (Option("a0", "Tắt máy"), Option("a1", "Tắt mạng"), Option("a2", "Để sau")), {"a0", "a1"}),
    # a bare number that is also in another option's text: "3" beside "Ôn 3 câu"
    ("3", REMINDER_DUE, {"later", "review"}),
    ("3 ạ", REMINDER_DUE, {"later", "review"}),
    # a bare number word that is one option's label and another's number: "Bà", or 3, "Bác"
    ("ba", ADDRESS, {"addr:bà", "addr:bác"}),
    ("ba nhé", ADDRESS, {"addr:bà", "addr:bác"}),
    ("chọn ba", ADDRESS, {"addr:bà", "addr:bác"}),
    # a bare number that is no option's number but two labels show, first or inside
    ("7", REMINDER, {"rem:07:00", "rem:19:00"}),
    ("30", AGE, {"age:duoi-30", "age:30-59"}),  # read off the screen as much as an age (blind25)
    # a new lesson, with no "học": going on to it, or choosing it from the lessons (blind25)
    ("bai moi", MENU, {"continue", "topics"}),
    ("bài mới nhé", MENU, {"continue", "topics"}),
    # one word in two labels, even as a plea to say it again
    ("lại", CARD, {"back", "simple"}),
    ("lai", CARD, {"back", "simple"}),
    ("lại đi cháu", CARD, {"back", "simple"}),
    # every word typed sits whole in two labels: the shorter one is no reason to choose it
    ("binh dan hoc", MOVEMENT_TOPICS, {"t:ai", "t:movement"}),
    ("bình dân học", MOVEMENT_TOPICS, {"t:ai", "t:movement"}),
]


@pytest.mark.parametrize(("text", "options", "candidates"), ASKS)
def test_unsure_readings_ask_back_with_the_candidates(
    text: str, options: tuple[Option, ...], candidates: set[str]
) -> None:
    assert asked(text, options) == candidates


NOTHING = [
    ("", MENU),
    ("?!", CARD),  # on the menu a bare "?" opens "Trợ giúp" (blind10)
    ("7", MENU),
    ("bảy", MENU),
    ("0", MENU),
    ("ma otp la gi", CARD),
    ("lam sao cai vneid", MENU),
    ("Lan", NAME),
    ("Quân", NAME),
    ("Hoa", NAME),
    ("có", ADDRESS),
    ("không hiểu", CONSENT),
    ("8h toi", REMINDER),
    ("8 giờ tối", REMINDER),
    ("ok cháu", (*OTP_CALL, Option("a3", "Nhờ viết lời chúc Tết cho con cháu"))),
    ("đúng không", NAME),
    ("quay lai", (CARD[0], CARD[2], CARD[3])),
    ("thật không", VNEID_LESSONS),
    ("1 2", VNEID_LESSONS),
    ("tôi đang bận, mai tôi học tiếp nhé cháu, cảm ơn cháu nhiều", MENU),
    # words around an option's that deny it or ask about it
    ("không về menu đâu", CARD),
    ("khong ve menu", CARD),
    ("chưa về menu", CARD),
    ("hoc tiep la hoc gi", MENU),
    ("cai dat la cai gi", MENU),
    ("tiep hay ve menu nhi", CARD),
    # or put it off: not the option now
    ("mai hoc tiep", MENU),
    ("lat nua ve menu", CARD),
    ("qua", REMINDER),
    ("tiếp, quay lại", CARD),
    # a slip is never read in a number, nor in a lone word that is a word ("lại" is no "lui")
    ("9 gio toi", REMINDER),
    ("8 giờ tối", REMINDER),
    ("lui", (CARD[0], CARD[2], CARD[3])),
    # letters struck again that make no syllable once each: laughter, an English word
    ("kkk", CARD),
    ("hello", CARD),
]


@pytest.mark.parametrize(("text", "options"), NOTHING)
def test_what_is_not_an_answer_picks_nothing(text: str, options: tuple[Option, ...]) -> None:
    assert picked(text, options) is None


def test_a_number_out_of_range_is_not_a_match_and_says_which() -> None:
    assert read_choice("7", MENU) == NoMatch(out_of_range=7)
    assert read_choice("số 9 ạ", CARD) == NoMatch(out_of_range=9)
    assert read_choice("số 7", REMINDER) == NoMatch(out_of_range=7)  # "số" names an option number
    assert read_choice("12", REMINDER) == NoMatch(out_of_range=12)  # one label only: a time to read


def test_each_way_of_reading_says_how() -> None:
    hows = {text: read_choice(text, CARD) for text in ("tiep", "2", "ok", "khong hieu", "ve", "tieo")}
    assert {t: r.how for t, r in hows.items() if isinstance(r, Picked)} == {
        "tiep": How.EXACT,
        "2": How.NUMBER,
        "ok": How.EXACT,  # "ok" is an alias of "Tiếp"
        "khong hieu": How.HELP,
        "ve": How.WORDS,
        "tieo": How.SLIP,
    }


def test_a_prepared_screen_and_the_reader_read_like_the_plain_call() -> None:
    reader = Reader()
    for text, options, _ in PICKS:
        expected = read_choice(text, options)
        assert read_choice(text, prepare(options)) == expected
        assert reader.choice(text, options) == expected
        assert reader.choice(text, options) == expected  # read from what it kept


def test_the_reader_keeps_a_bounded_number_of_labels() -> None:
    reader = Reader(kept=3)
    for number in range(10):
        reader.choice("1", (Option(f"t{number}", f"Chủ đề ({number}/8)"),))
    assert len(reader._labels) <= 3


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=60),
    st.lists(st.tuples(st.text(min_size=1, max_size=30), st.lists(st.text(max_size=10), max_size=3)), max_size=9),
)
def test_any_text_on_any_options_reads_without_error(text: str, raw: list[tuple[str, list[str]]]) -> None:
    options = tuple(Option(f"o{i}", label, tuple(aliases)) for i, (label, aliases) in enumerate(raw))
    reading = read_choice(text, options)
    if isinstance(reading, Picked):
        assert reading.option in options
    if isinstance(reading, AskBack):
        assert 1 <= len(reading.options) <= 2
        assert all(o in options for o in reading.options)


VNEID_SHORT_TITLES = (  # ids without a colon, titles cut short
    Option("l1", "✓ Tài khoản VNeID mức 1 và mức 2 (4 phút)"),
    Option("l2", "▸ Chỉ có một VNeID thật: cẩn thận ứng dụng giả (4 phút)"),
    Option("l3", "Đăng nhập VNeID khi đổi điện thoại (5 phút)"),
)
PLACES = (
    Option("p1", "Xã Phú Bình"),
    Option("p2", "Xã Phú Lương"),
    Option("again", "Tìm lại"),
    Option("other", "Khác"),
)


@pytest.mark.parametrize("text", ["mức 2", "muc 2", "bài mức 2"])
def test_a_number_that_stands_in_a_label_asks_between_the_label_and_the_number(text: str) -> None:
    reading = read_choice(text, VNEID_SHORT_TITLES)
    assert isinstance(reading, AskBack) and {o.id for o in reading.options} == {"l1", "l2"}


def test_a_number_in_one_label_beyond_the_options_picks_that_label() -> None:
    reading = read_choice("mức 1", VNEID_SHORT_TITLES)
    assert isinstance(reading, Picked) and reading.option.id == "l1"


@pytest.mark.parametrize(
    "text",
    [
        "sai rồi", "không phải đâu", "sai roi, cai khac", "không đúng, tìm lại",
        # the words after it only point at what was found
        "ko phai 2 xa nay", "không phải hai xã này", "ko phai ca hai", "sai hết mấy cái này",
    ],
)  # fmt: skip
def test_not_these_places_asks_between_searching_again_and_another(text: str) -> None:
    # a clause that names one of the two leaves the question standing: asking is never wrong
    reading = read_choice(text, PLACES)
    assert isinstance(reading, AskBack) and {o.id for o in reading.options} == {"again", "other"}


def test_two_clauses_that_name_two_options_ask_between_them() -> None:
    reading = read_choice("ôn tập, cài đặt", MENU)
    assert isinstance(reading, AskBack) and len(reading.options) == 2


@pytest.mark.parametrize(
    "text", ["không có xã tôi", "không có xã của tôi", "ko thấy thôn em trong này", "chưa có phường nhà bác"]
)
def test_mine_is_not_listed_asks_between_searching_again_and_another(text: str) -> None:
    # typed otherwise it may be found: 'Khác' is one answer, searching again the other
    assert asked(text, PLACES) == {"again", "other"}


@pytest.mark.parametrize(
    "text", ["không có tài khoản thì chuyển tiền bằng gì", "không có à?", "không có xã thì làm sao"]
)
def test_a_question_that_opens_with_not_having_picks_no_place(text: str) -> None:
    assert not isinstance(read_choice(text, PLACES), Picked)


SETTINGS = (
    Option("address", "Cách xưng hô (bác)"),
    Option("name", "Tên gọi (Lan)"),
    Option("notify", "Nhận thông báo: đang bật"),
    Option("delete", "Xóa dữ liệu của tôi"),
    Option("menu", "Về menu"),
)


@pytest.mark.parametrize(
    "text", ["Tôi không muốn nhận tin báo nữa.", "thôi không nhận thông báo nữa", "bật thông báo lên"]
)
def test_a_switch_is_turned_by_naming_what_it_switches(text: str) -> None:
    reading = read_choice(text, SETTINGS)
    assert isinstance(reading, Picked) and reading.option.id == "notify"


@pytest.mark.parametrize("text", ["bảo hiểm xã hội nhắn tin báo đồng bộ vssid", "thông báo là gì?"])
def test_a_switch_is_not_turned_by_a_question_or_another_topic(text: str) -> None:
    assert not isinstance(read_choice(text, SETTINGS), Picked)


@pytest.mark.parametrize(
    ("text", "form"), [("gọi tôi là bà thôi", "bà"), ("goi toi la ong", "ông"), ("cứ gọi tôi là bác nhé", "bác")]
)
def test_asking_to_be_called_by_a_form_is_the_form_of_address_setting(text: str, form: str) -> None:
    reading = read_choice(text, SETTINGS)
    assert isinstance(reading, Picked) and reading.option.id == "address"
    assert picked(text, ADDRESS) == f"addr:{form}"  # on the forms' own screen, the form is read


SETTINGS_WITH_REMINDER = (
    *SETTINGS[:2],
    Option("remind", "Giờ nhắc học (19:00)", ("gio nhac", "nhac")),
    *SETTINGS[2:],
)


@pytest.mark.parametrize("text", ["tắt nhắc", "tat nhac di"])
def test_turning_off_what_has_its_own_option_beside_a_switch_asks_which(text: str) -> None:
    assert asked(text, SETTINGS_WITH_REMINDER) == {"remind", "notify"}
    assert picked("tắt thông báo", SETTINGS_WITH_REMINDER) == "notify"


@pytest.mark.parametrize("text", ["👍", "👍🏻", "👌", "✔️", "👍👍"])
def test_a_thumbs_up_alone_is_read_as_ok(text: str) -> None:
    assert picked(text, CARD) == picked("ok", CARD) == "next"
    assert read_choice(text, CONSENT) == read_choice("ok", CONSENT)


@pytest.mark.parametrize("text", ["👎", "🙏", "😊"])
def test_another_emoji_alone_picks_nothing(text: str) -> None:
    assert not isinstance(read_choice(text, CARD), Picked)


def test_a_courteous_sentence_pointing_at_the_message_names_the_short_option() -> None:
    assert picked("Theo tôi đây là tin nhắn lừa đảo.", SCAM) == "a0"
    assert picked("Theo tôi đây không phải tin nhắn lừa đảo.", SCAM) != "a0"


def test_letters_typed_in_capitals_are_the_label_that_writes_them_so() -> None:
    topics = (
        Option("ai", "Bình dân học AI (0/3)"),
        Option("id", "VNeID và danh tính số (0/4)"),
        Option("m", "Về menu"),
    )
    for typed, meant in (("AI", "ai"), ("VNEID", "id")):
        reading = read_choice(typed, topics)
        assert isinstance(reading, Picked) and reading.option.id == meant
    assert not isinstance(read_choice("ai", topics), Picked)  # "who" asks


MOBILE_MONEY = (Option("a0", "10 triệu đồng"), Option("a1", "100 triệu đồng"), Option("a2", "Không giới hạn"))
ZALO_CODE = (
    Option("a0", "Gửi mã cho máy lạ để hết báo"),
    Option("a1", "Bỏ qua, chắc không sao"),
    Option("a2", 'Bấm "Chặn mã kích hoạt"'),
)
CANCEL = (Option("yes", "Hủy thông báo", ("huy", "dong y", "co")), Option("no", "Không hủy", ("khong",)))


@pytest.mark.parametrize("text", ["thoi", "thôi", "thoi a", "thôi ạ"])
def test_enough_turns_down_what_is_offered(text: str) -> None:
    assert picked(text, CONSENT) == "no"
    assert picked(text, DELETE) == "no"
    assert picked(text, REMINDER) == "rem:off"
    assert picked(text, JOIN) == "no"
    assert asked(text, REMINDER_DUE) == {"later", "off"}
    # 'Hủy thông báo' stops it for good, 'Không hủy' turns down stopping: which one
    assert asked(text, CANCEL) == {"yes", "no"}


@pytest.mark.parametrize("options", [TRUE_FALSE, SCAM, FACE_SCAN, MOBILE_MONEY, ZALO_CODE])
@pytest.mark.parametrize("text", ["thoi", "thôi", "thoi a"])
def test_enough_answers_no_question_of_fact(text: str, options: tuple[Option, ...]) -> None:
    assert isinstance(read_choice(text, options), NoMatch)


@pytest.mark.parametrize("text", ["dich vu cong gov vn", "dịch vụ công . gov . vn", "dichvucong gov vn"])
def test_a_web_address_typed_in_pieces_is_read_whole(text: str) -> None:
    assert picked(text, PORTAL) == "a0"
    assert picked("dich vu cong s top", PORTAL) == "a1"


@pytest.mark.parametrize(("text", "meant"), [("dap an b", "a1"), ("đáp án c", "a2"), ("phương án a", "a0")])
def test_an_answer_named_by_its_letter_is_that_option(text: str, meant: str) -> None:
    assert picked(text, OTP_CALL) == meant


@pytest.mark.parametrize("text", ["b", "c", "câu b", "đáp án f"])
def test_a_letter_alone_or_beyond_the_answers_picks_nothing(text: str) -> None:
    assert picked(text, OTP_CALL) is None


@pytest.mark.parametrize("text", ["ko biet bam cai nao", "không biết chọn cái nào", "khong biet bam gi", "bấm vào đâu"])
def test_not_knowing_how_to_go_on_opens_the_help_a_screen_offers(text: str) -> None:
    assert read_choice(text, MENU) == Picked(MENU[-1], How.HELP)
    assert picked(text, CONSENT) is None  # no help option here: the engine's plea for help answers


@pytest.mark.parametrize("text", ["sia", "Sia"])
def test_two_letters_swapped_in_a_true_or_false_answer_are_a_slip(text: str) -> None:
    assert read_choice(text, TRUE_FALSE) == Picked(TRUE_FALSE[1], How.SLIP)
    assert picked("giu", (Option("send", "Gửi"), Option("later", "Để sau", ("sau",)))) is None  # "giữ" is a word
    assert picked("sua", (Option("now", "Học ngay"), Option("later", "Để sau", ("sau",)))) is None  # "sửa" too


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("đổi giờ nhắc ở đâu vậy", "settings"),
        ("chỗ nào để đổi giờ nhắc?", "settings"),
        ("đổi tên gọi ở đâu", "settings"),
        ("bấm đâu để xem tiến độ", "progress"),
    ],
)
def test_asked_where_a_place_of_the_tutor_is_the_option_that_goes_there_answers(text: str, meant: str) -> None:
    assert picked(text, MENU) == meant


@pytest.mark.parametrize("text", ["vneid bao sai ngay sinh thi sua o dau", "tải vneid ở đâu", "ở đâu để nộp hồ sơ"])
def test_asked_where_something_of_the_world_is_left_to_the_library(text: str) -> None:
    assert picked(text, MENU) is None
    assert picked("gọi tổng đài hỗ trợ ở đâu", (Option("a0", "Gọi tổng đài hỗ trợ"), Option("a1", "Bỏ qua"))) is None


@pytest.mark.parametrize(
    "text",
    ["appstore", "google play", "tải trong kho ứng dụng của máy", "tai tren kho ung dung cua may", "cửa hàng ứng dụng"],
)
def test_the_app_stores_named_in_everyday_words_are_the_app_stores(text: str) -> None:
    assert picked(text, INSTALL) == "a2"
    assert picked(text, OTP_CALL) is None  # no store among the answers: nothing else is meant


@pytest.mark.parametrize("text", ["khôngphải lừa đảo", "kophai lua dao", "khongphai lua dao a"])
def test_a_no_typed_stuck_to_its_word_is_still_a_no(text: str) -> None:
    assert picked(text, SCAM) == "a1"


def test_a_word_that_only_begins_like_a_stuck_no_is_left_whole() -> None:
    assert [w.text for w in read_words("khieu nai")] == ["khieu", "nai"]  # khiếu nại, not "không hiểu"
    assert [w.text for w in read_words("kbiet")] == ["khong", "biet"]


def test_a_story_or_a_pasted_message_is_not_read_again_for_frames(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past LONGEST_COURTESY words a text is no reply: it is not read again for "chứ … gì" or
    "ở đâu" (a pasted message is the scam checker's; reading it for frames only cost time)."""
    calls: list[str] = []
    monkeypatch.setattr(choice, "turned_down", lambda text, words: calls.append("turned_down"))
    monkeypatch.setattr(choice, "_where", lambda text, words, screen: calls.append("where"))
    story = " ".join(["hôm qua có người gọi cho tôi nói là bên ngân hàng rồi bảo tôi làm theo"] * 2)
    assert len(story.split()) > LONGEST_COURTESY
    assert picked(story, MENU) is None and calls == []
    assert picked("hôm qua có người gọi cho tôi", MENU) is None and calls == ["turned_down", "where"]


def test_a_word_longer_than_three_syllables_is_not_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    """No syllable is longer than syllables.LONGEST_SYLLABLE letters, so a word longer than three
    of them is no run of syllables: it is not cut at all (a forged 5,000-letter word tried every
    cut); a run that can be one is still read apart ('dichvucong')."""
    cuts: list[str] = []
    real = choice._cuts

    def counted(text: str, most: int) -> list[tuple[str, ...]]:
        cuts.append(text)
        return real(text, most)

    monkeypatch.setattr(choice, "_cuts", counted)
    forged = "dichvucong" * 500
    assert picked(forged, MENU) is None and forged not in cuts
    assert picked("dichvucong", MENU) is None and "dichvucong" in cuts


FAMILY_DETAIL = [
    Option("invite", "➕ Mời thêm người", ("moi", "moi them", "ma moi")),
    Option("revoke", "🚫 Thu hồi mã mời", ("thu hoi", "thu hoi ma")),
    Option("menu", "Về menu", ("menu", "ve menu")),
]


@pytest.mark.parametrize("text", ["mã mời", "ma moi"])
def test_an_alias_that_stands_whole_in_another_shown_label_is_asked(text: str) -> None:
    assert asked(text, FAMILY_DETAIL) == {"invite", "revoke"}


@pytest.mark.parametrize(("text", "meant"), [("mời thêm", "invite"), ("thu hồi", "revoke"), ("menu", "menu")])
def test_an_alias_no_other_label_holds_still_picks(text: str, meant: str) -> None:
    assert picked(text, FAMILY_DETAIL) == meant


FAMILY_DETAIL_LABELS = [Option(o.id, o.label) for o in FAMILY_DETAIL]
SETTINGS_LABELS = [
    Option("name", "Tên gọi (Lan)"),
    Option("remind", "Giờ nhắc học (19:00)"),
    Option("menu", "Về menu"),
]


def test_a_phrase_whose_words_a_label_holds_but_not_its_idea_is_asked() -> None:
    # without the flow's alias: 'mã mời' is all words of 'Thu hồi mã mời' (read 'thu hồi mã'),
    # and an invite code is what 'Mời thêm người' gives
    assert asked("mã mời", FAMILY_DETAIL_LABELS) == {"invite", "revoke"}


WHICH_NUMBER = [  # vneid-vi-giay-to-q3
    Option("a0", "Số điện thoại của bác"),
    Option("a1", "Một mã mới gửi qua tin nhắn lạ"),
    Option("a2", "Chính là số định danh cá nhân"),
]


@pytest.mark.parametrize("text", ["mời thêm người", "moi them nguoi", "thêm thành viên"])
def test_a_new_code_is_no_invite_code(text: str) -> None:
    # 'mã mời' is @invite only as typed, or with these marks: 'mã mới' is a new code
    assert read_choice(text, WHICH_NUMBER) == NoMatch()


@pytest.mark.parametrize(
    ("text", "options", "meant"),
    [
        ("thu hồi mã", FAMILY_DETAIL_LABELS, "revoke"),
        ("mời thêm", FAMILY_DETAIL_LABELS, "invite"),
        # @settings, as 'giờ nhắc' is, but 'đổi' is no word of 'Tên gọi': a word of its own
        ("đổi tên", SETTINGS_LABELS, "name"),
    ],
)
def test_a_phrase_of_a_labels_own_idea_or_words_picks_it(text: str, options: Sequence[Option], meant: str) -> None:
    assert picked(text, options) == meant


CARD_WITH_ALIASES = [
    Option("next", "Tiếp", ("tiep", "tiep theo")),
    Option("back", "Quay lại", ("quay lai", "lui", "truoc")),
    Option("simpler", "Nói lại dễ hiểu hơn", ("noi lai", "de hieu hon", "kho hieu", "khong hieu")),
    Option("menu", "Về menu", ("menu", "ve menu")),
]


@pytest.mark.parametrize("text", ["lại đi", "đọc lại", "doc lai di", "nhắc lại"])
def test_a_plea_to_say_it_again_sharing_only_a_word_of_another_label_is_asked(text: str) -> None:
    assert asked(text, CARD_WITH_ALIASES) == {"back", "simpler"}


@pytest.mark.parametrize("text", ["nói lại đi", "đọc lại cho dễ hiểu", "giải thích lại"])
def test_a_plea_that_says_more_of_the_simpler_option_picks_it(text: str) -> None:
    assert picked(text, CARD_WITH_ALIASES) == "simpler"


RESULT_PASSED = [
    Option("next", "Bài tiếp theo", ("bai tiep", "bai tiep theo", "tiep")),
    Option("topics", "Chủ đề khác", ("chu de",)),
    Option("menu", "Về menu", ("menu", "ve menu")),
]


MENU_LABELS = [Option(o.id, o.label) for o in MENU]  # read by the lexicon, not by aliases


def test_a_lexicon_reading_whose_words_two_shown_labels_share_is_asked() -> None:
    assert asked("bài khác", RESULT_PASSED) == {"next", "topics"}


@pytest.mark.parametrize(
    ("text", "meant", "options"),
    [("sang bài khác", "next", RESULT_PASSED), ("về lại menu", "menu", CARD), ("ôn bài", "review", MENU_LABELS)],
)
def test_a_lexicon_reading_with_a_word_of_its_own_or_its_label_whole_stands(
    text: str, meant: str, options: Sequence[Option]
) -> None:
    assert picked(text, options) == meant


PAYMENT_LESSONS = [
    Option("app", "✓ Bước đầu với ứng dụng ngân hàng (4 phút)"),
    Option("qr", "✓ Trả tiền bằng mã VietQR (4 phút)"),
    Option("face", "Chuyển nhiều tiền thì phải quét khuôn mặt (4 phút)"),
    Option("otp", "Mã OTP: không đưa cho bất kỳ ai (5 phút)"),
    Option("menu", "Về menu", ("menu", "ve menu")),
]


def test_a_title_word_that_is_half_of_another_options_idea_is_asked() -> None:
    assert asked("quét", PAYMENT_LESSONS) == {"face", "qr"}


@pytest.mark.parametrize(("text", "meant"), [("khuôn mặt", "face"), ("quét khuôn mặt", "face"), ("otp", "otp")])
def test_a_title_named_beyond_a_half_phrase_is_picked(text: str, meant: str) -> None:
    assert picked(text, PAYMENT_LESSONS) == meant


SCAM_LESSONS = [
    Option("call", 'Cuộc gọi báo "con đang cấp cứu" (3 phút)'),
    Option("otp", "Tin nhắn ngân hàng giả và mã OTP (5 phút)"),
    Option("invest", 'Đầu tư lãi cao và lời hứa "lấy lại tiền" (5 phút)'),
    Option("report", "Báo lừa đảo và kiểm tra trước khi chuyển tiền (5 phút)"),
    Option("after", "Lỡ bị lừa: những phút đầu (4 phút)"),
    Option("menu", "Về menu", ("menu", "ve menu")),
]


@pytest.mark.parametrize("text", ["lấy lại tiền", "lay lai tien", "tôi muốn lấy lại tiền"])
def test_a_title_phrase_the_lexicon_reads_two_ways_is_asked(text: str) -> None:
    # the investment lesson's words, and what the lesson after a scam is about: money back
    assert asked(text, SCAM_LESSONS) == {"invest", "after"}


FAKE_OFFICIALS = [
    Option("police", 'Công an giả bắt chuyển tiền vào "tài khoản tạm giữ" (4 phút)'),
    Option("school", "Cán bộ nhà trường giả: học phí, học bổng (4 phút)"),
    Option("menu", "Về menu", ("menu", "ve menu")),
]


@pytest.mark.parametrize(
    ("text", "options", "meant"),
    [
        ("đầu tư", SCAM_LESSONS, "invest"),
        ("lỡ bị lừa", SCAM_LESSONS, "after"),
        # @police, as 'cán bộ' is: one idea, and the title says it in those words
        ("công an giả", FAKE_OFFICIALS, "police"),
        # @transfer or @payment ('ngân hàng'), yet the rest of the title is about scams, not money
        ("chuyển tiền", SCAM_LESSONS, "report"),
    ],
)
def test_a_title_phrase_that_serves_no_other_idea_is_the_title(
    text: str, options: Sequence[Option], meant: str
) -> None:
    assert picked(text, options) == meant


RESULT_FAILED = [
    Option("retry", "Làm lại câu hỏi", ("lam lai", "thu lai")),
    Option("reread", "Đọc lại bài", ("doc lai", "hoc lai")),
    Option("menu", "Về menu", ("menu", "ve menu")),
]


@pytest.mark.parametrize(
    ("text", "options", "meant"),
    [
        ("next", MENU, "continue"),
        ("next", CARD, "next"),
        ("next", RESULT_PASSED, "next"),
        ("back", CARD, "back"),
        ("retry", RESULT_FAILED, "retry"),
        ("try again", RESULT_FAILED, "retry"),
        ("true", TRUE_FALSE, "a0"),
        ("false", TRUE_FALSE, "a1"),
        ("join", JOIN, "yes"),
        ("out", LEAVE, "yes"),
        ("help", MENU_LABELS, "help"),
    ],
)
def test_an_english_word_for_what_a_button_does_is_read_as_its_vietnamese(
    text: str, options: Sequence[Option], meant: str
) -> None:
    assert picked(text, options) == meant


def test_a_buttons_word_is_the_button_even_when_half_of_another_idea() -> None:
    assert picked("về", CARD) == "menu"


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        # under 60 is either group below it, never 'Từ 60 tuổi trở lên', though that holds '60'
        ("dưới 60", {"age:duoi-30", "age:30-59"}),
        ("duoi 60", {"age:duoi-30", "age:30-59"}),
        ("dưới 60 tuổi", {"age:duoi-30", "age:30-59"}),  # was picked as 60+: 'dưới' a slip of 'tuổi'
        ("tôi dưới 60 ạ", {"age:duoi-30", "age:30-59"}),
        ("trên 30", {"age:30-59", "age:60+"}),
        ("dưới sáu mươi", {"age:duoi-30", "age:30-59"}),  # the number in words
        ("duoi sau muoi tuoi", {"age:duoi-30", "age:30-59"}),
        ("ba muoi tro xuong", {"age:duoi-30", "age:30-59"}),  # 'ba' the number, not 'bà'
    ],
)
def test_a_bound_across_ranges_asks_between_the_ranges_it_reaches(text: str, meant: set[str]) -> None:
    assert asked(text, AGE) == meant


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("dưới 30", "age:duoi-30"),
        ("chưa tới 30", "age:duoi-30"),  # not yet 30: was read as the age 30
        ("chua den 30 tuoi", "age:duoi-30"),
        ("trên 60 tuổi", "age:60+"),
        ("60 tuoi tro len", "age:60+"),
        ("từ 30 đến 59", "age:30-59"),
        ("bà trên sáu mươi rồi", "age:60+"),
        ("tu ba muoi den nam muoi chin", "age:30-59"),
    ],
)
def test_a_bound_within_one_range_picks_it(text: str, meant: str) -> None:
    assert picked(text, AGE) == meant


@pytest.mark.parametrize("text", ["gần 60", "ngoài 59", "khoảng 60", "68"])
def test_a_hedged_or_bare_age_is_left_to_the_age_reader(text: str) -> None:
    assert isinstance(read_choice(text, AGE), NoMatch)


STARTED_SCAM_LESSONS = (
    Option("l:police", "✓ Kẻ giả công an, cán bộ thuế, nhân viên điện lực (4 phút)"),
    Option("l:vneid", "✓ VNeID giả và ứng dụng lạ cài từ đường link (4 phút)"),
    Option("l:child", '▸ Cuộc gọi báo "con đang cấp cứu" (3 phút)'),
    Option("l:otp", "Tin nhắn ngân hàng giả và mã OTP (5 phút)"),
    Option("l:job", '"Việc nhẹ lương cao" và làm nhiệm vụ trên mạng (4 phút)'),
    Option("topics", "Chủ đề khác", ("chu de khac", "chu de")),
    Option("menu", "Về menu", ("menu", "ve menu", "quay ve menu")),
)


@pytest.mark.parametrize("text", ["e chon so 4 ak", "em chọn số 4 ạ", "e so 4", "cháu chọn cái thứ tư", "bà chọn số 4"])
def test_the_learner_naming_themselves_before_a_numbered_pick_picks_it(text: str) -> None:
    # "e" is "em" typed in a hurry; "ak" is "ạ"
    assert picked(text, STARTED_SCAM_LESSONS) == "l:otp"


@pytest.mark.parametrize("text", ["ba so 4", "e 4"])
def test_a_number_word_or_no_head_after_the_learner_is_no_numbered_pick(text: str) -> None:
    assert picked(text, STARTED_SCAM_LESSONS) is None


@pytest.mark.parametrize(
    "text",
    ["ca 2 va 3", "cả 2 và 3", "2 hoặc 3", "hai hay ba", "số 2 với số 3", "chọn 2 hay 3 nhỉ", "cái thứ hai và thứ ba"],
)
def test_two_option_numbers_joined_ask_between_those_two(text: str) -> None:
    assert asked(text, OTP_CALL) == {"a1", "a2"}
    assert asked(text, MENU) == {"topics", "review"}


@pytest.mark.parametrize("text", ["1 va 2 va 3", "1, 2 hoặc 3", "2 và 5", "cả 2 và 2"])
def test_three_option_numbers_joined_or_one_beyond_the_options_pick_nothing(text: str) -> None:
    assert isinstance(read_choice(text, OTP_CALL), NoMatch)


@pytest.mark.parametrize("text", ["mức 1 với mức 2", "muc 1 va muc 2"])
def test_numbers_joined_with_the_words_one_label_holds_them_by_are_that_label(text: str) -> None:
    assert picked(text, VNEID_SHORT_TITLES) == "l1"


@pytest.mark.parametrize("text", ["thôi khỏi tên", "thoi khoi ten", "thôi bỏ qua tên"])
def test_enough_before_what_picks_the_same_option_picks_it(text: str) -> None:
    # "thôi, khỏi tên" without its comma: "thôi" alone is "Bỏ qua", and so is "khỏi tên"
    assert picked(text, NAME) == "skip"


@pytest.mark.parametrize("text", ["thôi Lan", "thoi ok", "thôi đúng không"])
def test_enough_before_what_picks_nothing_or_another_option_picks_nothing(text: str) -> None:
    assert picked(text, NAME) is None


@pytest.mark.parametrize("text", ["so 3 hoc do chua xong", "bài 3 đang học", "số 3 chưa xong", "3 học dở chưa xong"])
def test_a_lessons_number_then_where_the_learner_is_with_it_picks_it(text: str) -> None:
    # "số 3, học dở chưa xong": the unfinished lesson the learner means to go on with
    assert picked(text, STARTED_SCAM_LESSONS) == "l:child"


@pytest.mark.parametrize("text", ["số 3 học xong chưa", "ba chưa xong", "số 3 chưa xong bài 4"])
def test_a_number_then_a_question_or_more_than_where_the_learner_is_picks_nothing(text: str) -> None:
    assert picked(text, STARTED_SCAM_LESSONS) is None


@pytest.mark.parametrize("text", ["tối về học", "đang đi ca, tối về học", "chiều rảnh học", "mai học nhé"])
def test_a_later_time_of_the_day_puts_the_lesson_off(text: str) -> None:
    assert picked(text, REMINDER_DUE) == "later"


@pytest.mark.parametrize("text", ["tối có học không", "tối nay không học"])
def test_a_later_time_that_asks_or_denies_does_not_put_it_off(text: str) -> None:
    assert picked(text, REMINDER_DUE) != "later"


@pytest.mark.parametrize("text", ["toi nam", "tôi nam, 70 tuổi", "toi nam muoi"])
def test_a_number_word_after_the_speaker_says_who_they_are_not_which_option(text: str) -> None:
    assert picked(text, ADDRESS) is None


@pytest.mark.parametrize(
    ("text", "options", "meant"), [("ok e", CONSENT, "yes"), ("đồng ý e", CONSENT, "yes"), ("tiếp e", CARD, "next")]
)
def test_a_trailing_e_is_the_learner_calling_the_tutor_em(text: str, options: tuple[Option, ...], meant: str) -> None:
    assert picked(text, options) == meant


@pytest.mark.parametrize(("text", "options"), [("bí mật", AGE), ("bi mat nhe", NAME)])
def test_declining_to_tell_skips_the_question(text: str, options: tuple[Option, ...]) -> None:
    assert picked(text, options) == "skip"


CHILD_CALL = [
    Option("a0", "Chuyển ngay kẻo muộn"),
    Option("a1", "Gọi lại vào số vừa gọi để hỏi thêm"),
    Option("a2", "Tắt máy, gọi ngay cho con hoặc nhà trường"),
]


@pytest.mark.parametrize("text", ["goi cho con truoc", "goi cho con truoc da", "gọi cho con trước đã"])
def test_first_at_the_end_says_what_comes_first_and_is_peeled(text: str) -> None:
    assert picked(text, CHILD_CALL) == "a2"


@pytest.mark.parametrize("text", ["bài trước", "học tiếp bài trước"])
def test_previous_after_a_thing_in_a_sequence_is_not_peeled(text: str) -> None:
    assert picked(text, RESULT_PASSED) is None  # the previous lesson is not "Bài tiếp theo"


def test_previous_after_a_step_asks_which_way() -> None:
    assert asked("tiep truoc", CARD) == {"next", "back"}


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("k can quet dau", "a1"),
        ("chẳng cần phải quét mặt", "a1"),
        ("khỏi quét", "a1"),
        ("theo tôi là không phải quét", "a1"),
        ("khong vi moi co 5 trieu thoi", "a1"),
        ("ko can vi so tien nho", "a1"),
        ("phải quét mặt chứ", "a0"),
        ("can quet vi trong ngay qua 20 trieu roi", "a0"),
        ("hơn 20 triệu rồi nên phải quét", "a0"),
    ],
)
def test_a_must_or_a_need_answers_a_yes_or_no_with_its_reason(text: str, meant: str) -> None:
    """'Có, vì …' / 'Không, vì …': a must or a need said or denied before the verb is the
    answer, with or without a reason of the learner's own."""
    assert picked(text, FACE_SCAN) == meant


@pytest.mark.parametrize(
    "text",
    ["khong can vi chua qua 20 trieu", "phai quet vi 5 trieu nho hon", "phải quét, à không, không cần"],
)
def test_a_reason_of_the_other_answer_is_asked_about(text: str) -> None:
    assert asked(text, FACE_SCAN) == {"a0", "a1"}


@pytest.mark.parametrize("text", ["ko biet", "có phải quét không", "tôi không nghĩ là phải quét", "không quét được"])
def test_no_must_or_need_answers_nothing(text: str) -> None:
    assert picked(text, FACE_SCAN) is None


@pytest.mark.parametrize("text", ["không phải phú bình", "không phải 2 xã này mà là phú lương"])
def test_not_these_with_a_word_of_its_own_is_no_plain_not_these(text: str) -> None:
    assert asked(text, PLACES) != {"again", "other"}


AMBASSADOR = (
    Option("g:1", "👨‍👩‍👧 Nhà bác Lan (3 người)"),
    Option("new", "➕ Tạo nhóm mới", ("tao nhom", "nhom moi", "tao nhom moi")),
    Option("guided", "✍️ Ghi người đã hướng dẫn trực tiếp", ("huong dan truc tiep", "ghi nguoi", "ghi")),
    Option("menu", "Về menu", ("menu", "ve menu", "quay ve menu")),
)


@pytest.mark.parametrize("text", ["ghi lại", "tôi vừa chỉ bà Hoa cài VNeID, ghi lại", "ghi giúp tôi"])
def test_writing_it_down_is_the_option_that_writes_down(text: str) -> None:
    assert read_choice(text, AMBASSADOR) == Picked(AMBASSADOR[2], How.EXACT)


@pytest.mark.parametrize(
    ("text", "options", "meant"),
    [
        # a grandchild typing what a grandparent said; or the learner, called so, speaking of themself
        ("bà bảo chọn cái thứ 2", CHILD_CALL, "a1"),
        ("ông nói thôi", JOIN, "no"),
        ("ba bao la dong y", CONSENT, "yes"),
        # not letting it be kept: refused
        ("bà bảo ko cho lưu", CONSENT, "no"),
        ("không cho lưu", CONSENT, "no"),
    ],
)
def test_what_a_grandparent_said_is_the_answer(text: str, options: Sequence[Option], meant: str) -> None:
    assert picked(text, options) == meant


def test_the_tutor_asked_to_say_something_is_still_no_relayed_answer() -> None:
    assert relayed("cháu nói dễ hơn") is None
    assert relayed("ông nói là thôi") == "thôi"
