"""The contract every messaging channel fulfils, and the closed set of send outcomes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from aiohttp import web

from bot.health import Health
from bot.outbox import Doorbell
from bot.ratelimit import Limiter
from dialogs.messages import Outbound

# Draws an image the engine names by key (e.g. "certificate:HV7K2Q9P"); None if unknown.
MediaSource = Callable[[str], Awaitable[bytes | None]]


class SendError(Exception):
    """Base of the four outcomes a sender branches on; never on HTTP codes."""


class Blocked(SendError):
    """The person blocked the bot or the account is gone: mark them unreachable."""


class Throttled(SendError):
    def __init__(self, retry_after: float, detail: str = "") -> None:
        super().__init__(detail or f"retry after {retry_after}s")
        self.retry_after = retry_after


class Transient(SendError):
    """A 5xx, a timeout, a dropped connection: try again later, with back-off."""


class Permanent(SendError):
    """The request itself is wrong (bad chat id, message too long): log and drop."""


@asynccontextmanager
async def _no_pacing() -> AsyncIterator[None]:
    yield


@dataclass
class Delivery:
    """One outbox row on its way: how far an earlier attempt got, and how to pace each message.

    A channel counts every platform message it delivers (`done`) and skips the ones an
    earlier attempt delivered, so a 429 on the second message never repeats the first.
    Actions that are not messages (typing, answering a button) are neither counted nor paced.
    """

    reply: bool = False  # a learner is waiting: show activity, edit the tapped message
    edit: str = ""  # the platform message the learner tapped, if the reply may replace it
    done: int = 0
    pace: Callable[[], AbstractAsyncContextManager[None]] = _no_pacing
    _seen: int = 0

    def already_sent(self) -> bool:
        """Called once per platform message, in order: True if an earlier attempt sent it."""
        self._seen += 1
        return self._seen <= self.done

    def sent(self) -> None:
        self.done += 1


class Channel(Protocol):
    name: str

    async def send(self, chat_id: str, messages: Sequence[Outbound], delivery: Delivery | None = None) -> None:
        """Deliver messages in order; raise one of the SendError subclasses on failure."""

    async def start(self) -> None:
        """Begin receiving (start polling, or register the webhook)."""

    async def stop(self) -> None: ...

    def routes(self) -> list[web.RouteDef]:
        """Webhook endpoints for the shared web server; empty in polling mode."""


class Listener(Channel, Protocol):
    """A channel that also receives: its turns ring `doorbell`, its sender paces with `limiter`,
    and its polling loop (if any) reports to `health`."""

    doorbell: Doorbell
    limiter: Limiter
    health: Health | None


@runtime_checkable
class NamedBot(Protocol):
    """A channel whose links name the bot (Telegram's t.me/<username>): it can ask the platform."""

    async def ask_username(self) -> str:
        """The bot's username as the platform says it, or "" when it cannot be asked now."""
        ...
