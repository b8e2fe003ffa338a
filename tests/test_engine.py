"""The pure engine: every state answers anything a learner can send, and keeps their place."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from content.library import Library
from content.places import PlaceIndex
from dialogs.flows.quiz import questions
from dialogs.graph import declared_targets, markdown, mermaid
from dialogs.messages import Choices, Inbound, Text
from dialogs.state import DialogState, StateName
from tests.conftest import START
from tests.engine_driver import MACHINE, EngineDriver, at_lesson_list, on_quiz_showing, reach_every_state

BAD_INPUTS = ["", "   ", "x" * 5000, "😀😀😀", "999", "0", "/khongcolenhnay", "\x00\x07\x1b[2J", "🙏", "\u200b"]
VIETNAMESE = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


@pytest.fixture(scope="module")
def parked(library: Library, places: PlaceIndex) -> dict[StateName, EngineDriver]:
    return reach_every_state(library, places, START)


def test_every_state_is_reachable(parked: dict[StateName, EngineDriver]) -> None:
    assert set(parked) == set(StateName)


def _position(state: DialogState) -> tuple[object, ...]:
    return (state.name, state.lesson, state.card, state.question, state.correct, state.queue, state.topic)


def _is_kind_vietnamese(text: str) -> bool:
    return any(ch in VIETNAMESE for ch in text.lower()) and "Traceback" not in text and "{" not in text


@pytest.mark.parametrize("bad", BAD_INPUTS, ids=lambda b: repr(b[:12]))
def test_bad_input_in_every_state_gets_a_short_reply_and_keeps_the_place(
    parked: dict[StateName, EngineDriver], bad: str
) -> None:
    for name, driver in parked.items():
        if name is StateName.NEW:
            continue
        probe = driver.copy()
        before = _position(probe.state)
        messages = probe.say(bad)
        assert messages, name
        notice = messages[0]
        assert isinstance(notice, Text) and len(notice.text) <= 300, (name, notice)
        assert _is_kind_vietnamese(notice.text), (name, notice)
        assert _position(probe.state) == before, (name, bad)
        assert probe.last is not None and not any(type(e).__name__ != "SensitiveDataWarned" for e in probe.last.events)


def test_stickers_and_photos_get_a_friendly_reply_in_every_state(parked: dict[StateName, EngineDriver]) -> None:
    for name, driver in parked.items():
        if name is StateName.NEW:
            continue
        probe = driver.copy()
        messages = probe.send(Inbound.unsupported("sticker"))
        # The usual note, or the screen's own (the scam check asks for the message's words).
        wanted = "chép chữ" if name is StateName.SCAM_ASK else "nhãn dán"
        assert isinstance(messages[0], Text) and wanted in messages[0].text, name
        assert _position(probe.state) == _position(driver.state)


def test_a_forged_button_changes_nothing(parked: dict[StateName, EngineDriver]) -> None:
    for name, driver in parked.items():
        if name is StateName.NEW:
            continue
        probe = driver.copy()
        real = {o.id for o in probe.screen().options}
        for forged in ("delete", "l:vneid-hai-muc", "a0", "edit:name", "x" * 64):
            if forged not in real:  # an option this screen does not offer
                probe.send(Inbound.choice(forged, probe.state.screen))
        for option in real:  # a real option, but from a screen that is not this one
            probe.send(Inbound.choice(option, probe.state.screen + 7))
            probe.send(Inbound.choice(option, probe.state.screen - 1))
        assert _position(probe.state) == _position(driver.state), name


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("0010 9500 1234", "id_number"),
        ("001095001234", "id_number"),
        ("4111 1111 1111 1111", "card_number"),
        ("123456", "otp"),
        ("ma otp la 4821", "otp"),
    ],
)
def test_secrets_typed_by_mistake_get_a_warning_and_are_not_kept(
    parked: dict[StateName, EngineDriver], typed: str, kind: str
) -> None:
    driver = parked[StateName.ONB_NAME]
    probe = driver.copy()
    messages = probe.say(typed)
    assert isinstance(messages[0], Text) and "⚠️" in messages[0].text
    assert probe.last is not None and [type(e).__name__ for e in probe.last.events] == ["SensitiveDataWarned"]
    assert typed not in repr(probe.last.events) and typed not in probe.state.dumps()
    assert probe.learner.profile.name == ""


def test_an_option_the_screen_shows_typed_back_is_no_secret(library: Library, places: PlaceIndex) -> None:
    """'123456' is an answer on the quiz about weak passwords, and a secret everywhere else."""
    driver, question = on_quiz_showing(library, places, START, {"123456"})
    by_number, typed = driver.copy(), driver.copy()
    by_number.say(str(next(i for i, o in enumerate(question.options) if o.text == "123456") + 1))
    typed.say("123456")
    assert typed.last is not None and "SensitiveDataWarned" not in repr(typed.last.events)
    assert typed.state.dumps() == by_number.state.dumps()
    warned = driver.copy()
    warned.say("mã otp là 123456")  # more than the option's words: warned as before
    assert warned.last is not None and [type(e).__name__ for e in warned.last.events] == ["SensitiveDataWarned"]


def test_choices_by_number_by_label_without_diacritics_and_any_case(library: Library, places: PlaceIndex) -> None:
    for typed in ("2", "chu de bai hoc", "CHỦ ĐỀ BÀI HỌC", "  Chu De  "):
        driver = EngineDriver(library, places, START)
        driver.onboard()
        driver.say(typed)
        assert driver.state.name is StateName.TOPICS, typed


def _at_age_question(library: Library, places: PlaceIndex) -> EngineDriver:
    driver = EngineDriver(library, places, START)
    for say, typed in (("say", "/start"), ("pick", "Đồng ý"), ("pick", "Bác"), ("say", "Lan")):
        getattr(driver, say)(typed)
    assert driver.state.name is StateName.ONB_AGE
    return driver


@pytest.mark.parametrize(
    ("typed", "asked"),
    [
        ("gần 60", ("age:30-59", "age:60+")),
        ("khoang 60", ("age:30-59", "age:60+")),
        ("tầm 60", ("age:30-59", "age:60+")),
        ("ngoài 59", ("age:30-59", "age:60+")),
        ("sap 30", ("age:duoi-30", "age:30-59")),
        ("dưới 60", ("age:duoi-30", "age:30-59")),  # under 60: never "Từ 60 tuổi trở lên"
        ("dưới 60 tuổi", ("age:duoi-30", "age:30-59")),
        ("7x", ("age:30-59", "age:60+")),  # in one's seventies, or born in the 1970s
        ("sinh nam 1996", ("age:duoi-30", "age:30-59")),  # 30 this year, or 29 till the birthday
        ("tôi sinh năm 1966", ("age:30-59", "age:60+")),
        ("sinh nam 96", ("age:duoi-30", "age:30-59")),  # not 96 years old
    ],
)
def test_an_age_hedged_across_a_group_s_edge_asks_which_group(
    library: Library, places: PlaceIndex, typed: str, asked: tuple[str, ...]
) -> None:
    driver = _at_age_question(library, places)
    driver.say(typed)
    assert driver.state.name is StateName.ONB_AGE and driver.state.asked == asked
    assert [o.id for o in driver.screen().options] == list(asked)
    driver.say("2")  # the second of the two asked about, not of the whole screen
    assert driver.learner.profile.age_group == asked[1].removeprefix("age:")


@pytest.mark.parametrize(
    ("typed", "group"),
    [
        *(("khoảng 45", "30-59"), ("hơn 70", "60+"), ("ngoài 60", "60+"), ("gần 45", "30-59"), ("tầm 25", "duoi-30")),
        *(("sinh năm 1995", "30-59"), ("sinh năm 1997", "duoi-30"), ("sinh năm 1965", "60+")),
    ],
)
def test_an_age_hedged_inside_a_group_picks_it(library: Library, places: PlaceIndex, typed: str, group: str) -> None:
    driver = _at_age_question(library, places)
    driver.say(typed)
    assert driver.state.name is not StateName.ONB_AGE and not driver.state.asked
    assert driver.learner.profile.age_group == group


def test_what_reaches_all_three_groups_is_no_question_of_two(library: Library, places: PlaceIndex) -> None:
    # a bare '9x': born in the 1990s (27 to 36 this year), or in one's nineties
    driver = _at_age_question(library, places)
    driver.say("9x")
    assert driver.state.name is StateName.ONB_AGE and not driver.state.asked
    assert not driver.learner.profile.age_group


def _at_address_question(library: Library, places: PlaceIndex) -> EngineDriver:
    driver = EngineDriver(library, places, START)
    driver.say("/start")
    driver.pick("Đồng ý")
    assert driver.state.name is StateName.ONB_ADDRESS
    return driver


@pytest.mark.parametrize(
    ("typed", "asked"),
    [
        ("toi nam, 70 tuoi", ("addr:ông", "addr:bác")),  # 'nam' (male), never 'năm', the fifth
        ("tôi nữ, 65 tuổi", ("addr:bà", "addr:bác")),
        ("tôi 72 tuổi", ("addr:ông", "addr:bà", "addr:bác")),
    ],
)
def test_an_age_told_instead_of_a_form_of_address_asks_among_the_forms_for_it(
    library: Library, places: PlaceIndex, typed: str, asked: tuple[str, ...]
) -> None:
    driver = _at_address_question(library, places)
    driver.say(typed)
    assert driver.state.name is StateName.ONB_ADDRESS and driver.state.asked == asked


@pytest.mark.parametrize(("typed", "form"), [("em 22t", "em"), ("bác 65 tuổi ạ", "bác")])
def test_a_form_of_address_with_an_age_beside_it_is_that_form(
    library: Library, places: PlaceIndex, typed: str, form: str
) -> None:
    driver = _at_address_question(library, places)
    driver.say(typed)
    assert driver.state.name is StateName.ONB_NAME and driver.learner.profile.address == form


def test_learner_is_addressed_the_way_they_chose(library: Library, places: PlaceIndex) -> None:
    driver = EngineDriver(library, places, START)
    driver.onboard()
    driver.pick("Học tiếp")  # the first card of the starting path speaks to the learner
    card = driver.screen().text
    assert "Bác" in card and "{ban}" not in card.lower() and "bạn" not in card.lower()


def test_quiz_pass_mark_and_retry(library: Library, places: PlaceIndex) -> None:
    driver = EngineDriver(library, places, START)
    driver.onboard()
    driver.pick("Học tiếp")
    while driver.state.name is StateName.LESSON_CARD:
        driver.pick("Tiếp")
    asked = questions(driver.state, library, library.lessons[driver.state.lesson])
    assert len(asked) == 4  # drawn from the lesson's pool
    for shown in asked:  # every answer wrong, typed as the number shown
        driver.say(str((shown.answer_at + 1) % len(shown.order) + 1))
    assert driver.state.name is StateName.QUIZ_RESULT
    assert "Cần đúng 3 câu" in driver.screen().text
    driver.pick("Làm lại")
    assert (driver.state.name, driver.state.question) == (StateName.QUIZ, 0)


def test_every_transition_taken_is_declared_in_the_graph(parked: dict[StateName, EngineDriver]) -> None:
    for name, driver in parked.items():
        if name is StateName.NEW:
            continue
        for option in driver.screen().options:
            probe = driver.copy()
            probe.send(Inbound.choice(option.id, probe.state.screen))
            assert probe.state.name in declared_targets(MACHINE, name), (name, option.id, probe.state.name)


def test_graph_names_every_state() -> None:
    chart = mermaid(MACHINE)
    assert chart.startswith("stateDiagram-v2")
    for name in StateName:
        assert name.value in chart


def test_every_message_fits_a_phone_screen(parked: dict[StateName, EngineDriver]) -> None:
    for driver in parked.values():
        assert driver.last is None or all(
            len(m.text) <= 700 for m in driver.last.messages if isinstance(m, Text | Choices)
        )


def test_no_control_characters_reach_the_learner(parked: dict[StateName, EngineDriver]) -> None:
    driver = parked[StateName.MENU]
    probe = driver.copy()
    for message in probe.say("\x1b[31mđỏ\x07"):
        text = message.text if isinstance(message, Text | Choices) else ""
        assert not any(unicodedata.category(ch) == "Cc" and ch != "\n" for ch in text)


def test_the_chart_in_docs_is_the_engine_s_own() -> None:
    docs = Path(__file__).resolve().parents[1] / "docs" / "dialogs.md"
    assert docs.read_text(encoding="utf-8") == markdown(MACHINE), (
        "run: hocvuso dialogs graph --markdown > docs/dialogs.md"
    )


def test_a_listed_lesson_retold_in_other_words_opens_as_its_number_would(library: Library, places: PlaceIndex) -> None:
    lessons = library.topic("luadao")
    assert lessons is not None and "luadao-con-cap-cuu" in lessons.lessons
    driver = at_lesson_list(library, places, START, "luadao")
    by_number = driver.copy()
    by_number.say(str(lessons.lessons.index("luadao-con-cap-cuu") + 1))
    driver.say("bài có người gọi báo con nằm viện")
    assert driver.state.name is StateName.LESSON_CARD and driver.state.lesson == "luadao-con-cap-cuu"
    assert driver.state.dumps() == by_number.state.dumps()


@pytest.mark.parametrize("typed", ["e chon so 4 ak"])
def test_a_numbered_pick_said_in_the_learners_own_words_opens_as_the_number_would(
    library: Library, places: PlaceIndex, typed: str
) -> None:
    """'e chọn số 4 ạ' ('e' is 'em', 'ak' is 'ạ') is a pick, not a question to the library."""
    driver = at_lesson_list(library, places, START, "luadao")
    by_number = driver.copy()
    by_number.say("4")
    driver.say(typed)
    assert driver.state.name is StateName.LESSON_CARD
    assert driver.state.dumps() == by_number.state.dumps()


def test_a_lessons_number_then_where_the_learner_is_with_it_opens_it_as_the_number_would(
    library: Library, places: PlaceIndex
) -> None:
    """'số 3, học dở chưa xong' typed without its comma: lesson 3, the one left unfinished."""
    driver = at_lesson_list(library, places, START, "luadao")
    by_number = driver.copy()
    by_number.say("3")
    driver.say("so 3 hoc do chua xong")
    assert driver.state.name is StateName.LESSON_CARD
    assert driver.state.dumps() == by_number.state.dumps()


@pytest.mark.parametrize("typed", ["thôi khỏi tên", "thôi", "Thôi"])
def test_enough_said_on_the_name_screen_skips_the_name_as_bo_qua_does(
    parked: dict[StateName, EngineDriver], typed: str
) -> None:
    skipped, driver = parked[StateName.ONB_NAME].copy(), parked[StateName.ONB_NAME].copy()
    skipped.pick("Bỏ qua")
    driver.say(typed)
    assert driver.state.name is not StateName.ONB_NAME and driver.learner.profile.name == ""
    assert driver.state.dumps() == skipped.state.dumps()


@pytest.mark.parametrize("typed", ["13", "so 13", "mat tien", "bao gio co bai moi a"])
def test_a_number_a_vague_word_or_an_unrelated_question_opens_no_lesson_of_a_list(
    library: Library, places: PlaceIndex, typed: str
) -> None:
    driver = at_lesson_list(library, places, START, "luadao")
    driver.say(typed)
    assert driver.state.name is not StateName.LESSON_CARD, typed


@pytest.mark.parametrize("typed", ["xóa hết dữ liệu", "xoa het du lieu cua toi"])
def test_asking_to_delete_all_the_data_in_settings_asks_to_confirm(
    library: Library, places: PlaceIndex, typed: str
) -> None:
    driver = EngineDriver(library, places, START)
    driver.onboard()
    driver.pick("Cài đặt")
    assert driver.state.name is StateName.SETTINGS
    driver.say(typed)
    assert driver.state.name is StateName.DELETE_CONFIRM
