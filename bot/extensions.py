"""How a shell feature plugs into a turn without editing the turn itself.

- A *gatherer* reads what a flow needs from storage before the pure step (ctx.data).
- An *effect* applies one kind of domain event after the step, in the same transaction.
A feature is a plain value listing both, built by bootstrap() with the feature's own settings;
nothing registers itself at import time. Every privileged effect checks roles in the database.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from bot.keys import ConversationKey
from bot.storage import turn_queue
from bot.storage.learner_record import LearnerFields
from bot.storage.models import Learner
from bot.storage.turn_queue import QueuedTurn
from content.library import Library
from content.places import PlaceIndex
from dialogs.context import DialogSettings, Readers
from dialogs.engine import Machine
from dialogs.events import DomainEvent
from dialogs.messages import Inbound, Outbound
from dialogs.state import DialogState


@dataclass(frozen=True)
class Shared:
    """What every turn shares, built once by bootstrap()."""

    machine: Machine
    library: Library
    places: PlaceIndex
    timezone: str
    dialog_settings: DialogSettings
    readers: Readers = field(default_factory=Readers)


class OrmDoor(Protocol):
    """Opens the ORM inside the turn's own transaction, the first time a feature asks."""

    def session(self) -> AsyncSession: ...

    def learner(self) -> Learner: ...

    def current(self) -> LearnerFields: ...


@dataclass(frozen=True)
class _Open:
    opened_session: AsyncSession
    opened_learner: Learner

    def session(self) -> AsyncSession:
        return self.opened_session

    def learner(self) -> Learner:
        return self.opened_learner

    def current(self) -> LearnerFields:
        return self.opened_learner


class TurnScope:
    """What a gatherer or an effect is given. The turn passes a `door` instead of a session and
    a learner: they are opened when a feature first uses them, so a turn no feature touches
    never builds the ORM (bot/storage/turn_orm.py)."""

    def __init__(
        self,
        session: AsyncSession | None,
        learner: Learner | None,
        key: ConversationKey,
        now: datetime,
        shared: Shared,
        inbound: Inbound,
        door: OrmDoor | None = None,
    ) -> None:
        if door is None:
            if session is None or learner is None:
                raise ValueError("a turn scope needs a session and a learner, or a door that opens them")
            door = _Open(session, learner)
        self.door, self.key, self.now, self.shared, self.inbound = door, key, now, shared, inbound
        # Extra messages an effect wants shown after the step's own (e.g. an invite QR image).
        self.notes: list[Outbound] = []
        # Turns of other learners this turn queued (a family push): run once it has committed.
        self.followups: list[QueuedTurn] = []

    @property
    def session(self) -> AsyncSession:
        return self.door.session()

    @property
    def learner(self) -> Learner:
        return self.door.learner()

    @property
    def current(self) -> LearnerFields:
        """The learner's fields as the turn has them so far, to read: unlike `learner` this opens
        no ORM row, so a gatherer that only reads them leaves the turn on its Core write."""
        return self.door.current()

    @property
    def inbound_from_learner(self) -> bool:
        return self.inbound.from_learner

    async def queue_turn(
        self, learner: Learner, inbound: Inbound, outbox_kind: str, *, priority: int, not_before: datetime
    ) -> None:
        """Change another learner's conversation the only way it may change: as their own turn
        (dedup, their lock, the step), queued in this turn's transaction and run right after it
        commits; their messages wait in the outbox until `not_before` (their quiet hours)."""
        queued = await turn_queue.add(
            self.session, learner, inbound, outbox_kind, self.now, priority=priority, not_before=not_before
        )
        self.followups.append(queued)


Gatherer = Callable[[TurnScope, DialogState, Inbound], Awaitable[dict[str, object]]]
Effect = Callable[[TurnScope, Any], Awaitable[None]]


@dataclass(frozen=True)
class Feature:
    name: str
    gatherers: tuple[Gatherer, ...] = ()
    effects: Mapping[type[DomainEvent], Effect] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Features:
    """Every feature's gatherers in order, and one effect per event type."""

    gatherers: tuple[Gatherer, ...]
    effects: Mapping[type[DomainEvent], Effect]

    @classmethod
    def of(cls, features: tuple[Feature, ...]) -> Features:
        effects: dict[type[DomainEvent], Effect] = {}
        for feature in features:
            for kind, apply in feature.effects.items():
                if kind in effects:
                    raise ValueError(f"two features apply {kind.__name__}")
                effects[kind] = apply
        gatherers = tuple(g for feature in features for g in feature.gatherers)
        return cls(gatherers, MappingProxyType(effects))
