"""CLI: `hocvuso admin grant|revoke|list` and `hocvuso broadcast create|status|list|cancel`.

Every change is written to the audit log with the operator's login name as the actor.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Annotated

import typer
from sqlalchemy import select

from bot import roles
from bot.app import App
from bot.broadcasts import cancel_broadcast, create_broadcast, release, scoped_audience
from bot.cli_base import _run, _with_app
from bot.storage.models import Broadcast, Learner, LearnerRole
from bot.welcome import tell_new_ambassador
from dialogs.flows import broadcasts as flow
from scheduler import audiences
from scheduler.reminders import QuietHours, zone

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

ROLES = roles.ROLES


@dataclass(frozen=True)
class Outcome:
    ok: bool
    message: str


def _finish(outcome: Outcome) -> None:
    typer.echo(outcome.message, err=not outcome.ok)
    if not outcome.ok:
        raise typer.Exit(1)


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


def _key(value: str) -> tuple[str, str]:
    channel, sep, ident = value.partition(":")
    if not sep or not channel or not ident:
        typer.echo(f"Expected CHANNEL:ID (e.g. telegram:123456), got {value!r}.", err=True)
        raise typer.Exit(2)
    return channel, ident


def _role(value: str) -> str:
    if value not in ROLES:
        typer.echo(f"Role must be one of {', '.join(ROLES)}.", err=True)
        raise typer.Exit(2)
    return value


SCOPE_HELP = "province, or commune:PLACE (a commune or ward by key or by name, e.g. commune:tan cuong)."


def _scope(app: App, value: str) -> roles.Scope:
    """--scope as typed: a commune may be named the way `stats --commune` accepts it."""
    if value.strip() == roles.PROVINCE:
        return roles.WHOLE_PROVINCE
    kind, _, place = value.partition(":")
    found = app.tutor.places.get(place.strip())
    matches = () if kind != "commune" else (found,) if found else app.tutor.places.search(place)
    if len(matches) != 1:
        names = "; ".join(p.key for p in matches) or "none"
        raise ValueError(f"--scope must be province or commune:PLACE naming one commune or ward (matches: {names})")
    return roles.Scope(matches[0].key)


def register(admin: typer.Typer, broadcast: typer.Typer) -> None:
    """`hocvuso admin grant|revoke|list` and `hocvuso broadcast create|status|list|cancel`."""
    admin.command("grant")(admin_grant)
    admin.command("revoke")(admin_revoke)
    admin.command("list")(admin_list)
    broadcast.command("create")(broadcast_create)
    broadcast.command("status")(broadcast_status)
    broadcast.command("list")(broadcast_list)
    broadcast.command("cancel")(broadcast_cancel)


# --- roles --------------------------------------------------------------------------------------


def admin_grant(
    key: Annotated[str, typer.Argument(help="CHANNEL:ID of someone who has written to the bot.")],
    role: Annotated[str, typer.Option(help="admin or ambassador.")] = "admin",
    scope: Annotated[
        str | None, typer.Option(help=f"Admins only: {SCOPE_HELP} Default for a new admin: province.")
    ] = None,
) -> None:
    """Give a learner a role (checked in the database on every action); --scope moves an admin."""
    channel, ident = _key(key)
    if scope is not None and _role(role) != roles.ADMIN:
        typer.echo("--scope applies to admins only.", err=True)
        raise typer.Exit(2)

    async def body(app: App) -> Outcome:
        try:
            where = roles.WHOLE_PROVINCE if scope is None else _scope(app, scope)
        except ValueError as error:
            return Outcome(False, str(error))
        async with app.sessions.begin() as session:
            ids = await roles.learners_with_key(session, channel, ident)
            for learner_id in ids:
                new = await roles.grant(session, learner_id, _role(role), _actor(), app.clock.now(), where)
                if not new and scope is not None:
                    await roles.set_scope(session, learner_id, where, _actor(), app.clock.now())
                if new and role == roles.AMBASSADOR:
                    await _welcome(app, session, learner_id)
        if not ids:
            return Outcome(False, f"No learner {key} yet: they must write to the bot first (e.g. /start).")
        shown = f", scope {where.stored}" if role == roles.ADMIN and scope is not None else ""
        return Outcome(True, f"Granted {role} to {len(ids)} learner(s) {key}{shown}.")

    _finish(_run(lambda s: _with_app(s, body)))


async def _welcome(app: App, session: AsyncSession, learner_id: int) -> None:
    """A new ambassador hears what they can now do (through the outbox, after quiet hours)."""
    learner = await session.get(Learner, learner_id)
    quiet = QuietHours.parse(app.settings.quiet_hours_start, app.settings.quiet_hours_end)
    if learner is not None:
        tell_new_ambassador(session, learner, app.clock.now(), quiet)


def admin_revoke(
    key: Annotated[str, typer.Argument(help="CHANNEL:ID")],
    role: Annotated[str, typer.Option(help="admin or ambassador.")] = "admin",
) -> None:
    """Take a role away."""
    channel, ident = _key(key)

    async def body(app: App) -> Outcome:
        async with app.sessions.begin() as session:
            ids = await roles.learners_with_key(session, channel, ident)
            for learner_id in ids:
                await roles.revoke(session, learner_id, _role(role), _actor(), app.clock.now())
        return Outcome(bool(ids), f"Revoked {role} from {key}." if ids else f"No learner {key}.")

    _finish(_run(lambda s: _with_app(s, body)))


def admin_list() -> None:
    """Everyone holding a role."""

    async def body(app: App) -> Outcome:
        query = (
            select(
                LearnerRole.role,
                LearnerRole.scope,
                Learner.channel,
                Learner.user_id,
                LearnerRole.granted_at,
                LearnerRole.granted_by,
            )
            .join(Learner, Learner.id == LearnerRole.learner_id)
            .order_by(LearnerRole.role, Learner.channel, Learner.user_id)
        )
        async with app.sessions() as session:
            rows = (await session.execute(query)).all()
        lines = [
            f"{r.role:<11} {r.channel}:{r.user_id}  since {r.granted_at:%Y-%m-%d} by {r.granted_by}"
            + (f"  scope {r.scope}" if r.role == roles.ADMIN else "")
            for r in rows
        ]
        return Outcome(True, "\n".join(lines) or "Nobody holds a role yet.")

    _finish(_run(lambda s: _with_app(s, body)))


# --- broadcasts --------------------------------------------------------------------------------


def _audience(app: App, spec: str) -> audiences.Audience:
    """Parse the spec; a place may be given by name ("place:tan cuong") as well as by key."""
    audience = audiences.parse_audience(spec)
    if audience.kind == "place" and app.tutor.places.get(audience.value) is None:
        found = app.tutor.places.search(audience.value)
        if len(found) != 1:
            names = "; ".join(p.key for p in found) or "none"
            raise audiences.AudienceError(f"place {audience.value!r} must name one commune or ward (matches: {names})")
        audience = audiences.Audience("place", found[0].key)
    return audience


def _problem(app: App, text: str, lesson: str) -> str | None:
    if len(text) > flow.TEXT_MAX or sum(ch.isalpha() for ch in text) < flow.TEXT_MIN_LETTERS:
        return f"--text must have at least {flow.TEXT_MIN_LETTERS} letters and at most {flow.TEXT_MAX} characters."
    if lesson and app.library.lesson(lesson) is None:
        return f"--lesson {lesson!r} is not a lesson id (see content/data)."
    return None


def _send_at(app: App, at: str) -> datetime | None:
    """--at as ISO; without a zone it is read on the deployment's clock (DEFAULT_TIMEZONE)."""
    if not at:
        return app.clock.now()
    try:
        when = datetime.fromisoformat(at)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=zone(app.settings.default_timezone))


