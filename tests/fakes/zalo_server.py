"""A fake Zalo Bot Platform over real HTTP: `/bot<token>/<method>`, the documented 9 methods.

It speaks Zalo's wire format ({ok, result, description, error_code}; one update per
getUpdates; error 408 when a poll ends empty; text limited to 2000 characters), records
every call it receives, and can be told to fail: once (`fail`), or for a while on its clock
(`outage`: 500s as Zalo's JSON or a proxy's HTML page, 429s, which on Zalo carry no retry
hint, dropped connections, calls that hang). For webhook mode it POSTs updates to our
endpoint with the secret it was given through setWebhook, as Zalo does.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from tests.fakes.outages import ERROR_PAGE, OUTAGE_KINDS, Outage, cut, hang_until

MAX_TEXT = 2000
_message_ids = itertools.count(1)
BASE_MS = 1_772_415_000_000  # 2026-03-02 01:30 UTC, in milliseconds like every Zalo timestamp


@dataclass
class Call:
    method: str
    params: dict[str, str]
    ok: bool = True  # answered without an error
    time: float = 0.0  # the fake's clock on arrival


@dataclass
class Failure:
    code: int
    description: str
    retry_after: int | None = None
    http_status: bool = True  # False: HTTP 200 with ok:false, the other shape Zalo may use


@dataclass
class FakeZaloServer:
    token: str = "1234567890:fake-access-token-abc"  # noqa: S105 — the fake's own test token
    account_name: str = "bot.HocVuSo"
    calls: list[Call] = field(default_factory=list)
    clock: Callable[[], float] = time.monotonic
    outages: list[Outage] = field(default_factory=list)
    webhook_url: str = ""
    webhook_secret: str = ""
    _updates: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)
    _failures: dict[str, deque[Failure]] = field(default_factory=lambda: defaultdict(deque))
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    _closing: asyncio.Event = field(default_factory=asyncio.Event)
    _runner: web.AppRunner | None = None
    url: str = ""

    @property
    def bot_id(self) -> str:
        return self.token.split(":", 1)[0]

    async def start(self) -> FakeZaloServer:
        application = web.Application()
        application.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(application, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"
        return self

    async def close(self) -> None:
        self._closing.set()  # wake held polls so the server can shut down at once
        if self._runner is not None:
            await self._runner.cleanup()

    # --- what tests tell the fake ------------------------------------------------------

    def push(self, update: dict[str, Any]) -> None:
        """Queue an update for the next getUpdates."""
        self._updates.put_nowait(update)

    def fail(self, method: str, code: int, description: str = "", times: int = 1, **kw: Any) -> None:
        """Answer the next `times` calls of `method` with this error instead."""
        for _ in range(times):
            self._failures[method].append(Failure(code, description or f"error {code}", **kw))

    def outage(
        self, seconds: float, kind: str = "500", methods: tuple[str, ...] | None = None, from_first_call: bool = False
    ) -> Outage:
        """For `seconds` of the fake's clock, from now (or from the first call it meets),
        `methods` (all if None) fail as `kind`."""
        assert kind in OUTAGE_KINDS, kind
        chosen = None if methods is None else frozenset(methods)
        outage = Outage(kind, seconds, None if from_first_call else self.clock(), chosen)
        self.outages.append(outage)
        return outage

    def sent(self, method: str = "sendMessage") -> list[dict[str, str]]:
        """What reached Zalo and was accepted, in order (refused calls are in `calls` only)."""
        return [c.params for c in self.calls if c.method == method and c.ok]

    def texts(self, chat_id: str | None = None) -> list[str]:
        return [p["text"] for p in self.sent() if chat_id is None or p["chat_id"] == chat_id]

    async def wait_for(self, method: str, count: int, seconds: float = 10.0) -> None:
        """Until `count` calls of `method` have arrived (a guard against hangs, not a delay)."""
        async with asyncio.timeout(seconds), self._changed:
            await self._changed.wait_for(lambda: len(self.sent(method)) >= count)

    async def deliver(
        self, endpoint: str, update: dict[str, Any], wrapped: bool = True, secret: str | None = None
    ) -> tuple[int, str]:
        """POST an update to our webhook as Zalo would; returns (status, body)."""
        body = {"ok": True, "result": update} if wrapped else update
        header = self.webhook_secret if secret is None else secret
        headers = {"X-Bot-Api-Secret-Token": header} if header else {}
        async with aiohttp.ClientSession() as session, session.post(endpoint, json=body, headers=headers) as answer:
            return answer.status, await answer.text()

    # --- the platform ------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await _params(request)
        call = Call(method, params, time=self.clock())
        self.calls.append(call)
        outage = next((o for o in self.outages if o.covers(method, self.clock())), None)
        try:
            if request.match_info["token"] != self.token:
                call.ok = False
                return _error(401, "Unauthorized: invalid token")
            if outage is not None:
                call.ok = False
                return await self._during(outage, request)
            if self._failures[method]:
                call.ok = False
                return _failure(self._failures[method].popleft())
            return await self._dispatch(method, params, call)
        finally:
            async with self._changed:
                self._changed.notify_all()

    async def _during(self, outage: Outage, request: web.Request) -> web.Response:
        if outage.kind == "500-html":
            return web.Response(status=500, text=ERROR_PAGE, content_type="text/html")
        if outage.kind in ("500", "429"):  # Zalo's 429 says nothing about when to come back
            return _error(int(outage.kind), "Internal server error" if outage.kind == "500" else "Quota exceeded")
        if outage.kind == "hang":
            await hang_until(self.clock, outage.until, self._closing)
        return cut(request)

    async def _dispatch(self, method: str, params: dict[str, str], call: Call) -> web.Response:
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return _error(400, f"Bad request: unknown API name {method}")
        answer: web.Response = await handler(params)
        call.ok = answer.status < 400
        return answer

    async def _api_getMe(self, _params: dict[str, str]) -> web.Response:
        return _ok(
            {"id": self.bot_id, "account_name": self.account_name, "account_type": "BASIC", "can_join_groups": False}
        )

    async def _api_getUpdates(self, params: dict[str, str]) -> web.Response:
        if self.webhook_url:
            # Webhook and polling exclude each other; Zalo's exact answer is not documented.
            return _error(400, "Bad request: webhook is set, delete it before getUpdates")
        hold = float(params.get("timeout", "30"))
        getting = asyncio.ensure_future(self._updates.get())
        closing = asyncio.ensure_future(self._closing.wait())
        await asyncio.wait({getting, closing}, timeout=hold, return_when=asyncio.FIRST_COMPLETED)
        closing.cancel()
        if getting.done():
            return _ok(getting.result())
        getting.cancel()
        return _error(408, "Request timeout", http_status=False)

    async def _api_setWebhook(self, params: dict[str, str]) -> web.Response:
        url, secret = params.get("url", ""), params.get("secret_token", "")
        if not url.startswith("https://") or not 8 <= len(secret) <= 256:
            return _error(400, "Bad request: url must be https and secret_token 8-256 characters")
        self.webhook_url, self.webhook_secret = url, secret
        return _ok({"url": url, "updated_at": _now_ms()})

    async def _api_deleteWebhook(self, _params: dict[str, str]) -> web.Response:
        self.webhook_url, self.webhook_secret = "", ""
        return _ok({"url": "", "updated_at": _now_ms()})

    async def _api_getWebhookInfo(self, _params: dict[str, str]) -> web.Response:
        return _ok({"url": self.webhook_url, "updated_at": _now_ms()})

    async def _api_sendMessage(self, params: dict[str, str]) -> web.Response:
        text = params.get("text", "")
        if not params.get("chat_id") or not 1 <= _utf16_len(text) <= MAX_TEXT:
            return _error(400, "Bad request: text must be 1-2000 characters")
        return _sent()

    async def _api_sendPhoto(self, params: dict[str, str]) -> web.Response:
        if not params.get("chat_id") or not params.get("photo", "").startswith(("http://", "https://")):
            return _error(400, "Bad request: photo must be an image URL")
        return _sent()

    async def _api_sendSticker(self, params: dict[str, str]) -> web.Response:
        return _sent() if params.get("chat_id") and params.get("sticker") else _error(400, "Bad request")

    async def _api_sendChatAction(self, params: dict[str, str]) -> web.Response:
        if not params.get("chat_id") or params.get("action") != "typing":
            return _error(400, "Bad request: action must be typing")
        return _ok(None)


async def _params(request: web.Request) -> dict[str, str]:
    """Zalo takes a query string, a form, or JSON alike."""
    found = {k: str(v) for k, v in request.query.items()}
    if request.content_type == "application/json":
        body = json.loads(await request.text() or "{}")
        found.update({k: str(v) for k, v in body.items()})
    elif request.method == "POST":
        found.update({k: str(v) for k, v in (await request.post()).items()})
    return found


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _now_ms() -> int:
    return BASE_MS


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _sent() -> web.Response:
    return _ok({"message_id": f"bot-{next(_message_ids)}", "date": _now_ms()})


def _error(code: int, description: str, http_status: bool = True) -> web.Response:
    body = {"ok": False, "error_code": code, "description": description}
    return web.json_response(body, status=code if http_status else 200)


def _failure(failure: Failure) -> web.Response:
    answer = _error(failure.code, failure.description, failure.http_status)
    if failure.retry_after is not None:
        answer.headers["Retry-After"] = str(failure.retry_after)
    return answer


# --- realistic update payloads, shaped like the samples in Zalo's docs ----------------------


def _message(user: str, name: str, extra: dict[str, Any]) -> dict[str, Any]:
    number = next(_message_ids)
    return {
        "from": {"id": user, "display_name": name, "is_bot": False},
        "chat": {"id": user, "chat_type": "PRIVATE"},
        "message_id": f"msg-{number:06d}",
        "date": BASE_MS + number * 1000,
        **extra,
    }


def text_update(text: str, user: str = "u-lan-001", name: str = "Lan") -> dict[str, Any]:
    return {"event_name": "message.text.received", "message": _message(user, name, {"text": text})}


def image_update(user: str = "u-lan-001", name: str = "Lan") -> dict[str, Any]:
    extra = {"photo_url": "https://photo-stal.zadn.vn/example.jpg", "caption": ""}
    return {"event_name": "message.image.received", "message": _message(user, name, extra)}


def sticker_update(user: str = "u-lan-001", name: str = "Lan") -> dict[str, Any]:
    extra = {"sticker": "bfe458bf64fa8da4d4eb", "url": "https://zalo-api.zadn.vn/sticker.png"}
    return {"event_name": "message.sticker.received", "message": _message(user, name, extra)}


def unsupported_update(user: str = "u-lan-001", name: str = "Lan") -> dict[str, Any]:
    """What Zalo sends instead of the content when the sender is in a protected group."""
    return {"event_name": "message.unsupported.received", "message": _message(user, name, {})}
