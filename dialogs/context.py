"""What the engine may know about the learner and the world for one step."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol

from content.library import Library
from content.places import PlaceIndex
from content.scam import ScamChecker
from content.search import SearchIndex
from dialogs.messages import Screen
from dialogs.state import DialogState
from dialogs.understanding import Reader

LessonStatus = Literal["started", "completed"]


@dataclass(frozen=True, slots=True)
class Profile:
    consent: bool | None = None
    address: str = ""
    name: str = ""
    age_group: str = ""
    place: str = ""
    reminder_time: str = ""


@dataclass(frozen=True, slots=True)
class LessonProgress:
    status: LessonStatus
    best_score: int = 0
    total: int = 0


@dataclass(frozen=True, slots=True)
class CertificateView:
    module_id: str
    code: str


@dataclass(frozen=True, slots=True)
class LearnerView:
    profile: Profile = field(default_factory=Profile)
    lessons: Mapping[str, LessonProgress] = field(default_factory=dict)
    due_reviews: tuple[str, ...] = ()
    certificates: tuple[CertificateView, ...] = ()
    learning_days_this_week: int = 0
    # Roles as stored in the database (admin, ambassador). Flows show privileged screens
    # only to holders; the shell checks the database again before acting.
    roles: frozenset[str] = frozenset()
    announcements: bool = True
    # Failed quiz attempts per lesson since the learner's local midnight (from the event log):
    # after `DialogSettings.fails_per_day` of them the lesson's quiz waits until tomorrow.
    failed_today: Mapping[str, int] = field(default_factory=dict)
    # Whether a Digital Ambassador looks after this learner (their family's): help names them.
    has_ambassador: bool = False
    # In a digital family: the menu offers "Gia đình".
    family_member: bool = False


@dataclass(frozen=True, slots=True)
class DialogSettings:
    pass_ratio: float = 2 / 3
    # Questions drawn for one attempt from the lesson's pool (2/3 of 4 means 3 right).
    quiz_size: int = 4
    # Failed attempts at one lesson in one day before its quiz waits until the next day.
    fails_per_day: int = 2
    weekly_goal_days: int = 3
    review_batch: int = 5
    data_controller: str = "đơn vị vận hành Học Vụ Số tại địa phương"
    max_text_chars: int = 1000
    # A message pasted to be checked for scams may be longer than any answer.
    max_pasted_chars: int = 4000


@dataclass(frozen=True, slots=True)
class Verification:
    code: str
    name: str
    module_title: str
    issued_on: str


@dataclass(frozen=True)
class Readers:
    """What reads free text, each built once at start-up: replies to a screen, questions
    (the library's FAQ, glossary and cards) and pasted or forwarded messages (scam signals).
    Without `search` or `scam` the tutor simply does not answer questions or check messages."""

    reply: Reader = field(default_factory=Reader)
    search: SearchIndex | None = None
    scam: ScamChecker | None = None


class Screens(Protocol):
    """Draws any state's screen: the assembled flows (dialogs.machine.Machine)."""

    def render(self, state: DialogState, ctx: Context) -> Screen: ...


@dataclass(frozen=True, slots=True)
class Context:
    # The flows this step runs with: a flow draws the screen it moves to through them.
    screens: Screens
    library: Library
    places: PlaceIndex
    now: datetime
    learner: LearnerView = field(default_factory=LearnerView)
    settings: DialogSettings = field(default_factory=DialogSettings)
    # Filled by the shell before the step when the inbound asks to verify a code.
    verification: Verification | None = None
    # Anything else a flow needs read from storage, gathered by the shell before the step
    # (e.g. a broadcast's recipient count, an ambassador's families). Keys are per flow.
    data: Mapping[str, object] = field(default_factory=dict)
    readers: Readers = field(default_factory=Readers, repr=False)
