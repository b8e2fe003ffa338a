"""The `hocvuso` command: `build()` makes the command tree, `main()` runs it.

Nothing is registered when a module is imported: `build()` makes the root and each group and
asks each command module to fill the groups it owns (its `register`), so two trees built in one
process share nothing.
"""

from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot import cli_admin, cli_ask, cli_community, cli_learner, cli_questions, cli_scam
from bot.app import App
from bot.bots import configured_bots
from bot.channels.console import run_console
from bot.cli_base import _run, _settings, _with_app
from bot.reports import learner_report, load_places_file, rebuild_progress
from bot.run import NO_CHANNEL, check_role, run_forever
from bot.settings import Settings, SettingsError
from bot.storage.db import create_engine
from bot.storage.migrate import upgrade
from content.check import check_library, format_report
from content.loader import ContentError
from content.places import PlacesError
from dialogs import graph
from dialogs.engine import Machine
from dialogs.flows.standard import standard

if TYPE_CHECKING:
    from dialogs.context import Verification


def build() -> typer.Typer:
    """A new command tree: the root, its groups, and every command in them."""
    root = typer.Typer(
        help="Học Vụ Số — chat-bot tutor for Bình dân học vụ số.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )
    db = typer.Typer(help="Database schema.", no_args_is_help=True)
    dialogs = typer.Typer(help="The dialog state machine.", no_args_is_help=True)
    content = typer.Typer(help="Lessons and quizzes.", no_args_is_help=True)
    certificate = typer.Typer(help="Certificates.", no_args_is_help=True)
    places = typer.Typer(help="Communes and wards learners pick from.", no_args_is_help=True)
    progress_group = typer.Typer(help="Learner progress.", invoke_without_command=True)
    admin = typer.Typer(help="Roles: admins and Digital Ambassadors.", no_args_is_help=True)
    broadcast = typer.Typer(help="Announcements to learners.", no_args_is_help=True)
    stats = typer.Typer(help="Statistics per commune.", invoke_without_command=True)
    learner = typer.Typer(help="What is kept about a learner (their right of access).", no_args_is_help=True)
    for group, name in (
        (db, "db"),
        (dialogs, "dialogs"),
        (content, "content"),
        (certificate, "certificate"),
        (places, "places"),
        (progress_group, "progress"),
        (admin, "admin"),
        (broadcast, "broadcast"),
        (stats, "stats"),
        (learner, "learner"),
    ):
        root.add_typer(group, name=name)
    cli_admin.register(admin, broadcast)
    cli_ask.register(root)
    cli_community.register(admin, stats)
    cli_learner.register(learner)
    cli_questions.register(root)
    cli_scam.register(root)
    root.command("chat")(chat)
    root.command("run")(run)
    db.command("upgrade")(db_upgrade)
    dialogs.command("graph")(dialogs_graph)
    progress_group.callback()(progress)
    progress_group.command("rebuild")(progress_rebuild)
    content.command("check")(content_check)
    certificate.command("verify")(certificate_verify)
    places.command("load")(places_load)
    return root


def chat(user: Annotated[str, typer.Option(help="Learner name; state persists per name.")] = "") -> None:
    """Talk to the tutor in this terminal (SQLite by default, no token needed)."""
    name = user or getpass.getuser()

    async def body(application: App) -> None:
        await run_console(application, name)

    _run(lambda s: _with_app(s, body))


def run(
    role: Annotated[
        str,
        typer.Option(help="all: everything in one process; web, sender or scheduler: one part (PostgreSQL)."),
    ] = "all",
) -> None:
    """Start the channels, their senders, the web server and the scheduler (or one of them)."""
    settings = _settings()
    try:
        check_role(role, settings)
        if not configured_bots(settings):
            typer.echo(NO_CHANNEL, err=True)
            raise typer.Exit(1)
        _run(lambda s: _with_app(s, lambda a: run_forever(a, s, role)))
    except SettingsError as error:  # a channel found a setting it cannot work with
        typer.echo(error.message, err=True)
        raise typer.Exit(2) from None


def db_upgrade() -> None:
    """Apply database migrations (also done on every start)."""

    async def body(settings: Settings) -> None:
        if settings.db_url.startswith("sqlite"):
            settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = create_engine(settings.db_url)
        try:
            await upgrade(engine)
        finally:
            await engine.dispose()

    _run(body)
    typer.echo("Database is up to date.")


def dialogs_graph(
    markdown: Annotated[bool, typer.Option("--markdown", help="The whole docs/dialogs.md page.")] = False,
) -> None:
    """Print the whole state machine as a Mermaid chart."""
    machine = Machine(standard())
    sys.stdout.write(graph.markdown(machine) if markdown else graph.mermaid(machine))


def progress(
    ctx: typer.Context,
    user: Annotated[str, typer.Option(help="Console learner name.")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    channel: Annotated[str, typer.Option(help="Channel of the learner.")] = "console",
) -> None:
    """Show a learner's state, completed lessons with scores, and certificates."""
    if ctx.invoked_subcommand is not None:
        return
    name = user or getpass.getuser()
    report = _run(lambda s: _with_app(s, lambda a: learner_report(a, channel, name)))
    if report is None:
        typer.echo(f"No learner '{name}' on channel {channel}.", err=True)
        raise typer.Exit(1)
    typer.echo(json.dumps(report, ensure_ascii=False, indent=2) if as_json else _report_text(report))


def _report_text(report: dict[str, object]) -> str:
    lessons = report["completed_lessons"]
    assert isinstance(lessons, list)  # noqa: S101 — built by learner_report
    lines = [f"State: {report['state']}", "Completed lessons:"]
    lines += [f"  {item['lesson_id']}: {item['score']}/{item['total']}" for item in lessons] or ["  (none)"]
    lines.append(f"Certificates: {report['certificates'] or '(none)'}")
    return "\n".join(lines)


def progress_rebuild() -> None:
    """Re-derive lesson progress from the learning-event log and compare."""
    changed, total = _run(lambda s: _with_app(s, rebuild_progress))
    typer.echo(f"Rebuilt {total} progress rows from the event log; {changed} differed from the stored table.")


def content_check(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Validate every lesson file; print counts per topic and module."""
    report = check_library()
    typer.echo(json.dumps(report, ensure_ascii=False, indent=2) if as_json else format_report(report))
    if report["errors"]:
        raise typer.Exit(1)


def certificate_verify(code: str) -> None:
    """Confirm a certificate by its verification code."""

    async def body(application: App) -> Verification | None:
        return await application.tutor.verify(code)

    found = _run(lambda s: _with_app(s, body))
    if found is None:
        typer.echo(f"No certificate with code {code.upper()}.", err=True)
        raise typer.Exit(1)
    typer.echo(f"Valid: {found.code} — {found.name} — {found.module_title} — issued {found.issued_on}")


def places_load(path: Path) -> None:
    """Replace the commune/ward list from a CSV file (columns: province,kind,name)."""
    count = _run(lambda s: load_places_file(s, path))
    typer.echo(f"Loaded {count} places from {path}.")


def main() -> None:
    try:
        build()()
    except ContentError as error:
        typer.echo("The lesson files have errors; fix them and start again:", err=True)
        typer.echo("\n".join(f"  {problem}" for problem in error.problems), err=True)
        raise SystemExit(2) from None
    except (PlacesError, OSError) as error:
        typer.echo(str(error), err=True)
        raise SystemExit(2) from None
