"""The fast paths give exactly what the slow ones give: first-word prefilter, Vietnamese fold."""

from __future__ import annotations

import pytest

from content.loader import DATA_DIR
from content.scam.checker import ScamChecker
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
    ],
)
def test_first_words_of_a_pattern(pattern: str, words: set[str]) -> None:
    assert first_words(pattern) == frozenset(words)


@pytest.mark.parametrize("pattern", [r"\d+ ?(k|trieu)", r"x\d+ tai khoan", "(ma)?otp", "[a-z]+ apk", "(a|b)+ c"])
def test_first_words_unknown_when_it_cannot_tell(pattern: str) -> None:
    assert first_words(pattern) is None


def test_the_prefilter_never_changes_a_verdict() -> None:
    book = load_scam_book(DATA_DIR)
    fast, slow = ScamChecker(book), ScamChecker(book, prefilter=False)
    messages = load_devset()
    assert [fast.check(m.text) for m in messages] == [slow.check(m.text) for m in messages]


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
