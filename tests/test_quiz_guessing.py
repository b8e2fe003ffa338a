"""Guessing must not pay: typing the same number to everything passes no more lessons than
chance would, and 400 such messages from /start earn no certificate."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import pytest

from content.library import Library
from content.places import PlaceIndex
from dialogs.events import CertificateEarned, QuizFinished
from dialogs.flows.lessons import need_to_pass
from dialogs.flows.quiz import questions
from dialogs.state import StateName
from tests.conftest import START
from tests.quiz_driver import ZONE, Learner, learner

S = StateName
# Starts of a conversation: morning, evening, and ten minutes before local midnight, so that
# 400 messages (20 s apart: over two hours) cross into a new day and its fresh attempts.
CLOCKS = (
    START,
    START + timedelta(hours=10, minutes=13),
    datetime(2026, 3, 3, 23, 50, tzinfo=ZONE),
)


def chance(widths: list[int], need: int) -> float:
    """The probability that guessing at random gets at least `need` right (options per question)."""
    rights = [1.0]  # rights[k]: probability of k right so far
    for width in widths:
        p = 1 / width
        rights = [a * (1 - p) + b * p for a, b in zip([*rights, 0.0], [0.0, *rights], strict=True)]
    return sum(rights[need:])


def _at_quiz(base: Learner, lesson_id: str) -> Learner:
    driver = base.copy()
    lesson = driver.library.lessons[lesson_id]
    topic = driver.library.topic(lesson.topic)
    assert topic is not None
    driver.pick("Chủ đề")
    driver.pick(topic.title)
    driver.pick(lesson.title)
    driver.read_to_quiz()
    return driver


def _type_until_done(driver: Learner, number: str, limit: int = 12) -> bool | None:
    """Type `number` to every question; True/False for passed/failed, None if it never ends
    (a number beyond a question's options answers nothing)."""
    for _ in range(limit):
        driver.say(number)
        finished = [e for e in driver.last.events if isinstance(e, QuizFinished)] if driver.last else []
        if finished:
            return finished[0].passed
    return None


def test_typing_one_number_passes_no_more_lessons_than_guessing_would(library: Library, places: PlaceIndex) -> None:
    expected = variance = 0.0
    passes = dict.fromkeys("1234", 0)
    for clock in CLOCKS:
        base = learner(library, places, clock)
        for lesson_id, lesson in library.lessons.items():
            start = _at_quiz(base, lesson_id)
            asked = questions(start.state, library, lesson)
            p = chance([len(s.order) for s in asked], need_to_pass(len(asked), 2 / 3))
            expected, variance = expected + p, variance + p * (1 - p)
            for number in passes:
                passes[number] += bool(_type_until_done(start.copy(), number))
    # Chance alone passes about 15% of attempts here, so the comparison is not empty.
    assert expected > 20, expected
    # Three standard deviations above chance: a strategy no better than guessing stays below it
    # in all but about 1 run in 700, while one that beat chance by a fifth would exceed it.
    bound = expected + 3 * math.sqrt(variance)
    assert all(count <= bound for count in passes.values()), (passes, expected, bound)


@pytest.mark.parametrize("clock", CLOCKS, ids=("morning", "evening", "before-midnight"))
@pytest.mark.parametrize("number", "1234")
@pytest.mark.parametrize("begin", ("start", "menu"))
def test_the_same_number_typed_400_times_earns_no_certificate(
    library: Library, places: PlaceIndex, clock: datetime, number: str, begin: str
) -> None:
    """From /start (then "3" and "4" never pass the consent screen, "2" declines), and from the
    menu of a learner who consented: "1" reads, answers and retries; the others wander."""
    driver = Learner(library, places, clock)
    if begin == "start":
        driver.say("/start")
    else:
        driver.onboard()
    sent, attempts = driver.messages, 0
    while driver.messages - sent < 400 - (begin == "start"):
        driver.say(number)
        assert driver.last is not None
        assert not [e for e in driver.last.events if isinstance(e, CertificateEarned)]
        attempts += sum(1 for e in driver.last.events if isinstance(e, QuizFinished))
    assert driver.learner.certificates == ()
    assert not any(p.status == "completed" for p in driver.learner.lessons.values())
    if number == "1":  # "Học tiếp", "Tiếp", "Làm lại": it reaches quizzes, and retries them
        assert attempts >= 2, attempts
