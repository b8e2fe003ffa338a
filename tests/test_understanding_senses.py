"""A reply read by what it is about (dialogs/understanding/senses.py): the learner's own words
for an option, on every screen that shows an option about that idea, and a question back
whenever two options share what was said or the reply denies or puts it off."""

from __future__ import annotations

import pytest
import yaml

from content.reply_sets import EVAL_DIR, load_replies
from dialogs.flows.onboarding import REMIND_OPTIONS
from dialogs.messages import Option
from dialogs.understanding import AskBack, How, Picked, Reader, read_choice
from dialogs.understanding.gist import Sense, gist
from dialogs.understanding.words import read_words
from tests.test_understanding_choice import MENU
from tests.test_understanding_shared import CHILD_CALL, WRONG_TRANSFER

MENU_OPTION = Option("menu", "Về menu", ("menu", "ve menu", "quay ve menu"))
CARD = (
    Option("next", "Tiếp", ("tiep", "tiep theo", "tiep tuc", "ok", "roi", "xong")),
    Option("back", "Quay lại", ("quay lai", "lui", "truoc")),
    Option("simple", "Nói lại dễ hiểu hơn", ("noi lai", "de hieu hon", "kho hieu", "khong hieu")),
    MENU_OPTION,
)
TOPICS = (
    Option("t:phone", "Điện thoại và Internet (0/2)"),
    Option("t:vneid", "VNeID và danh tính số (0/4)"),
    Option("t:dvc", "Dịch vụ công trực tuyến (1/4)"),
    Option("t:health", "Y tế số (0/3)"),
    Option("t:market", "Chợ số: bán hàng trên mạng (0/3)"),
    MENU_OPTION,
)
RESULT_FAILED = (
    Option("retry", "Làm lại câu hỏi", ("lam lai", "thu lai")),
    Option("reread", "Đọc lại bài", ("doc lai", "hoc lai")),
    MENU_OPTION,
)
LESSONS = (
    Option("l:police", "Kẻ giả công an, cán bộ thuế, nhân viên điện lực (4 phút)"),
    Option("l:shipper", "Mánh lừa của người giao hàng giả (4 phút)"),
    Option("l:school", "Cán bộ nhà trường giả: học phí, học bổng (4 phút)"),
    MENU_OPTION,
)
OTP_CALL = (
    Option("a0", "Đọc mã cho nhanh để họ hủy giúp"),
    Option("a1", "Không đọc mã, tắt máy"),
    Option("a2", "Chụp tin nhắn có mã gửi qua Zalo cho họ"),
)
SETTINGS = (
    Option("edit:name", "Tên gọi (Lan)", ("ten", "ten goi")),
    Option("edit:place", "Xã/phường (Phường Phan Đình Phùng)", ("xa", "phuong", "xa phuong")),
    Option("delete", "Xóa dữ liệu của tôi", ("xoa", "xoa du lieu")),
    MENU_OPTION,
)
REMINDER = (
    Option("rem:07:00", "7 giờ sáng", ("sang", "7 gio sang")),
    Option("rem:12:00", "12 giờ trưa", ("trua", "12h")),
    Option("rem:19:00", "7 giờ tối", ("toi", "19h", "7 gio toi")),
    Option("rem:off", "Không cần nhắc", ("khong nhac", "khong can", "khong")),
)
DUE = (
    Option("now", "Học ngay", ("hoc ngay", "hoc", "co")),
    Option("later", "Để sau", ("de sau", "sau", "khong")),
    Option("off", "Tắt nhắc học", ("tat nhac", "tat nhac hoc", "dung nhac")),
)


def _picked(text: str, options: tuple[Option, ...]) -> str | None:
    found = read_choice(text, options)
    return found.option.id if isinstance(found, Picked) else None