def broadcast_create(
    text: Annotated[str, typer.Option(help="The announcement, as learners will read it.")],
    audience: Annotated[
        str, typer.Option(help="all | role:ROLE | place:KEY-OR-NAME | not-finished:LESSON | inactive:DAYS")
    ],
    lesson: Annotated[str, typer.Option(help="A lesson id learners can open with /baihoc.")] = "",
    at: Annotated[str, typer.Option(help="Send time, ISO 8601 (e.g. 2026-03-15T07:00); default now.")] = "",
    urgent: Annotated[bool, typer.Option(help="Send during quiet hours too.")] = False,
    scope: Annotated[str, typer.Option(help=f"Act for: {SCOPE_HELP}")] = roles.PROVINCE,
) -> None:
    """Create a broadcast: sent now (through the outbox) or at --at; a commune scope keeps it there."""

    async def body(app: App) -> Outcome:
        problem = _problem(app, text, lesson)
        if problem:
            return Outcome(False, problem)
        try:
            where = _scope(app, scope)
            chosen = scoped_audience(_audience(app, audience), where)
        except audiences.AudienceError as error:
            return Outcome(False, f"--audience: {error}")
        except ValueError as error:
            return Outcome(False, str(error))
        if chosen is None:
            return Outcome(False, f"--audience {audience!r} is outside the scope {where.stored}: refused.")
        send_at = _send_at(app, at)
        if send_at is None:
            return Outcome(False, "--at must be an ISO 8601 time such as 2026-03-15T07:00.")
        if send_at < app.clock.now() - timedelta(minutes=1):
            return Outcome(False, "--at is in the past; leave it out to send now.")
        return await _create(app, text, lesson, chosen, urgent, send_at)

    _finish(_run(lambda s: _with_app(s, body)))


