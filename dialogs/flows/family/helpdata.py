"""What the shell gathers for help requests and the day's family news, and the events they emit.

Nothing here ever holds a word a learner typed: a request names a lesson and a card, and why
the tutor thinks they are stuck. bot/helping.py and bot/family_news.py fill these views only for
people the database allows, and check again before they apply an event.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from dialogs.context import Context
from dialogs.events import DomainEvent

DATA_HELP_OFFER = "family.help_offer"
DATA_NEWS = "family.news"
QUESTIONS = -1  # the card of a request made at the lesson's questions
NO_LESSON = -2  # a request made away from any lesson

Reason = Literal["misses", "quiz", "silent", "asked"]
REASONS: tuple[Reason, ...] = ("misses", "quiz", "silent", "asked")
Reply = Literal["call", "visit"]
REPLIES: tuple[Reply, ...] = ("call", "visit")


@dataclass(frozen=True, slots=True)
class HelpOffer:
    """Who would hear this learner's request: their families' ambassadors, else how many
    ambassadors are on duty in their commune; and whether one of theirs is already waiting."""

    ambassadors: tuple[str, ...] = ()
    on_duty: int = 0
    waiting: bool = False

    @property
    def anyone(self) -> bool:
        return bool(self.ambassadors or self.on_duty)


@dataclass(frozen=True, slots=True)
class HelpView:
    """One request as an ambassador allowed to answer it sees it."""

    id: int
    name: str  # how the tutor calls the learner: "bác Lan"
    family: str  # the family's name; "" when it reached the ambassador on duty
    lesson_id: str
    card: int  # QUESTIONS, NO_LESSON or the card's index
    reason: Reason
    answered: bool = False
    day: str = ""  # dd/mm, where the ambassador lives


@dataclass(frozen=True, slots=True)
class NewsItem:
    member_id: int
    name: str
    kind: Literal["lesson", "certificate"]
    subject: str  # the lesson or the module id
    congratulated: bool = False


@dataclass(frozen=True, slots=True)
class NewsData:
    """One family's news told in the last few days, for its ambassador."""

    family_id: int
    family: str
    items: tuple[NewsItem, ...] = ()


def help_offer(ctx: Context) -> HelpOffer | None:
    found = ctx.data.get(DATA_HELP_OFFER)
    return found if isinstance(found, HelpOffer) else None


def news(ctx: Context) -> NewsData | None:
    found = ctx.data.get(DATA_NEWS)
    return found if isinstance(found, NewsData) else None


# --- events (applied by bot/helping.py and bot/family_news.py, which check everything again) ---


@dataclass(frozen=True, slots=True)
class HelpRequested(DomainEvent):
    """The learner agreed that their ambassador hears where they are stuck."""

    lesson_id: str
    card: int
    reason: Reason


@dataclass(frozen=True, slots=True)
class HelpReplied(DomainEvent):
    request_id: int
    reply: Reply


@dataclass(frozen=True, slots=True)
class HelpGiven(DomainEvent):
    """The ambassador helped in person: recorded as a guided session."""

    request_id: int


@dataclass(frozen=True, slots=True)
class Congratulated(DomainEvent):
    family_id: int
    member_id: int


@dataclass(frozen=True, slots=True)
class DutySet(DomainEvent):
    on: bool
