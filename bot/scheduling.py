"""APScheduler wiring: two interval jobs, never one job per learner.

- The reminder tick finds due learners with one indexed query on learners.next_reminder_at,
  decides for each (send, look again later, stop) and feeds the ones to send back through
  the engine as Inbound(REMINDER); the reply lands in the outbox in that turn's transaction.
- The broadcast tick enqueues scheduled broadcasts whose time has come (they are rows, so
  they survive a restart) and grants ADMIN_IDS to admins who have written to the bot since.
Both are safe to run in several processes at once (claims skip locked rows).

A tick that fails (the database is away, say) is an incident: logged when it starts and
when it ends, not at every tick, and shown by /readyz; the next tick simply tries again.
Stopping lets a running tick finish for a few seconds; one cut short is no error.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler  # type: ignore[import-untyped]  # no stubs in 3.x

from bot.app import App
from bot.broadcasts import release_due
from bot.channels.failures import database_trouble
from bot.dashboard.mount import refresher
from bot.families import enqueue_weekly_summaries
from bot.family_news import tell_family_news
from bot.health import Health, Incident
from bot.help_offers import offer_help_to_silent
from bot.keys import ConversationKey
from bot.roles import grant_admin_keys
from bot.settings import Settings
from dialogs.messages import Inbound, InboundKind
from scheduler import tick
from scheduler.reminders import DueReminder, QuietHours, decide, next_due

log = logging.getLogger(__name__)
CLAIM_BATCH = 500
# Reminder turns run a few at a time: enough to hide PostgreSQL round trips, few enough that
# learners writing at the same moment are not kept waiting (SQLite serialises writers anyway).
CONCURRENT_TURNS = 8
STOP_GRACE = 10.0  # seconds a running tick gets to finish when the process stops


@dataclass
class TickReport:
    claimed: int = 0
    sent: int = 0
    postponed: int = 0
    stopped: int = 0


async def reminder_tick(app: App, quiet: QuietHours, batch: int = CLAIM_BATCH) -> TickReport:
    """Claim due learners batch by batch until none is left."""
    report = TickReport()
    while True:
        now = app.clock.now()
        async with app.sessions.begin() as session:
            due = await tick.claim_due(session, now, batch)
        report.claimed += len(due)
        await _handle_batch(app, due, now, quiet, report)
        if len(due) < batch:
            return report


async def _handle_batch(app: App, due: list[DueReminder], now: datetime, quiet: QuietHours, report: TickReport) -> None:
    moves: list[tuple[int, datetime | None]] = []
    sends: list[DueReminder] = []
    for row in due:
        decision = decide(row, now, quiet)
        if decision.action == "send":
            sends.append(row)
        else:
            moves.append((row.learner_id, decision.next_at))
            report.stopped += decision.action == "stop"
            report.postponed += decision.action == "postpone"
    if moves:
        async with app.sessions.begin() as session:
            await tick.reschedule(session, moves)
    gate = asyncio.Semaphore(CONCURRENT_TURNS)
    results = await asyncio.gather(*(_remind(app, row, gate) for row in sends))
    report.sent += sum(results)


async def _remind(app: App, row: DueReminder, gate: asyncio.Semaphore) -> bool:
    """One reminder turn; the engine's reply goes to the outbox in the same transaction."""
    key = ConversationKey(row.channel, row.chat_id, row.user_id, bot=row.bot)
    update_key = f"reminder:{row.learner_id}:{row.due.isoformat()}"
    async with gate:
        try:
            await app.tutor.handle(key, update_key, Inbound(InboundKind.REMINDER), outbox_kind="reminder")
            return True
        except Exception as error:
            if database_trouble(error):
                raise  # the whole tick fails and is retried; the lease brings this learner back
            # One broken learner must not come back every lease: move them on as if ignored.
            log.error("reminder turn failed for learner %s: %s", row.learner_id, type(error).__name__)
            later = next_due(app.clock.now(), row.reminder_time, row.timezone, row.ignored + 1)
            async with app.sessions.begin() as session:
                await tick.reschedule(session, [(row.learner_id, later)])
            return False


