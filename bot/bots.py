"""The bots of one deployment: every configured Telegram and Zalo token, each a `BotSpec`.

Bots come from settings (TELEGRAM_BOT_TOKEN plus TELEGRAM_BOT_TOKENS, the same for Zalo), not
from a table: a token is a secret, and secrets belong in the environment or the service
manager's credentials, not in rows that backups, dumps and the dashboard's readers see. Adding
a bot is a deployment change anyway (its webhook route, the proxy). Learners need no table to be
bound to their bot: the conversation key (learners.bot) holds the bot they wrote to, and every
outbox row names the bot that must send it.

With one bot on a channel nothing changes: its webhook URL, route and secret are the settings'
own, and its sender takes every row of the channel. With several, each bot gets the route
`/webhook/<channel>/<bot id>`, the URL `<CHANNEL>_WEBHOOK_URL/<bot id>`, and a secret of its own
derived from `<CHANNEL>_WEBHOOK_SECRET` (HMAC-SHA256 of the bot's name), so one bot's secret
reveals neither the others' nor the setting.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

from pydantic import SecretStr

from bot.settings import Settings, SettingsError

TELEGRAM, ZALO = "telegram", "zalo"
TOKEN_SHAPE = {TELEGRAM: re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{10,}$"), ZALO: re.compile(r"^[^:\s]{1,64}:\S+$")}
LOCK_NAMESPACE = b"hocvuso-sender:"


@dataclass(frozen=True, slots=True)
class BotSpec:
    channel: str  # "telegram" or "zalo"
    bot_id: str  # the token's public half: Telegram and Zalo both show it
    settings: Settings  # the channel's settings as this bot sees them: its token, URL, secret
    path: str  # its webhook route on our web server
    primary: bool  # the first bot of its channel: it also sends rows that name no bot
    alone: bool  # the only bot of its channel: it sends every row of the channel

    @property
    def name(self) -> str:
        return f"{self.channel}:{self.bot_id}"

    @property
    def claims(self) -> tuple[str, ...] | None:
        """Which outbox rows its sender takes, by their `bot`: None means all of the channel's."""
        if self.alone:
            return None
        return (self.bot_id, "") if self.primary else (self.bot_id,)

    @property
    def lock_key(self) -> int:
        """The PostgreSQL advisory lock its sender holds: a signed 64-bit number from its name."""
        digest = hashlib.sha256(LOCK_NAMESPACE + self.name.encode()).digest()
        return int.from_bytes(digest[:8], "big", signed=True)

    @property
    def rate(self) -> tuple[float, float]:
        """Messages per second overall and per chat, as its channel's settings say."""
        s = self.settings
        if self.channel == TELEGRAM:
            return s.telegram_rate_per_second, s.telegram_rate_per_chat
        return s.zalo_rate_per_second, s.zalo_rate_per_chat


def configured_bots(settings: Settings) -> tuple[BotSpec, ...]:
    return (*_channel_bots(settings, TELEGRAM), *_channel_bots(settings, ZALO))


def _channel_bots(settings: Settings, channel: str) -> list[BotSpec]:
    tokens = _tokens(settings, channel)
    alone = len(tokens) == 1
    return [_spec(settings, channel, token, index == 0, alone) for index, token in enumerate(tokens)]


def _tokens(settings: Settings, channel: str) -> list[str]:
    """The single token first, then the list; a bot named twice counts once."""
    single, many = (
        (settings.telegram_bot_token, settings.telegram_bot_tokens)
        if channel == TELEGRAM
        else (settings.zalo_bot_token, settings.zalo_bot_tokens)
    )
    listed = [single.get_secret_value().strip()] if single is not None else []
    listed += [t.strip() for t in many.get_secret_value().split(",")] if many is not None else []
    tokens = [token for token in listed if token]
    if len(tokens) > 1:
        for place, token in enumerate(tokens, 1):
            if not TOKEN_SHAPE[channel].match(token):  # never quote a token, only its place
                setting = f"{channel.upper()}_BOT_TOKENS"
                raise SettingsError(f"Setting {setting}: token {place} does not look like BOT_ID:SECRET.")
    unique: dict[str, str] = {}
    for token in tokens:
        unique.setdefault(bot_id(token), token)
    return list(unique.values())


def bot_id(token: str) -> str:
    head, sep, _ = token.partition(":")
    return head if sep else ""


def _spec(settings: Settings, channel: str, token: str, primary: bool, alone: bool) -> BotSpec:
    ident = bot_id(token)
    url, secret = _webhook(settings, channel)
    path = f"/webhook/{channel}"
    if not alone:
        path = f"{path}/{ident}"
        url = f"{url.rstrip('/')}/{ident}" if url else ""
        secret = derived_secret(secret, f"{channel}:{ident}") if secret else secret
    prefix = channel  # the settings' own names: telegram_bot_token, zalo_webhook_url...
    own = settings.model_copy(
        update={
            f"{prefix}_bot_token": SecretStr(token),
            f"{prefix}_webhook_url": url,
            f"{prefix}_webhook_secret": SecretStr(secret) if secret else None,
        }
    )
    return BotSpec(channel, ident, own, path, primary, alone)


def _webhook(settings: Settings, channel: str) -> tuple[str, str]:
    url, secret = (
        (settings.telegram_webhook_url, settings.telegram_webhook_secret)
        if channel == TELEGRAM
        else (settings.zalo_webhook_url, settings.zalo_webhook_secret)
    )
    return url, secret.get_secret_value() if secret is not None else ""


def derived_secret(master: str, name: str) -> str:
    """64 hex characters: within what both platforms accept (Telegram A-Za-z0-9_-, Zalo 8-256)."""
    return hmac.new(master.encode(), name.encode(), hashlib.sha256).hexdigest()
