"""Rules found on blind20 (young factory workers typing heavy teencode: "ko", "k", "dc", "j",
"r", "vs", words run together, slips): each case a general rule, on the screen it was found on."""

from __future__ import annotations

import pytest

from dialogs.understanding import NoMatch, read_age, read_choice
from tests.test_understanding_choice import AGE, CARD, picked


@pytest.mark.parametrize(("text", "age"), [("hai lam", 25), ("ba lam", 35), ("sau lăm", 65), ("bay lam", 75)])
def test_a_number_word_and_lam_is_an_age_said_short_not_a_number_and_very(text: str, age: int) -> None:
    # 'hai lăm' is 25, as ages are said; it is no 'hai' (option 2) and a 'lắm' (very)
    assert isinstance(read_choice(text, AGE), NoMatch)
    assert read_age(text) == age


def test_lam_typed_as_very_is_still_peeled() -> None:
    assert picked("tiếp đi, hay lắm", CARD) == "next"
