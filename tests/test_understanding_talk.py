"""Help with a screen versus a real question; what to say on a miss, and when asking back."""

from __future__ import annotations

import itertools
import re

import pytest

from content.reply_sets import load_replies
from dialogs.messages import Option
from dialogs.understanding import (
    AskBack,
    Help,
    How,
    Picked,
    ask_back_text,
    looks_like_question,
    miss_text,
    prepare,
    read_choice,
    read_help,
    talk,
)
from dialogs.understanding.misses import example_word
from dialogs.understanding.words import Word, read_words
from dialogs.voice import ADDRESS_FORMS, Voice

PLACEHOLDERS = {"{you}", "{You}", "{me}", "{Me_cap}", "{full}", "{Full}"}
CARD = (
    Option("next", "Tiếp", ("tiep", "ok")),
    Option("back", "Quay lại", ("quay lai",)),
    Option("menu", "Về menu", ("menu", "ve menu")),
)


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("?", Help.EXPLAIN),
        ("không hiểu", Help.EXPLAIN),
        ("ko hieu a", Help.EXPLAIN),
        ("là sao?", Help.EXPLAIN),
        ("khó quá", Help.EXPLAIN),
        ("hả", Help.EXPLAIN),
        ("gì vậy", Help.EXPLAIN),
        ("cái này là gì", Help.EXPLAIN),
        ("giải thích giúp", Help.EXPLAIN),
        ("nói lại đi", Help.REPEAT),
        ("làm sao", Help.HOW),
        ("tôi không biết bấm", Help.HOW),
        ("ma xac thuc la gi", None),
        ("tiếp", None),
        ("ok", None),
    ],
)
def test_help_with_the_screen(typed: str, kind: Help | None) -> None:
    assert read_help(typed) == kind


@pytest.mark.parametrize(
    ("typed", "question"),
    [
        ("ma xac thuc la gi?", True),
        ("vay neu no goi dien xin ma thi lam sao", True),
        ("otp là gì", True),
        ("chuyen nham tien co lay lai duoc khong", True),
        ("con toi bi goi dien bao cap cuu", True),
        ("là sao", False),
        ("?", False),
        ("tiep", False),
        ("cảm ơn cháu", False),
        ("8 giờ tối", False),
        ("Lan", False),
    ],
)
def test_a_real_question_is_told_from_help_and_answers(typed: str, question: bool) -> None:
    assert looks_like_question(typed) is question


def test_asking_back_names_the_candidates_without_marks_or_counters() -> None:
    two = AskBack((Option("a", "Phòng tránh lừa đảo (2/8)"), Option("b", "✓ Lừa đảo kiểu mới (0/10)")))
    assert Voice("bà").say(ask_back_text(two)) == "Ý bà là “Phòng tránh lừa đảo” hay “Lừa đảo kiểu mới” ạ?"
    one = AskBack((Option("a", "Tiếp"),))
    assert Voice("chú").say(ask_back_text(one)) == "Ý chú là “Tiếp” phải không ạ?"


def test_a_label_with_braces_cannot_break_the_template() -> None:
    odd = AskBack((Option("a", "Mã {ban} {0}"), Option("b", "}{")))
    assert "Mã {ban} {0}" in Voice("bác").say(ask_back_text(odd))
    assert "“Bỏ {qua}”" in Voice("bác").say(miss_text(1, (Option("b", "Bỏ {qua}"),)))


def _misses(options: tuple[Option, ...], ambassador: bool, count: int = 12) -> list[str]:
    return [miss_text(n, options, ambassador=ambassador) for n in range(1, count + 1)]


@pytest.mark.parametrize("ambassador", [False, True])
def test_misses_escalate_and_never_repeat_a_sentence_in_a_row(ambassador: bool) -> None:
    texts = _misses(CARD, ambassador)
    assert "1 đến 3" in texts[0]
    assert "Ví dụ: gõ 1, hoặc gõ “tiếp”" in texts[1]
    assert ("Đại sứ số" in texts[2]) is ambassador
    assert ("Tổ công nghệ số cộng đồng" in texts[2]) is not ambassador
    assert "menu" in texts[2]
    assert all(a != b for a, b in itertools.pairwise(texts))


def test_a_miss_on_a_number_out_of_range_says_the_range() -> None:
    assert "từ 1 đến 3" in miss_text(1, CARD, out_of_range=7)


