"""A fake Telegram Bot API server over real HTTP on 127.0.0.1: it speaks the wire format and records.

aiogram (or anything else) talks to it as to api.telegram.org: `/bot<token>/<method>`, form,
multipart or JSON bodies, `{"ok": ..., "result": ...}` answers and Telegram's error shapes.
The test side queues updates for getUpdates, or posts them to the webhook the bot set, as a
TLS reverse proxy would. Failures are scripted: a 429 with retry_after, a 403 for a blocked
chat, a 5xx, or a rule that answers 429 past N messages in any one second. Outages last a
while on the fake's clock: 500s (as Telegram's JSON or as a proxy's HTML page), 429s,
dropped connections (a long poll cut off), or calls that hang until the outage ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from aiohttp import ClientSession, web

from tests.fakes.outages import ERROR_PAGE, OUTAGE_KINDS, Outage, cut, hang_until

TOKEN = "123456789:AAHfakeTokenForTestsOnly-0123456789ab"  # noqa: S105 — a made-up token for the fake
BOT_ID = 123456789
BOT_USERNAME = "hocvuso_test_bot"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 — a header name
JSON_FIELDS = ("reply_markup", "allowed_updates", "commands", "reply_parameters", "link_preview_options", "entities")
MESSAGE_METHODS = ("sendMessage", "sendPhoto")  # what counts towards the messages-per-second rule
DESCRIPTIONS = {
    400: "Bad Request: chat not found",
    403: "Forbidden: bot was blocked by the user",
    500: "Internal Server Error",
    502: "Bad Gateway",
}
Json = dict[str, Any]


@dataclass
class Call:
    """One request the bot made, as the server understood it."""

    method: str
    params: Json
    time: float  # time.monotonic() on arrival
    status: int = 200
    files: dict[str, bytes] = field(default_factory=dict)
    result: Any = None

    @property
    def chat_id(self) -> str | None:
        value = self.params.get("chat_id")
        return None if value is None else str(value)

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def reply_markup(self) -> Json | None:
        markup = self.params.get("reply_markup")
        return markup if isinstance(markup, dict) else None

    @property
    def buttons(self) -> list[Json]:
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [button for row in rows for button in row]

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass
class Failure:
    """A scripted error answer for `method` (any method if None), `times` times (None: always)."""

    method: str | None
    status: int
    description: str
    retry_after: int | None = None
    chat_id: str | None = None
    times: int | None = 1
    after: int = 0  # matching calls that still succeed before the failures begin

    def matches(self, method: str, chat_id: str | None) -> bool:
        return (self.method in (None, method)) and (self.chat_id in (None, chat_id)) and self.times != 0


def error_body(status: int, description: str, retry_after: int | None = None) -> Json:
    body: Json = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return body


class FakeTelegram:
    def __init__(
        self,
        token: str = TOKEN,
        *,
        username: str = BOT_USERNAME,
        max_per_second: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.token, self.username, self.max_per_second, self.clock = token, username, max_per_second, clock
        self.bot_id = int(token.split(":", 1)[0])
        self.calls: list[Call] = []
        self.failures: list[Failure] = []
        self.outages: list[Outage] = []
        self.blocked: set[str] = set()
        self.webhook_url, self.webhook_secret = "", ""
        self.webhook_base = ""  # where webhook posts really go (the reverse proxy's upstream)
        self.messages: dict[tuple[str, int], Json] = {}
        self.chats: dict[str, Json] = {}
        self._queue: list[Json] = []
        self._confirmed = 0
        self._sent_times: deque[float] = deque()
        self._message_ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._client: ClientSession | None = None
        self.base_url = ""

    # --- lifecycle ------------------------------------------------------------------------

    async def start(self) -> FakeTelegram:
        application = web.Application(client_max_size=20 * 1024 * 1024)
        application.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(application, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.base_url = f"http://{host}:{port}"
        self._client = ClientSession()
        return self

    async def close(self) -> None:
        self._closing.set()
        async with self._changed:
            self._changed.notify_all()
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeTelegram:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # --- scripting --------------------------------------------------------------------------

    def fail(
        self,
        method: str | None,
        status: int,
        *,
        retry_after: int | None = None,
        description: str = "",
        chat_id: str | int | None = None,
        times: int | None = 1,
        after: int = 0,
    ) -> None:
        if not description:
            description = f"Too Many Requests: retry after {retry_after}" if status == 429 else DESCRIPTIONS[status]
        chat = None if chat_id is None else str(chat_id)
        self.failures.append(Failure(method, status, description, retry_after, chat, times, after))

    def outage(
        self,
        seconds: float,
        kind: str = "500",
        methods: tuple[str, ...] | None = None,
        retry_after: int = 1,
        from_first_call: bool = False,
    ) -> Outage:
        """For `seconds` of the fake's clock, from now (or from the first call it meets),
        `methods` (all if None) fail as `kind`."""
        assert kind in OUTAGE_KINDS, kind
        chosen = None if methods is None else frozenset(methods)
        outage = Outage(kind, seconds, None if from_first_call else self.clock(), chosen, retry_after)
        self.outages.append(outage)
        return outage

    def block(self, chat_id: str | int) -> None:
        """The person blocked the bot: every send to them is a 403 from now on."""
        self.blocked.add(str(chat_id))

    def route_webhooks_to(self, base_url: str) -> None:
        """Deliver webhook posts to base_url + the registered URL's path, as a TLS proxy would."""
        self.webhook_base = base_url.rstrip("/")

    # --- updates ----------------------------------------------------------------------------

    def queue(self, update: Json) -> None:
        """Hold an update for getUpdates."""
        self._remember_chat(update)
        self._queue.append(update)
        asyncio.get_running_loop().create_task(self._notify())

    async def deliver(self, update: Json) -> int:
        """Post to the webhook if one is set (returning its HTTP status), else queue for polling."""
        if not self.webhook_url:
            self.queue(update)
            return 200
        self._remember_chat(update)
        assert self._client is not None
        path = urlsplit(self.webhook_url).path
        headers = {SECRET_HEADER: self.webhook_secret} if self.webhook_secret else {}
        async with self._client.post(self.webhook_base + path, json=update, headers=headers) as response:
            await response.read()
            return response.status

    def _remember_chat(self, update: Json) -> None:
        message = update.get("message") or (update.get("callback_query") or {}).get("message")
        if message:
            self.chats[str(message["chat"]["id"])] = message["chat"]

    # --- inspection -------------------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def sent(self, chat_id: str | int | None = None) -> list[Call]:
        """Messages that reached a chat (sent or edited), in order."""
        wanted = None if chat_id is None else str(chat_id)
        kinds = (*MESSAGE_METHODS, "editMessageText")
        return [c for c in self.calls if c.method in kinds and c.ok and wanted in (None, c.chat_id)]

    async def wait_for(self, predicate: Callable[[list[Call]], bool], seconds: float = 5.0) -> None:
        async with asyncio.timeout(seconds), self._changed:
            await self._changed.wait_for(lambda: predicate(self.calls))

    async def wait_confirmed(self, update_id: int, seconds: float = 5.0) -> None:
        """Until the poller asked for updates after `update_id`, i.e. it has taken that one."""
        await self.wait_for(lambda _: self._confirmed > update_id, seconds)

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # --- the Bot API --------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        params, files = await _read_params(request)
        method = request.match_info["method"]
        call = Call(method, params, self.clock(), files=files)
        self.calls.append(call)
        await self._notify()
        outage = next((o for o in self.outages if o.covers(method, call.time)), None)
        if outage is not None:
            return await self._during(outage, call, request)
        try:
            status, body = await self._answer(request.match_info["token"], call)
        finally:
            await self._notify()
        call.status, call.result = status, body.get("result")
        return web.json_response(body, status=status)

    async def _during(self, outage: Outage, call: Call, request: web.Request) -> web.Response:
        try:
            if outage.kind == "500-html":
                call.status = 500
                return web.Response(status=500, text=ERROR_PAGE, content_type="text/html")
            if outage.kind in ("500", "429"):
                call.status = int(outage.kind)
                retry = outage.retry_after if call.status == 429 else None
                description = f"Too Many Requests: retry after {retry}" if retry else DESCRIPTIONS[500]
                return web.json_response(error_body(call.status, description, retry), status=call.status)
            if outage.kind == "hang":
                await hang_until(self.clock, outage.until, self._closing)
            call.status = 0
            return cut(request)
        finally:
            await self._notify()

    async def _answer(self, token: str, call: Call) -> tuple[int, Json]:
        if token != self.token:
            return 401, error_body(401, "Unauthorized")
        scripted = self._scripted(call)
        if scripted is not None:
            return scripted
        handler = getattr(self, f"_m_{call.method}", None)
        if handler is None:
            return 404, error_body(404, "Not Found: method not found")
        result = await handler(call)
        if isinstance(result, tuple):
            return result
        return 200, {"ok": True, "result": result}

    def _scripted(self, call: Call) -> tuple[int, Json] | None:
        for failure in self.failures:
            if failure.matches(call.method, call.chat_id):
                if failure.after:
                    failure.after -= 1
                    continue
                if failure.times is not None:
                    failure.times -= 1
                return failure.status, error_body(failure.status, failure.description, failure.retry_after)
        if call.chat_id in self.blocked and call.method.startswith(("send", "edit")):
            return 403, error_body(403, DESCRIPTIONS[403])
        if call.method in MESSAGE_METHODS and self.max_per_second is not None:
            return self._flood_check()
        return None

    def _flood_check(self) -> tuple[int, Json] | None:
        now = self.clock()
        while self._sent_times and now - self._sent_times[0] >= 1.0:
            self._sent_times.popleft()
        if self.max_per_second is not None and len(self._sent_times) >= self.max_per_second:
            return 429, error_body(429, "Too Many Requests: retry after 1", 1)
        self._sent_times.append(now)
        return None

    async def _m_getMe(self, call: Call) -> Json:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Học Vụ Số",
            "username": self.username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _m_getUpdates(self, call: Call) -> list[Json] | tuple[int, Json]:
        if self.webhook_url:
            description = (
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first"
            )
            return 409, error_body(409, description)
        offset = int(call.params.get("offset") or 0)
        if offset > self._confirmed:
            self._confirmed = offset
            await self._notify()
        self._queue = [u for u in self._queue if u["update_id"] >= offset]
        timeout = float(call.params.get("timeout") or 0)
        if not self._queue and timeout > 0 and not self._closing.is_set():
            async with self._changed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        self._changed.wait_for(lambda: bool(self._queue) or self._closing.is_set()), timeout
                    )
        return self._queue[: int(call.params.get("limit") or 100)]

    async def _m_setWebhook(self, call: Call) -> bool:
        self.webhook_url = str(call.params.get("url", ""))
        self.webhook_secret = str(call.params.get("secret_token", ""))
        return True

    async def _m_deleteWebhook(self, call: Call) -> bool:
        self.webhook_url = self.webhook_secret = ""
        if call.params.get("drop_pending_updates") in (True, "true", "True"):
            self._queue.clear()
        return True

    async def _m_getWebhookInfo(self, call: Call) -> Json:
        return {"url": self.webhook_url, "has_custom_certificate": False, "pending_update_count": len(self._queue)}

    async def _m_setMyCommands(self, call: Call) -> bool:
        return True

    async def _m_sendChatAction(self, call: Call) -> bool:
        return True

    async def _m_answerCallbackQuery(self, call: Call) -> bool:
        return True

    async def _m_sendMessage(self, call: Call) -> Json:
        return self._store(call, {"text": call.params.get("text", "")})

    async def _m_sendPhoto(self, call: Call) -> Json:
        size = len(call.files.get("photo", b""))
        photo = [
            {
                "file_id": f"photo{len(self.calls)}",
                "file_unique_id": f"u{len(self.calls)}",
                "width": 1200,
                "height": 850,
                "file_size": size,
            }
        ]
        content: Json = {"photo": photo}
        if call.params.get("caption"):
            content["caption"] = call.params["caption"]
        return self._store(call, content)

    async def _m_editMessageText(self, call: Call) -> Json | tuple[int, Json]:
        key = (str(call.params.get("chat_id")), int(call.params.get("message_id") or 0))
        message = self.messages.get(key)
        if message is None:
            return 400, error_body(400, "Bad Request: message to edit not found")
        new_markup = call.params.get("reply_markup")
        if message.get("text") == call.params.get("text") and message.get("reply_markup") == new_markup:
            return 400, error_body(400, "Bad Request: message is not modified")
        message["text"] = call.params.get("text", "")
        message["edit_date"] = int(time.time())
        if new_markup:
            message["reply_markup"] = new_markup
        else:
            message.pop("reply_markup", None)
        return message

    def _store(self, call: Call, content: Json) -> Json:
        chat_id = str(call.params.get("chat_id"))
        chat = self.chats.get(chat_id) or {"id": int(chat_id), "type": "private", "first_name": "Người học"}
        message: Json = {
            "message_id": next(self._message_ids),
            "from": {"id": self.bot_id, "is_bot": True, "first_name": "Học Vụ Số", "username": self.username},
            "chat": chat,
            "date": int(time.time()),
            **content,
        }
        if call.reply_markup:
            message["reply_markup"] = call.reply_markup
        self.messages[(chat_id, message["message_id"])] = message
        return message


