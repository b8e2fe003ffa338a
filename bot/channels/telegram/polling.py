"""Long polling with getUpdates, and in-order, in-parallel handling of what arrives."""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import Callable, Coroutine, Hashable
from typing import Any

from aiogram import Bot
from aiogram.exceptions import AiogramError, TelegramRetryAfter, TelegramUnauthorizedError
from aiogram.types import Update

from bot.channels.telegram.inbound import ALLOWED_UPDATES, order_key

log = logging.getLogger(__name__)
MAX_BACKOFF = 30.0


class Lanes:
    """One lane per chat: a chat's updates run one after another, different chats at once.

    The tutor's per-learner lock already serialises turns, but only once a turn reaches
    it; chaining here keeps "1" then "2" typed quickly in the order they were typed.
    """

    def __init__(self) -> None:
        self._tails: dict[Hashable, asyncio.Task[None]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def run(self, lane: Hashable, work: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        task = asyncio.create_task(self._after(self._tails.get(lane), work))
        self._tails[lane] = task
        self._tasks.add(task)
        task.add_done_callback(lambda done: self._finished(lane, done))
        return task

    @staticmethod
    async def _after(previous: asyncio.Task[None] | None, work: Coroutine[Any, Any, None]) -> None:
        if previous is not None:
            await asyncio.wait([previous])
        await work

    def _finished(self, lane: Hashable, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if self._tails.get(lane) is task:
            del self._tails[lane]
        error = None if task.cancelled() else task.exception()
        if error is not None:
            # Where it failed, not the exception's text: that may quote what the learner wrote.
            where = "".join(traceback.format_tb(error.__traceback__))
            log.error("telegram update failed: %s\n%s", type(error).__name__, where)

    async def drained(self) -> None:
        """Wait until every update received so far has been handled."""
        while self._tasks:
            await asyncio.wait(list(self._tasks))

    async def cancel(self) -> None:
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


class Poller:
    def __init__(
        self, bot: Bot, handle: Callable[[Update], Coroutine[Any, Any, None]], lanes: Lanes, timeout: int
    ) -> None:
        self.bot, self.handle, self.lanes, self.timeout = bot, handle, lanes, timeout

    async def run(self) -> None:
        offset: int | None = None
        backoff = 1.0
        while True:
            try:
                updates = await self.bot.get_updates(
                    offset=offset,
                    timeout=self.timeout,
                    allowed_updates=ALLOWED_UPDATES,
                    request_timeout=self.timeout + 10,
                )
            except TelegramRetryAfter as error:
                await asyncio.sleep(error.retry_after)
                continue
            except TelegramUnauthorizedError:
                log.error("Telegram refused TELEGRAM_BOT_TOKEN; polling stopped")
                return
            except (AiogramError, TimeoutError) as error:
                # The network drops, the Bot API restarts: keep trying, a little slower each time.
                log.warning("getUpdates failed (%s); retrying in %.0fs", type(error).__name__, backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF)
                continue
            backoff = 1.0
            for update in updates:
                # Confirmed on the next call; a repeat after a crash is dropped by the tutor's dedup.
                offset = update.update_id + 1
                self.lanes.run(order_key(update), self.handle(update))
