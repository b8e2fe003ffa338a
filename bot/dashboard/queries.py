"""What the overview and communes pages show: the figures of `hocvuso stats`, and a weekly trend.

The figures come from bot/families.compute_stats, so the page, the chat's /thongke and
`hocvuso stats --json` can never disagree; they reach the page through a snapshot
(bot/dashboard/snapshots.py), which stores a report as numbers and place keys and gives it
back as the same StatsReport. `place` limits everything to one commune.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, case
from sqlalchemy.orm import QueryableAttribute

from bot.families import COUNTS, CommuneStats, StatsReport, place_name
from content.places import PlaceIndex

WEEKS = 8
SORTABLE = (*COUNTS, "name", "adults", "progress")


@dataclass(frozen=True, slots=True)
class Week:
    start: datetime  # Monday 00:00, local time
    active: int  # people with any learning activity that week
    completed: int  # lessons passed for the first time that week


@dataclass(frozen=True, slots=True)
class Target:
    """A commune's progress against the share of adults the province aims to certify."""

    certified: int
    needed: int | None  # None without a population figure

    @property
    def share(self) -> float | None:
        """Of the target reached, 0..1 and beyond; None without a population figure."""
        return None if not self.needed else self.certified / self.needed


def target_of(row: CommuneStats, share: float) -> Target:
    return Target(row.get("certified_learners"), math.ceil(row.adults * share) if row.adults else None)


def stats_body(report: StatsReport) -> dict[str, Any]:
    """A report as numbers and place keys (names are the place list's, read back)."""
    return {
        "rows": [[row.place, dict(row.counts), row.adults] for row in report.rows],
        "totals": [dict(report.totals.counts), report.totals.adults],
        "anonymous": [report.anonymous_completed, report.anonymous_certificates],
    }


def stats_report(
    body: Mapping[str, Any], counted: datetime, places: PlaceIndex, share: float, place: str | None
) -> StatsReport:
    rows = tuple(CommuneStats(key, place_name(places, key), counts, adults) for key, counts, adults in body["rows"])
    counts, adults = body["totals"]
    completed, certificates = body["anonymous"]
    return StatsReport(counted, place, share, rows, CommuneStats("", "Tổng", counts, adults), completed, certificates)


def commune_report(report: StatsReport, place: str) -> StatsReport:
    """One commune of a province's report: what compute_stats(commune) counts (its row, and
    totals that are that row; deleted learners' completions belong to no commune)."""
    rows = tuple(row for row in report.rows if row.place == place)
    counts = dict(rows[0].counts) if rows else dict.fromkeys(COUNTS, 0)
    totals = CommuneStats("", "Tổng", counts, rows[0].adults if rows else None)
    return StatsReport(report.generated_at, place, report.target_share, rows, totals)


def week_starts(now: datetime, tz: str, weeks: int = WEEKS) -> list[datetime]:
    """The Mondays of the last `weeks` weeks, this one last, at local midnight."""
    local = now.astimezone(ZoneInfo(tz))
    monday = (local - timedelta(days=local.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    return [monday - timedelta(weeks=weeks - 1 - i) for i in range(weeks)]


def week_of(column: QueryableAttribute[Any], starts: list[datetime]) -> ColumnElement[int]:
    # The newest week first: the first boundary an event passes is its week.
    whens = [(column >= start, index) for index, start in reversed(list(enumerate(starts)))]
    return case(*whens, else_=-1)


def weeks_of(part: Mapping[str, Any], counted: datetime, tz: str) -> list[Week]:
    """The weekly trend of a snapshot (bot/dashboard/tallies.weekly), for the weeks before `counted`."""
    active, completed = part.get("active") or [0] * WEEKS, part.get("completed") or [0] * WEEKS
    return [Week(start, int(active[i]), int(completed[i])) for i, start in enumerate(week_starts(counted, tz))]


def sort_rows(rows: tuple[CommuneStats, ...], key: str, descending: bool, share: float) -> tuple[CommuneStats, ...]:
    """The communes table sorted by a column the page offers; anything else sorts by learners."""
    if key == "name":
        return tuple(sorted(rows, key=lambda r: r.name, reverse=descending))

    def value(row: CommuneStats) -> float:
        if key == "adults":
            return float(row.adults or 0)
        if key == "progress":
            reached = target_of(row, share).share
            return -1.0 if reached is None else reached
        return float(row.get(key if key in COUNTS else "learners"))

    return tuple(sorted(rows, key=lambda r: (value(r), r.name), reverse=descending))
