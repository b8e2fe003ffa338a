"""Replies of the blind10 set the layer misread, each made a rule a careful person would follow."""

from __future__ import annotations

from collections.abc import Sequence

from content.library import Library
from content.places import PlaceIndex
from dialogs.messages import Option
from dialogs.state import StateName
from dialogs.understanding import AskBack, Picked, read_choice
from dialogs.understanding.frames import relayed
from tests.conftest import START
from tests.engine_driver import EngineDriver, at_lesson_list, on_quiz_showing
from tests.test_understanding_choice import MENU

LEAVE = (Option("yes", "Rời nhóm", ("roi nhom", "roi", "co")), Option("no", "Ở lại", ("o lai",)))
DELETE = (Option("yes", "Xóa hết", ("xoa het", "xoa", "dong y", "co")), Option("no", "Không xóa", ("khong xoa",)))
CONSENT = (Option("yes", "Đồng ý"), Option("no", "Không đồng ý"))


def picked(text: str, options: Sequence[Option]) -> str | None:
    found = read_choice(text, options)
    return found.option.id if isinstance(found, Picked) else None


def asked(text: str, options: Sequence[Option]) -> set[str]:
    found = read_choice(text, options)
    return {o.id for o in found.options} if isinstance(found, AskBack) else set()


def test_a_bare_enough_to_leaving_a_group_is_asked_about() -> None:
    # "thôi" to "leave the group?": "thôi, rời" as well as "thôi, ở lại"; leaving, like
    # "Thoát", stops something for good
    assert asked("thoi", LEAVE) == {"yes", "no"}
    assert asked("thôi ạ", LEAVE) == {"yes", "no"}
    assert picked("thoi o lai", LEAVE) == "no"
    assert picked("thoi khong", LEAVE) == "no"
    # elsewhere a bare "thôi" turns the offer down as before
    assert picked("thoi", CONSENT) == "no"
    assert picked("thôi", DELETE) == "no"
    # "Rồi" folds like "Rời" and stops nothing
    assert picked("thoi", (Option("done", "Rồi", ("roi",)), Option("no", "Không", ("khong",)))) == "no"


TOPICS = (
    Option("t:phone", "Điện thoại và Internet (0/2)"),
    Option("t:vneid", "VNeID và danh tính số (0/4)"),
    Option("t:scam", "Phòng tránh lừa đảo (2/8)"),
    Option("menu", "Về menu", ("menu", "ve menu", "quay ve menu")),
)


def test_where_typed_without_marks_is_no_first_box() -> None:
    # "cháu ở đâu thế" is chit-chat: "o dau" is "ở đâu", not "ô đầu" (the first box)
    assert picked("chau o dau the", TOPICS) is None
    assert not asked("chau o dau the", TOPICS)
    assert picked("o dau", TOPICS) is None
    assert picked("ở đâu", TOPICS) is None
    # the first one, said so, is still the first
    assert picked("cai dau", TOPICS) == "t:phone"
    assert picked("ô đầu", TOPICS) == "t:phone"
    assert picked("cai dau tien", TOPICS) == "t:phone"


TAX_SIGNS = (
    Option("a0", "Gửi link bảo cài ứng dụng"),
    Option("a1", "Có tên cơ quan ở đầu giấy"),
    Option("a2", "Giấy không có dấu đỏ"),
)


def test_a_question_phrase_closed_by_the_or_vay_asks() -> None:
    # "ở đâu thế" asks the tutor something; the label's "ở đầu" is no answer to it
    assert picked("chau o dau the", TAX_SIGNS) is None
    assert picked("ở đâu thế", TAX_SIGNS) is None
    # the label's own words, said as an answer, still pick it
    assert picked("o dau giay", TAX_SIGNS) == "a1"
    assert picked("co ten co quan o dau giay a", TAX_SIGNS) == "a1"


CARD = (
    Option("next", "Tiếp", ("tiep", "tiep theo", "tiep tuc", "ok", "roi", "xong")),
    Option("simple", "Nói lại dễ hiểu hơn"),
    Option("menu", "Về menu", ("menu", "ve menu", "quay ve menu")),
)


def test_a_bare_question_mark_opens_the_screens_help() -> None:
    assert picked("?", MENU) == "help"
    assert picked(" ?? ", MENU) == "help"
    # a screen with no help option: the engine's help for "?" as before
    assert picked("?", CARD) is None
    assert not asked("?", CARD)
    assert picked("...", MENU) is None


PASSWORD = (
    Option("a0", "123456"),
    Option("a1", "Ngày sinh của bác"),
    Option("a2", "Một cụm dài ghép chữ, số và ký hiệu"),
)


def test_a_number_typed_in_groups_is_the_number_a_label_writes_whole() -> None:
    assert picked("123 456", PASSWORD) == "a0"
    assert picked("12 34 56", PASSWORD) == "a0"
    assert picked("123 457", PASSWORD) is None
    assert picked("1 2", (Option("a", "12"), Option("b", "1"), Option("c", "2"))) is None  # two short numbers


