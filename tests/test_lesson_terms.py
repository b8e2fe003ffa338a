"""Cards: "… là gì?" the first time a lesson uses a glossary word, and its one-sentence meaning."""

from __future__ import annotations

from content.library import Library
from content.places import PlaceIndex
from dialogs.messages import Choices, Text
from dialogs.state import StateName
from tests.conftest import START
from tests.engine_driver import readers_for
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


def _terms_offered(screen: Choices) -> list[str]:
    return [o.label for o in screen.options if o.id.startswith("term:")]


def test_a_card_offers_its_first_new_word_and_shows_the_meaning_then_the_same_card(
    library: Library, places: PlaceIndex
) -> None:
    driver = learner(library, places, START)
    _open(driver, LINK_LESSON)
    card = driver.screen()
    assert _terms_offered(card) == ["Đường link là gì?"]
    state = driver.state
    driver.pick("Đường link là gì?")
    assert driver.last is not None
    first, again = driver.last.messages
    link = next(t for t in library.glossary if t.id == "link")
    assert isinstance(first, Text) and link.definition in first.text
    assert again == card and driver.state == state  # the same card, its buttons still valid


def test_only_cards_with_a_new_glossary_word_offer_one_and_never_more_than_one(
    library: Library, places: PlaceIndex
) -> None:
    search = readers_for(library).search
    assert search is not None
    offered = without = 0
    for lesson_id in ("dienthoai-duong-link", "vneid-hai-muc", "thanhtoan-otp", "luadao-con-cap-cuu"):
        driver = learner(library, places, START)
        _open(driver, lesson_id)
        while driver.state.name is S.LESSON_CARD:
            terms = _terms_offered(driver.screen())
            new = search.new_terms(lesson_id, driver.state.card)
            assert len(terms) == min(1, len(new)), (lesson_id, driver.state.card, terms)
            if new:
                assert terms[0].lower().startswith(new[0].term.lower())
            offered, without = offered + bool(terms), without + (not terms)
            driver.pick("Tiếp")
    assert offered and without, (offered, without)