@pytest.mark.parametrize(
    ("text", "options", "meant"),
    [
        # the standard options, in words no label or alias holds
        ("lui mot buoc", CARD, "back"),
        ("chuyển sang phần sau", CARD, "next"),
        ("giải thích kỹ hơn", CARD, "simple"),
        ("quay về màn hình đầu", TOPICS, "menu"),
        ("ve lai trang dau", TOPICS, "menu"),
        ("xem lai noi dung", RESULT_FAILED, "reread"),
        ("để tối", DUE, "later"),
        ("dang ban viec nha", DUE, "later"),
        # a topic or a lesson by an everyday word for what it is about
        ("kham benh tu xa", TOPICS, "t:health"),
        ("ban hang online", TOPICS, "t:market"),
        ("ban che tren mang", TOPICS, "t:market"),  # what is sold after "bán": selling
        ("bán gạo online", TOPICS, "t:market"),
        # getting the phone onto the internet is the phone's topic, not selling "trên mạng"
        ("kết nối wifi", TOPICS, "t:phone"),
        ("ket noi mang", TOPICS, "t:phone"),
        ("cách dùng điện thoại vào mạng", TOPICS, "t:phone"),
        ("giả làm shipper", LESSONS, "l:shipper"),
        # "cúp máy" is "tắt máy"; "không nói gì" is no question
        ("cup may khong noi gi", OTP_CALL, "a1"),
        ("doi cho o", SETTINGS, "edit:place"),
        ("ban toi", REMINDER, "rem:19:00"),  # "tối" is an evening, not "tôi"
        # the one part of the day named, however much else is said
        ("tối tối nhắc tui", REMINDER, "rem:19:00"),
        # one idea that a short option is, and why ("nấu cơm" is on no option)
        ("dang ban nau com", DUE, "later"),
        ("ban ca tuan", DUE, "later"),  # "bận cả tuần": the lexicon has no "bán cá"
        ("sáng sớm dậy là nhắc luôn", REMINDER, "rem:07:00"),
        ("dung hoc nua", CARD, "menu"),
    ],
)
def test_own_words_pick_the_option_about_them(text: str, options: tuple[Option, ...], meant: str) -> None:
    found = read_choice(text, options)
    assert isinstance(found, Picked)
    assert (found.option.id, found.how) == (meant, How.SENSE)


TOPICS_TODAY = (
    Option("t:vneid", "VNeID và danh tính số (0/4)"),
    Option("t:pay", "Thanh toán số (0/5)"),
    Option("t:market", "Chợ số: bán hàng trên mạng (0/3)"),
    Option("t:safe", "An toàn hằng ngày trên mạng (0/3)"),
    MENU_OPTION,
)
SCAM_LESSONS = (
    Option("l:police", "✓ Kẻ giả công an, cán bộ thuế, nhân viên điện lực (4 phút)"),
    Option("l:otp", "Tin nhắn ngân hàng giả và mã OTP (5 phút)"),
    Option("l:check", "Báo lừa đảo và kiểm tra trước khi chuyển tiền (5 phút)"),
    MENU_OPTION,
)


@pytest.mark.parametrize(
    ("text", "options", "meant"),
    [
        # "chuyển tiền" is @transfer and @payment: one thing said, and "qua điện thoại" the other
        ("chuyen tien qua dien thoai", TOPICS_TODAY, "t:pay"),
        ("chuyển tiền bằng điện thoại", TOPICS_TODAY, "t:pay"),
        # "tiền điện" is @payment and @electricity: the lesson that holds "điện lực" holds it too
        ("cái điện lực gọi đòi tiền điện", SCAM_LESSONS, "l:police"),
    ],
)
def test_the_senses_of_one_phrase_are_one_thing_said(text: str, options: tuple[Option, ...], meant: str) -> None:
    found = read_choice(text, options)
    assert isinstance(found, Picked)
    assert (found.option.id, found.how) == (meant, How.SENSE)


def test_a_phrase_whose_other_thing_another_option_holds_is_asked_about() -> None:
    found = read_choice(
        "chuyen tien qua dien thoai", (Option("t:phone", "Điện thoại và Internet (0/2)"), *TOPICS_TODAY)
    )
    assert isinstance(found, AskBack)
    assert {o.id for o in found.options} == {"t:pay", "t:phone"}


@pytest.mark.parametrize(
    ("text", "options", "asked"),
    [
        ("thi lại xem", RESULT_FAILED, {"retry", "reread"}),  # "xem lại" and "thi lại" both fire
        ("mai sang phần sau", CARD, {"next"}),  # put off: not now
        ("làm giấy tờ mua bán", TOPICS, {"t:dvc", "t:market"}),
    ],
)
def test_two_options_about_it_or_a_reply_that_puts_it_off_are_asked_about(
    text: str, options: tuple[Option, ...], asked: set[str]
) -> None:
    found = read_choice(text, options)
    assert isinstance(found, AskBack)
    assert {o.id for o in found.options} == asked


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("không ra ngoài đâu", CARD),  # denied
        ("trang chủ là gì", TOPICS),  # a question is for the library
        ("khám bệnh ở đâu", TOPICS),
        ("không xoá thông tin", SETTINGS),
        ("tôi 68 tuổi", SETTINGS),  # a number no option shows is a value
        ("cháu ơi ăn cơm chưa", CARD),
        ("may gio roi", (*SETTINGS, Option("edit:reminder", "Giờ nhắc học (19:00)", ("gio nhac", "nhac")))),
        ("dung hoc nua", CARD[:3]),  # "dừng", not "đúng": no yes to "Tiếp"
        # a story, not a choice: left to the library
        ("zalo cua toi bi hack roi", OTP_CALL),
        ("lo doc ma otp cho nguoi goi roi", OTP_CALL),
        ("lỡ chuyển nhầm tiền cho người khác rồi", (Option("other", "Khác", ("khac", "noi khac")),)),
        # an idea that a long answer only mentions by the way ("hủy giúp" is no help)
        ("ghi nguoi da huong dan", OTP_CALL),
    ],
)
def test_denials_questions_and_values_pick_nothing(text: str, options: tuple[Option, ...]) -> None:
    assert _picked(text, options) is None


