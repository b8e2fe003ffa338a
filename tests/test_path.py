"""A goal-directed path: the learner works towards one module's certificate, "Học tiếp" and
"Bài tiếp theo" keep to it, and at its end comes the certificate, then the next module."""

from __future__ import annotations

from content.library import Library
from content.places import PlaceIndex
from dialogs.events import CertificateEarned
from dialogs.messages import Choices, Image, Text
from dialogs.state import StateName
from tests.conftest import START
from tests.quiz_driver import Learner, learner

S = StateName


def _certificates(driver: Learner) -> list[str]:
    assert driver.last is not None
    return [e.module_id for e in driver.last.events if isinstance(e, CertificateEarned)]


def _pass_open_lesson(driver: Learner) -> None:
    driver.read_to_quiz()
    driver.answer_all(right=4)
    assert driver.state.name is S.QUIZ_RESULT and driver.state.correct == driver.state.question


def test_the_shortest_path_to_the_basics_certificate_takes_at_most_60_messages(
    library: Library, places: PlaceIndex
) -> None:
    driver = Learner(library, places, START)
    driver.onboard()  # /start and six answers
    driver.pick("Học tiếp")
    earned: list[str] = []
    while not earned:
        _pass_open_lesson(driver)
        earned = _certificates(driver)
        if not earned:
            driver.pick("Bài tiếp theo")
        assert driver.messages <= 60, driver.messages
    assert earned == ["co-ban"]
    assert driver.messages <= 60


def _open_from_topic(driver: Learner, topic_title: str, lesson_title: str) -> None:
    driver.say("/menu")
    driver.pick("Chủ đề")
    driver.pick(topic_title)
    driver.pick(lesson_title)


def test_a_learner_who_chose_scams_stays_with_scams_to_the_certificate(library: Library, places: PlaceIndex) -> None:
    driver = learner(library, places, START)
    first = library.lessons["luadao-gia-danh-cong-an"]  # also on the starting path
    _open_from_topic(driver, "Phòng tránh lừa đảo", first.title)
    opened = [driver.state.lesson]
    while True:
        _pass_open_lesson(driver)
        if "luadao" in _certificates(driver):
            break
        driver.pick("Bài tiếp theo")
        opened.append(driver.state.lesson)
    assert all(library.lessons[lid].topic == "luadao" for lid in opened), opened
    assert "Phần nên học tiếp: “Lừa việc làm, đầu tư và cách xử lý”" in driver.screen().text
    driver.pick("Bài tiếp theo")
    assert library.lessons[driver.state.lesson].topic == "luadao"


def test_hoc_tiep_stays_on_the_path_wraps_round_and_says_how_many_are_left(
    library: Library, places: PlaceIndex
) -> None:
    driver = learner(library, places, START)
    path = library.module("luadao")
    assert path is not None
    middle = library.lessons[path.lessons[2]]
    _open_from_topic(driver, "Phòng tránh lừa đảo", middle.title)
    _pass_open_lesson(driver)
    assert f"Còn {len(path.lessons) - 1} bài nữa là có giấy chứng nhận “{path.title}”" in driver.screen().text
    opened = []
    for _ in range(len(path.lessons) - 1):
        driver.say("/menu")
        driver.pick("Học tiếp")
        opened.append(driver.state.lesson)
        _pass_open_lesson(driver)
    assert opened == [*path.lessons[3:], *path.lessons[:2]]
    assert "luadao" in _certificates(driver)


def test_other_topics_means_the_topic_list(library: Library, places: PlaceIndex) -> None:
    driver = learner(library, places, START)
    driver.pick("Học tiếp")
    _pass_open_lesson(driver)
    driver.pick("Chủ đề khác")
    assert driver.state.name is S.TOPICS


def test_at_a_modules_end_comes_the_certificate_then_the_next_module(library: Library, places: PlaceIndex) -> None:
    driver = learner(library, places, START)
    driver.pick("Học tiếp")
    while True:
        _pass_open_lesson(driver)
        if _certificates(driver):
            break
        driver.pick("Bài tiếp theo")
    assert driver.last is not None
    kinds = [type(m) for m in driver.last.messages]
    assert kinds[-3:] == [Text, Image, Choices], kinds
    certificate, result = driver.last.messages[-3], driver.last.messages[-1]
    assert isinstance(certificate, Text) and "Kỹ năng số cơ bản" in certificate.text
    assert isinstance(result, Choices) and "Phần nên học tiếp: “Điện thoại và Internet”" in result.text
    driver.pick("Bài tiếp theo")
    assert driver.state.lesson == "dienthoai-tai-ung-dung" and driver.state.path == "dienthoai"


def test_a_scam_lessons_result_offers_to_check_a_real_message_and_comes_back(
    library: Library, places: PlaceIndex
) -> None:
    driver = learner(library, places, START)
    _open_from_topic(driver, "Phòng tránh lừa đảo", library.lessons["luadao-con-cap-cuu"].title)
    _pass_open_lesson(driver)
    result = driver.screen()
    driver.pick("Thử kiểm tra một tin nhắn")
    assert driver.state.name is S.SCAM_ASK
    driver.say("Con đang cấp cứu ở bệnh viện, mẹ chuyển gấp 20 triệu vào số tài khoản này cho bác sĩ nhé")
    assert driver.state.name is S.SCAM_RESULT
    driver.pick("Quay lại")
    assert driver.state.name is S.QUIZ_RESULT and driver.screen().options == result.options
    other = learner(library, places, START)
    other.pick("Học tiếp")  # the starting path opens with a lesson on links, not on scams
    _pass_open_lesson(other)
    assert "Thử kiểm tra một tin nhắn" not in [o.label for o in other.screen().options]
