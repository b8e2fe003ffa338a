"""One Zalo update -> who sent it, a dedup key, and our Inbound. Nothing Zalo-shaped passes on.

Zalo has no update_id; `event_name:message_id` names an update, so a webhook redelivery
or a replayed poll is recognised by the tutor's processed_updates.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from bot.keys import ConversationKey
from dialogs.messages import Inbound

CHANNEL = "zalo"
TEXT = "message.text.received"
# Sent instead of the real content when the sender is in a group Zalo protects (children,
# people with disabilities, people who cannot read...): there is nothing for us to read.
WITHHELD = "message.unsupported.received"
# A reaction is not a turn: answering every heart with "type a number" would be noise.
IGNORED = frozenset({"message.reaction.received"})
MAX_KEY = 128  # processed_updates.update_key
MAX_ID = 64  # learners.chat_id and user_id
MAX_MESSAGE_ID = 1024  # longer than the dedup column allows is fine: update_key() digests it


@dataclass(frozen=True, slots=True)
class Update:
    key: ConversationKey
    update_key: str
    inbound: Inbound
    withheld: bool = False  # Zalo kept the content back; the learner needs to hear why


def unwrap(body: object) -> dict[str, Any] | None:
    """The docs wrap a webhook body as {"ok": true, "result": {...}}; some senders do not."""
    if not isinstance(body, dict):
        return None
    inner = body.get("result") if "event_name" not in body else body
    return inner if isinstance(inner, dict) and isinstance(inner.get("event_name"), str) else None


def parse(update: dict[str, Any], bot: str) -> Update | None:
    """Our view of one update, or None for what we do not answer (groups, bots, reactions)."""
    event = str(update.get("event_name", ""))
    message = update.get("message")
    if event in IGNORED or not isinstance(message, dict):
        return None
    chat, sender = message.get("chat"), message.get("from")
    if not isinstance(chat, dict) or not isinstance(sender, dict) or sender.get("is_bot") is True:
        return None
    # Groups are "coming soon" on Zalo; a lesson is one learner's conversation.
    if str(chat.get("chat_type", "PRIVATE")).upper() != "PRIVATE":
        return None
    chat_id, user_id = _ident(chat.get("id")), _ident(sender.get("id"))
    message_id = _ident(message.get("message_id"), MAX_MESSAGE_ID)
    if not (chat_id and user_id and message_id):
        return None
    key = ConversationKey(CHANNEL, chat_id, user_id, bot=bot)
    return Update(key, update_key(event, message_id), _inbound(event, message), withheld=event == WITHHELD)


class MalformedUpdate(ValueError):
    """Shaped like an update but not one Zalo sends (an id that is an object, say): refused."""


def _ident(value: object, longest: int = MAX_ID) -> str:
    """An id as text; "" when absent. Anything but a short string or number is refused, so a
    forged body can never become a learner (and never overflow a 64-character column)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise MalformedUpdate(f"an id of type {type(value).__name__}")
    text = str(value)
    if len(text) > longest or not text.isprintable():
        raise MalformedUpdate(f"an id longer than {longest} characters or with control characters")
    return text


def update_key(event: str, message_id: str) -> str:
    """`event:message_id`; an id too long for the column is replaced by its digest."""
    key = f"{event}:{message_id}"
    if len(key) <= MAX_KEY:
        return key
    return f"{event[:40]}:sha256:{hashlib.sha256(message_id.encode()).hexdigest()}"


def _inbound(event: str, message: dict[str, Any]) -> Inbound:
    if event == TEXT:
        text = message.get("text") or ""
        if not isinstance(text, str):
            raise MalformedUpdate(f"a text of type {type(text).__name__}")
        return Inbound.from_text(text)
    # "message.image.received" -> "image"; anything new Zalo invents is media we cannot read.
    parts = event.split(".")
    return Inbound.unsupported(parts[1] if len(parts) == 3 else "unknown")
