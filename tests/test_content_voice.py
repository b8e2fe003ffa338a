"""Every lesson text, as shown to a learner, uses the form of address they chose."""

from __future__ import annotations

import re

import pytest

from content.library import Library
from content.loader import lesson_texts
from dialogs.voice import ADDRESS_FORMS, Voice

# "bạn" is the tutor's neutral form before a learner chooses; lessons must use {ban} instead.
NEUTRAL = re.compile(r"\b[Bb]ạn\b")


@pytest.mark.parametrize("form", ADDRESS_FORMS)
def test_lessons_address_the_learner_as_chosen(library: Library, form: str) -> None:
    voice = Voice(form, "Lan")
    for lesson in library.lessons.values():
        for where, text in lesson_texts(lesson):
            shown = voice.fill(text)
            assert "{" not in shown and "}" not in shown, (lesson.id, where)
            if not where.endswith(".message"):  # a scammer's own words may say anything
                assert not NEUTRAL.search(shown), (lesson.id, where, shown)
            assert len(shown) <= 700, (lesson.id, where)


def test_placeholders_are_used_at_all(library: Library) -> None:
    filled = sum(
        "{ban}" in text or "{Ban}" in text for lesson in library.lessons.values() for _, text in lesson_texts(lesson)
    )
    assert filled >= 30
