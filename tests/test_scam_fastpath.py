"""The fast paths give exactly what the slow ones give: first-word prefilter, Vietnamese fold."""

from __future__ import annotations

import pytest

from content.loader import DATA_DIR
from content.scam.checker import ScamChecker, _word_starts
from content.scam.evaluate import load_devset
from content.scam.firstwords import first_words
from content.scam.load import load_scam_book
from content.scam.text import prepare, read


@pytest.mark.parametrize(
    ("pattern", "words"),
    [
        ("cung cap ~ otp", {"cung"}),
        ("(doc|gui) (lai )?(ma|so)", {"doc", "gui"}),
        ("(?<!duoc )(gui|(?<!dang )nhap|dien(?! (thoai|tu)))", {"gui", "nhap", "dien"}),
        ("(ma |so )?(otp|ma xac thuc)", {"ma", "so", "otp"}),
        ("co giao(?! dich)|thay giao", {"co", "thay"}),
        ("tai khoan (tam giu|an toan)", {"tai"}),
        # a number first: the word it begins, by its letters before the digit
        (r"\d+ ?(k|trieu)", {"\\d"}),
        (r"x\d+ tai khoan", {"x\\d"}),
        (r"(\d{4,8}|x{4,8}) la ma", {"\\d", "xxxx", "xxxxx", "xxxxxx", "xxxxxxx", "xxxxxxxx"}),
    ],
)
def test_first_words_of_a_pattern(pattern: str, words: set[str]) -> None:
    assert first_words(pattern) == frozenset(words)


@pytest.mark.parametrize("pattern", [r"\d* ?k", r"1\d+ k", "x{4,} la ma", "(ma)?otp", "[a-z]+ apk", "(a|b)+ c"])
def test_first_words_unknown_when_it_cannot_tell(pattern: str) -> None:
    assert first_words(pattern) is None


def test_the_prefilter_never_changes_a_verdict() -> None:
    book = load_scam_book(DATA_DIR)
    fast, slow = ScamChecker(book), ScamChecker(book, prefilter=False)
    messages = load_devset()
    assert [fast.check(m.text) for m in messages] == [slow.check(m.text) for m in messages]


def test_every_rule_is_prefiltered() -> None:
    """No rule scans every message whole: each pattern's first words are known."""
    checker = ScamChecker(load_scam_book(DATA_DIR))
    searches = [s for rule in checker._rules for s in (rule.search, *rule.together) if s is not None]
    assert [s.regex.pattern for s in searches if s.starts_with is None] == []


def test_a_word_with_a_number_is_found_by_its_letters_before_the_digit() -> None:
    words = _word_starts("ma otp 123456 | x10 tai khoan 50k ngay")
    assert words.starts["\\d"] == [7, 30] and words.starts["x\\d"] == [16]


def test_prepare_reads_like_normalize_clause_by_clause() -> None:
    for message in load_devset():
        prepared = prepare(message.text)
        clauses = [prepared.text[start:] for start in prepared.clause_starts]
        # Each clause of the prepared text is what read() (normalize(), then the money
        # shorthand) makes of the same words.
        for clause in clauses:
            head = clause.split(" | ", 1)[0]
            assert head == read(head)
        assert read(message.text) == read(prepared.text.replace(" | ", " "))


def test_money_shorthand_is_written_out() -> None:
    assert prepare("Mẹ ck giúp con 5tr nhé").text == "me chuyen khoan giup con 5tr nhe"
