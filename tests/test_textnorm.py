"""Shorthand is written out as whole words only, after folding."""

import pytest

from content.textnorm import normalize


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Ko đc à?", "khong duoc a"),
        ("mk la j", "mat khau la gi"),
        ("tk ngân hàng bị khoá r", "tai khoan ngan hang bi khoa roi"),
        ("tất cả", "tat ca"),
        ("OKE", "ok"),
        ("kho", "kho"),
    ],
)
def test_shorthand_is_expanded_word_by_word(typed: str, read: str) -> None:
    assert normalize(typed) == read