async def _read_params(request: web.Request) -> tuple[Json, dict[str, bytes]]:
    params: Json = dict(request.query)
    files: dict[str, bytes] = {}
    if request.content_type == "application/json":
        params.update(await request.json())
        return params, files
    if request.can_read_body:
        for name, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                with value.file as upload:
                    files[name] = upload.read()
            else:
                params[name] = _decode(name, str(value))
    for name, value in params.items():
        # A file sent as "photo=attach://<part>" travels in the multipart part named <part>.
        if isinstance(value, str) and value.startswith("attach://") and value[9:] in files:
            files[name] = files[value[9:]]
    return params, files


def _decode(name: str, value: str) -> Any:
    if name in JSON_FIELDS:
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


# --- realistic updates, as Telegram sends them ----------------------------------------------


@dataclass(frozen=True)
class Person:
    id: int
    first_name: str = "Lan"
    language_code: str = "vi"

    def user(self) -> Json:
        return {"id": self.id, "is_bot": False, "first_name": self.first_name, "language_code": self.language_code}

    def chat(self) -> Json:
        return {"id": self.id, "first_name": self.first_name, "type": "private"}


class Updates:
    """Builds update JSON with increasing update_id and message_id, as one bot would see them."""

    def __init__(self, first_update: int = 700_000_001, now: Callable[[], float] = time.time) -> None:
        self._update_ids = itertools.count(first_update)
        self._message_ids = itertools.count(1)
        self._now = now

    def _message(self, person: Person, chat: Json | None = None, **content: Any) -> Json:
        return {
            "message_id": next(self._message_ids),
            "from": person.user(),
            "chat": chat or person.chat(),
            "date": int(self._now()),
            **content,
        }

    def _update(self, **body: Any) -> Json:
        return {"update_id": next(self._update_ids), **body}

    def text(self, person: Person, text: str, chat: Json | None = None) -> Json:
        content: Json = {"text": text}
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            content["entities"] = [{"offset": 0, "length": len(command), "type": "bot_command"}]
        return self._update(message=self._message(person, chat, **content))

    def callback(self, person: Person, data: str, message: Json) -> Json:
        query = {
            "id": str(next(self._update_ids) * 7919),
            "from": person.user(),
            "message": message,
            "chat_instance": f"-{person.id}4242",
            "data": data,
        }
        return self._update(callback_query=query)

    def forwarded(self, person: Person, text: str = "", caption: str = "") -> Json:
        """A message the person forwarded from someone hidden (text, or a photo with a caption)."""
        origin = {"type": "hidden_user", "date": int(self._now()) - 3600, "sender_user_name": "Ngân hàng"}
        content: Json = {"forward_origin": origin, "forward_date": origin["date"]}
        if text:
            content["text"] = text
        else:
            content["photo"] = [{"file_id": "AgACf", "file_unique_id": "AQADf", "width": 90, "height": 60}]
            if caption:
                content["caption"] = caption
        return self._update(message=self._message(person, **content))

    def photo(self, person: Person, caption: str = "") -> Json:
        sizes = [
            {
                "file_id": f"AgAC{n}",
                "file_unique_id": f"AQAD{n}",
                "file_size": 1200 * n,
                "width": 90 * n,
                "height": 60 * n,
            }
            for n in (1, 4, 9)
        ]
        content: Json = {"photo": sizes}
        if caption:
            content["caption"] = caption
        return self._update(message=self._message(person, **content))

    def sticker(self, person: Person) -> Json:
        sticker = {
            "file_id": "CAACAgIAAxkBAAEL",
            "file_unique_id": "AgADxyz",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": "👍",
            "set_name": "HotCherry",
            "file_size": 24_000,
        }
        return self._update(message=self._message(person, sticker=sticker))

    def voice(self, person: Person, seconds: int = 4) -> Json:
        voice = {
            "file_id": "AwACAgUAAxkB",
            "file_unique_id": "AgADvoice",
            "duration": seconds,
            "mime_type": "audio/ogg",
        }
        return self._update(message=self._message(person, voice=voice))

    def document(self, person: Person, name: str = "giay-to.pdf") -> Json:
        document = {
            "file_id": "BQACAgUAAxkB",
            "file_unique_id": "AgADdoc",
            "file_name": name,
            "mime_type": "application/pdf",
        }
        return self._update(message=self._message(person, document=document))

    def group_text(self, person: Person, text: str, group_id: int = -1001234567890, kind: str = "supergroup") -> Json:
        group = {"id": group_id, "title": "Tổ công nghệ số thôn Đồng Bẩm", "type": kind}
        return self.text(person, text, chat=group)
