"""The `hocvuso` command."""

from __future__ import annotations

import getpass
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

# Each command module adds its commands to the apps in bot/cli_base.py when imported.
from bot import cli_admin, cli_ask, cli_community, cli_learner, cli_questions, cli_scam  # noqa: F401
from bot.cli_base import (
    _run,
    _settings,
    _with_app,
    app,
    certificate_app,
    content_app,
    db_app,
    dialogs_app,
    places_app,
    progress_app,
)
from bot.settings import Settings, SettingsError

if TYPE_CHECKING:
    from bot.app import App
    from dialogs.context import Verification


@app.command()
def chat(user: Annotated[str, typer.Option(help="Learner name; state persists per name.")] = "") -> None:
    """Talk to the tutor in this terminal (SQLite by default, no token needed)."""
    from bot.channels.console import run_console

    name = user or getpass.getuser()

    async def body(application: App) -> None:
        await run_console(application, name)

    _run(lambda s: _with_app(s, body))


@app.command()
def run(
    role: Annotated[
        str,
        typer.Option(help="all: everything in one process; web, sender or scheduler: one part (PostgreSQL)."),
    ] = "all",
) -> None:
    """Start the channels, their senders, the web server and the scheduler (or one of them)."""
    from bot.bots import configured_bots
    from bot.run import NO_CHANNEL, check_role, run_forever

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


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply database migrations (also done on every start)."""
    from bot.storage.db import create_engine
    from bot.storage.migrate import upgrade

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


@dialogs_app.command("graph")
def dialogs_graph(
    markdown: Annotated[bool, typer.Option("--markdown", help="The whole docs/dialogs.md page.")] = False,
) -> None:
    """Print the whole state machine as a Mermaid chart."""
    from dialogs import graph
    from dialogs.engine import Machine
    from dialogs.flows.standard import standard

    machine = Machine(standard())
    sys.stdout.write(graph.markdown(machine) if markdown else graph.mermaid(machine))


@progress_app.callback()
def progress(
    ctx: typer.Context,
    user: Annotated[str, typer.Option(help="Console learner name.")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    channel: Annotated[str, typer.Option(help="Channel of the learner.")] = "console",
) -> None:
    """Show a learner's state, completed lessons with scores, and certificates."""
    if ctx.invoked_subcommand is not None:
        return
    from bot.reports import learner_report

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


@progress_app.command("rebuild")
def progress_rebuild() -> None:
    """Re-derive lesson progress from the learning-event log and compare."""
    from bot.reports import rebuild_progress

    changed, total = _run(lambda s: _with_app(s, rebuild_progress))
    typer.echo(f"Rebuilt {total} progress rows from the event log; {changed} differed from the stored table.")


@content_app.command("check")
def content_check(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Validate every lesson file; print counts per topic and module."""
    from content.check import check_library, format_report

    report = check_library()
    typer.echo(json.dumps(report, ensure_ascii=False, indent=2) if as_json else format_report(report))
    if report["errors"]:
        raise typer.Exit(1)


@certificate_app.command("verify")
def certificate_verify(code: str) -> None:
    """Confirm a certificate by its verification code."""

    async def body(application: App) -> Verification | None:
        return await application.tutor.verify(code)

    found = _run(lambda s: _with_app(s, body))
    if found is None:
        typer.echo(f"No certificate with code {code.upper()}.", err=True)
        raise typer.Exit(1)
    typer.echo(f"Valid: {found.code} — {found.name} — {found.module_title} — issued {found.issued_on}")


@places_app.command("load")
def places_load(path: Path) -> None:
    """Replace the commune/ward list from a CSV file (columns: province,kind,name)."""
    from bot.reports import load_places_file

    count = _run(lambda s: load_places_file(s, path))
    typer.echo(f"Loaded {count} places from {path}.")


def main() -> None:
    from content.loader import ContentError
    from content.places import PlacesError

    try:
        app()
    except ContentError as error:
        typer.echo("The lesson files have errors; fix them and start again:", err=True)
        typer.echo("\n".join(f"  {problem}" for problem in error.problems), err=True)
        raise SystemExit(2) from None
    except (PlacesError, OSError) as error:
        typer.echo(str(error), err=True)
        raise SystemExit(2) from None
