"""The reminder rhythm of one learner, moved on by the Tutor as part of every turn.

A reminder's own turn counts one more ignored reminder and schedules the next (backing off);
anything the learner sends resets the rhythm; a reminder time chosen, changed or cleared in
the step reschedules from it. Turns the learner did not start leave `last_seen_at` alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.storage.learner_record import LearnerFields
from dialogs.events import Event, ProfileSet, RemindersOff
from dialogs.flows.reminders import ReminderInfo
from dialogs.messages import Inbound, InboundKind
from scheduler.reminders import STOP_AFTER, next_due, parse_hhmm


def preview(learner: LearnerFields) -> ReminderInfo:
    """What a due reminder's turn will be, told to the reminder screen before the step."""
    if parse_hhmm(learner.reminder_time) is None:  # turned off after the tick claimed it
        return ReminderInfo(off=True)
    return ReminderInfo(last=learner.reminders_ignored + 1 >= STOP_AFTER)


def _time_changed(events: Iterable[Event]) -> bool:
    for event in events:
        if isinstance(event, RemindersOff):
            return True
        if isinstance(event, ProfileSet) and event.field in ("reminder_time", "consent"):
            return True
    return False


def apply(learner: LearnerFields, inbound: Inbound, events: Iterable[Event], now: datetime) -> None:
    """After the step's events changed the learner row: seen, rhythm, next reminder."""
    if inbound.from_learner:
        learner.last_seen_at = now
    when = learner.reminder_time
    if inbound.kind is InboundKind.REMINDER:
        if parse_hhmm(when) is not None:
            learner.reminders_ignored += 1
            learner.last_reminded_at = now
    elif _time_changed(events) or (
        inbound.from_learner and (learner.reminders_ignored or (when and learner.next_reminder_at is None))
    ):
        learner.reminders_ignored = 0
    else:
        return
    learner.next_reminder_at = next_due(now, when, learner.timezone, learner.reminders_ignored) if when else None
