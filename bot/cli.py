"""The `hocvuso` command."""

from __future__ import annotations

import asyncio
import getpass
import json
import logging
import sys
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from bot.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from bot.app import App
    from dialogs.context import Verification

T = TypeVar("T")
app = typer.Typer(
    help="Học Vụ Số — chat-bot tutor for Bình dân học vụ số.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
dialogs_app = typer.Typer(help="The dialog state machine.", no_args_is_help=True)
content_app = typer.Typer(help="Lessons and quizzes.", no_args_is_help=True)
certificate_app = typer.Typer(help="Certificates.", no_args_is_help=True)
places_app = typer.Typer(help="Communes and wards learners pick from.", no_args_is_help=True)
progress_app = typer.Typer(help="Learner progress.", invoke_without_command=True)
admin_app = typer.Typer(help="Roles: admins and Digital Ambassadors.", no_args_is_help=True)
broadcast_app = typer.Typer(help="Announcements to learners.", no_args_is_help=True)
stats_app = typer.Typer(help="Statistics per commune.", invoke_without_command=True)
learner_app = typer.Typer(help="What is kept about a learner (their right of access).", no_args_is_help=True)
for sub, name in (
    (db_app, "db"),
    (dialogs_app, "dialogs"),
    (content_app, "content"),
    (certificate_app, "certificate"),
    (places_app, "places"),
    (progress_app, "progress"),
    (admin_app, "admin"),
    (broadcast_app, "broadcast"),
    (stats_app, "stats"),
    (learner_app, "learner"),
):
    app.add_typer(sub, name=name)


def _settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(2) from None


def _run(factory: Callable[[Settings], Coroutine[Any, Any, T]]) -> T:
    settings = _settings()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    return asyncio.run(factory(settings))


async def _with_app(settings: Settings, body: Callable[[App], Awaitable[T]]) -> T:
    from bot.app import bootstrap

    application = await bootstrap(settings)
    try:
        return await body(application)
    finally:
        await application.close()


@app.command()
def chat(user: Annotated[str, typer.Option(help="Learner name; state persists per name.")] = "") -> None:
    """Talk to the tutor in this terminal (SQLite by default, no token needed)."""
    from bot.channels.console import run_console

    name = user or getpass.getuser()

    async def body(application: App) -> None:
        await run_console(application, name)

    _run(lambda s: _with_app(s, body))


@app.command()
def run() -> None:
    """Start every configured channel, the web server and the scheduler."""
    from bot.run import NO_CHANNEL, run_forever

    settings = _settings()
    if settings.telegram_bot_token is None and settings.zalo_bot_token is None:
        typer.echo(NO_CHANNEL, err=True)
        raise typer.Exit(1)
    try:
        _run(lambda s: _with_app(s, lambda a: run_forever(a, s)))
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
    from dialogs import flows, graph
    from dialogs.engine import Machine

    machine = Machine(flows.standard())
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


def _register_feature_commands() -> None:
    # Feature modules add their commands to admin_app / broadcast_app / stats_app.
    import bot.cli_admin
    import bot.cli_community
    import bot.cli_learner  # noqa: F401


def main() -> None:
    _register_feature_commands()
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
