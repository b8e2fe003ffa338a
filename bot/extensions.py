"""Where features plug into a turn without editing the turn itself.

- A *gatherer* reads what a flow needs from storage before the pure step (ctx.data).
- An *effect* applies one kind of domain event after the step, in the same transaction.
Both receive a TurnScope; every privileged effect must check roles in the database.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from bot.keys import ConversationKey
from bot.storage.models import Learner
from dialogs.events import DomainEvent
from dialogs.messages import Inbound, Outbound
from dialogs.state import DialogState

if TYPE_CHECKING:
    from bot.tutor import Tutor


@dataclass
class TurnScope:
    session: AsyncSession
    learner: Learner
    key: ConversationKey
    now: datetime
    tutor: Tutor
    # False for turns the scheduler starts (a due reminder); True when the person wrote.
    inbound_from_learner: bool = True
    # Extra messages an effect wants shown after the step's own (e.g. an invite QR image).
    notes: list[Outbound] = field(default_factory=list)


Gatherer = Callable[[TurnScope, DialogState, Inbound], Awaitable[dict[str, object]]]
Effect = Callable[[TurnScope, Any], Awaitable[None]]
E = TypeVar("E", bound=DomainEvent)

GATHERERS: list[Gatherer] = []
EFFECTS: dict[type[DomainEvent], Effect] = {}


def gatherer(fn: Gatherer) -> Gatherer:
    GATHERERS.append(fn)
    return fn


def effect(event_type: type[E]) -> Callable[[Callable[[TurnScope, E], Awaitable[None]]], Effect]:
    def add(fn: Callable[[TurnScope, E], Awaitable[None]]) -> Effect:
        EFFECTS[event_type] = fn
        return fn

    return add
