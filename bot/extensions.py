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
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.keys import ConversationKey
from bot.storage.models import Learner
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


@dataclass
class TurnScope:
    session: AsyncSession
    learner: Learner
    key: ConversationKey
    now: datetime
    shared: Shared
    inbound: Inbound
    # Extra messages an effect wants shown after the step's own (e.g. an invite QR image).
    notes: list[Outbound] = field(default_factory=list)

    @property
    def inbound_from_learner(self) -> bool:
        return self.inbound.from_learner


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
