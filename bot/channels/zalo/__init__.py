"""The Zalo Bot Platform channel (bot-api.zaloplatforms.com), on our own small aiohttp client."""

from __future__ import annotations

from bot.app import App
from bot.channels.zalo.channel import WEBHOOK_PATH, ZaloChannel, ZaloConfig
from bot.ratelimit import Limiter
from bot.settings import Settings, SettingsError

__all__ = ["ZaloChannel", "ZaloConfig", "build_zalo", "zalo_config"]
SECRET_CHARS = (8, 256)  # what setWebhook accepts for secret_token


def zalo_config(settings: Settings, path: str = WEBHOOK_PATH) -> ZaloConfig:
    """The channel's settings, checked: a bad one stops start-up with one sentence. `path` is
    the webhook route (one per bot when there are several, bot/bots.py)."""
    if settings.zalo_bot_token is None:
        raise SettingsError("Setting ZALO_BOT_TOKEN is missing: paste the token Zalo Bot Creator sent you.")
    secret = settings.zalo_webhook_secret
    if settings.zalo_webhook_url:
        low, high = SECRET_CHARS
        if secret is None or not low <= len(secret.get_secret_value()) <= high:
            raise SettingsError(
                f"Setting ZALO_WEBHOOK_SECRET must be {low} to {high} characters when ZALO_WEBHOOK_URL is set."
            )
    return ZaloConfig(
        token=settings.zalo_bot_token,
        api_base=settings.zalo_api_base,
        webhook_url=settings.zalo_webhook_url,
        media_base=settings.public_base_url,
        webhook_secret=secret,
        path=path,
    )


def build_zalo(app: App, settings: Settings, limiter: Limiter, path: str = WEBHOOK_PATH) -> ZaloChannel:
    return ZaloChannel(app, zalo_config(settings, path), limiter)
