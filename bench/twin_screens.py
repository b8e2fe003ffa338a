"""Real screens to type replies on: the pure engine walked the way a learner would.

`twin_replies` grades a typed reply by sending it, and the option's number, to two copies of
one learner parked on a screen. The screens come from here: onboarding, the menu and its
pages, every topic, every lesson list, every card of every lesson (plain and in simpler
words), the results, and any quiz question with its options in any order.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from rapidfuzz import fuzz

from content.library import Library
from content.places import PlaceIndex
from dialogs.flows import draw, quiz
from dialogs.messages import Option
from dialogs.state import DialogState, StateName
from dialogs.understanding import shown_label
from dialogs.voice import Voice
from tests.engine_driver import MACHINE, EngineDriver

NOW = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)  # a Monday morning in Thái Nguyên
SAME = 88  # fuzz.ratio of two folded labels taken as the same label (counters, {ban} filled)
S = StateName


@dataclass(frozen=True)
class Parked:
    """A learner parked on a screen: a driver to copy, and the options that screen shows."""

    name: str
    driver: EngineDriver
    options: tuple[Option, ...]


def options_of(driver: EngineDriver) -> tuple[Option, ...]:
    return MACHINE.render(driver.state, driver.context()).options


def plain(label: str) -> str:
    return " ".join(shown_label(label).lower().split())


def _park(name: str, driver: EngineDriver) -> Parked:
    return Parked(name, driver.copy(), options_of(driver))


def _onboarding(library: Library, places: PlaceIndex) -> Iterator[Parked]:
    d = EngineDriver(library, places, NOW)
    for move, arg, name in (
        ("say", "/start", "consent"),
        ("pick", "Đồng ý", "address"),
        ("pick", "Bác", "name"),
        ("say", "Lan", "age"),
        ("pick", "Từ 60", "place"),
        ("say", "phu", "place_pick"),
        ("pick", "Tìm lại", "place"),
        ("say", "tan cuong", "reminder"),
    ):
        getattr(d, move)(arg)
        yield _park(name, d)


def _menus(library: Library, places: PlaceIndex) -> Iterator[Parked]:
    d = EngineDriver(library, places, NOW)
    d.onboard()
    yield _park("menu", d)
    for label, name in (("Tiến độ", "progress"), ("Cài đặt", "settings"), ("Trợ giúp", "help")):
        d.pick(label)
        yield _park(name, d)
        d.say("/menu")
    d.say("/caidat")
    d.pick("Xóa dữ liệu")
    yield _park("delete", d)
    d.say("/menu")
    d.pick("Chủ đề")
    yield _park("topics", d)
    yield from _lessons(d, library)


def _lessons(topics: EngineDriver, library: Library) -> Iterator[Parked]:
    for topic in [o for o in options_of(topics) if o.id.startswith("t:")]:
        listed = topics.copy()
        listed.pick(topic.label)
        yield _park(f"lessons {topic.id}", listed)
        for lesson in [o for o in options_of(listed) if o.id.startswith("l:")]:
            reader = listed.copy()
            reader.pick(lesson.label)
            yield from _cards(reader, lesson.id)


def _cards(d: EngineDriver, lesson: str) -> Iterator[Parked]:
    while d.state.name is S.LESSON_CARD:
        yield _park(f"card {lesson}/{d.state.card}", d)
        if any(o.id == "simple" for o in options_of(d)):
            simple = d.copy()
            simple.pick("Nói lại")
            yield _park(f"card_simple {lesson}/{d.state.card}", simple)
        d.pick("Tiếp")
    if d.state.name is S.QUIZ:
        for right in (True, False):
            answering = d.copy()
            while answering.state.name is S.QUIZ:
                answering.say(_answer(answering, right))
            yield _park(f"result {lesson} {'passed' if right else 'failed'}", answering)


def _answer(d: EngineDriver, right: bool) -> str:
    shown = quiz.on_screen(d.state, d.library)
    at = shown.answer_at if shown is not None else 0
    return str(at + 1 if right else (at + 1) % len(options_of(d)) + 1)


def catalog(library: Library, places: PlaceIndex) -> list[Parked]:
    return [*_onboarding(library, places), *_menus(library, places)]


# --- finding the screen a reply was typed on ---------------------------------------------------


def _fits(wanted: Sequence[str], shown: Sequence[Option]) -> float:
    """How alike two lists of labels are, in order (0-100): the worst pair decides."""
    if len(wanted) != len(shown):
        return 0.0
    return min(fuzz.ratio(plain(a), plain(b.label)) for a, b in zip(wanted, shown, strict=True))


def find_screen(parked: Sequence[Parked], labels: Sequence[str]) -> Parked | None:
    scored = [(_fits(labels, p.options), p) for p in parked]
    best = max(scored, key=lambda item: item[0], default=(0.0, None))
    return best[1] if best[0] >= SAME else None


def quiz_screen(library: Library, places: PlaceIndex, labels: Sequence[str], address: str) -> Parked | None:
    """A quiz question whose options are `labels` (any order), shown in that order."""
    fill = Voice(address, "Lan").fill
    for question_id, (lesson, question) in library.questions.items():
        texts = [plain(fill(o.text)) for o in question.options]
        order = _order([plain(w) for w in labels], texts)
        if order is None:
            continue
        d = EngineDriver(library, places, NOW)
        d.onboard()
        d.learner = replace(d.learner, profile=replace(d.learner.profile, address=address))
        d.state = DialogState(S.QUIZ, screen=d.state.screen, lesson=lesson.id, drawn=(draw.encode(question_id, order),))
        return _park(f"quiz {question_id}", d)
    return None


def _order(wanted: Sequence[str], texts: Sequence[str]) -> list[int] | None:
    """For each wanted label, the index of the text it is (all of them, each once), or None."""
    if len(wanted) != len(texts):
        return None
    order = [max(range(len(texts)), key=lambda i, w=w: fuzz.ratio(w, texts[i])) for w in wanted]
    if sorted(order) != list(range(len(texts))):
        return None
    worst = min(fuzz.ratio(w, texts[i]) for w, i in zip(wanted, order, strict=True))
    return order if worst >= SAME else None
