"""Control characters are dropped from typed text, and nothing else is."""

import unicodedata

import pytest

from content.textfold import without_controls


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Dạ cháu chọn 2 ạ", "Dạ cháu chọn 2 ạ"),
        ("dòng một\ndòng\thai", "dòng một\ndòng\thai"),
        ("hoc\x07 tiep\x1b", "hoc tiep"),  # Cc
        ("vcb\u200e-xacminh\u2066", "vcb-xacminh"),  # Cf: direction marks
        ("số\u00a0tiền\u3000ạ", "số\u00a0tiền\u3000ạ"),  # Zs: not printable, yet not a control
        ("\ue000ok\U0010fffd", "ok"),  # Co: private use
        ("👍🏻 ừ", "👍🏻 ừ"),
    ],
)
def test_controls_are_dropped_and_the_rest_kept(typed: str, kept: str) -> None:
    assert without_controls(typed) == kept


def test_every_character_of_category_c_goes() -> None:
    text = "".join(chr(c) for c in range(0x2100) if not 0xD800 <= c <= 0xDFFF)
    left = without_controls(text)
    assert left and all(ch in "\n\t" or not unicodedata.category(ch).startswith("C") for ch in left)
    assert len(left) == sum(1 for ch in text if ch in "\n\t" or not unicodedata.category(ch).startswith("C"))
