"""A channel for one bot (bot/bots.py): its own settings, webhook route and limiter."""

from __future__ import annotations

from bot.app import App
from bot.bots import TELEGRAM, BotSpec
from bot.channels.base import Listener
from bot.channels.telegram import build_telegram
from bot.channels.zalo import build_zalo
from bot.ratelimit import Limiter


def build_channel(app: App, spec: BotSpec) -> Listener:
    """Each bot token has its own limiter: the platform counts per token."""
    limiter = Limiter(*spec.rate)
    if spec.channel == TELEGRAM:
        return build_telegram(app, spec.settings, limiter, path=spec.path)
    return build_zalo(app, spec.settings, limiter, path=spec.path)
