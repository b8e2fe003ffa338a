"""Statistics for admins (/thongke) and the admin's ambassador tools (codes, grants)."""

from __future__ import annotations

import math

from dialogs.context import Context
from dialogs.core import Command, Flow, StateSpec, Step, choices, echo, enter, line
from dialogs.flows.common import MENU
from dialogs.flows.family.common import refuse, short
from dialogs.flows.family.data import (
    DATA_FRESH,
    DATA_GRANT,
    DATA_STATS,
    AmbassadorCodeCreated,
    AmbassadorGranted,
    FreshCodes,
    GrantData,
    StatsData,
    StatsRow,
    gathered,
)
from dialogs.flows.family.texts import (
    CODE_MADE,
    CODE_PLACE_HOW,
    CODE_PLACE_MANY,
    CODE_PLACE_NONE,
    GRANT_HOW,
    GRANT_NOT_FOUND,
    GRANTED,
    NOT_ADMIN,
    STATS_HEAD,
    STATS_MORE,
    STATS_NONE,
    STATS_ROW,
    STATS_TARGET,
    STATS_TOTAL,
)
from dialogs.messages import Screen
from dialogs.state import DialogState, StateName

S = StateName


def _cmd_stats(state: DialogState, args: str, ctx: Context) -> Step:
    if gathered(ctx, DATA_STATS, StatsData) is None:
        return refuse(state, ctx, line(ctx, NOT_ADMIN))
    query = args.strip()[:60]
    return enter(ctx, state.to(S.ADMIN_STATS, extra={"stats": query} if query else {}))


def _cmd_make_code(state: DialogState, args: str, ctx: Context) -> Step:
    fresh = gathered(ctx, DATA_FRESH, FreshCodes)
    if "admin" not in ctx.learner.roles or fresh is None:
        return refuse(state, ctx, line(ctx, NOT_ADMIN))
    if not args.strip():
        return refuse(state, ctx, CODE_PLACE_HOW)
    found = ctx.places.search(args)
    if len(found) != 1:
        if not found:
            return refuse(state, ctx, line(ctx, CODE_PLACE_NONE, query=echo(args)))
        return refuse(state, ctx, line(ctx, CODE_PLACE_MANY, places=", ".join(p.label for p in found)))
    place = found[0]
    text = line(ctx, CODE_MADE, place=place.label, code=fresh.ambassador)
    return refuse(state, ctx, text, (AmbassadorCodeCreated(fresh.ambassador, place.key),))


def _cmd_grant(state: DialogState, args: str, ctx: Context) -> Step:
    grant = gathered(ctx, DATA_GRANT, GrantData)
    if "admin" not in ctx.learner.roles:
        return refuse(state, ctx, line(ctx, NOT_ADMIN))
    channel, _, ident = args.strip().partition(":")
    if grant is None or not channel or not ident:
        return refuse(state, ctx, GRANT_HOW)
    if not grant.found:
        return refuse(state, ctx, line(ctx, GRANT_NOT_FOUND, target=short(grant.target, 40)))
    return refuse(state, ctx, line(ctx, GRANTED, target=grant.target), (AmbassadorGranted(channel, ident),))


# --- statistics for admins ----------------------------------------------------------------


def _stats_row(ctx: Context, row: StatsRow, share: float) -> str:
    target = ""
    if row.adults:
        needed = max(1, math.ceil(row.adults * share))
        target = STATS_TARGET.format(share=round(share * 100), certified=row.certified_learners, needed=needed)
    return STATS_ROW.format(
        label=row.label,
        learners=row.learners,
        completed=row.lessons_completed,
        certificates=row.certificates,
        guided=row.guided,
        target=target,
    )


def _render_stats(state: DialogState, ctx: Context) -> Screen:
    stats = gathered(ctx, DATA_STATS, StatsData)
    if stats is None:
        return choices(state, line(ctx, NOT_ADMIN), (MENU,))
    if stats.query and not stats.rows:
        return choices(state, line(ctx, STATS_NONE, query=echo(stats.query)), (MENU,))
    t = stats.totals
    scope = f" — {stats.rows[0].label}" if stats.query else ""
    lines = [
        STATS_HEAD.format(scope=scope),
        STATS_TOTAL.format(
            learners=t.learners,
            active=t.active_7d,
            completed=t.lessons_completed,
            certificates=t.certificates,
            guided=t.guided,
            ambassadors=t.ambassadors,
            families=t.families,
        ),
    ]
    shown = stats.rows[:6]
    lines += [_stats_row(ctx, row, stats.target_share) for row in shown]
    if len(stats.rows) > len(shown):
        lines.append(STATS_MORE.format(more=len(stats.rows) - len(shown)))
    return choices(state, "\n".join(lines), (MENU,))


def _to_menu(state: DialogState, option: str, ctx: Context) -> Step:
    return enter(ctx, state.to(S.MENU, extra={}, candidates=()))


_MENU_EDGE = ("về menu", S.MENU)
FLOW = Flow(
    "admin-stats",
    states=(StateSpec(S.ADMIN_STATS, _render_stats, _to_menu, edges=(_MENU_EDGE,)),),
    commands=(
        Command(("thongke",), _cmd_stats, (S.ADMIN_STATS,), (), "/thongke (quản trị)"),
        Command(("taomadaisu",), _cmd_make_code, (), (), "/taomadaisu (quản trị)"),
        Command(("capdaisu",), _cmd_grant, (), (), "/capdaisu (quản trị)"),
    ),
)
