"""aiogram's exceptions mapped onto our closed set of send outcomes."""

from __future__ import annotations

from aiogram.exceptions import (
    AiogramError,
    ClientDecodeError,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)

from bot.channels.base import Blocked, Permanent, SendError, Throttled, Transient


def send_error(error: AiogramError | TimeoutError) -> SendError:
    """The outcome the sender branches on. Only the class name goes into the detail:
    aiogram's messages can carry the chat id, and a log line needs neither."""
    name = type(error).__name__
    if isinstance(error, TelegramForbiddenError):  # blocked, deactivated, kicked
        return Blocked(name)
    if isinstance(error, TelegramRetryAfter):
        return Throttled(float(error.retry_after), name)
    if isinstance(error, TelegramEntityTooLarge):  # a network error by inheritance, but resending cannot help
        return Permanent(name)
    if isinstance(error, TelegramServerError | TelegramNetworkError | TimeoutError):
        return Transient(name)
    if isinstance(error, ClientDecodeError):
        # An unreadable answer is most often a proxy's error page in front of the Bot API.
        return Transient(name)
    return Permanent(name)
