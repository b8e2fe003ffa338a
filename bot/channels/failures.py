"""How a webhook answers when the turn behind it could not be stored, and bodies it refuses.

Platforms deliver a webhook again after a non-2xx answer, so a turn that failed for want of
the database (unreachable, or every pooled connection busy) gets 503 with Retry-After: the
update comes back and nothing is lost. Anything else is a bug: 500, logged by type only.
A body we cannot read gets 400 and changes nothing.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError

RETRY_AFTER = "2"  # seconds; the pool's timeout is short, so a moment later there is room
MAX_BODY_DEPTH = 32  # no update of either platform nests deeper than a handful of levels


def database_trouble(error: BaseException) -> bool:
    """The database (or the way to it) failed, not our code: worth trying again later."""
    return isinstance(error, SQLAlchemyError | OSError | TimeoutError)


def turn_failed(error: BaseException, logger: logging.Logger, what: str) -> web.Response:
    # Only the type: database errors quote their parameters, i.e. learners' data.
    if database_trouble(error):
        logger.warning("%s: turn not stored (%s); answered 503", what, type(error).__name__)
        return web.json_response({"ok": False}, status=503, headers={"Retry-After": RETRY_AFTER})
    logger.error("%s: update could not be handled: %s", what, type(error).__name__)
    return web.json_response({"ok": False}, status=500)


def bad_request() -> web.Response:
    return web.json_response({"ok": False}, status=400)


def read_body(raw: bytes) -> Any:
    """The JSON body, or ValueError: not JSON, not UTF-8, or nested deeper than any update."""
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        raise ValueError("not a JSON body") from None
    if _depth(body) > MAX_BODY_DEPTH:
        raise ValueError("nested too deeply")
    return body


def _depth(value: Any) -> int:
    """How deep containers nest, counted without recursion (the body came from a stranger)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest
