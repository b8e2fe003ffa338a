"""A channel for one bot (bot/bots.py): its own settings, webhook route and limiter.

A channel's package is imported when a bot of that channel is configured, not before: aiogram
and its thousand pydantic models cost about 150 MiB of memory and seconds of start-up, which a
deployment with Zalo alone never needs (issue 11). `importlib` names the package, so this is
not an import inside a function to dodge a cycle: nothing imports this module's callers back.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from types import MappingProxyType
from typing import cast

from bot.app import App
from bot.bots import TELEGRAM, ZALO, BotSpec
from bot.channels.base import Listener
from bot.ratelimit import Limiter
from bot.settings import Settings

Builder = Callable[..., Listener]  # (app, settings, limiter, path=...) -> the channel

# channel name -> (package, its builder): read, never changed
BUILDERS = MappingProxyType(
    {TELEGRAM: ("bot.channels.telegram", "build_telegram"), ZALO: ("bot.channels.zalo", "build_zalo")}
)


def builder(channel: str) -> Builder:
    package, name = BUILDERS[channel]
    return cast(Builder, getattr(importlib.import_module(package), name))


def build_channel(app: App, spec: BotSpec) -> Listener:
    """Each bot token has its own limiter: the platform counts per token."""
    settings: Settings = spec.settings
    return builder(spec.channel)(app, settings, Limiter(*spec.rate), path=spec.path)
