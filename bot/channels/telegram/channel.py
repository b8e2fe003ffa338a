"""The Telegram channel: aiogram's types in, our tutor in the middle, Bot API calls out.

Updates (from polling or the webhook) go straight to the handler of their kind: we ask
Telegram for two kinds only (ALLOWED_UPDATES), and aiogram's Dispatcher (its middlewares,
observers and filters) cost as much per update as our whole turn (docs/benchmarks.md).

A turn's replies are queued in the outbox in the turn's own transaction; the webhook answers
200 once that is committed, and the doorbell wakes this token's sender to deliver them at
once. Only answerCallbackQuery (it stops a button's spinner, it is no message) goes direct.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from aiogram import Bot
from aiogram.enums import ChatType
from aiogram.exceptions import AiogramError, TelegramBadRequest, TelegramUnauthorizedError
from aiogram.methods import AnswerCallbackQuery
from aiogram.types import CallbackQuery, Message, Update
from aiohttp import web
from pydantic import ValidationError

from bot import outbox
from bot.app import App
from bot.channels.base import Delivery
from bot.channels.failures import bad_request, read_body, turn_failed
from bot.channels.telegram.inbound import (
    ALLOWED_UPDATES,
    COMMANDS,
    command_for_us,
    group_note,
    is_private,
    message_inbound,
    order_key,
)
from bot.channels.telegram.outgoing import Outgoing
from bot.channels.telegram.polling import Lanes, Poller
from bot.channels.telegram.render import Renderer
from bot.health import Health
from bot.keys import ConversationKey
from bot.outbox import Doorbell
from bot.ratelimit import Limiter
from bot.settings import SettingsError
from dialogs.messages import Inbound, Outbound, Text

log = logging.getLogger(__name__)
webhook_log = logging.getLogger(f"{__name__}.webhook")
CHANNEL = "telegram"
WEBHOOK_PATH = "/webhook/telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 — a header name, not a secret
STOP_GRACE = 10.0


@dataclass(frozen=True, slots=True)
class Webhook:
    url: str
    secret: str
    path: str = WEBHOOK_PATH  # our route; with several bots, one per bot (bot/bots.py)


class TelegramChannel:
    name = CHANNEL

    def __init__(
        self, app: App, bot: Bot, limiter: Limiter, renderer: Renderer, webhook: Webhook | None, poll_timeout: int
    ) -> None:
        self.app, self.bot, self.limiter, self.renderer = app, bot, limiter, renderer
        self.webhook, self.poll_timeout = webhook, poll_timeout
        self.bot_id = str(bot.id)
        self.username = ""
        self.lanes = Lanes(webhook_log if webhook else logging.getLogger(Poller.__module__))
        self.outgoing = Outgoing(bot, renderer)
        # Rung after a turn queued its replies; this token's sender (run.py) listens.
        self.doorbell = Doorbell()
        self.health: Health | None = None
        self._polling: asyncio.Task[None] | None = None

    # --- lifecycle ------------------------------------------------------------------------

    async def ask_username(self) -> str:
        """getMe's username, for invite links and QR codes; "" (and a warning) when it fails."""
        try:
            me = await self.bot.get_me()
        except (AiogramError, TimeoutError, OSError) as error:
            log.warning("telegram: getMe failed (%s); set TELEGRAM_BOT_USERNAME for invite links", type(error).__name__)
            return ""
        return me.username or ""

    async def start(self) -> None:
        await self._connect()
        await self._set_commands()
        if self.webhook is None:
            poller = Poller(self.bot, self.feed, self.lanes, self.poll_timeout, self.health)
            self._polling = asyncio.create_task(poller.run(), name="telegram-polling")
            if self.health is not None:
                self.health.watch(Poller.NAME, self._polling)

    async def _connect(self) -> None:
        """Check the token, then choose how updates arrive; a refusal stops start-up clearly."""
        try:
            me = await self.bot.get_me()
            self.username = me.username or ""
            # Invites carry t.me deep links from now on (a TELEGRAM_BOT_USERNAME setting wins).
            self.app.links.telegram_username = self.app.links.telegram_username or self.username
            if self.webhook is None:
                await self.bot.delete_webhook()  # getUpdates is refused while a webhook is set
            else:
                await self.bot.set_webhook(
                    url=self.webhook.url, secret_token=self.webhook.secret, allowed_updates=ALLOWED_UPDATES
                )
        except TelegramUnauthorizedError:
            raise SettingsError(
                "Setting TELEGRAM_BOT_TOKEN was refused by Telegram: copy it again from @BotFather."
            ) from None
        except TelegramBadRequest as error:
            raise SettingsError(f"Setting TELEGRAM_WEBHOOK_URL was refused by Telegram ({error.message}).") from None
        except (AiogramError, TimeoutError) as error:
            raise SettingsError(
                f"Setting TELEGRAM_API_BASE: the Bot API could not be reached ({type(error).__name__})."
            ) from None

    async def _set_commands(self) -> None:
        try:
            await self.bot.set_my_commands(list(COMMANDS))
        except (AiogramError, TimeoutError) as error:  # the menu of commands is a convenience
            log.warning("setMyCommands failed: %s", type(error).__name__)

    async def stop(self) -> None:
        if self._polling is not None:
            self._polling.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._polling
            self._polling = None
        try:
            await asyncio.wait_for(self.lanes.drained(), STOP_GRACE)
        except TimeoutError:
            log.warning("telegram: stopped with updates still in hand")
            await self.lanes.cancel()
        await self.bot.session.close()

    async def drained(self) -> None:
        """Wait until every update received so far has been handled."""
        await self.lanes.drained()

    # --- receiving ------------------------------------------------------------------------

    def routes(self) -> list[web.RouteDef]:
        return [] if self.webhook is None else [web.post(self.webhook.path, self._on_webhook)]

    async def _on_webhook(self, request: web.Request) -> web.Response:
        assert self.webhook is not None  # noqa: S101 — the route exists only in webhook mode
        given = request.headers.get(SECRET_HEADER, "").encode("utf-8", "replace")
        if not hmac.compare_digest(given, self.webhook.secret.encode()):
            return web.Response(status=401)
        try:
            update = Update.model_validate(read_body(await request.read()), context={"bot": self.bot})
        except (ValueError, ValidationError, RecursionError):
            return bad_request()
        task = self.lanes.run(order_key(update), self.feed(update), report=False)
        await asyncio.wait([task])  # a client hanging up does not cut a turn in half
        error = asyncio.CancelledError() if task.cancelled() else task.exception()
        # Telegram sends a failed update again; the tutor drops it if it was recorded after all.
        return web.Response(status=200) if error is None else turn_failed(error, webhook_log, "telegram webhook")

    async def feed(self, update: Update) -> None:
        """One update to the handler of its kind; any other kind (none is asked for) is left."""
        if update.message is not None:
            await self._on_message(update.message, update)
        elif update.callback_query is not None:
            await self._on_callback(update.callback_query, update)

    async def _on_message(self, message: Message, event_update: Update) -> None:
        if not is_private(message):
            # Groups get a pointer to a private chat, never a lesson: answers there are public.
            if command_for_us(message, self.username):
                await self._queue_to_chat(message.chat.id, [Text(group_note(self.username))])
            return
        inbound = message_inbound(message)
        if inbound is not None and message.from_user is not None:
            await self._turn(message.chat.id, message.from_user.id, event_update.update_id, inbound, None)

    async def _on_callback(self, query: CallbackQuery, event_update: Update) -> None:
        with contextlib.suppress(AiogramError, TimeoutError):  # it only stops the button's spinner
            await self.bot(AnswerCallbackQuery(callback_query_id=query.id))
        message = query.message
        if message is None or message.chat.type != ChatType.PRIVATE:
            return
        editable = message.message_id if isinstance(message, Message) else None
        inbound = self.renderer.codec.decode(query.data or "")
        await self._turn(message.chat.id, query.from_user.id, event_update.update_id, inbound, editable)

    async def _turn(self, chat_id: int, user_id: int, update_id: int, inbound: Inbound, editable: int | None) -> None:
        key = ConversationKey(CHANNEL, str(chat_id), str(user_id), bot=self.bot_id)
        # Update ids count per bot: two bots sharing one database must not drop each other's.
        edit = "" if editable is None else str(editable)
        result = await self.app.tutor.handle(key, f"{self.bot_id}:{update_id}", inbound, "reply", edit)
        if result.queued:
            self.doorbell.ring()

    async def _queue_to_chat(self, chat_id: int, messages: Sequence[Outbound]) -> None:
        """A reply to a chat with no learner behind it (a group): queued like any other."""
        async with self.app.sessions.begin() as session:
            row = outbox.new_row(CHANNEL, str(chat_id), "reply", messages, self.app.clock.now(), bot=self.bot_id)
            session.add(row)
        self.doorbell.ring()

    # --- the outbox sender's way out ------------------------------------------------------------

    async def send(self, chat_id: str, messages: Sequence[Outbound], delivery: Delivery | None = None) -> None:
        """Deliver in order, each message paced by the sender; resumed where a retry left off."""
        await self.outgoing.send(chat_id, messages, delivery or Delivery())
