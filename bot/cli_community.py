"""CLI for Digital Ambassadors and statistics (issue 7).

`hocvuso admin grant-ambassador CHANNEL:ID`, `admin revoke-ambassador`, `admin ambassador-duty`,
`admin ambassador-code`, `hocvuso stats [--commune X] [--json]` and `hocvuso stats load-population FILE.csv`.
"""

from __future__ import annotations

import json
import math
from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer

from bot import roles
from bot.app import App
from bot.cli_base import _run, _with_app
from bot.families import (
    PopulationError,
    StatsReport,
    compute_stats,
    find_learner,
    new_code,
    parse_population,
    resolve_commune,
    stats_json,
    store_population,
)
from bot.helping import set_duty
from bot.insights import scam_weeks
from bot.storage.models import AmbassadorCode, AuditEntry
from bot.welcome import tell_new_ambassador
from dialogs.flows.family.codes import AMBASSADOR_PREFIX
from scheduler.reminders import QuietHours

CLI_ACTOR = "cli"


class CommunityError(Exception):
    """A mistake in what was typed; the message says what to do."""


def _fail(error: Exception) -> typer.Exit:
    typer.echo(str(error), err=True)
    return typer.Exit(1)


def _split_key(value: str) -> tuple[str, str]:
    channel, _, ident = value.strip().partition(":")
    if not channel or not ident:
        raise CommunityError(f"Expected CHANNEL:ID (e.g. telegram:123456789), got {value!r}.")
    return channel.strip().lower(), ident.strip()


def register(admin: typer.Typer, stats_group: typer.Typer) -> None:
    """`hocvuso admin grant-ambassador|ambassador-duty|revoke-ambassador|ambassador-code`, and
    `hocvuso stats [load-population]`."""
    admin.command("grant-ambassador")(grant_ambassador_command)
    admin.command("ambassador-duty")(ambassador_duty_command)
    admin.command("revoke-ambassador")(revoke_ambassador_command)
    admin.command("ambassador-code")(ambassador_code_command)
    stats_group.callback()(stats)
    stats_group.command("load-population")(load_population)


async def grant(app: App, who: str) -> str:
    channel, ident = _split_key(who)
    now = app.clock.now()
    async with app.sessions.begin() as session:
        learner = await find_learner(session, channel, ident)
        if learner is None:
            raise CommunityError(
                f"No one with {channel}:{ident} has written to the bot yet; ask them to send a message."
            )
        if not await roles.grant(session, learner.id, roles.AMBASSADOR, CLI_ACTOR, now):
            return f"{channel}:{ident} is already a Digital Ambassador."
        tell_new_ambassador(session, learner, now, _quiet(app))
    return f"{channel}:{ident} is now a Digital Ambassador."


def _quiet(app: App) -> QuietHours:
    return QuietHours.parse(app.settings.quiet_hours_start, app.settings.quiet_hours_end)


async def duty(app: App, who: str, on: bool) -> str:
    """An admin switches an ambassador's duty: taking requests from learners of their commune
    who have no ambassador of their own."""
    channel, ident = _split_key(who)
    async with app.sessions.begin() as session:
        learner = await find_learner(session, channel, ident)
        if learner is None or not await roles.has_role(session, learner.id, roles.AMBASSADOR):
            raise CommunityError(f"{channel}:{ident} is not a Digital Ambassador.")
        if not learner.place or app.tutor.places.get(learner.place) is None:
            raise CommunityError(f"{channel}:{ident} has no commune set; they choose it in Settings (Cài đặt).")
        await set_duty(session, learner.id, on, CLI_ACTOR, app.clock.now())
    return f"{channel}:{ident} is {'now' if on else 'no longer'} on duty for help requests in their commune."


async def revoke(app: App, who: str) -> str:
    channel, ident = _split_key(who)
    now = app.clock.now()
    async with app.sessions.begin() as session:
        learner = await find_learner(session, channel, ident)
        if learner is None:
            raise CommunityError(f"No one with {channel}:{ident} has written to the bot.")
        if not await roles.revoke(session, learner.id, roles.AMBASSADOR, CLI_ACTOR, now):
            return f"{channel}:{ident} was not a Digital Ambassador."
    return f"{channel}:{ident} is no longer a Digital Ambassador; their families stay, but no one can act for them."


async def make_codes(app: App, place_query: str, count: int) -> list[str]:
    found = resolve_commune(app.tutor.places, place_query)
    if len(found) != 1:
        names = ", ".join(p.label for p in found) or "none"
        raise CommunityError(f"--place must name exactly one commune or ward (matches: {names}).")
    now, codes = app.clock.now(), [new_code(AMBASSADOR_PREFIX) for _ in range(count)]
    async with app.sessions.begin() as session:
        for code in codes:
            session.add(AmbassadorCode(code=code, place=found[0].key, created_by=CLI_ACTOR, created_at=now))
        session.add(
            AuditEntry(actor=CLI_ACTOR, action="ambassador.code", target=found[0].key, detail={"count": count}, at=now)
        )
    return codes


