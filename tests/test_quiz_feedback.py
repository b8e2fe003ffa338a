"""Feedback that never contradicts itself, over every option of every question in the library."""

from __future__ import annotations

from content.library import Library
from dialogs.flows.feedback import feedback, without_praise
from dialogs.voice import Voice

PRAISE = ("Đúng rồi", "Đúng vậy", "Đúng thế", "Chính xác", "✅", "Giỏi quá", "Tuyệt vời", "Hay lắm")
BLAME = ("Chưa đúng", "Không đúng", "Sai rồi", "❌")
VOICE = Voice("bác", "Lan")


def test_a_right_answer_is_praised_with_its_reason_and_never_called_wrong(library: Library) -> None:
    checked = 0
    for _, question in library.questions.values():
        said = feedback(VOICE, question, question.answer_index)
        reason = VOICE.fill(question.options[question.answer_index].why)
        assert said.startswith("✅") and reason in said, said
        assert not any(word in said for word in BLAME), said
        checked += 1
    assert checked == len(library.questions) > 300


def test_a_wrong_answer_gives_its_reason_then_the_right_one_without_praise(library: Library) -> None:
    checked = 0
    for _, question in library.questions.values():
        right = question.options[question.answer_index]
        for index, option in enumerate(question.options):
            if option.correct:
                continue
            said = feedback(VOICE, question, index)
            assert said.startswith("❌") and VOICE.fill(option.why) in said, said
            assert f"👉 Đáp án đúng: “{VOICE.fill(right.text)}”" in said, said
            assert without_praise(VOICE.fill(right.why)) in said, said
            assert not any(word.lower() in said.lower() for word in PRAISE), said
            assert "{" not in said, said
            checked += 1
    assert checked > 500, checked


def test_praise_is_taken_off_a_reason_and_the_rest_kept() -> None:
    assert without_praise("Đúng rồi. Mã OTP là của riêng bác.") == "Mã OTP là của riêng bác."
    assert without_praise("Đúng rồi, câu đó sai. Nhà nước không gọi.") == "Câu đó sai. Nhà nước không gọi."
    assert without_praise("Đúng vậy! Gọi lại số quen.") == "Gọi lại số quen."
    assert without_praise("Đúng là số quen, nhưng hãy hỏi lại.") == "Đúng là số quen, nhưng hãy hỏi lại."
