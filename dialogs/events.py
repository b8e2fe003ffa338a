"""Domain events the engine emits; the shell persists and reacts to them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ProfileField = Literal["consent", "address", "name", "age_group", "place", "reminder_time"]


@dataclass(frozen=True, slots=True)
class ProfileSet:
    field: ProfileField
    value: str | bool | None


@dataclass(frozen=True, slots=True)
class LessonStarted:
    lesson_id: str
    version: int


@dataclass(frozen=True, slots=True)
class AnswerGiven:
    lesson_id: str
    version: int
    question_id: str
    option: int
    correct: bool
    during: Literal["quiz", "review"]


@dataclass(frozen=True, slots=True)
class QuizFinished:
    lesson_id: str
    version: int
    score: int
    total: int
    passed: bool


@dataclass(frozen=True, slots=True)
class CertificateEarned:
    module_id: str


@dataclass(frozen=True, slots=True)
class SensitiveDataWarned:
    kind: Literal["id_number", "card_number", "otp"]


@dataclass(frozen=True, slots=True)
class DataDeletionConfirmed:
    pass


@dataclass(frozen=True, slots=True)
class RemindersOff:
    pass


Event = (
    ProfileSet
    | LessonStarted
    | AnswerGiven
    | QuizFinished
    | CertificateEarned
    | SensitiveDataWarned
    | DataDeletionConfirmed
    | RemindersOff
)
