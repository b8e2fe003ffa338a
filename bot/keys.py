"""Who a turn belongs to: Telegram and Zalo ids can collide, so the channel is part of it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ConversationKey:
    channel: str
    chat_id: str
    user_id: str
    bot: str = ""

    def __str__(self) -> str:
        return f"{self.channel}:{self.bot}:{self.chat_id}:{self.user_id}"
