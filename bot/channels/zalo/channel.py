"""The Zalo channel: long polling or a webhook in, numbered-text replies out.

A turn runs as soon as an update arrives and queues its replies in the outbox in the same
transaction, so a webhook answered 200 means the turn and its replies are stored; the
doorbell then wakes this token's sender, which delivers them at once, in order, and tries
again with back-off if Zalo is down. A withheld message arrives as
Inbound.unsupported("unsupported"): the engine explains it in the learner's voice.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from aiohttp import web
from pydantic import SecretStr

from bot.app import App
from bot.channels.base import Delivery
from bot.channels.failures import bad_request, database_trouble, read_body, turn_failed
from bot.channels.zalo.client import POLL_GRACE, ZaloClient, ZaloError
from bot.channels.zalo.errors import classify, startup_failure
from bot.channels.zalo.render import Photo, render
from bot.channels.zalo.updates import CHANNEL, MalformedUpdate, parse, unwrap
from bot.health import Health, Incident
from bot.outbox import Doorbell
from bot.ratelimit import Limiter
from dialogs.messages import Outbound

log = logging.getLogger(__name__)
webhook_log = logging.getLogger(f"{__name__}.webhook")
T = TypeVar("T")
WEBHOOK_PATH = "/webhook/zalo"
SECRET_HEADER = "X-Bot-Api-Secret-Token"  # noqa: S105 — a header name, not a secret
TYPING_FROM = 3  # a reply of this many sends: show "typing" first (it takes no place in the limits)
TYPING_WAIT = 3.0  # seconds the courtesy may take before the reply goes on without it
POLLER = "zalo-polling"


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
    path: str = WEBHOOK_PATH  # our webhook route; with several bots, one per bot (bot/bots.py)

    @property
    def webhook(self) -> bool:
        return bool(self.webhook_url)


class ZaloChannel:
    name: str = CHANNEL

    def __init__(self, app: App, config: ZaloConfig, limiter: Limiter, client: ZaloClient | None = None) -> None:
        # The limiter belongs to this token; its sender (run.py) paces every message with it.
        self.app, self.config, self.limiter = app, config, limiter
        self.client = client or ZaloClient(config.token, config.api_base)
        self.bot = self.client.bot_id
        self.doorbell = Doorbell()
        self.health: Health | None = None
        self._stopping = asyncio.Event()
        self._poller: asyncio.Task[None] | None = None
        self._awaiting_update = False
        self._token_rejected = False
        self._polls = Incident(log, "zalo getUpdates")
        self._turns = Incident(log, f"{POLLER}: database")

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
        self._poller = asyncio.create_task(self._poll(), name=POLLER)
        if self.health is not None:
            self.health.watch(POLLER, self._poller)

    async def stop(self) -> None:
        self._stopping.set()
        if self._poller is not None:
            if self._awaiting_update:  # an idle long poll: nothing is lost by cutting it short
                self._poller.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._poller
            self._poller = None
        await self.client.aclose()

    async def flush(self) -> None:
        """Wait until this token's sender has delivered every reply queued so far."""
        await self.doorbell.settled()

    def routes(self) -> list[web.RouteDef]:
        return [web.post(self.config.path, self._webhook)] if self.config.webhook else []

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
        while not self._stopping.is_set():
            if self.health is not None:
                within = self.config.poll_timeout + POLL_GRACE + self.config.max_backoff + 30
                self.health.beat(POLLER, within)
            try:
                self._awaiting_update = True
                update = await self.client.get_updates(self.config.poll_timeout)
            except ZaloError as error:
                self._poll_failed(error)
                await self._pause(self._polls.backoff(self.config.first_backoff, self.config.max_backoff))
                continue
            finally:
                self._awaiting_update = False
            self._polls.recovered()
            if update is not None:
                await self._receive_polled(update)

    def _poll_failed(self, error: ZaloError) -> None:
        if error.code == 401:
            self._log_failure(error)
        self._polls.failed(f"{error.code} {error.description}".strip())

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

    async def _receive_polled(self, raw: dict[str, Any]) -> None:
        """One polled update; Zalo will not send it again, so a database outage is waited out."""
        while not self._stopping.is_set():
            try:
                await self.receive(raw)
            except MalformedUpdate as error:
                log.warning("zalo: update ignored: %s", error)
            except Exception as error:  # one bad update must not stop the poll loop or reach Zalo as a trace
                if database_trouble(error):
                    self._turns.failed(error)
                    await self._pause(self._turns.backoff(self.config.first_backoff, self.config.max_backoff))
                    continue
                # Only the type: database errors quote their parameters, i.e. learners' data.
                log.error("zalo: update %s could not be handled: %s", raw.get("event_name"), type(error).__name__)
            self._turns.recovered()
            return

    async def _webhook(self, request: web.Request) -> web.Response:
        expected = self.config.webhook_secret.get_secret_value() if self.config.webhook_secret else ""
        given = request.headers.get(SECRET_HEADER, "")
        if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
            return web.json_response({"ok": False}, status=401)
        try:
            update = unwrap(read_body(await request.read()))
        except ValueError:  # not JSON, not UTF-8, or nested deeper than any update
            return bad_request()
        try:
            if update is not None:
                await self.receive(update)
        except MalformedUpdate:  # ids that cannot be anyone's: nothing is stored
            return bad_request()
        except Exception as error:  # the database, say: a non-2xx lets Zalo deliver it again
            return turn_failed(error, webhook_log, "zalo webhook")
        return web.json_response({"ok": True})

    async def receive(self, raw: dict[str, Any]) -> None:
        """Run the turn for one raw update; its replies are queued, and the sender woken."""
        update = parse(raw, self.bot)
        if update is None:
            return
        result = await self.app.tutor.handle(update.key, update.update_key, update.inbound, "reply")
        if result.queued:
            self.doorbell.ring()

    # --- sending ---------------------------------------------------------------------

    async def send(self, chat_id: str, messages: Sequence[Outbound], delivery: Delivery | None = None) -> None:
        """Deliver in order, each send paced by the sender; resumed where a retry left off."""
        delivery = delivery or Delivery()
        sends = render(messages, self.config.media_base)
        if delivery.reply and len(sends) - delivery.done >= TYPING_FROM:
            with contextlib.suppress(ZaloError, TimeoutError):  # only a courtesy: the reply must not wait on it
                async with asyncio.timeout(TYPING_WAIT):
                    await self.client.send_chat_action(chat_id, "typing")
        try:
            for item in sends:
                if delivery.already_sent():
                    continue
                async with delivery.pace():
                    await self._send_one(chat_id, item)
                delivery.sent()
        except ZaloError as error:
            if error.code == 401:
                self._log_failure(error)  # the sender logs the rest as incidents
            raise classify(error) from None

    async def _send_one(self, chat_id: str, item: str | Photo) -> None:
        if isinstance(item, Photo):
            await self.client.send_photo(chat_id, item.url, item.caption)
        else:
            await self.client.send_message(chat_id, item)

    def _log_failure(self, error: ZaloError) -> None:
        if not self._token_rejected:  # every call fails the same way: say it once
            self._token_rejected = True
            log.error("zalo: ZALO_BOT_TOKEN was rejected (401); copy it again from Zalo Bot Creator")