def grant_ambassador_command(who: Annotated[str, typer.Argument(help="CHANNEL:ID, e.g. telegram:123456789")]) -> None:
    """Make someone who has written to the bot a Digital Ambassador."""
    try:
        typer.echo(_run(lambda s: _with_app(s, lambda a: grant(a, who))))
    except CommunityError as error:
        raise _fail(error) from None


def ambassador_duty_command(
    who: Annotated[str, typer.Argument(help="CHANNEL:ID of an ambassador")],
    on: Annotated[bool, typer.Option("--on/--off", help="Take help requests from their commune, or stop.")] = True,
) -> None:
    """Put an ambassador on duty (or off): learners of their commune without an ambassador reach them."""
    try:
        typer.echo(_run(lambda s: _with_app(s, lambda a: duty(a, who, on))))
    except CommunityError as error:
        raise _fail(error) from None


def revoke_ambassador_command(who: Annotated[str, typer.Argument(help="CHANNEL:ID")]) -> None:
    """Take the ambassador role away (families and records stay)."""
    try:
        typer.echo(_run(lambda s: _with_app(s, lambda a: revoke(a, who))))
    except CommunityError as error:
        raise _fail(error) from None


def ambassador_code_command(
    place: Annotated[str, typer.Option(help="The commune or ward, by name (e.g. 'Tân Cương') or key.")],
    count: Annotated[int, typer.Option(min=1, max=200, help="How many one-use codes to make.")] = 1,
) -> None:
    """Make one-use codes; whoever types one to the bot becomes an ambassador of that commune."""
    try:
        codes = _run(lambda s: _with_app(s, lambda a: make_codes(a, place, count)))
    except CommunityError as error:
        raise _fail(error) from None
    typer.echo("\n".join(codes))


async def _report(app: App, commune: str, target: float) -> StatsReport:
    key: str | None = None
    if commune:
        found = resolve_commune(app.tutor.places, commune)
        if len(found) != 1:
            names = ", ".join(p.label for p in found) or "none"
            raise CommunityError(f"--commune must name exactly one commune or ward (matches: {names}).")
        key = found[0].key
    async with app.sessions() as session:
        return await compute_stats(session, app.tutor.places, app.clock.now(), key, target)


COLUMNS = (
    ("learners", "learners"),
    ("active_7d", "active 7d"),
    ("lessons_completed", "completed"),
    ("certificates", "certificates"),
    ("guided", "guided"),
    ("ambassadors", "ambassadors"),
    ("families", "families"),
)


def _table(report: StatsReport) -> str:
    width = max([len(r.name) for r in report.rows] + [len("commune"), len("TOTAL")])
    head = "commune".ljust(width) + "".join(f"  {title:>12}" for _, title in COLUMNS) + "  target"
    lines = [head]
    for row in (*report.rows, report.totals):
        name = "TOTAL" if row is report.totals else row.name
        cells = "".join(f"  {row.get(key):>12}" for key, _ in COLUMNS)
        lines.append(name.ljust(width) + cells + "  " + _target_cell(row.adults, row.get("certified_learners"), report))
    if report.anonymous_completed or report.anonymous_certificates:
        lines.append(
            f"(totals include {report.anonymous_completed} completions and {report.anonymous_certificates} "
            "certificates of learners who deleted their data)"
        )
    return "\n".join(lines)


def _target_cell(adults: int | None, certified: int, report: StatsReport) -> str:
    if not adults:
        return "-"
    return f"{certified}/{math.ceil(adults * report.target_share)} certified ({certified / adults:.1%} of {adults})"


def stats(
    ctx: typer.Context,
    commune: Annotated[str, typer.Option(help="One commune or ward, by name or key.")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Stable machine-readable output (docs/stats.md).")] = False,
    target: Annotated[float, typer.Option(min=0.01, max=1.0, help="Target share of adults certified.")] = 0.4,
) -> None:
    """Learners, activity, completions, certificates, guided learners, ambassadors and families per commune."""
    if ctx.invoked_subcommand is not None:
        return
    try:
        report, scams = _run(lambda s: _with_app(s, lambda a: _report_and_scams(a, commune, target)))
    except CommunityError as error:
        raise _fail(error) from None
    if as_json:
        typer.echo(json.dumps({**stats_json(report), "scam_checks": scams}, ensure_ascii=False, indent=2))
    else:
        typer.echo(_table(report))


async def _report_and_scams(app: App, commune: str, target: float) -> tuple[StatsReport, list[dict[str, object]]]:
    """The commune figures, and the scam checker's verdicts by week for the last 8 weeks."""
    report = await _report(app, commune, target)
    async with app.sessions() as session:
        scams = await scam_weeks(session, app.clock.now() - timedelta(weeks=8), report.commune or "")
    return report, scams


async def _load_population(app: App, text: str, source: str) -> int:
    figures = parse_population(text, app.tutor.places, source)
    async with app.sessions.begin() as session:
        await store_population(session, figures, app.clock.now())
    return len(figures)


def load_population(path: Path) -> None:
    """Adults per commune from a CSV file (columns: commune,adults) for progress against targets."""
    text = path.read_text(encoding="utf-8")
    try:
        count = _run(lambda s: _with_app(s, lambda a: _load_population(a, text, str(path))))
    except PopulationError as error:
        raise _fail(error) from None
    typer.echo(f"Loaded the adult population of {count} communes from {path}.")
