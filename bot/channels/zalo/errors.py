"""Zalo's answers onto our closed set of send outcomes, and start-up failures as one sentence."""

from __future__ import annotations

import logging
import re

from bot.channels.base import Blocked, Permanent, SendError, Throttled, Transient
from bot.channels.zalo.client import TRANSPORT_FAILURE, ZaloError
from bot.settings import SettingsError

log = logging.getLogger(__name__)
# Zalo documents no retry_after; without a Retry-After header we pause this long.
DEFAULT_RETRY_AFTER = 1.0
# Zalo's error table has no "blocked" code. Only a description that plainly says the person
# blocked or unfollowed the bot marks them unreachable; a guess would silence real learners.
_BLOCKED_WORDS = re.compile(r"\bblock(ed)?\b|\bunfollow(ed)?\b|chặn|bỏ theo dõi", re.IGNORECASE)


def classify(error: ZaloError) -> SendError:
    detail = f"{error.method}: {error.code} {error.description}".strip()
    if error.code == 429:
        retry = error.retry_after if error.retry_after is not None else DEFAULT_RETRY_AFTER
        return Throttled(retry, detail)
    if _BLOCKED_WORDS.search(error.description):
        return Blocked(detail)
    # 403 is "internal server error" in Zalo's own table (not "forbidden" as on Telegram),
    # so it is retried like a 5xx; 408 is a timeout; 0 means no answer reached us at all.
    if error.code in (TRANSPORT_FAILURE, 403, 408) or error.code >= 500:
        return Transient(detail)
    # 400 bad request, 401 bad token, 404 not found, anything else: the same call fails again.
    return Permanent(detail)


def startup_failure(error: ZaloError) -> SettingsError:
    """Start-up cannot go on: one sentence naming what to fix, never the token itself."""
    if error.code == 401:
        message = "Zalo rejected ZALO_BOT_TOKEN (401): copy the token again from Zalo Bot Creator."
    elif error.method == "setWebhook" and error.code == 400:
        message = f"Zalo refused ZALO_WEBHOOK_URL or ZALO_WEBHOOK_SECRET: {error.description or 'bad request'}."
    else:
        message = f"Zalo did not accept {error.method} at start-up ({error.code} {error.description}); try again."
    log.error(message)  # SettingsError exits quietly: the log is where an operator reads why
    return SettingsError(message)
