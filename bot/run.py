"""`hocvuso run --role all|web|sender|scheduler`: the whole bot in one process, or one part of it.

- all (the default): everything below, in one process. The only role SQLite allows.
- web: webhooks (or polling), the turns behind them, the dashboard and /media. Any number of
  web processes may run behind a reverse proxy: the learner's row lock orders each learner's
  turns and the recorded update id makes each update count once, whichever process took it.
- sender: the outbox senders; across all processes one sends per bot (bot/sending.py).
- scheduler: reminder and broadcast ticks; several may run (their claims skip locked rows).

Every role serves /healthz, /readyz and /metrics on WEB_HOST:WEB_PORT. A turn that queued
messages wakes its bot's sender: its doorbell when the sender runs here, else a NOTIFY
(bot/wakeups.py).
"""

from __future__ import annotations

import asyncio
import logging
import signal

from aiohttp import web

from bot.app import App
from bot.bots import BotSpec, configured_bots
from bot.channels.base import Listener, NamedBot
from bot.channels.build import build_channel
from bot.dashboard.mount import dashboard_routes
from bot.health import Health, readiness
from bot.leader import asyncpg_dsn
from bot.metrics import Metrics
from bot.scheduling import Scheduling, build_scheduler
from bot.sending import Sending
from bot.settings import Settings, SettingsError
from bot.storage.db import is_sqlite
from bot.turn import TurnRequest, TurnResult
from bot.wakeups import Notifier, Wakeups
from bot.web import build_web_app

log = logging.getLogger(__name__)
ROLES = ("all", "web", "sender", "scheduler")
NO_CHANNEL = (
    "No messaging channel is configured. Set TELEGRAM_BOT_TOKEN (from BotFather) or "
    "ZALO_BOT_TOKEN (from Zalo Bot Creator) in .env — see docs/deploy.md.\n"
    "To try the tutor without any token, run: hocvuso chat"
)


def check_role(role: str, settings: Settings) -> None:
    if role not in ROLES:
        raise SettingsError(f"--role must be one of {', '.join(ROLES)}.")
    if role != "all" and is_sqlite(settings.db_url):
        raise SettingsError(
            f"--role {role} needs PostgreSQL (DATABASE_URL=postgresql+asyncpg://...): "
            "SQLite serves one process, so run --role all."
        )


class Process:
    """The parts one role needs, started and stopped in order."""

    def __init__(self, app: App, settings: Settings, role: str = "all", metrics: Metrics | None = None) -> None:
        check_role(role, settings)
        self.app, self.settings, self.role = app, settings, role
        self.receives, self.sends, self.schedules = (role in ("all", part) for part in ("web", "sender", "scheduler"))
        self.health, self.metrics = Health(), metrics or Metrics()
        postgres = not is_sqlite(settings.db_url)
        self.specs = configured_bots(settings)
        self.bots: list[tuple[BotSpec, Listener]] = [(spec, build_channel(app, spec)) for spec in self.specs]
        self.notifier = Notifier(asyncpg_dsn(settings.db_url), self.health) if postgres else None
        self.wakeups = Wakeups(self.specs, self.notifier)
        self.sending = (
            Sending(app, self.bots, self.wakeups, self.health, self.metrics, postgres=postgres) if self.sends else None
        )
        self.scheduling: Scheduling | None = build_scheduler(app, settings, self.health) if self.schedules else None
        self.runner = web.AppRunner(self._web_app())
        self._notifying: asyncio.Task[None] | None = None

    def _web_app(self) -> web.Application:
        routes = [route for _, channel in self.bots for route in channel.routes()] if self.receives else []
        routes += dashboard_routes(self.app, self.settings) if self.receives else []
        webhooks = {spec.path: (spec.channel, spec.bot_id) for spec in self.specs} if self.receives else {}
        return build_web_app(
            routes,
            self.app.media if self.receives else None,
            ready=readiness(self.app.engine, self.health),
            scrape=self._scrape,
            middlewares=[self.metrics.middleware(webhooks)],
        )

    async def _scrape(self) -> bytes:
        if self.sending is not None:
            shares = [(spec.channel, spec.bot_id, spec.claims) for spec in self.sending.leading]
            try:
                await self.metrics.refresh_depth(self.app.sessions, shares)
            except Exception as error:  # the figures without the depth, rather than no figures
                log.warning("metrics: outbox depth not counted (%s)", type(error).__name__)
        return self.metrics.exposition()

    # --- what every turn and tick reports ---------------------------------------------------------

    def turned(self, request: TurnRequest, result: TurnResult | None, seconds: float) -> None:
        key = request.key
        outcome = "failed" if result is None else "duplicate" if result.duplicate else "handled"
        self.metrics.turn(key.channel, key.bot, request.reply.kind, outcome, seconds)
        if result is not None and result.queued:
            self.wakeups.queued(key.channel, key.bot)

    def ticked(self, job: str, result: object, seconds: float) -> None:
        self.metrics.tick(job, seconds)
        # A count of rows queued outside any turn (an announcement released): wake every sender.
        # (Reminder turns woke theirs already, through `turned`.)
        if isinstance(result, int) and result > 0:
            for spec in self.specs:
                self.wakeups.queued(spec.channel, spec.bot_id)

    # --- lifecycle ---------------------------------------------------------------------------------

    async def start(self) -> None:
        self.app.tutor.observers.append(self.turned)
        await self.runner.setup()
        await web.TCPSite(self.runner, self.settings.web_host, self.settings.web_port).start()
        if self.notifier is not None:
            self._notifying = asyncio.create_task(self.notifier.run(), name=Notifier.NAME)
            self.health.watch(Notifier.NAME, self._notifying)
        if self.sending is not None:
            await self.sending.start()
        if self.receives:
            for _, channel in self.bots:
                channel.health = self.health
                await channel.start()
        else:
            await self._learn_username()
        if self.scheduling is not None:
            self.scheduling.observers.append(self.ticked)
            self.scheduling.start()
        bots = [spec.name for spec in self.specs]
        log.info("running: role=%s bots=%s web=%s:%s", self.role, bots, self.settings.web_host, self.settings.web_port)

    async def stop(self) -> None:
        """Reverse order: no new webhooks, no new ticks, turns in hand finish, senders last."""
        await self.runner.cleanup()
        if self.scheduling is not None:
            await self.scheduling.stop()
        if self.receives:
            for _, channel in self.bots:
                await channel.stop()  # turns in hand finish and queue their replies first
        if self.sending is not None:
            await self.sending.stop()
        if not self.receives:
            for _, channel in self.bots:
                await channel.stop()
        if self.notifier is not None and self._notifying is not None:
            self.notifier.stop()
            await self._notifying
        if self.turned in self.app.tutor.observers:
            self.app.tutor.observers.remove(self.turned)

    async def _learn_username(self) -> None:
        """Invite links and QR codes name the bot; a role that does not receive asks getMe once."""
        if self.app.links.telegram_username:
            return
        named = next((c for _, c in self.bots if isinstance(c, NamedBot)), None)
        if named is not None:
            self.app.links.telegram_username = await named.ask_username()


async def serve(app: App, settings: Settings, stop: asyncio.Event, role: str = "all") -> None:
    """Run until `stop` is set; everything started here is stopped in reverse order."""
    process = Process(app, settings, role)
    try:
        await process.start()
        await stop.wait()
    finally:
        await process.stop()


async def run_forever(app: App, settings: Settings, role: str = "all") -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await serve(app, settings, stop, role)