def test_a_labels_beginning_with_its_last_letter_left_off_is_that_label() -> None:
    assert picked("ngay sin", PASSWORD) == "a1"
    assert picked("ngày sin", PASSWORD) == "a1"
    # a word one letter from a label's beginning may be a word of its own
    calls = (Option("a0", "Chuyển ngay kẻo muộn"), Option("a1", "Gọi lại vào số vừa gọi để hỏi thêm"))
    assert picked("noi lai", calls) is None
    topics = (Option("t:scam", "Phòng tránh lừa đảo (2/8)"), Option("t:new", "Lừa đảo kiểu mới (0/10)"))
    assert picked("lừa đấy", topics) is None


def test_the_screens_own_number_typed_in_groups_is_no_secret(library: Library, places: PlaceIndex) -> None:
    driver, question = on_quiz_showing(library, places, START, {"123456"})
    number = next(i for i, o in enumerate(question.options) if o.text == "123456") + 1
    by_number, typed = driver.copy(), driver.copy()
    by_number.say(str(number))
    typed.say("123 456")
    assert typed.last is not None and "SensitiveDataWarned" not in repr(typed.last.events)
    assert typed.state.dumps() == by_number.state.dumps()
    warned = driver.copy()
    warned.say("mã otp là 123 456")  # more than the option's words: warned as before
    assert warned.last is not None and [type(e).__name__ for e in warned.last.events] == ["SensitiveDataWarned"]
    elsewhere = EngineDriver(library, places, START)
    elsewhere.onboard()
    elsewhere.say("123 456")  # on the menu it is a secret
    assert elsewhere.last is not None and [type(e).__name__ for e in elsewhere.last.events] == ["SensitiveDataWarned"]


def test_leaving_out_of_the_group_with_a_slip_is_leaving() -> None:
    # "rời khỏi nhóm", typed "roi khoi nhon": 'khỏi' added, 'nhon' a slip of 'nhóm'
    assert picked("roi khoi nhon", LEAVE) == "yes"
    assert picked("roi khoi nhom", LEAVE) == "yes"
    # "roi khoi" is out of the group, not "khỏi" (no need): no "Ở lại"
    assert picked("roi khoi", LEAVE) == "yes"
    assert picked("khoi", LEAVE) == "no"
    assert picked("o lai", LEAVE) == "no"


def test_an_answer_someone_told_the_learner_to_give() -> None:
    assert picked("ba em bao chon so 4 a", MENU) == "progress"
    assert picked("ong chau bao la dong y", CONSENT) == "yes"
    assert picked("mẹ bảo là không", CONSENT) == "no"
    # the tutor asked to speak ("cháu nói …"), a question, or "báo" (reports) is no relayed answer
    assert picked("chau noi de hon cho bac voi", PASSWORD) is None
    assert picked("con bao nhieu tuoi", MENU) is None
    assert relayed("ông cháu báo là đồng ý") is None
    assert relayed("ong chau bao la dong y") == "dong y"


def test_common_words_not_said_as_the_option_says_them_are_asked_about() -> None:
    # "học bài": "học" is all of an alias of "Học tiếp", "bài học" is "Chủ đề bài học" said the other way round
    assert asked("hoc bai", MENU) == {"continue", "topics"}
    assert picked("bai hoc", MENU) == "topics"
    assert picked("xem cac bai hoc", MENU) == "topics"  # said as the option says it
    assert picked("hoc", MENU) == "continue"


PORTAL = (Option("a0", "dichvucong.gov.vn"), Option("a1", "dichvucongs[.]top"), Option("a2", "bhxh[.]co"))


def test_a_run_together_word_of_a_label_typed_apart() -> None:
    # "dich vu cong" is "dichvucong" of both look-alike addresses: asked about, never picked
    assert asked("dich vu cong", PORTAL) == {"a0", "a1"}
    assert picked("dich vu cong gov vn", PORTAL) == "a0"
    only = (Option("a0", "dichvucong.gov.vn"), Option("a2", "bhxh[.]co"))
    assert picked("dich vu cong", only) == "a0"
    assert picked("dich vu", only) is None  # a part of the word is not the word


def test_a_screen_that_asks_back_keeps_the_learner_from_a_topic_named(library: Library, places: PlaceIndex) -> None:
    driver, _ = on_quiz_showing(library, places, START, {"dichvucong.gov.vn", "dichvucongs[.]top"})
    driver.say("dich vu cong")
    assert driver.state.name is StateName.QUIZ  # asked which address, not taken to the topic's lessons
    assert driver.state.asked


def test_a_question_opening_with_a_listed_lessons_title_opens_it(library: Library, places: PlaceIndex) -> None:
    lessons = library.topic("luadao")
    assert lessons is not None and "luadao-lo-bi-lua" in lessons.lessons
    driver = at_lesson_list(library, places, START, "luadao")
    by_number = driver.copy()
    by_number.say(str(lessons.lessons.index("luadao-lo-bi-lua") + 1))
    for typed in ("lo bi lua roi thi lam the nao", "lỡ bị lừa rồi thì làm sao"):
        asked_so = driver.copy()
        asked_so.say(typed)
        assert asked_so.state.dumps() == by_number.state.dumps(), typed
