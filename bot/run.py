"""`hocvuso run`: every configured channel, its sender, the web server and the scheduler."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from aiohttp import web

from bot.app import App
from bot.channels.base import Listener
from bot.dashboard.mount import dashboard_routes
from bot.health import Health, readiness
from bot.ratelimit import Limiter
from bot.scheduling import build_scheduler
from bot.sender import Sender
from bot.settings import Settings
from bot.web import build_web_app

log = logging.getLogger(__name__)
NO_CHANNEL = (
    "No messaging channel is configured. Set TELEGRAM_BOT_TOKEN (from BotFather) or "
    "ZALO_BOT_TOKEN (from Zalo Bot Creator) in .env — see docs/deploy.md.\n"
    "To try the tutor without any token, run: hocvuso chat"
)


def configured_channels(app: App, settings: Settings) -> list[Listener]:
    """Each configured channel with its own limiter (one per bot token)."""
    channels: list[Listener] = []
    if settings.telegram_bot_token is not None:
        from bot.channels.telegram import build_telegram

        limiter = Limiter(settings.telegram_rate_per_second, settings.telegram_rate_per_chat)
        channels.append(build_telegram(app, settings, limiter))
    if settings.zalo_bot_token is not None:
        from bot.channels.zalo import build_zalo

        limiter = Limiter(settings.zalo_rate_per_second, settings.zalo_rate_per_chat)
        channels.append(build_zalo(app, settings, limiter))
    return channels


def sender_for(app: App, settings: Settings, channel: Listener, health: Health) -> Sender:
    """The channel's sender: woken by its doorbell, pacing with its limiter."""
    window = settings.outbox_retry_window_seconds
    return Sender(
        channel, app.sessions, app.clock, channel.limiter, retry_window=window, doorbell=channel.doorbell, health=health
    )


async def serve(app: App, settings: Settings, stop: asyncio.Event) -> None:
    """Run until `stop` is set; everything started here is stopped in reverse order."""
    health = Health()
    channels = configured_channels(app, settings)
    senders = []
    for channel in channels:
        channel.health = health
        senders.append(sender_for(app, settings, channel, health))
    routes = [route for channel in channels for route in channel.routes()]
    routes += dashboard_routes(app, settings)
    web_app = build_web_app(routes, app.media, ready=readiness(app.engine, health))
    runner = web.AppRunner(web_app)
    await runner.setup()
    site = web.TCPSite(runner, settings.web_host, settings.web_port)
    await site.start()
    scheduler = build_scheduler(app, settings, health)
    tasks = [asyncio.create_task(sender.run(), name=sender.name) for sender in senders]
    for sender, task in zip(senders, tasks, strict=True):
        health.watch(sender.name, task)
    try:
        for channel in channels:
            await channel.start()
        scheduler.start()
        log.info("running: channels=%s web=%s:%s", [c.name for c in channels], settings.web_host, settings.web_port)
        await stop.wait()
    finally:
        # Stop taking webhooks first, so no late request reaches a channel being closed.
        await runner.cleanup()
        await scheduler.stop()
        for channel in channels:
            await channel.stop()  # turns in hand finish and queue their replies first
        for sender in senders:
            sender.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*tasks)


async def run_forever(app: App, settings: Settings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await serve(app, settings, stop)
