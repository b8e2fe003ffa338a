"""Every aggregate a page or an export reads, through the dashboard's short-lived store
(bot/dashboard/figures.py), keyed by what it is and the commune it covers. Each returns the
value and when it was counted, which the pages show."""

from __future__ import annotations

from datetime import datetime

from bot.dashboard import content_queries, queries
from bot.dashboard.visit import Visit
from bot.families import StatsReport


async def stats(visit: Visit, place: str | None) -> tuple[StatsReport, datetime]:
    share = visit.services.config.target_share
    return await visit.figures.get(
        ("stats", place), lambda: queries.stats(visit.session, visit.places, visit.now, place, share)
    )


async def weekly(visit: Visit, place: str | None) -> tuple[list[queries.Week], datetime]:
    tz = visit.services.config.timezone
    return await visit.figures.get(("weekly", place), lambda: queries.weekly(visit.session, visit.now, tz, place))


async def funnels(visit: Visit, place: str | None) -> tuple[list[content_queries.Funnel], datetime]:
    library = visit.services.library
    return await visit.figures.get(("funnels", place), lambda: content_queries.funnels(visit.session, library, place))


async def questions(visit: Visit, place: str | None) -> tuple[list[content_queries.QuestionStat], datetime]:
    library = visit.services.library
    return await visit.figures.get(
        ("questions", place), lambda: content_queries.questions(visit.session, library, place)
    )


async def unanswered(visit: Visit, place: str | None) -> tuple[content_queries.Unanswered, datetime]:
    library = visit.services.library
    return await visit.figures.get(
        ("unanswered", place), lambda: content_queries.unanswered(visit.session, library, visit.now, place)
    )


async def scams(visit: Visit, place: str | None) -> tuple[content_queries.ScamReport, datetime]:
    tz = visit.services.config.timezone
    return await visit.figures.get(
        ("scams", place), lambda: content_queries.scam_report(visit.session, visit.now, tz, place)
    )
