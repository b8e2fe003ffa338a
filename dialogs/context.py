"""What the engine may know about the learner and the world for one step."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, Protocol

from content.library import Library
from content.places import PlaceIndex
from dialogs.messages import Screen
from dialogs.state import DialogState

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


@dataclass(frozen=True, slots=True)
class DialogSettings:
    pass_ratio: float = 2 / 3
    weekly_goal_days: int = 3
    review_batch: int = 5
    data_controller: str = "đơn vị vận hành Học Vụ Số tại địa phương"
    max_text_chars: int = 1000


@dataclass(frozen=True, slots=True)
class Verification:
    code: str
    name: str
    module_title: str
    issued_on: str


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
