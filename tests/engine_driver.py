"""Drive the pure engine without a database: a tiny in-memory stand-in for the shell."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from content.library import Library
from content.places import PlaceIndex
from content.scam import load_scam_checker
from content.schema import Question
from content.search import build_index
from dialogs.context import CertificateView, Context, LearnerView, LessonProgress, Readers
from dialogs.core import Step
from dialogs.engine import Machine
from dialogs.events import CertificateEarned, Event, ProfileSet, QuizFinished
from dialogs.flows import draw
from dialogs.flows.standard import standard
from dialogs.messages import Choices, Inbound, Outbound
from dialogs.state import DialogState, StateName

# The engine with the standard flows: immutable, so one is shared by every driver.
MACHINE = Machine(standard())
_READERS: dict[int, Readers] = {}


def readers_for(library: Library) -> Readers:
    """The start-up readers for a library, built once per library the tests load."""
    found = _READERS.get(id(library))
    if found is None:
        found = _READERS[id(library)] = Readers(search=build_index(library), scam=load_scam_checker())
    return found


@dataclass
class EngineDriver:
    library: Library
    places: PlaceIndex
    now: datetime
    state: DialogState = field(default_factory=DialogState)
    learner: LearnerView = field(default_factory=LearnerView)
    last: Step | None = None
    # What the shell's gatherers would have read (families, broadcast counts...).
    data: dict[str, object] = field(default_factory=dict)

    def context(self) -> Context:
        return Context(
            MACHINE,
            self.library,
            self.places,
            self.now,
            self.learner,
            data=self.data,
            readers=readers_for(self.library),
        )

    def copy(self) -> EngineDriver:
        return replace(self, data=dict(self.data))

    def send(self, inbound: Inbound) -> tuple[Outbound, ...]:
        self.last = MACHINE.step(self.state, inbound, self.context())
        self.state = self.last.state
        for event in self.last.events:
            self._apply(event)
        return self.last.messages

    def say(self, text: str) -> tuple[Outbound, ...]:
        return self.send(Inbound.from_text(text))

    def pick(self, label_start: str) -> tuple[Outbound, ...]:
        screen = self.screen()
        option = next(o for o in screen.options if o.label.startswith(label_start))
        return self.send(Inbound.choice(option.id, screen.screen))

    def screen(self) -> Choices:
        assert self.last is not None
        return [m for m in self.last.messages if isinstance(m, Choices)][-1]

    def _apply(self, event: Event) -> None:
        learner = self.learner
        if isinstance(event, ProfileSet):
            value = event.value if event.value is not None else ""
            self.learner = replace(learner, profile=replace(learner.profile, **{event.field: value}))
        elif isinstance(event, QuizFinished) and event.passed:
            lessons = {**learner.lessons, event.lesson_id: LessonProgress("completed", event.score, event.total)}
            self.learner = replace(learner, lessons=lessons)
        elif isinstance(event, CertificateEarned):
            certs = (*learner.certificates, CertificateView(event.module_id, "HVTEST"))
            self.learner = replace(learner, certificates=certs)

    def onboard(self) -> None:
        for action in (
            ("say", "/start"),
            ("pick", "Đồng ý"),
            ("pick", "Bác"),
            ("say", "Lan"),
            ("pick", "Từ 60"),
            ("say", "tan cuong"),
            ("pick", "7 giờ tối"),
        ):
            getattr(self, action[0])(action[1])
        assert self.state.name is StateName.MENU


SCAM_SAMPLE = (
    "Vietcombank thong bao: tai khoan cua quy khach bi tam khoa. Vui long truy cap vcb-xacminh[.]top "
    "va nhap ma OTP de mo khoa trong 24h."
)


def reach_every_state(library: Library, places: PlaceIndex, now: datetime) -> dict[StateName, EngineDriver]:
    """One driver parked in each state, reached the way a learner would."""
    found: dict[StateName, EngineDriver] = {}

    def fresh() -> EngineDriver:
        return EngineDriver(library, places, now)

    def keep(driver: EngineDriver) -> None:
        found.setdefault(driver.state.name, replace(driver))

    d = fresh()
    keep(d)
    for move in (
        ("say", "/start"),
        ("pick", "Đồng ý"),
        ("pick", "Bác"),
        ("say", "Lan"),
        ("pick", "Từ 60"),
        ("say", "phu"),
        ("pick", "Tìm lại"),
        ("say", "tan cuong"),
        ("pick", "7 giờ tối"),
    ):
        keep(d)
        getattr(d, move[0])(move[1])
    keep(d)
    for label in ("Chủ đề", "Tiến độ", "Cài đặt", "Trợ giúp"):
        d.pick(label)
        keep(d)
        d.pick("Về menu")
    d.pick("Chủ đề")
    d.pick("VNeID")
    keep(d)
    d.pick(d.screen().options[0].label)
    keep(d)
    while d.state.name is StateName.LESSON_CARD:
        d.pick("Tiếp")
    keep(d)
    while d.state.name is StateName.QUIZ:
        d.say("1")
    keep(d)
    w = d.copy()  # failed twice today (as the shell's view would say): the quiz waits
    w.learner = replace(w.learner, failed_today={w.state.lesson: 2})
    w.pick("Làm lại")
    keep(w)
    d.say("/caidat")
    d.pick("Xóa dữ liệu")
    keep(d)
    a = fresh()
    a.onboard()
    for text in ("mã OTP là gì vậy?", "/kiemtra", SCAM_SAMPLE):
        a.say(text)
        keep(a)
    r = fresh()
    r.onboard()
    r.learner = replace(r.learner, due_reviews=tuple(q.id for q in library.lessons["vneid-hai-muc"].quiz))
    r.pick("Ôn tập")
    keep(r)
    from tests.test_families import reach_family_states  # the family screens need gathered data

    for name, driver in reach_family_states(library, places, now).items():
        found.setdefault(name, driver)
    from tests.test_broadcasts import park_in_broadcast_states  # admin screens, with gathered counts

    for name, driver in park_in_broadcast_states(library, places).items():
        found.setdefault(name, driver)
    return found


def at_lesson_list(library: Library, places: PlaceIndex, now: datetime, topic: str) -> EngineDriver:
    """An onboarded learner looking at one topic's list of lessons."""
    driver = EngineDriver(library, places, now)
    driver.onboard()
    driver.say("chu de")
    driver.send(Inbound.choice(f"t:{topic}", driver.screen().screen))
    assert driver.state.name is StateName.LESSONS and driver.state.topic == topic
    return driver


def on_quiz_showing(
    library: Library, places: PlaceIndex, now: datetime, texts: set[str]
) -> tuple[EngineDriver, Question]:
    """An onboarded learner on the first quiz question whose options include these texts, in
    the file's order."""
    found = [(lesson, qid, q) for qid, (lesson, q) in library.questions.items() if {o.text for o in q.options} >= texts]
    assert found
    lesson, qid, question = found[0]
    driver = EngineDriver(library, places, now)
    driver.onboard()
    order = list(range(len(question.options)))
    driver.state = DialogState(
        StateName.QUIZ, screen=driver.state.screen, lesson=lesson.id, drawn=(draw.encode(qid, order),)
    )
    return driver, question
