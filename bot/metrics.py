"""Prometheus metrics of one running process, served at /metrics (docs/deploy.md, "Metrics").

Every metric lives in the registry of one `Metrics` instance, built by `hocvuso run` for its
process: prometheus_client's default registry is module state, shared by whatever imports it
(tests start many applications in one interpreter), so it is not used. Labels carry the
channel, the bot's public id and an outcome, never a learner's id or words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.core import Metric
from sqlalchemy import func, literal_column, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.outbox import OPEN
from bot.storage.models import OutboxMessage

TURN_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
TICK_BUCKETS = (0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0)
SEND_OUTCOMES = ("sent", "throttled", "transient", "blocked", "permanent")
# One bot's share of the outbox, for its depth: (channel, bot id, which row bots it sends; None = all).
Share = tuple[str, str, tuple[str, ...] | None]
Shares = Callable[[], Iterable[Share]]


@dataclass(frozen=True, slots=True)
class SendCounts:
    """One bot's send counters, labels bound once (bot/sender.py counts through these)."""

    outcomes: Mapping[str, Counter]
    throttled: Counter

    def count(self, outcome: str) -> None:
        self.outcomes[outcome].inc()
        if outcome == "throttled":
            self.throttled.inc()


class Metrics:
    def __init__(self) -> None:
        self.registry = registry = CollectorRegistry()
        # The figures the client's default registry would show: CPU, memory, open files, GC.
        ProcessCollector(registry=registry)
        PlatformCollector(registry=registry)
        GCCollector(registry=registry)
        bot = ("channel", "bot")
        self.updates = Counter(
            "hocvuso_updates",
            "Platform updates by outcome: handled, duplicate, failed.",
            (*bot, "outcome"),
            registry=registry,
        )
        self.webhooks = Counter(
            "hocvuso_webhook_responses", "Webhook answers by HTTP status.", (*bot, "status"), registry=registry
        )
        self.turn_seconds = Histogram(
            "hocvuso_turn_seconds",
            "A turn from its lock to its commit, by kind: reply (a learner wrote), reminder, push...",
            ("channel", "kind"),
            buckets=TURN_BUCKETS,
            registry=registry,
        )
        self.outbox_depth = Gauge(
            "hocvuso_outbox_depth",
            "Rows still to send by kind; reported by the process that sends for the bot.",
            (*bot, "kind"),
            registry=registry,
        )
        self.sends = Counter(
            "hocvuso_sends",
            "Outbox rows tried, by outcome: " + ", ".join(SEND_OUTCOMES) + ".",
            (*bot, "outcome"),
            registry=registry,
        )
        self.throttled = Counter("hocvuso_platform_429", "429 answers from the platform.", bot, registry=registry)
        self.tick_seconds = Histogram(
            "hocvuso_scheduler_tick_seconds",
            "One scheduler job's run.",
            ("job",),
            buckets=TICK_BUCKETS,
            registry=registry,
        )
        self.leader = Gauge(
            "hocvuso_sender_leader",
            "1 while this process sends for the bot (holds its lock), else 0.",
            bot,
            registry=registry,
        )

    # --- what the parts report -----------------------------------------------------------

    def turn(self, channel: str, bot: str, kind: str, outcome: str, seconds: float) -> None:
        self.turn_seconds.labels(channel, kind or "direct").observe(seconds)
        if kind == "reply":  # a platform update; other turns are the scheduler's or a push's
            self.updates.labels(channel, bot, outcome).inc()

    def send_counts(self, channel: str, bot: str) -> SendCounts:
        outcomes = {outcome: self.sends.labels(channel, bot, outcome) for outcome in SEND_OUTCOMES}
        return SendCounts(outcomes, self.throttled.labels(channel, bot))

    def leading(self, channel: str, bot: str, leads: bool) -> None:
        self.leader.labels(channel, bot).set(1 if leads else 0)

    def tick(self, job: str, seconds: float) -> None:
        self.tick_seconds.labels(job).observe(seconds)

    # --- at each scrape ----------------------------------------------------------------------

    async def refresh_depth(self, sessions: async_sessionmaker[AsyncSession], shares: Iterable[Share]) -> None:
        """Count unfinished rows (one query on the partial index of open rows) for the bots
        this process sends for; other processes report theirs, so nothing is counted twice."""
        wanted = list(shares)
        self.outbox_depth.clear()
        if not wanted:
            return
        open_rows = OutboxMessage.status.in_([literal_column(f"'{status}'") for status in OPEN])
        query = (
            select(OutboxMessage.channel, OutboxMessage.bot, OutboxMessage.kind, func.count())
            .where(open_rows)
            .group_by(OutboxMessage.channel, OutboxMessage.bot, OutboxMessage.kind)
        )
        async with sessions() as session:
            rows = (await session.execute(query)).all()
        totals: dict[tuple[str, str, str], int] = {}
        for channel, row_bot, kind, count in rows:
            for share_channel, bot, claims in wanted:
                if share_channel == channel and (claims is None or row_bot in claims):
                    key = (channel, bot, str(kind))
                    totals[key] = totals.get(key, 0) + int(count)
        for (channel, bot, kind), count in totals.items():
            self.outbox_depth.labels(channel, bot, kind).set(count)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)

    def collected(self) -> list[Metric]:
        return list(self.registry.collect())

    def middleware(self, webhooks: Mapping[str, tuple[str, str]]) -> Middleware:
        """Counts the answers to webhook paths by (channel, bot); other paths pass untouched."""

        @web.middleware
        async def count(request: web.Request, handler: Handler) -> web.StreamResponse:
            owner = webhooks.get(request.path)
            if owner is None:
                return await handler(request)
            try:
                response = await handler(request)
            except web.HTTPException as error:
                self.webhooks.labels(*owner, str(error.status)).inc()
                raise
            self.webhooks.labels(*owner, str(response.status)).inc()
            return response

        return count