def test_a_not_turns_the_words_after_it_and_a_phrase_holds_its_own() -> None:
    said = gist(read_words("không xoá dữ liệu"))
    assert Sense("@keep", False) in said.strong
    assert Sense("du", True) in said.weak | said.strong
    assert not said.denies  # the "không" belongs to "không xoá"


@pytest.mark.parametrize(
    "text", ["toi toi nhac tui", "tầm 8h sáng được không", "tối sáng gì cũng được", "không nhắc buổi tối"]
)
def test_a_part_of_day_picks_only_alone_marked_and_without_a_time(text: str) -> None:
    # "toi" unmarked may be "tôi"; a time typed is a value; two parts, or a "không", are no choice
    assert _picked(text, REMINDER) not in ("rem:07:00", "rem:19:00")


RESULT_PASSED = (
    Option("next", "Bài tiếp theo", ("bai tiep", "bai tiep theo", "tiep")),
    Option("topics", "Chủ đề khác", ("chu de",)),
    MENU_OPTION,
)


def test_a_phrase_gives_up_its_last_word_to_the_phrase_it_opens_rather_than_leave_a_lone_sense() -> None:
    # "học tiếp | bài sau", not "học tiếp bài | sau" (later)
    said = {s.text for s in gist(read_words("học tiếp bài sau")).strong}
    assert said == {"@continue", "@next_lesson"}
    assert _picked("học tiếp bài sau nhé", RESULT_PASSED) == "next"
    # "mời" alone is no sense: "thu hồi mã | mời" stays as it was
    assert {s.text for s in gist(read_words("thu hồi mã mời")).strong} == {"@revoke"}


def test_marks_keep_apart_words_that_fold_alike() -> None:
    assert Sense("@loan", False) in gist(read_words("vay tiền")).strong
    assert Sense("@loan", False) not in gist(read_words("thế vậy")).strong
    assert Sense("@later", False) not in gist(read_words("bạn ơi")).strong


def test_out_of_the_group_is_no_no() -> None:
    leave = (Option("leave", "Rời nhóm", ("roi nhom", "roi", "co")), Option("stay", "Ở lại", ("o lai",)))
    assert _picked("ra khỏi nhóm", leave) == "leave"
    assert _picked("ra khoi nhom", leave) == "leave"


@pytest.mark.parametrize("text", ["7 giờ", "7 gio", "7h"])
def test_an_hour_without_morning_or_evening_is_asked_about(text: str) -> None:
    # the flow's own reminder options: "7h" is no alias of the morning
    found = read_choice(text, REMIND_OPTIONS)
    assert isinstance(found, AskBack)
    assert {o.id for o in found.options} == {"rem:07:00", "rem:19:00"}


def test_learners_questions_are_not_read_as_a_choice_on_any_screen() -> None:
    # content/eval/questions.yaml: questions and stories as learners type them. Read by what
    # they are about, none may pick an option of a menu, a card, a quiz or a setting (a lesson
    # list may open the lesson the question is about).
    questions = [row["q"] for row in yaml.safe_load((EVAL_DIR / "questions.yaml").read_text(encoding="utf-8"))]
    screens = {name: options for name, options in load_replies().screens.items() if not name.startswith("lessons")}
    reader = Reader()
    picked = [
        (name, text)
        for name, options in screens.items()
        for text in questions
        if isinstance(found := reader.choice(text, options), Picked) and found.how is How.SENSE
    ]
    assert len(questions) > 400
    assert not picked


SCAMS_NEW = (
    Option("l:app", "Ứng dụng vay tiền trên mạng: lãi cắt cổ, bêu xấu (4 phút)"),
    Option("l:kin", "Tài khoản giống hệt người thân nhắn vay tiền (4 phút)"),
    Option("l:police", 'Công an giả bắt chuyển tiền vào "tài khoản tạm giữ" (4 phút)'),
)


def test_asking_to_borrow_is_a_loan_and_a_nick_is_an_account_that_says_nothing_apart() -> None:
    assert Sense("@loan", False) in gist(read_words("hỏi mượn tiền")).strong
    assert Sense("@loan", False) in gist(read_words("hoi vay")).strong
    assert {s.text for s in gist(read_words("nick fb")).strong} == set()
    assert _picked("nick giả người nhà hỏi mượn tiền", SCAMS_NEW) == "l:kin"


