"""The contract every messaging channel fulfils, and the closed set of send outcomes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from aiohttp import web

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
    """A 5xx, a timeout, a dropped connection: try again later, a few times."""


class Permanent(SendError):
    """The request itself is wrong (bad chat id, message too long): log and drop."""


class Channel(Protocol):
    name: str

    async def send(self, chat_id: str, messages: Sequence[Outbound]) -> None:
        """Deliver messages in order; raise one of the SendError subclasses on failure."""

    async def start(self) -> None:
        """Begin receiving (start polling, or register the webhook)."""

    async def stop(self) -> None: ...

    def routes(self) -> list[web.RouteDef]:
        """Webhook endpoints for the shared web server; empty in polling mode."""
