"""Two failed attempts at a lesson in one day: its quiz waits until the next day, kindly, and
the learner is never stuck (re-reading, another lesson and the menu stay open)."""

from __future__ import annotations

from datetime import timedelta

from content.library import Library
from content.places import PlaceIndex
from dialogs.events import QuizFinished
from dialogs.messages import Inbound
from dialogs.state import StateName
from tests.conftest import START
from tests.quiz_driver import Learner, learner

S = StateName
LESSON = "dienthoai-duong-link"  # the first lesson of the starting path


def _fail_twice(driver: Learner) -> None:
    driver.pick("Học tiếp")
    assert driver.state.lesson == LESSON
    driver.read_to_quiz()
    driver.answer_all(right=1)
    assert "Làm lại câu hỏi" in [o.label for o in driver.screen().options]
    driver.pick("Làm lại")
    driver.answer_all(right=2)
    assert driver.state.name is S.QUIZ_RESULT


def test_after_two_failed_attempts_the_quiz_waits_until_the_next_day(library: Library, places: PlaceIndex) -> None:
    driver = learner(library, places, START)
    _fail_twice(driver)
    result = driver.screen()
    assert "Mai bác làm lại" in result.text
    assert [o.label for o in result.options] == ["Đọc lại bài", "Học bài khác", "Về menu"]
    driver.pick("Đọc lại")
    driver.read_to_quiz()
    assert driver.state.name is S.QUIZ_WAIT and "đã làm bài này 2 lần" in driver.screen().text
    for way in ("/hoc", "hoc tiep"):
        driver.say("/menu")
        driver.say(way)
        assert (driver.state.name, driver.state.lesson) == (S.QUIZ_WAIT, LESSON), way
    driver.now += timedelta(days=1)
    driver.pick("Đọc lại")
    driver.read_to_quiz()
    assert driver.state.name is S.QUIZ
    driver.answer_all(right=4)
    finished = [e for e in driver.last.events if isinstance(e, QuizFinished)] if driver.last else []
    assert finished and finished[0].passed


def test_every_way_out_of_the_waiting_screen_leads_somewhere(library: Library, places: PlaceIndex) -> None:
    driver = learner(library, places, START)
    _fail_twice(driver)
    driver.pick("Đọc lại")
    driver.read_to_quiz()
    waiting = driver.copy()
    for option in driver.screen().options:
        probe = waiting.copy()
        probe.send(Inbound.choice(option.id, probe.state.screen))
        assert probe.state.name in (S.LESSON_CARD, S.TOPICS, S.MENU), option
        assert probe.screen().options, option
    other = waiting.copy()
    other.pick("Học bài khác")
    assert other.state.name is S.LESSON_CARD and other.state.lesson == "vneid-ung-dung-that"


def test_with_every_lesson_of_the_path_waiting_another_lesson_means_the_topic_list(
    library: Library, places: PlaceIndex
) -> None:
    driver = learner(library, places, START)
    path = library.modules[0].lessons
    driver.failures = [(driver.now, lesson) for lesson in path for _ in range(2)]
    driver.pick("Học tiếp")
    driver.read_to_quiz()
    assert driver.state.name is S.QUIZ_WAIT
    driver.pick("Học bài khác")
    assert driver.state.name is S.TOPICS


def test_a_learner_who_did_not_consent_keeps_retrying(library: Library, places: PlaceIndex) -> None:
    """Nothing is stored for them, so nothing can be counted (and no certificate is issued)."""
    driver = Learner(library, places, START)
    driver.say("/start")
    driver.pick("Không đồng ý")
    driver.pick("Học tiếp")
    driver.read_to_quiz()
    for _ in range(3):
        driver.answer_all(right=0)
        driver.pick("Làm lại")
    assert driver.state.name is S.QUIZ
