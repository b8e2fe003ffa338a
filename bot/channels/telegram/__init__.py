"""Telegram through aiogram 3: long polling by default, a webhook when TELEGRAM_WEBHOOK_URL is set."""

from __future__ import annotations

import re

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.base import BaseSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.utils.token import TokenValidationError

from bot.app import App
from bot.channels.base import MediaSource
from bot.channels.telegram.channel import WEBHOOK_PATH, TelegramChannel, Webhook
from bot.channels.telegram.render import CallbackCodec, Renderer
from bot.ratelimit import Limiter
from bot.settings import Settings, SettingsError

__all__ = ["WEBHOOK_PATH", "TelegramChannel", "build_telegram", "certificates"]
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what setWebhook accepts as secret_token
POLL_TIMEOUT = 25  # seconds a getUpdates call waits for news before asking again


def build_telegram(
    app: App,
    settings: Settings,
    limiter: Limiter,
    *,
    session: BaseSession | None = None,
    poll_timeout: int = POLL_TIMEOUT,
    path: str = WEBHOOK_PATH,
) -> TelegramChannel:
    """Wire the channel; nothing is sent until start(). `session` replaces HTTP (benchmarks);
    `path` is the webhook route (one per bot when there are several, bot/bots.py)."""
    token = settings.telegram_bot_token
    if token is None:
        raise SettingsError("Setting TELEGRAM_BOT_TOKEN is missing: create a bot with @BotFather and paste its token.")
    webhook = _webhook(settings, path)
    session = session or AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_base))
    try:
        bot = Bot(token.get_secret_value(), session=session)
    except TokenValidationError:
        raise SettingsError(
            "Setting TELEGRAM_BOT_TOKEN is invalid: it looks like 123456789:AA... as @BotFather gave it."
        ) from None
    renderer = Renderer(CallbackCodec(), certificates(app))
    return TelegramChannel(app, bot, limiter, renderer, webhook, poll_timeout)


def _webhook(settings: Settings, path: str) -> Webhook | None:
    if not settings.telegram_webhook_url:
        return None
    secret = settings.telegram_webhook_secret.get_secret_value() if settings.telegram_webhook_secret else ""
    if not secret:
        raise SettingsError("Setting TELEGRAM_WEBHOOK_SECRET is required when TELEGRAM_WEBHOOK_URL is set.")
    if not SECRET_PATTERN.match(secret):
        raise SettingsError("Setting TELEGRAM_WEBHOOK_SECRET must be 1-256 characters from A-Z, a-z, 0-9, _ and -.")
    return Webhook(settings.telegram_webhook_url, secret, path)


def certificates(app: App) -> MediaSource:
    """Images the engine names by key: certificates and family-invite QR codes (App.media)."""
    return app.media
