"""The dashboard's counts, kept in the database for every process (table dashboard_snapshots).

Counting a province of 100,000 learners takes seconds (docs/benchmarks.md); a page must answer
in well under 200 ms. So the scheduler's refresh job (bot/scheduling.py, every
DASHBOARD_REFRESH_SECONDS) counts each aggregate once for the whole province, grouped by
commune, and stores one row per aggregate and scope: the province, and each commune. A page
reads its rows and never counts, whichever process serves it. Only a scope never counted
yet (a fresh start), or not counted for 3 intervals (no scheduler running), is counted by the
first page that needs it, which stores it for everyone.
With DASHBOARD_REFRESH_SECONDS=0 nothing is kept and every page counts (tests, a small
commune). Rows hold counts and content ids only: nothing about a person, none of their words.

Several scheduler processes may run the job (a standby, a second machine). Each run first
claims the round: one conditional write to the row ("refresh", "claim") that succeeds only if
the last claim is older than 0.8 of the interval, so whichever scheduler comes first in an
interval counts and the others skip it, on SQLite and PostgreSQL alike. A claim is a time, not
a lock: a scheduler that dies while counting holds nothing, and the next interval counts again.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any, TypeGuard

from sqlalchemy import CursorResult, delete
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.dashboard import queries, tallies
from bot.families import compute_stats
from bot.storage.learner_record import dialect_insert
from bot.storage.models import DashboardSnapshot
from bot.storage.repo import load_places
from content.places import PlaceIndex

log = logging.getLogger(__name__)
PROVINCE = "province"
CLAIM = ("refresh", "claim")  # (what, scope) of the row saying when a refresh round was last claimed
STALE_ROUNDS = 3  # a snapshot older than this many intervals is counted again by the page
CLAIM_SHARE = 0.8  # of the interval: one's own next tick always finds the claim lapsed, another's within it not
Body = Mapping[str, Any]  # a snapshot as JSON gives it back


def scope_key(place: str | None) -> str:
    """The scope's name, as learner_roles.scope writes it."""
    return PROVINCE if place is None else f"commune:{place}"


@dataclass(frozen=True)
class Counting:
    """What counting needs, from the dashboard or from the scheduler."""

    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    places: PlaceIndex
    timezone: str
    share: float


Count = Callable[[Counting, AsyncSession, datetime, str | None], Awaitable[dict[str, Body]]]


async def _stats(counting: Counting, session: AsyncSession, now: datetime, only: str | None) -> dict[str, Body]:
    # `hocvuso stats` itself: the pages can never disagree with it. A commune's report is the
    # province's row for it (what compute_stats(commune) gives; tests/test_dashboard_snapshots.py).
    report = await compute_stats(session, counting.places, now, only, counting.share)
    if only is not None:
        return {scope_key(only): queries.stats_body(report)}
    places = _askable({row.place for row in report.rows} | await _known(session))
    found = {scope_key(p): queries.stats_body(queries.commune_report(report, p)) for p in places}
    return found | {PROVINCE: queries.stats_body(report)}


def _parts(tally: Callable[[Counting, AsyncSession, datetime, str | None], Awaitable[tallies.Parts]]) -> Count:
    """A tally's communes as scopes, and their sum as the province."""

    async def count(counting: Counting, session: AsyncSession, now: datetime, only: str | None) -> dict[str, Body]:
        parts = await tally(counting, session, now, only)
        if only is not None:
            return {scope_key(only): parts.get(only, {})}
        places = _askable(parts.keys() | await _known(session))
        return {scope_key(p): parts.get(p, {}) for p in places} | {PROVINCE: tallies.total(parts.values())}

    return count


async def _known(session: AsyncSession) -> set[str]:
    """Every commune and ward on the list, so a quiet one reads zeros instead of counting."""
    return {row.key for row in await load_places(session)}


def _askable(places: set[str]) -> set[str]:
    # Learners who named no commune count in the province only: no page shows them alone.
    return places - {""}


COUNTERS: Mapping[str, Count] = MappingProxyType(
    {
        "stats": _stats,
        "weekly": _parts(lambda c, s, now, only: tallies.weekly(s, now, c.timezone, only)),
        "funnels": _parts(lambda c, s, now, only: tallies.funnels(s, only)),
        "questions": _parts(lambda c, s, now, only: tallies.questions(s, only)),
        "unanswered": _parts(lambda c, s, now, only: tallies.unanswered(s, now, only)),
        "scams": _parts(lambda c, s, now, only: tallies.scams(s, now, c.timezone, only)),
    }
)


@dataclass(frozen=True, slots=True)
class Refreshed:
    """What one run of the refresh job did (not a count of messages: nothing to wake).
    `claimed` false: another scheduler claimed this round, nothing was counted here."""

    rows: int
    seconds: dict[str, float]
    claimed: bool = True