async def _create(
    app: App, text: str, lesson: str, audience: audiences.Audience, urgent: bool, send_at: datetime
) -> Outcome:
    now = app.clock.now()
    quiet = QuietHours.parse(app.settings.quiet_hours_start, app.settings.quiet_hours_end)
    async with app.sessions.begin() as session:
        broadcast = await create_broadcast(
            session,
            text=text,
            lesson_id=lesson,
            audience=audience,
            urgent=urgent,
            send_at=send_at,
            actor=_actor(),
            created_by=None,
            now=now,
        )
        queued = await release(session, broadcast, app.library, now, quiet) if broadcast.send_at <= now else None
    if queued is not None:
        await app.tutor.drain_queue()  # an announcement with a lesson is each recipient's own turn
        return Outcome(True, f"Broadcast #{broadcast.id} queued for {queued} learners.")
    local = broadcast.send_at.astimezone(zone(app.settings.default_timezone))
    return Outcome(
        True,
        f"Broadcast #{broadcast.id} scheduled for {local:%Y-%m-%d %H:%M} ({app.settings.default_timezone}); "
        f"{broadcast.recipients} learners match now.",
    )


def broadcast_status(broadcast_id: int) -> None:
    """Sent / pending / failed / unreachable / cancelled for one broadcast."""

    async def body(app: App) -> Outcome:
        async with app.sessions() as session:
            broadcast = await session.get(Broadcast, broadcast_id)
            counts = await audiences.delivery_counts(session, [broadcast_id])
        if broadcast is None:
            return Outcome(False, f"No broadcast #{broadcast_id}.")
        return Outcome(True, _describe(app, broadcast, counts.get(broadcast_id, {})))

    _finish(_run(lambda s: _with_app(s, body)))


def _describe(app: App, broadcast: Broadcast, counts: dict[str, int]) -> str:
    local = broadcast.send_at.astimezone(zone(app.settings.default_timezone))
    rows = ("sent", "pending", "sending", "failed", "unreachable", "cancelled")
    return "\n".join(
        [
            f"Broadcast #{broadcast.id}: {broadcast.status}{' (urgent)' if broadcast.urgent else ''}",
            f"  send at:    {local:%Y-%m-%d %H:%M}",
            f"  audience:   {broadcast.audience.get('spec', 'all')}",
            f"  recipients: {broadcast.recipients}",
            *(f"  {name + ':':<12}{counts.get(name, 0)}" for name in rows),
        ]
    )


def broadcast_list(limit: Annotated[int, typer.Option(help="How many, newest first.")] = 10) -> None:
    """The latest broadcasts, one line each."""

    async def body(app: App) -> Outcome:
        query = select(Broadcast).order_by(Broadcast.id.desc()).limit(limit)
        async with app.sessions() as session:
            rows = list((await session.execute(query)).scalars())
        lines = [f"#{b.id:<5} {b.status:<10} {b.recipients:>8}  {b.audience.get('spec', 'all')}" for b in rows]
        return Outcome(True, "\n".join(lines) or "No broadcasts yet.")

    _finish(_run(lambda s: _with_app(s, body)))


def broadcast_cancel(broadcast_id: int) -> None:
    """Stop a broadcast: what has not been sent yet will not be."""

    async def body(app: App) -> Outcome:
        async with app.sessions.begin() as session:
            stopped = await cancel_broadcast(session, broadcast_id, _actor(), app.clock.now())
        if stopped is None:
            return Outcome(False, f"No broadcast #{broadcast_id} to cancel (unknown, or cancelled already).")
        return Outcome(True, f"Cancelled broadcast #{broadcast_id}: {stopped} pending messages will not be sent.")

    _finish(_run(lambda s: _with_app(s, body)))
