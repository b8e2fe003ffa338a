"""What a step's domain events change, inside the turn's transaction: the one place they are applied.

Profile fields (with the consent rules), settings, the learning-event log and what derives from
it (lesson progress, FSRS review cards, certificates), deletion, and any feature's effect.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection

from bot.extensions import Features, TurnScope
from bot.progress import LogEntry, fold_entry
from bot.storage import repo
from bot.storage import turn_store as store
from bot.storage.learner_record import LearnerFields
from bot.storage.turn_orm import TurnOrm
from dialogs.context import LearnerView
from dialogs.events import (
    AnnouncementsSet,
    AnswerGiven,
    CertificateEarned,
    DataDeletionConfirmed,
    Event,
    LessonStarted,
    ProfileSet,
    QuizFinished,
    RemindersOff,
)
from scheduler.review import schedule_answer

PERSONAL_FIELDS = ("address", "name", "age_group", "place", "reminder_time")


def set_profile(learner: LearnerFields, event: ProfileSet) -> None:
    """Someone who declines keeps nothing personal; without consent no field is kept."""
    if event.field == "consent":
        learner.consent = bool(event.value)
        if not event.value:
            for name in PERSONAL_FIELDS:
                setattr(learner, name, "")
    elif learner.consent:
        setattr(learner, event.field, event.value if isinstance(event.value, str) else "")


@dataclass
class Applied:
    codes: dict[str, str] = field(default_factory=dict)  # certificate code issued per module
    erased: bool = False  # the learner's data is gone with this turn


@dataclass
class Apply:
    conn: Connection
    orm: TurnOrm
    scope: TurnScope
    features: Features
    view: LearnerView
    new_code: Callable[[], str]
    events: list[dict[str, Any]] = field(default_factory=list)

    def run(self, step_events: Iterable[Event]) -> Applied:
        applied = Applied()
        if self.scope.inbound_from_learner:
            self.orm.current().unreachable = False  # they wrote to us, so they can be reached again
        for event in step_events:
            if isinstance(event, DataDeletionConfirmed):
                self._erase()
                applied.erased = True
                return applied
            self._one(event, applied)
        self._flush_events()
        return applied

    def _flush_events(self) -> None:
        store.add_events(self.conn, self.events)
        self.events.clear()

    def _one(self, event: Event, applied: Applied) -> None:
        learner = self.orm.current()
        if isinstance(event, ProfileSet):
            set_profile(learner, event)
        elif isinstance(event, RemindersOff):
            learner.reminder_time = ""
        elif isinstance(event, AnnouncementsSet):
            learner.announcements = event.on
        elif type(event) in self.features.effects:
            self._flush_events()  # an effect that reads the log sees this turn's entries too
            self.orm.run(self.features.effects[type(event)](self.scope, event))
        elif isinstance(event, CertificateEarned) and learner.consent:
            code = self._certify(learner, event.module_id)
            if code:
                applied.codes[event.module_id] = code
        elif learner.consent:
            self._record(learner.id, event)

    def _erase(self) -> None:
        learner_id = self.orm.record.id
        self.orm.forget_learner()
        self.events.clear()
        self.orm.run(repo.delete_personal_data(self.orm.session(), learner_id))
        self.orm.flush()

    def _record(self, learner_id: int, event: Event) -> None:
        now = self.scope.now
        if isinstance(event, LessonStarted):
            self._log(learner_id, "started", lesson_id=event.lesson_id, version=event.version)
            self._fold(LogEntry(learner_id, "started", event.lesson_id, event.version, 0, 0, now))
        elif isinstance(event, AnswerGiven):
            result = {"option": event.option, "correct": event.correct, "during": event.during}
            self._log(
                learner_id,
                "answered",
                lesson_id=event.lesson_id,
                question_id=event.question_id,
                version=event.version,
                result=result,
            )
            self._schedule_review(learner_id, event)
        elif isinstance(event, QuizFinished):
            verb = "completed" if event.passed else "failed"
            result = {"score": event.score, "total": event.total}
            self._log(learner_id, verb, lesson_id=event.lesson_id, version=event.version, result=result)
            self._fold(LogEntry(learner_id, verb, event.lesson_id, event.version, event.score, event.total, now))

    def _log(self, learner_id: int, verb: str, **fields: Any) -> None:
        self.events.append(store.event_row(learner_id, verb, self.scope.now, **fields))

    def _fold(self, entry: LogEntry) -> None:
        current = store.progress(self.conn, entry.learner_id, entry.lesson_id)
        folded = fold_entry(current, entry)
        if folded is not None and folded != current:
            store.put_progress(self.conn, entry.learner_id, entry.lesson_id, folded, known=current is not None)

    def _schedule_review(self, learner_id: int, event: AnswerGiven) -> None:
        card = store.review_card(self.conn, learner_id, event.question_id)
        scheduled = schedule_answer(card, event.correct, self.scope.now)
        if scheduled is not None:
            store.put_review_card(self.conn, learner_id, event.question_id, *scheduled, known=card is not None)

    def _certify(self, learner: LearnerFields, module_id: str) -> str | None:
        """Issue the module's certificate once; None if the learner already holds it."""
        if any(held.module_id == module_id for held in self.view.certificates):
            return None
        code = self.new_code()
        while store.certificate(self.conn, code) is not None:
            code = self.new_code()
        store.add_certificate(self.conn, code, learner, module_id, self.scope.now)
        self._log(learner.id, "certified", module_id=module_id, result={"code": code})
        return code
