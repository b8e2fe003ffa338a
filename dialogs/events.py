"""Domain events the engine emits; the shell persists and reacts to them.

Every event is a frozen dataclass deriving from DomainEvent, so a flow can declare its own
events in its own module and the shell can register how to apply them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


class DomainEvent:
    """Marker base class of everything `step` may emit."""

    __slots__ = ()


ProfileField = Literal["consent", "address", "name", "age_group", "place", "reminder_time"]


@dataclass(frozen=True, slots=True)
class ProfileSet(DomainEvent):
    field: ProfileField
    value: str | bool | None


@dataclass(frozen=True, slots=True)
class LessonStarted(DomainEvent):
    lesson_id: str
    version: int


@dataclass(frozen=True, slots=True)
class AnswerGiven(DomainEvent):
    lesson_id: str
    version: int
    question_id: str
    option: int
    correct: bool
    during: Literal["quiz", "review"]


@dataclass(frozen=True, slots=True)
class QuizFinished(DomainEvent):
    lesson_id: str
    version: int
    score: int
    total: int
    passed: bool


@dataclass(frozen=True, slots=True)
class CertificateEarned(DomainEvent):
    module_id: str


@dataclass(frozen=True, slots=True)
class SensitiveDataWarned(DomainEvent):
    kind: Literal["id_number", "card_number", "otp"]


@dataclass(frozen=True, slots=True)
class DataDeletionConfirmed(DomainEvent):
    pass


@dataclass(frozen=True, slots=True)
class AnnouncementsSet(DomainEvent):
    """The learner turned admins' announcements on or off in Settings."""

    on: bool


@dataclass(frozen=True, slots=True)
class RemindersOff(DomainEvent):
    pass


Event = DomainEvent
