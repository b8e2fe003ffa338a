"""How learners reach the bot by link: the Telegram bot's @username, for t.me deep links.

Known at start-up: from the TELEGRAM_BOT_USERNAME setting, or from getMe when the Telegram
channel connects. One instance per application (App.links), never module state.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class BotLinks:
    telegram_username: str = ""
