"""A small async client for the Zalo Bot Platform: `{base}/bot{token}/{method}`, JSON in and out.

The token travels in the URL path, so no URL of ours is ever logged or put in an error:
errors carry the method name, Zalo's code and its description only, and httpx's own request
log line is redacted by a filter installed here.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import httpx
from pydantic import SecretStr

POLL_GRACE = 10.0  # getUpdates holds the request up to its timeout; allow for the network on top
CALL_TIMEOUT = httpx.Timeout(20.0, connect=10.0)
TRANSPORT_FAILURE = 0  # our code for "no answer from Zalo at all" (timeout, refused, reset)
_TOKEN_IN_PATH = re.compile(r"/bot[^/\s\"']+")


def redact(text: str) -> str:
    """Hide a bot token wherever a Zalo API URL appears in `text`."""
    return _TOKEN_IN_PATH.sub("/bot<redacted>", text)


class RedactTokens(logging.Filter):
    """httpx logs every request URL at INFO; ours contain the token."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def install_log_redaction() -> None:
    for name in ("httpx", "httpcore"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())


class ZaloError(Exception):
    """A failed call: Zalo's error_code (or the HTTP status, or 0 for no answer) and why."""

    def __init__(self, method: str, code: int, description: str = "", retry_after: float | None = None) -> None:
        super().__init__(f"zalo {method}: {code} {description}".strip())
        self.method, self.code, self.description, self.retry_after = method, code, description, retry_after


class ZaloClient:
    def __init__(self, token: SecretStr, base: str, http: httpx.AsyncClient | None = None) -> None:
        install_log_redaction()
        self._token = token
        self._base = base.rstrip("/")
        self._http = http or httpx.AsyncClient(timeout=CALL_TIMEOUT)

    @property
    def bot_id(self) -> str:
        """The `{bot_id}` half of a `{bot_id}:{access_token}` token; "" for another shape."""
        head, sep, _ = self._token.get_secret_value().partition(":")
        return head if sep else ""

    async def aclose(self) -> None:
        await self._http.aclose()

    async def call(self, method: str, params: dict[str, str] | None = None, limit: float | None = None) -> Any:
        """POST one method and return its `result`; raise ZaloError for anything but ok."""
        url = f"{self._base}/bot{self._token.get_secret_value()}/{method}"
        try:
            response = await self._http.post(url, json=params or {}, timeout=limit or CALL_TIMEOUT)
        except httpx.HTTPError as error:
            # str(error) may name the URL for some httpx errors: keep only the class name.
            raise ZaloError(method, TRANSPORT_FAILURE, type(error).__name__) from None
        return _result(method, response)

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


def _result(method: str, response: httpx.Response) -> Any:
    """Read the {ok, result, description, error_code} envelope, whatever the HTTP status.

    Zalo's docs do not say whether errors also set the HTTP status, so the envelope's
    error_code wins and the status is the fallback (a proxy's HTML error page, say).
    """
    retry_after = _retry_after(response)
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        code = response.status_code if response.status_code >= 400 else 502
        raise ZaloError(method, code, "answer is not a JSON envelope", retry_after)
    if body.get("ok") is True and response.status_code < 400:
        return body.get("result")
    given = body.get("error_code")
    code = given if isinstance(given, int) and given > 0 else response.status_code
    raise ZaloError(method, code, redact(str(body.get("description") or ""))[:200], retry_after)


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "")
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None  # an HTTP date: rare enough to fall back to our default pause