def test_a_screen_that_takes_typed_values_says_so_and_shows_one() -> None:
    reminder = (Option("rem:07:00", "7 giờ sáng"), Option("rem:off", "Không cần nhắc"))
    first = miss_text(1, reminder, typed="giờ nhắc, ví dụ 8h tối")
    second = miss_text(2, reminder, typed="giờ nhắc, ví dụ 8h tối", typed_example="8h tối")
    assert "giờ nhắc, ví dụ 8h tối" in first
    assert "“8h tối”" in second
    assert "gõ 1 để chọn “7 giờ sáng”" in second


@pytest.mark.parametrize("form", ADDRESS_FORMS)
def test_every_miss_text_fills_in_every_voice(form: str) -> None:
    for text in (*_misses(CARD, True, 6), *_misses(CARD, False, 6)):
        shown = Voice(form, "Lan").say(text)
        assert "{" not in shown
        assert not re.search(r"[A-Za-z]+Error|Traceback", shown)
    assert {p for t in _misses(CARD, True, 6) for p in re.findall(r"\{\w+\}", t)} <= PLACEHOLDERS


def test_every_example_word_picks_its_own_option_on_every_screen() -> None:
    replies = load_replies()
    for name, options in replies.screens.items():
        screen = prepare(options)
        for option in screen.options:
            word = example_word(option, screen)
            reading = read_choice(word, screen)
            assert isinstance(reading, Picked), (name, option.shown, word)
            assert reading.option is option.option, (name, option.shown, word)


@pytest.mark.parametrize("text", ["ko biet bam cai nao", "không biết chọn cái nào", "khong biet bam gi", "bấm nút nào"])
def test_not_knowing_which_to_press_is_a_plea_for_how_to_answer(text: str) -> None:
    assert read_help(text) is Help.HOW
    assert not looks_like_question(text)


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("tôi không biết bấm, chỉ tôi với", Help.HOW),
        ("bac bi roi khong biet bam gi", Help.HOW),
        ("không hiểu, rối quá", Help.EXPLAIN),
        ("ko bt dung ntn", Help.HOW),  # "bt" after a "không" is "biết"
    ],
)
def test_two_pleas_one_after_the_other_are_one_plea(typed: str, kind: Help) -> None:
    assert read_help(typed) is kind


@pytest.mark.parametrize("typed", ["không hiểu, chọn bài số 2", "bt thôi", "bác bị ốm"])
def test_a_plea_beside_something_else_is_no_plea(typed: str) -> None:
    assert read_help(typed) is None


MENU = (
    Option("continue", "Học tiếp", ("hoc tiep", "tiep", "hoc")),
    Option("topics", "Chủ đề bài học", ("chu de", "bai hoc", "danh sach")),
    Option("help", "Trợ giúp", ("tro giup", "giup", "huong dan")),
)


@pytest.mark.parametrize("typed", ["ko hieu gi het", "không hiểu gì cả", "tôi không biết bấm, chỉ tôi với"])
def test_not_understanding_a_screen_without_simpler_words_opens_its_help(typed: str) -> None:
    assert read_choice(typed, MENU) == Picked(MENU[2], How.HELP)
    card = (*CARD, Option("simple", "Nói lại dễ hiểu hơn"), Option("help", "Trợ giúp", ("tro giup",)))
    reading = read_choice("ko hieu gi het", card)  # where the card can be said more simply, that is meant
    assert isinstance(reading, Picked) and reading.option.id == "simple"


def test_a_reply_with_a_word_no_plea_holds_is_not_cut_into_pleas(monkeypatch: pytest.MonkeyPatch) -> None:
    """'ma otp la gi vay' holds 'otp', in no plea and peeled off none: it is no plea, and its
    cuts are not tried one by one; 'bác bị rối không biết bấm gì' is still two pleas."""
    tried: list[tuple[Word, ...]] = []
    real = talk._plea

    def counted(words: tuple[Word, ...]) -> Help | None:
        tried.append(words)
        return real(words)

    monkeypatch.setattr(talk, "_plea", counted)
    assert read_help("ma otp la gi vay") is None and tried == []
    assert read_help("bác bị rối không biết bấm gì") is Help.HOW and tried


def test_the_plea_words_leave_every_reading_as_it_was() -> None:
    """Read through the words a plea holds or the whole way, every reply of the sets reads alike."""
    for reply in load_replies().replies:
        words = read_words(reply.text)
        if words and len(reply.text.split()) <= talk._LONGEST_PLEA:
            assert read_help(reply.text) == talk.pleaded(words), reply.text
