"""`hocvuso run`: every configured channel, its sender, the web server and the scheduler."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from aiohttp import web

from bot.app import App
from bot.channels.base import Channel
from bot.ratelimit import Limiter
from bot.sender import Sender
from bot.settings import Settings
from bot.web import build_web_app

log = logging.getLogger(__name__)
NO_CHANNEL = (
    "No messaging channel is configured. Set TELEGRAM_BOT_TOKEN (from BotFather) or "
    "ZALO_BOT_TOKEN (from Zalo Bot Creator) in .env — see docs/deploy.md.\n"
    "To try the tutor without any token, run: hocvuso chat"
)


def configured_channels(app: App, settings: Settings) -> list[tuple[Channel, Limiter]]:
    channels: list[tuple[Channel, Limiter]] = []
    if settings.telegram_bot_token is not None:
        from bot.channels.telegram import build_telegram

        limiter = Limiter(settings.telegram_rate_per_second, settings.telegram_rate_per_chat)
        channels.append((build_telegram(app, settings, limiter), limiter))
    if settings.zalo_bot_token is not None:
        from bot.channels.zalo import build_zalo

        limiter = Limiter(settings.zalo_rate_per_second, settings.zalo_rate_per_chat)
        channels.append((build_zalo(app, settings, limiter), limiter))
    return channels


async def serve(app: App, settings: Settings, stop: asyncio.Event) -> None:
    """Run until `stop` is set; everything started here is stopped in reverse order."""
    channels = configured_channels(app, settings)
    senders = [Sender(channel, app.sessions, app.clock, limiter) for channel, limiter in channels]
    routes = [route for channel, _ in channels for route in channel.routes()]
    runner = web.AppRunner(build_web_app(routes, app.media))
    await runner.setup()
    site = web.TCPSite(runner, settings.web_host, settings.web_port)
    await site.start()
    from bot.scheduling import build_scheduler

    scheduler = build_scheduler(app, settings)
    tasks = [asyncio.create_task(sender.run(), name=f"sender-{sender.channel.name}") for sender in senders]
    try:
        for channel, _ in channels:
            await channel.start()
        scheduler.start()
        log.info("running: channels=%s web=%s:%s", [c.name for c, _ in channels], settings.web_host, settings.web_port)
        await stop.wait()
    finally:
        # Stop taking webhooks first, so no late request reaches a channel being closed.
        await runner.cleanup()
        scheduler.shutdown()
        for sender in senders:
            sender.stop()
        for channel, _ in channels:
            await channel.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*tasks)


async def run_forever(app: App, settings: Settings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await serve(app, settings, stop)