class Snapshots:
    """One per dashboard or scheduler (never built at import)."""

    def __init__(self, counting: Counting, every: timedelta, holder: str = "") -> None:
        """`every`: the refresh interval (0: nothing kept, every page counts); `holder` names
        this process in the claim row, for whoever reads the table (host:pid by default)."""
        self.counting, self.every, self.keep = counting, every, every > timedelta(0)
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}"
        self._busy: dict[tuple[str, str], asyncio.Lock] = {}

    async def read(self, session: AsyncSession, what: str, place: str | None) -> tuple[Body, datetime]:
        """The stored counts of `what` for the scope and when they were counted; counted and
        stored first if the scope has none yet."""
        if not self.keep:
            now = self.counting.clock.now()
            counted = await COUNTERS[what](self.counting, session, now, place)
            return _decoded(_encoded(counted[scope_key(place)])), now
        found = await session.get(DashboardSnapshot, (what, scope_key(place)))
        if self._usable(found):
            return _decoded(found.body), found.counted_at
        return await self._first(what, place)

    def _usable(self, found: DashboardSnapshot | None) -> TypeGuard[DashboardSnapshot]:
        """Stored, and not so old that no scheduler can be counting any more (its job stopped,
        or a deployment without one): then pages count for themselves rather than show it."""
        stale = self.counting.clock.now() - self.every * STALE_ROUNDS
        return found is not None and found.counted_at > stale

    async def _first(self, what: str, place: str | None) -> tuple[Body, datetime]:
        key = scope_key(place)
        # One request of this process counts; the others wait for it and read what it stored.
        async with self._busy.setdefault((what, key), asyncio.Lock()):
            async with self.counting.sessions() as session:
                found = await session.get(DashboardSnapshot, (what, key))
                if self._usable(found):
                    return _decoded(found.body), found.counted_at
                now = self.counting.clock.now()
                counted = await COUNTERS[what](self.counting, session, now, place)
            await self._store(what, counted, now, prune=False)
            return _decoded(_encoded(counted[key])), now

    async def refresh(self) -> Refreshed:
        """The scheduler's job: every aggregate counted once for the province and stored for
        every scope, one short write per aggregate; nothing if another scheduler has claimed
        this round."""
        if not await self.claim():
            log.info("dashboard: this round is counted by another scheduler")
            return Refreshed(0, {}, claimed=False)
        rows, seconds = 0, {}
        for what, count in COUNTERS.items():
            started = time.perf_counter()  # how long it took, for the metrics and the bench
            now = self.counting.clock.now()
            async with self.counting.sessions() as session:
                counted = await count(self.counting, session, now, None)
            rows += await self._store(what, counted, now, prune=True)
            seconds[what] = time.perf_counter() - started
        log.info("dashboard counted: %d snapshots in %.1f s", rows, sum(seconds.values()))
        return Refreshed(rows, seconds)

    async def claim(self) -> bool:
        """True for the one scheduler whose write finds the last claim older than 0.8 of the
        interval. The write is one INSERT … ON CONFLICT DO UPDATE … WHERE: a second writer waits
        for the first to commit (the row lock on PostgreSQL, the database lock on SQLite), then
        finds the claim fresh and changes nothing."""
        now = self.counting.clock.now()
        lapsed = now - self.every * CLAIM_SHARE
        row = {"what": CLAIM[0], "scope": CLAIM[1], "counted_at": now, "body": _encoded({"by": self.holder})}
        async with self.counting.sessions.begin() as session:
            statement = _insert(session).values(row)
            fresh = {"counted_at": statement.excluded.counted_at, "body": statement.excluded.body}
            claim = statement.on_conflict_do_update(
                index_elements=["what", "scope"], set_=fresh, where=DashboardSnapshot.counted_at <= lapsed
            )
            result = await session.execute(claim)
        return isinstance(result, CursorResult) and result.rowcount == 1

    async def _store(self, what: str, counted: dict[str, Body], now: datetime, prune: bool) -> int:
        values = [{"what": what, "scope": k, "counted_at": now, "body": _encoded(b)} for k, b in counted.items()]
        async with self.counting.sessions.begin() as session:
            await session.execute(_upsert(session), values)
            if prune:  # a scope that no longer has anyone is counted again if someone asks
                old = (DashboardSnapshot.what == what, DashboardSnapshot.counted_at < now)
                await session.execute(delete(DashboardSnapshot).where(*old))
        return len(values)


def _insert(session: AsyncSession) -> Any:
    """The INSERT of the session's database, which knows ON CONFLICT."""
    return dialect_insert(session.get_bind().dialect.name, DashboardSnapshot)


def _upsert(session: AsyncSession) -> Any:
    """INSERT … ON CONFLICT DO UPDATE: a page's first counting and the job may store at once."""
    statement = _insert(session)
    fresh = {"counted_at": statement.excluded.counted_at, "body": statement.excluded.body}
    return statement.on_conflict_do_update(index_elements=["what", "scope"], set_=fresh)


def _encoded(body: Body) -> str:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _decoded(text: str) -> Body:
    found = json.loads(text)
    return found if isinstance(found, dict) else {}
