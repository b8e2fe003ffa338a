"""One outbox row as Bot API calls: in order, paced per message, resumed where a retry left off."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

from aiogram import Bot
from aiogram.exceptions import AiogramError, TelegramBadRequest
from aiogram.methods import AnswerCallbackQuery, EditMessageText, SendChatAction

from bot.channels.base import Delivery
from bot.channels.telegram.errors import send_error
from bot.channels.telegram.render import Call, Renderer, as_new_message
from dialogs.messages import Outbound

# Not messages: they only stop a spinner or show activity, so they take no place in the
# rate limits, are not counted as delivered, and their failure costs the learner nothing.
COURTESIES = (AnswerCallbackQuery, SendChatAction)
# Seconds one call may take before it counts as a transient failure: well inside the time
# after which another sender would take the row for abandoned (bot/outbox.py STALE_CLAIM).
SEND_TIMEOUT = 20
COURTESY_TIMEOUT = 3  # a typing action that hangs must not hold the reply up


class Outgoing:
    def __init__(self, bot: Bot, renderer: Renderer) -> None:
        self.bot, self.renderer = bot, renderer

    async def send(self, chat_id: str, messages: Sequence[Outbound], delivery: Delivery) -> None:
        """Deliver in order; raise one of the SendError subclasses on failure."""
        edit = int(delivery.edit) if delivery.edit.isdecimal() else None
        for message in messages:
            calls = self.renderer.calls(chat_id, message, typing=delivery.reply, edit=edit)
            async with contextlib.aclosing(calls) as each:
                async for call in each:
                    if isinstance(call, EditMessageText):
                        edit = None  # one tapped message, replaced at most once
                    await self._one(call, delivery)

    async def _one(self, call: Call, delivery: Delivery) -> None:
        if isinstance(call, COURTESIES):
            with contextlib.suppress(AiogramError, TimeoutError):
                await self.bot(call, request_timeout=COURTESY_TIMEOUT)
            return
        if delivery.already_sent():
            return
        async with delivery.pace():
            try:
                await self._message(call)
            except (AiogramError, TimeoutError) as error:
                raise send_error(error) from None
        delivery.sent()

    async def _message(self, call: Call) -> None:
        if not isinstance(call, EditMessageText):
            await self.bot(call, request_timeout=SEND_TIMEOUT)
            return
        try:
            await self.bot(call, request_timeout=SEND_TIMEOUT)
        except TelegramBadRequest:
            # Too old to edit, deleted, or unchanged: the same content as a new message.
            await self.bot(as_new_message(call), request_timeout=SEND_TIMEOUT)
