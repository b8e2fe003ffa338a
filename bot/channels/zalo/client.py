"""A small async client for the Zalo Bot Platform: `{base}/bot{token}/{method}`, JSON in and out.

It runs on aiohttp, which the web server has loaded already: httpx and its client cost a
Zalo-only process about 3 MiB more (issue 11). The token travels in the URL path, so no URL of
ours is ever logged or put in an error: errors carry the method name, Zalo's code and its
description only, and each call's log line names the method with the token hidden.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from typing import Any

import aiohttp
from pydantic import SecretStr

POLL_GRACE = 10.0  # getUpdates holds the request up to its timeout; allow for the network on top
CONNECT_TIMEOUT = 10.0
CALL_TIMEOUT = 20.0  # the longest wait for the answer's next bytes (not for the whole call)
TRANSPORT_FAILURE = 0  # our code for "no answer from Zalo at all" (timeout, refused, reset)
_TOKEN_IN_PATH = re.compile(r"/bot[^/\s\"']+")
log = logging.getLogger(__name__)


def redact(text: str) -> str:
    """Hide a bot token wherever a Zalo API URL appears in `text`."""
    return _TOKEN_IN_PATH.sub("/bot<redacted>", text)


def timeout(limit: float | None) -> aiohttp.ClientTimeout:
    """Connecting, and each wait for the answer's bytes, bounded; `limit` bounds both."""
    if limit is None:
        return aiohttp.ClientTimeout(total=None, sock_connect=CONNECT_TIMEOUT, sock_read=CALL_TIMEOUT)
    return aiohttp.ClientTimeout(total=None, sock_connect=limit, sock_read=limit)


class ZaloError(Exception):
    """A failed call: Zalo's error_code (or the HTTP status, or 0 for no answer) and why."""

    def __init__(self, method: str, code: int, description: str = "", retry_after: float | None = None) -> None:
        super().__init__(f"zalo {method}: {code} {description}".strip())
        self.method, self.code, self.description, self.retry_after = method, code, description, retry_after


class ZaloClient:
    def __init__(self, token: SecretStr, base: str, http: aiohttp.ClientSession | None = None) -> None:
        self._token = token
        self._base = base.rstrip("/")
        self._http = http  # made at the first call, inside the event loop, as aiohttp wants

    @property
    def bot_id(self) -> str:
        """The `{bot_id}` half of a `{bot_id}:{access_token}` token; "" for another shape."""
        head, sep, _ = self._token.get_secret_value().partition(":")
        return head if sep else ""

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.close()

    async def call(self, method: str, params: dict[str, str] | None = None, limit: float | None = None) -> Any:
        """POST one method and return its `result`; raise ZaloError for anything but ok."""
        if self._http is None:
            self._http = aiohttp.ClientSession()
        url = f"{self._base}/bot{self._token.get_secret_value()}/{method}"
        try:
            async with self._http.post(url, json=params or {}, timeout=timeout(limit)) as response:
                body = await response.read()
                answer = Answer(response.status, response.reason or "", response.headers.get("Retry-After", ""), body)
        except (aiohttp.ClientError, TimeoutError) as error:
            # str(error) may name the URL for some errors: keep only the class name.
            raise ZaloError(method, TRANSPORT_FAILURE, type(error).__name__) from None
        log.info('HTTP Request: POST %s "%s %s"', redact(url), answer.status, answer.reason)
        return _result(method, answer)

    async def get_me(self) -> dict[str, Any]:
        return dict(await self.call("getMe"))

    async def get_updates(self, hold_seconds: int) -> dict[str, Any] | None:
        """One update, or None when the poll ended empty (Zalo's error 408 is that normal end)."""
        try:
            update = await self.call("getUpdates", {"timeout": str(hold_seconds)}, limit=hold_seconds + POLL_GRACE)
        except ZaloError as error:
            if error.code == 408:
                return None
            raise
        return update if isinstance(update, dict) and update else None

    async def set_webhook(self, url: str, secret_token: SecretStr) -> None:
        await self.call("setWebhook", {"url": url, "secret_token": secret_token.get_secret_value()})

    async def delete_webhook(self) -> None:
        await self.call("deleteWebhook")

    async def get_webhook_info(self) -> dict[str, Any]:
        return dict(await self.call("getWebhookInfo"))

    async def send_message(self, chat_id: str, text: str) -> None:
        await self.call("sendMessage", {"chat_id": chat_id, "text": text})

    async def send_photo(self, chat_id: str, photo_url: str, caption: str = "") -> None:
        params = {"chat_id": chat_id, "photo": photo_url}
        if caption:
            params["caption"] = caption
        await self.call("sendPhoto", params)

    async def send_sticker(self, chat_id: str, sticker: str) -> None:
        await self.call("sendSticker", {"chat_id": chat_id, "sticker": sticker})

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> None:
        await self.call("sendChatAction", {"chat_id": chat_id, "action": action})


@dataclass(frozen=True)
class Answer:
    """What a call's answer carried, read whole before the connection goes back to the pool."""

    status: int
    reason: str
    retry_after: str
    body: bytes


def _result(method: str, answer: Answer) -> Any:
    """Read the {ok, result, description, error_code} envelope, whatever the HTTP status.

    Zalo's docs do not say whether errors also set the HTTP status, so the envelope's
    error_code wins and the status is the fallback (a proxy's HTML error page, say).
    """
    retry_after = _retry_after(answer.retry_after)
    try:
        body = json.loads(answer.body)
    except ValueError:  # not JSON, or not UTF-8 (UnicodeDecodeError is a ValueError)
        body = None
    if not isinstance(body, dict):
        code = answer.status if answer.status >= 400 else 502
        raise ZaloError(method, code, "answer is not a JSON envelope", retry_after)
    if body.get("ok") is True and answer.status < 400:
        return body.get("result")
    given = body.get("error_code")
    code = given if isinstance(given, int) and given > 0 else answer.status
    raise ZaloError(method, code, redact(str(body.get("description") or ""))[:200], retry_after)


def _retry_after(value: str) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None  # an HTTP date: rare enough to fall back to our default pause
