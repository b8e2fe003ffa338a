"""The engine driver plus what the shell's view says about today's failed quiz attempts.

The shell counts "failed" events since the learner's local midnight (repo.learner_view);
this driver does the same from the events the engine emits, so pure tests see the daily
limit exactly as a learner on Telegram would.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from content.library import Library
from content.places import PlaceIndex
from dialogs.context import Context
from dialogs.events import Event, QuizFinished
from dialogs.flows.quiz import on_screen
from dialogs.messages import Choices, Inbound, Outbound, Text
from dialogs.state import StateName
from tests.engine_driver import EngineDriver

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass
class Learner(EngineDriver):
    failures: list[tuple[datetime, str]] = field(default_factory=list)
    # Moves the clock after every message, as a real conversation takes time.
    pace: timedelta = timedelta(seconds=20)
    messages: int = 0

    def context(self) -> Context:
        today = self.now.astimezone(ZONE).date()
        counts = Counter(lesson for at, lesson in self.failures if at.astimezone(ZONE).date() == today)
        self.learner = replace(self.learner, failed_today=dict(counts))
        return super().context()

    def copy(self) -> Learner:
        return replace(self, data=dict(self.data), failures=list(self.failures))

    def send(self, inbound: Inbound) -> tuple[Outbound, ...]:
        sent = super().send(inbound)
        self.messages += 1
        self.now += self.pace
        return sent

    def _apply(self, event: Event) -> None:
        super()._apply(event)
        # The shell stores events only for learners who consented (tutor._record).
        if isinstance(event, QuizFinished) and not event.passed and self.learner.profile.consent:
            self.failures.append((self.now, event.lesson_id))

    def send_choice(self, screen: Choices, place: int) -> tuple[Outbound, ...]:
        """Tap the button at `place` (from 0) of `screen`."""
        return self.send(Inbound.choice(screen.options[place].id, screen.screen))

    def right(self) -> str:
        """The number of the right answer on the question shown now."""
        shown = on_screen(self.state, self.library)
        assert shown is not None, self.state.name
        return str(shown.answer_at + 1)

    def wrong(self) -> str:
        shown = on_screen(self.state, self.library)
        assert shown is not None, self.state.name
        return str((shown.answer_at + 1) % len(shown.order) + 1)

    def read_to_quiz(self) -> None:
        while self.state.name is StateName.LESSON_CARD:
            self.pick("Tiếp")

    def answer_all(self, right: int) -> None:
        """Answer the open quiz: the first `right` questions rightly, the others wrongly."""
        asked = 0
        while self.state.name is StateName.QUIZ:
            self.say(self.right() if asked < right else self.wrong())
            asked += 1

    def texts(self) -> str:
        assert self.last is not None
        return "\n".join(m.text for m in self.last.messages if isinstance(m, Text | Choices))


def learner(library: Library, places: PlaceIndex, now: datetime) -> Learner:
    found = Learner(library, places, now)
    found.onboard()
    return found
