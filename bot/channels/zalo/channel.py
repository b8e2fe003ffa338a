"""The Zalo channel: long polling or a webhook in, numbered-text replies out.

A turn runs as soon as an update arrives (so a webhook answered 200 means the turn is
stored); its replies are sent by a background task, one chat at a time in order, so a
slow send never holds up the next learner's update.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from aiohttp import web
from pydantic import SecretStr

from bot.app import App
from bot.channels.zalo.client import ZaloClient, ZaloError
from bot.channels.zalo.errors import classify, startup_failure
from bot.channels.zalo.render import Photo, render
from bot.channels.zalo.updates import CHANNEL, Update, parse, unwrap
from bot.locks import KeyedLocks
from bot.ratelimit import Limiter
from dialogs.messages import Outbound

log = logging.getLogger(__name__)
T = TypeVar("T")
WEBHOOK_PATH = "/webhook/zalo"
SECRET_HEADER = "X-Bot-Api-Secret-Token"  # noqa: S105 — a header name, not a secret
TYPING_FROM = 3  # a reply of this many sends trickles out at ~1/s: show "typing" meanwhile


@dataclass(frozen=True, slots=True)
class ZaloConfig:
    token: SecretStr
    api_base: str
    webhook_url: str = ""
    webhook_secret: SecretStr | None = None
    poll_timeout: int = 30  # seconds Zalo holds an empty getUpdates before answering 408
    first_backoff: float = 1.0
    max_backoff: float = 60.0
    # PUBLIC_BASE_URL: where Zalo can fetch images (certificates, invite QR codes) from us.
    media_base: str = ""

    @property
    def webhook(self) -> bool:
        return bool(self.webhook_url)


class ZaloChannel:
    name: str = CHANNEL

    def __init__(self, app: App, config: ZaloConfig, limiter: Limiter, client: ZaloClient | None = None) -> None:
        self.app, self.config, self.limiter = app, config, limiter
        self.client = client or ZaloClient(config.token, config.api_base)
        self.bot = self.client.bot_id
        self._stopping = asyncio.Event()
        self._poller: asyncio.Task[None] | None = None
        self._awaiting_update = False
        self._deliveries: set[asyncio.Task[None]] = set()
        self._chat_order = KeyedLocks()
        self._token_rejected = False

    # --- lifecycle -------------------------------------------------------------------

    async def start(self) -> None:
        await self._check_token()
        if self.config.webhook:
            assert self.config.webhook_secret is not None  # noqa: S101 — zalo_config() requires it
            await self._startup_call(self.client.set_webhook(self.config.webhook_url, self.config.webhook_secret))
            log.info("zalo: webhook registered")
            return
        # A webhook and getUpdates exclude each other: polling needs the webhook gone.
        await self._startup_call(self.client.delete_webhook())
        self._poller = asyncio.create_task(self._poll(), name="zalo-poll")

    async def stop(self) -> None:
        self._stopping.set()
        if self._poller is not None:
            if self._awaiting_update:  # an idle long poll: nothing is lost by cutting it short
                self._poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._poller
            self._poller = None
        await self.flush()
        await self.client.aclose()

    async def flush(self) -> None:
        """Wait until every reply already scheduled has been sent (or has failed)."""
        while self._deliveries:
            await asyncio.gather(*self._deliveries, return_exceptions=True)

    def routes(self) -> list[web.RouteDef]:
        return [web.post(WEBHOOK_PATH, self._webhook)] if self.config.webhook else []

    async def _check_token(self) -> None:
        me = await self._startup_call(self.client.get_me(), required=False)
        if me is not None and not self.bot:
            self.bot = str(me.get("id", ""))

    async def _startup_call(self, call: Awaitable[T], required: bool = True) -> T | None:
        """A call start-up needs; a rejected token always stops start-up with one sentence."""
        try:
            return await call
        except ZaloError as error:
            if required or error.code == 401:
                raise startup_failure(error) from None
            log.warning("zalo: %s failed at start-up (%s); going on", error.method, error.code)
            return None

    # --- receiving -------------------------------------------------------------------

    async def _poll(self) -> None:
        delay = self.config.first_backoff
        while not self._stopping.is_set():
            try:
                self._awaiting_update = True
                update = await self.client.get_updates(self.config.poll_timeout)
            except ZaloError as error:
                self._log_failure(error)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), delay)
                delay = min(delay * 2, self.config.max_backoff)
                continue
            finally:
                self._awaiting_update = False
            delay = self.config.first_backoff
            if update is not None:
                await self._receive_logged(update)

    async def _webhook(self, request: web.Request) -> web.Response:
        expected = self.config.webhook_secret.get_secret_value() if self.config.webhook_secret else ""
        given = request.headers.get(SECRET_HEADER, "")
        if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
            return web.json_response({"ok": False}, status=401)
        try:
            body = json.loads(await request.text())
        except (ValueError, UnicodeDecodeError):
            return web.json_response({"ok": False}, status=400)
        update = unwrap(body)
        if update is not None and not await self._receive_logged(update):
            # Our turn failed (the database, say): a non-2xx lets Zalo deliver it again.
            return web.json_response({"ok": False}, status=500)
        return web.json_response({"ok": True})

    async def _receive_logged(self, raw: dict[str, Any]) -> bool:
        try:
            await self.receive(raw)
        except Exception as error:  # one bad update must not stop the poll loop or reach Zalo as a trace
            # Only the type at ERROR: database errors quote their parameters, i.e. learners' data.
            log.error("zalo: update %s could not be handled: %s", raw.get("event_name"), type(error).__name__)
            log.debug("zalo: the failure in full", exc_info=True)
            return False
        return True

    async def receive(self, raw: dict[str, Any]) -> None:
        """Run the turn for one raw update; its replies go out in the background."""
        update = parse(raw, self.bot)
        if update is None:
            return
        result = await self.app.tutor.handle(update.key, update.update_key, update.inbound)
        if result.duplicate:
            return
        messages = await self._explained(update, result.messages)
        texts = render(messages, self.config.media_base)
        if texts:
            task = asyncio.create_task(self._reply(update.key.chat_id, texts))
            self._deliveries.add(task)
            task.add_done_callback(self._deliveries.discard)

    async def _explained(self, update: Update, messages: tuple[Outbound, ...]) -> tuple[Outbound, ...]:
        # A withheld message arrives as Inbound.unsupported("unsupported"): the engine itself
        # explains it in the learner's voice (dialogs/replies.py WITHHELD), once.
        return messages

    # --- sending ---------------------------------------------------------------------

    async def _reply(self, chat_id: str, texts: list[str | Photo]) -> None:
        async with self._chat_order.hold(chat_id):
            if len(texts) >= TYPING_FROM:
                await self._typing(chat_id)
            try:
                for text in texts:
                    await self.limiter.acquire(chat_id, reply=True)
                    await self._send_one(chat_id, text)
            except ZaloError as error:
                # A reply is not queued for later: the learner's next message redraws the screen.
                self._log_failure(error)

    async def _typing(self, chat_id: str) -> None:
        await self.limiter.acquire(chat_id, reply=True)
        with contextlib.suppress(ZaloError):  # only a courtesy: the reply must not depend on it
            await self.client.send_chat_action(chat_id, "typing")

    async def send(self, chat_id: str, messages: Sequence[Outbound]) -> None:
        """For the outbox Sender, which has already taken one limiter slot per message."""
        texts = render(messages, self.config.media_base)
        for _ in range(len(texts) - len(messages)):  # a long text became several sends
            await self.limiter.acquire(chat_id)
        try:
            for text in texts:
                await self._send_one(chat_id, text)
        except ZaloError as error:
            if error.code == 401:
                self._log_failure(error)  # the Sender logs the rest when it gives up on a row
            raise classify(error) from None

    async def _send_one(self, chat_id: str, item: str | Photo) -> None:
        if isinstance(item, Photo):
            await self.client.send_photo(chat_id, item.url, item.caption)
        else:
            await self.client.send_message(chat_id, item)

    def _log_failure(self, error: ZaloError) -> None:
        if error.code != 401:
            log.warning("zalo: %s failed: %s %s", error.method, error.code, error.description)
        elif not self._token_rejected:  # every call fails the same way: say it once
            self._token_rejected = True
            log.error("zalo: ZALO_BOT_TOKEN was rejected (401); copy it again from Zalo Bot Creator")