def test_a_slip_in_a_short_word_is_read_beside_the_word_it_stands_beside_in_a_label() -> None:
    lessons = (
        Option("l:1", "Tin nhắn ngân hàng giả và mã OTP (5 phút)"),
        Option("l:2", "Cuộc gọi báo con đang cấp cứu (4 phút)"),
    )
    assert read_choice("tin nhắn ngân hàg giả", lessons) == Picked(lessons[0], How.SENSE)
    install = (
        Option("a0", "Link người xưng công an gửi qua Zalo"),
        Option("a1", "Link trong tin nhắn báo tài khoản sắp bị khóa"),
        Option("a2", "App Store hoặc CH Play trên điện thoại"),
    )
    assert not isinstance(read_choice("alo alo", install), Picked)  # "alo" stands beside no "zalo"


@pytest.mark.parametrize("text", ["khám bệnh với sổ sức khỏe điện tử", "hồ sơ sức khỏe điện tử"])
def test_the_electronic_health_book_is_the_health_topic(text: str) -> None:
    topics = (Option("pay", "Thanh toán số (0/5)"), Option("health", "Y tế số (0/3)"), MENU_OPTION)
    assert read_choice(text, topics) == Picked(topics[1], How.SENSE)


VIETQR = (
    Option("a0", "Tên người nhận và số tiền"),
    Option("a1", "Màu của mã QR"),
    Option("a2", "Không cần xem, cứ bấm cho nhanh"),
)


@pytest.mark.parametrize(
    ("text", "options", "meant"),
    [
        # the child or grandchild called, the school asked: who the learner knows
        ("gọi điện cho cháu", CHILD_CALL, "a2"),
        ("goi dien hoi chau", CHILD_CALL, "a2"),
        ("hỏi thầy cô chủ nhiệm", CHILD_CALL, "a2"),
        ("gọi lên lớp cháu", CHILD_CALL, "a2"),
        # the strange number is the one that just called
        ("goi lai chinh so do", CHILD_CALL, "a1"),
        ("gọi số lạ hỏi lại", CHILD_CALL, "a1"),
        # a bank's hotline is the bank
        ("liên hệ tổng đài ngân hàng", WRONG_TRANSFER, "a0"),
        # what is looked at: who receives, how much
        ("xem ai nhận tiền", VIETQR, "a0"),
        ("bao nhieu tien voi ten chu tai khoan", VIETQR, "a0"),
    ],
)
def test_people_and_places_a_learner_knows_stand_for_the_option(
    text: str, options: tuple[Option, ...], meant: str
) -> None:
    assert read_choice(text, options) == Picked(options[int(meant[1])], How.SENSE)


@pytest.mark.parametrize(
    "text", ["hoc bai cu chua xong", "bác muốn học cái đang học dở hôm qua", "bài chưa học xong", "học còn dở"]
)
def test_a_lesson_not_finished_is_learning_on_not_review(text: str) -> None:
    assert _picked(text, MENU) == "continue"
    assert _picked("bài cũ", MENU) == "review"  # an old lesson alone is one to go over again


def test_receiving_messages_is_the_notifications_switch_but_texting_someone_is_not() -> None:
    notify = (*SETTINGS, Option("notify", "Nhận thông báo: đang bật", ("thong bao", "nhan thong bao")))
    assert _picked("không muốn nhận tin", notify) == "notify"
    assert _picked("nhắn tin", notify) is None


@pytest.mark.parametrize(
    "text",
    ["chuyển sang xã khác", "tôi chuyển về xã khác rồi", "tôi chuyển nhà rồi", "Đề nghị đổi xã, tôi chuyển nhà rồi"],
)
def test_moving_house_is_changing_the_commune(text: str) -> None:
    assert _picked(text, SETTINGS) == "edit:place"
    place = (Option("other", "Khác", ("khac", "noi khac")), Option("skip", "Bỏ qua", ("bo qua", "thoi")))
    assert _picked("chuyển sang xã khác", place) == "other"  # asked where one lives: elsewhere


@pytest.mark.parametrize("text", ["go lai ten xa", "gõ lại tên phường", "nhập lại tên xã"])
def test_typing_the_name_again_is_searching_again_not_a_place(text: str) -> None:
    found = (Option("p1", "Xã Phú Bình"), Option("p2", "Xã Phú Lương"), Option("again", "Tìm lại", ("tim lai",)))
    assert _picked(text, (*found, Option("other", "Khác", ("khac", "noi khac")))) == "again"