class Scheduling:
    """What `hocvuso run` starts and stops."""

    def __init__(self, app: App, settings: Settings, health: Health | None = None) -> None:
        self.app, self.health = app, health
        self.quiet = QuietHours.parse(settings.quiet_hours_start, settings.quiet_hours_end)
        self.pending_admins = list(settings.admin_keys)
        self.scheduler = AsyncIOScheduler(timezone=UTC)
        self._running: set[asyncio.Task[Any]] = set()
        self._incidents: dict[str, Incident] = {}
        # Told of every tick that ended: its job, what it returned, how long it took (bot/run.py).
        self.observers: list[Callable[[str, object, float], None]] = []
        every = self.every = settings.reminder_tick_seconds
        # APScheduler runs on wall time; the domain logic inside the jobs reads the app's clock.
        first = app.clock.now()  # in the past under a test clock: the first tick runs at once
        for job, name in ((self.reminders, "reminders"), (self.broadcasts, "broadcasts")):
            self.scheduler.add_job(
                self._guarded(name, job),
                "interval",
                seconds=every,
                id=name,
                next_run_time=first,
                max_instances=1,
                coalesce=True,
                misfire_grace_time=every,
            )

        # Ambassadors' weekly summary: Monday 08:00 local time. The job itself skips anyone
        # summarised in the last six days, so a restart or a second process sends nothing twice.
        self.scheduler.add_job(
            self._guarded("weekly-summaries", self.weekly_summaries),
            "cron",
            day_of_week="mon",
            hour=8,
            timezone=settings.default_timezone,
            id="weekly-summaries",
            max_instances=1,
            coalesce=True,
            misfire_grace_time=6 * 3600,
        )

        # Issue 15: the offer of a person's help to silent learners, and each family's good news
        # to its ambassador. Daily; both skip whatever was done already, so a restart or a second
        # process repeats nothing.
        for name, job, at in (
            ("help-offers", self.help_offers, settings.help_offer_at),
            ("family-news", self.family_news, settings.family_news_at),
        ):
            hour, minute = at.split(":")
            self.scheduler.add_job(
                self._guarded(name, job),
                "cron",
                hour=int(hour),
                minute=int(minute),
                timezone=settings.default_timezone,
                id=name,
                max_instances=1,
                coalesce=True,
                misfire_grace_time=3 * 3600,
            )
        self.silent_days = settings.help_silent_days

        # The dashboard's counts, stored for the pages of every process (bot/dashboard/snapshots.py).
        # Several schedulers may run it: one of them claims each round (Snapshots.claim).
        dashboard = refresher(app, settings)
        if dashboard is not None:
            self.scheduler.add_job(
                self._guarded("dashboard", dashboard.refresh),
                "interval",
                seconds=settings.dashboard_refresh_seconds,
                id="dashboard",
                next_run_time=first,
                max_instances=1,
                coalesce=True,
                misfire_grace_time=int(settings.dashboard_refresh_seconds),
            )

    def start(self) -> None:
        self.scheduler.start()

    def shutdown(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    async def stop(self, grace: float = STOP_GRACE) -> None:
        """No new ticks; a running one may finish within `grace`, else it is cut short quietly."""
        if self.scheduler.running:
            self.scheduler.pause()
        if self._running:
            await asyncio.wait(list(self._running), timeout=grace)
        late = list(self._running)
        self.shutdown()  # cancels what is still running
        await asyncio.gather(*late, return_exceptions=True)

    def _guarded(self, name: str, tick: Callable[[], Awaitable[object]]) -> Callable[[], Awaitable[None]]:
        """The job APScheduler runs: the tick, its incidents and its heartbeat."""
        incident = self._incidents.setdefault(name, Incident(log, f"scheduler {name}", self.health))

        async def job() -> None:
            task = asyncio.current_task()
            if task is not None:
                self._running.add(task)
            try:
                started = time.perf_counter()
                result = await tick()
                for observe in self.observers:
                    observe(name, result, time.perf_counter() - started)
                incident.recovered()
            except asyncio.CancelledError:
                # Stopping cut the tick short: its claims lapse and the next start redoes them.
                log.info("scheduler %s: tick cut short by shutdown", name)
            except Exception as error:  # the next tick tries again; say so once, not every minute
                incident.failed(error)
            finally:
                self._running.difference_update({task})
                if self.health is not None and name in ("reminders", "broadcasts"):
                    self.health.beat(f"scheduler {name}", 3 * self.every + 60)

        return job

    async def reminders(self) -> TickReport:
        report = await reminder_tick(self.app, self.quiet)
        if report.claimed:
            log.info("reminders: %s", report)
        return report

    async def broadcasts(self) -> int:
        if self.pending_admins:
            self.pending_admins = await grant_admin_keys(self.app.sessions, self.pending_admins, self.app.clock.now())
        released = await release_due(self.app.sessions, self.app.library, self.app.clock.now(), self.quiet)
        if released:
            log.info("broadcasts released: %d", released)
        # Turns queued for learners (an announcement's lesson, a family push): those just
        # released, and any a crash left behind before they ran (bot/storage/turn_queue.py).
        ran = await self.app.tutor.drain_queue()
        if ran:
            log.info("queued turns run: %d", ran)
        return released

    async def weekly_summaries(self) -> int:
        app = self.app
        queued = await enqueue_weekly_summaries(
            app.sessions, app.clock.now(), app.settings.default_timezone, self.quiet
        )
        log.info("weekly summaries queued: %d", queued)
        return queued

    async def help_offers(self) -> int:
        offered = await offer_help_to_silent(self.app, self.quiet, self.silent_days)
        log.info("help offered to silent learners: %d", offered)
        return offered

    async def family_news(self) -> int:
        app = self.app
        told = await tell_family_news(app.sessions, app.tutor.shared, app.clock.now(), self.quiet)
        log.info("family news told: %d", told)
        return told


def build_scheduler(app: App, settings: Settings, health: Health | None = None) -> Scheduling:
    return Scheduling(app, settings, health)
