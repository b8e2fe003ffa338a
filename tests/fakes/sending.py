"""A channel's sender running beside it in a test, as `hocvuso run` wires them."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from bot.app import App
from bot.channels.base import Listener
from bot.ratelimit import Limiter
from bot.sender import Sender
from tests.fakes.clock import ScaledClock

SETTLE_SECONDS = 20.0  # a guard against a hang, never a delay


@contextlib.asynccontextmanager
async def sending(
    app: App, channel: Listener, clock: ScaledClock, limiter: Limiter | None = None, **options: object
) -> AsyncIterator[Sender]:
    """Run the channel's sender (woken by its doorbell) until the block ends.

    The sender keeps `clock`'s time, which runs fast: back-offs and pauses pass in
    milliseconds, and a row the platform asked to wait for becomes due by itself."""
    sender = Sender(
        channel,
        app.sessions,
        clock,
        limiter or channel.limiter,
        sleep=clock.sleep,
        doorbell=channel.doorbell,
        idle_seconds=5.0,  # 0.1 s of real time: the doorbell wakes it for anything queued
        **options,  # type: ignore[arg-type]
    )
    task = asyncio.create_task(sender.run())
    try:
        yield sender
    finally:
        sender.stop()
        await task


async def settled(channel: Listener, seconds: float = SETTLE_SECONDS) -> None:
    """Until the sender has delivered everything queued so far (or given up on it)."""
    async with asyncio.timeout(seconds):
        await channel.doorbell.settled()
