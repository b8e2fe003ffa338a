"""What becomes of an outbox row after a try: the retry rules, apart from the sending loop.

- Throttled: the row waits `retry_after`; being asked to wait is not a failed try.
- Transient: tried again after an exponential back-off with jitter (1 s, 2 s, 4 s... at
  most a minute, each drawn from its upper half so a crowd of rows spreads out), until
  `window` seconds after the first failure of the run; then it has failed.
- Blocked: the learner is unreachable. Permanent: failed at once. Both are counted.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.channels.base import Blocked, SendError, Throttled, Transient
from bot.outbox import Claimed

DEFAULT_WINDOW = 900.0  # OUTBOX_RETRY_WINDOW_SECONDS
FIRST_RETRY = 1.0
MAX_RETRY = 60.0
# When this many sends in a row failed, the platform is down for everyone: the sender
# pauses as a whole (0.5 s, doubling, at most BREAKER_MAX) instead of trying every row.
BREAKER_FROM = 3
BREAKER_MAX = 30.0


class Paused(Throttled):
    """Not the platform's answer: the sender is paused and the row waits with the rest."""


@dataclass(frozen=True, slots=True)
class Outcome:
    values: dict[str, object] = field(default_factory=dict)
    counted: str = ""
    log: str = ""  # why a row ends badly, for the operator (no message text, no ids of people)
    unreachable: bool = False


class Policy:
    def __init__(self, window: float, rng: random.Random) -> None:
        self.window, self._rng = window, rng

    def _jitter(self, ceiling: float) -> float:
        return ceiling * (0.5 + 0.5 * self._rng.random())

    def backoff(self, attempts: int) -> float:
        return self._jitter(min(MAX_RETRY, FIRST_RETRY * 2.0 ** max(0, attempts - 1)))

    def breaker(self, failures_in_a_row: int) -> float:
        if failures_in_a_row < BREAKER_FROM:
            return 0.0
        return self._jitter(min(BREAKER_MAX, 0.5 * 2.0 ** (failures_in_a_row - BREAKER_FROM)))

    def after(self, row: Claimed, error: SendError, done: int, now: datetime) -> Outcome:
        if isinstance(error, Throttled):
            waiting = {"status": "pending", "attempts": row.attempts - 1, "sent_count": done}
            waiting["not_before"] = now + timedelta(seconds=error.retry_after)
            return Outcome(waiting, "paused" if isinstance(error, Paused) else "throttled")
        if isinstance(error, Blocked):
            return Outcome(counted="unreachable", unreachable=True)
        kind, detail = type(error).__name__, str(error)[:200]
        if isinstance(error, Transient):
            since = row.failing_since or now
            if (now - since).total_seconds() < self.window:
                later = now + timedelta(seconds=self.backoff(row.attempts))
                values = {"status": "pending", "not_before": later, "failing_since": since, "error": detail}
                return Outcome(values | {"sent_count": done}, "retried")
            gave_up = f"failed: still {kind} {self.window:.0f} s after the first failure"
            return Outcome({"status": "failed", "error": detail, "sent_count": done}, "failed", gave_up)
        return Outcome({"status": "failed", "error": detail, "sent_count": done}, "failed", f"dropped: {kind}")


def sent(now: datetime, done: int) -> dict[str, object]:
    return {"status": "sent", "sent_at": now, "sent_count": done, "error": ""}


def released(row: Claimed) -> dict[str, object]:
    """Back to the queue untouched: it was never tried (its chat stopped, or we are stopping)."""
    return {"status": "pending", "attempts": row.attempts - 1}


def unexpected(error: Exception) -> Transient:
    return Transient(f"unexpected {type(error).__name__}")
