"""When the next reminder is due: the learner's chosen time, their zone, quiet hours, back-off.

Pure and typed: no database, no clock of its own. The shell stores the answer in
learners.next_reminder_at, and the tick finds due learners with one indexed query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "Asia/Ho_Chi_Minh"
# After this many reminders in a row without an answer, reminders stop until the learner writes.
STOP_AFTER = 10
# Someone who wrote to us this recently is learning already: a reminder now would only interrupt.
RECENTLY_ACTIVE = timedelta(hours=1)
# A reminder this late (the bot was down) is skipped: "time to learn" at the wrong hour confuses.
TOO_LATE = timedelta(hours=2)


def parse_hhmm(value: str) -> time | None:
    """'19:30' -> 19:30; anything else (including '' = no reminder) -> None."""
    hours, sep, minutes = value.partition(":")
    if not sep or not (hours.isdigit() and minutes.isdigit()) or len(minutes) != 2:
        return None
    hour, minute = int(hours), int(minutes)
    return time(hour, minute) if hour < 24 and minute < 60 else None


def zone(name: str) -> ZoneInfo:
    """The learner's zone; a name the system does not know falls back to Vietnam's."""
    try:
        return ZoneInfo(name or DEFAULT_ZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


@dataclass(frozen=True, slots=True)
class QuietHours:
    """A nightly window with no pushes, e.g. 21:00-07:00; it may wrap past midnight."""

    start: time
    end: time

    @classmethod
    def parse(cls, start: str, end: str) -> QuietHours:
        begins, ends = parse_hhmm(start), parse_hhmm(end)
        if begins is None or ends is None:
            raise ValueError(f"quiet hours must be HH:MM, got {start!r}-{end!r}")
        return cls(begins, ends)

    def contains(self, moment: time) -> bool:
        moment = moment.replace(second=0, microsecond=0, tzinfo=None)
        if self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end

    def end_after(self, local: datetime) -> datetime:
        """The first end of quiet hours strictly after `local` (an aware local time)."""
        candidate = local.replace(hour=self.end.hour, minute=self.end.minute, second=0, microsecond=0)
        return candidate if candidate > local else candidate + timedelta(days=1)

    def release(self, when: datetime, tz: str) -> datetime:
        """`when` itself if outside quiet hours in zone `tz`, else the end of those quiet hours (UTC)."""
        local = when.astimezone(zone(tz))
        return when if not self.contains(local.time()) else self.end_after(local).astimezone(UTC)


def interval_days(ignored: int) -> int | None:
    """Days between reminders after `ignored` unanswered ones; None once they stop."""
    if ignored >= STOP_AFTER:
        return None
    if ignored >= 7:
        return 7
    if ignored >= 3:
        return 3
    return 1


def next_due(
    now: datetime, reminder_time: str, tz: str, ignored: int, quiet: QuietHours | None = None
) -> datetime | None:
    """The next reminder (UTC) strictly after `now`, or None: no time chosen, or backed off to a stop.

    With `quiet`, a chosen time inside quiet hours moves to their end. Without it the raw time
    is returned and the tick applies quiet hours when the reminder falls due (the turn that
    computes it does not hold the settings).
    """
    at, gap = parse_hhmm(reminder_time), interval_days(ignored)
    if at is None or gap is None:
        return None
    local = now.astimezone(zone(tz)) + timedelta(days=gap - 1)
    candidate = local.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    if candidate <= local:
        candidate += timedelta(days=1)
    if quiet is not None and quiet.contains(candidate.time()):
        candidate = quiet.end_after(candidate)
    return candidate.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class DueReminder:
    """What the tick read about one learner whose reminder fell due."""

    learner_id: int
    channel: str
    bot: str
    chat_id: str
    user_id: str
    reminder_time: str
    timezone: str
    ignored: int
    due: datetime
    last_seen_at: datetime
    reachable: bool


Action = Literal["send", "postpone", "stop"]


@dataclass(frozen=True, slots=True)
class Decision:
    action: Action
    # For "postpone": when to look again. "send" advances inside the reminder's own turn.
    next_at: datetime | None = None


def decide(row: DueReminder, now: datetime, quiet: QuietHours) -> Decision:
    """Send now, look again later, or stop: never in quiet hours, never to someone mid-lesson."""
    if not row.reachable or parse_hhmm(row.reminder_time) is None or row.ignored >= STOP_AFTER:
        return Decision("stop")
    local = now.astimezone(zone(row.timezone))
    if quiet.contains(local.time()):
        return Decision("postpone", quiet.end_after(local).astimezone(UTC))
    if now - row.last_seen_at < RECENTLY_ACTIVE:
        # They are here already; the next one is due as if this one had been answered.
        return Decision("postpone", next_due(now, row.reminder_time, row.timezone, 0, quiet))
    if now - row.due > TOO_LATE:
        return Decision("postpone", next_due(now, row.reminder_time, row.timezone, row.ignored, quiet))
    return Decision("send")
