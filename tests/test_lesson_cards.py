"""Cards: a picture before the card's text, a voice note with what it says."""

from __future__ import annotations

from dataclasses import replace

from content.library import Library
from content.places import PlaceIndex
from content.schema import CardAudio
from dialogs.messages import Choices, Image, Voice
from dialogs.state import StateName
from tests.conftest import START
from tests.quiz_driver import Learner, learner

S = StateName
LINK_LESSON = "dienthoai-duong-link"


def _open(driver: Learner, lesson_id: str) -> None:
    lesson = driver.library.lessons[lesson_id]
    topic = driver.library.topic(lesson.topic)
    assert topic is not None
    driver.pick("Chủ đề")
    driver.pick(topic.title)
    driver.pick(lesson.title)


def test_a_cards_picture_comes_before_its_text_once(library: Library, places: PlaceIndex) -> None:
    driver = learner(library, places, START)
    _open(driver, LINK_LESSON)
    driver.pick("Tiếp")  # the second card has a picture
    image = library.lessons[LINK_LESSON].cards[1].image
    assert image is not None and driver.last is not None
    assert driver.last.messages[0] == Image(f"content:{image.file}", image.alt)
    assert isinstance(driver.last.messages[-1], Choices)
    driver.say("xyz khong ro")  # not understood: the card again, without the picture
    assert not [m for m in driver.last.messages if isinstance(m, Image)]


def test_a_cards_voice_note_comes_with_its_transcript(library: Library, places: PlaceIndex) -> None:
    lesson = library.lessons[LINK_LESSON]
    audio = CardAudio(file="loi-chao-tay.ogg", language="Tày", transcript="{Ban} đừng bấm link lạ nhé.")
    cards = (lesson.cards[0].model_copy(update={"audio": audio}), *lesson.cards[1:])
    changed = replace(library, lessons={**library.lessons, LINK_LESSON: lesson.model_copy(update={"cards": cards})})
    driver = learner(changed, places, START)
    _open(driver, LINK_LESSON)
    assert driver.last is not None
    assert Voice("content:loi-chao-tay.ogg", "Bác đừng bấm link lạ nhé.", "Tày") in driver.last.messages
