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

from bot.channels.failures import database_trouble
from bot.channels.telegram.inbound import ALLOWED_UPDATES, order_key
from bot.health import Health, Incident

log = logging.getLogger(__name__)
MAX_BACKOFF = 30.0


class Lanes:
    """One lane per chat: a chat's updates run one after another, different chats at once.

    The tutor's per-learner lock already serialises turns, but only once a turn reaches
    it; chaining here keeps "1" then "2" typed quickly in the order they were typed.
    """

    def __init__(self, logger: logging.Logger = log) -> None:
        self._log = logger
        self._tails: dict[Hashable, asyncio.Task[None]] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def run(self, lane: Hashable, work: Coroutine[Any, Any, None], report: bool = True) -> asyncio.Task[None]:
        """Start `work` after the lane's previous work; `report=False` when the caller logs failures."""
        task = asyncio.create_task(self._after(self._tails.get(lane), work))
        self._tails[lane] = task
        self._tasks.add(task)
        task.add_done_callback(lambda done: self._finished(lane, done, report))
        return task

    @staticmethod
    async def _after(previous: asyncio.Task[None] | None, work: Coroutine[Any, Any, None]) -> None:
        if previous is not None:
            await asyncio.wait([previous])
        await work

    def _finished(self, lane: Hashable, task: asyncio.Task[None], report: bool) -> None:
        self._tasks.discard(task)
        if self._tails.get(lane) is task:
            del self._tails[lane]
        error = None if task.cancelled() else task.exception()
        if error is not None and report and not database_trouble(error):
            # Where it failed, not the exception's text: that may quote what the learner wrote.
            where = "".join(traceback.format_tb(error.__traceback__))
            self._log.error("telegram update failed: %s\n%s", type(error).__name__, where)

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
    """getUpdates again and again. A batch is confirmed (by asking past it) once handled; an
    update whose turn failed for want of the database is fetched again, so none is lost."""

    NAME = "telegram-polling"

    def __init__(
        self,
        bot: Bot,
        handle: Callable[[Update], Coroutine[Any, Any, None]],
        lanes: Lanes,
        timeout: int,
        health: Health | None = None,
    ) -> None:
        self.bot, self.handle, self.lanes, self.timeout, self.health = bot, handle, lanes, timeout, health
        self._network = Incident(log, "telegram getUpdates")
        self._database = Incident(log, f"{self.NAME}: database", health)

    async def run(self) -> None:
        offset: int | None = None
        while True:
            if self.health is not None:
                self.health.beat(self.NAME, self.timeout + 10 + MAX_BACKOFF + 30)
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
                self._network.failed(error)
                await asyncio.sleep(self._network.backoff(1.0, MAX_BACKOFF))
                continue
            self._network.recovered()
            offset = await self._handle_all(updates, offset)

    async def _handle_all(self, updates: list[Update], offset: int | None) -> int | None:
        """Handle a batch; the offset to ask from next (the first update to fetch again, if any)."""
        if not updates:
            return offset
        tasks = [(u.update_id, self.lanes.run(order_key(u), self.handle(u))) for u in updates]
        await asyncio.wait([task for _, task in tasks])
        trouble = {uid: error for uid, task in tasks if (error := _failure(task)) and database_trouble(error)}
        if not trouble:
            self._database.recovered()
            return max(uid for uid, _ in tasks) + 1
        first = min(trouble)
        self._database.failed(trouble[first])
        await asyncio.sleep(self._database.backoff(1.0, MAX_BACKOFF))
        return first  # those before it were stored; the tutor drops any that come again


def _failure(task: asyncio.Task[None]) -> BaseException | None:
    return None if task.cancelled() else task.exception()
