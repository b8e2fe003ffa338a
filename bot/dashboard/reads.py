"""Every aggregate a page or an export reads, from the snapshots every process shares
(bot/dashboard/snapshots.py), for the commune the page covers. Each returns what the page
shows and when it was counted, which the pages say."""

from __future__ import annotations

from datetime import datetime

from bot.dashboard import content_queries, queries
from bot.dashboard.visit import Visit
from bot.families import StatsReport


async def stats(visit: Visit, place: str | None) -> tuple[StatsReport, datetime]:
    body, counted = await visit.snapshots.read(visit.session, "stats", place)
    return queries.stats_report(body, counted, visit.places, visit.services.config.target_share, place), counted


async def weekly(visit: Visit, place: str | None) -> tuple[list[queries.Week], datetime]:
    part, counted = await visit.snapshots.read(visit.session, "weekly", place)
    return queries.weeks_of(part, counted, visit.services.config.timezone), counted


async def funnels(visit: Visit, place: str | None) -> tuple[list[content_queries.Funnel], datetime]:
    part, counted = await visit.snapshots.read(visit.session, "funnels", place)
    return content_queries.funnels(part, visit.services.library), counted


async def questions(visit: Visit, place: str | None) -> tuple[list[content_queries.QuestionStat], datetime]:
    part, counted = await visit.snapshots.read(visit.session, "questions", place)
    return content_queries.questions(part, visit.services.library), counted


async def unanswered(visit: Visit, place: str | None) -> tuple[content_queries.Unanswered, datetime]:
    part, counted = await visit.snapshots.read(visit.session, "unanswered", place)
    library = visit.services.library
    return await content_queries.unanswered(visit.session, part, library, visit.now, place), counted


async def scams(visit: Visit, place: str | None) -> tuple[content_queries.ScamReport, datetime]:
    part, counted = await visit.snapshots.read(visit.session, "scams", place)
    return content_queries.scam_report(part, counted, visit.services.config.timezone), counted
