"""What every `hocvuso` sub-command module shares: the Typer apps and how a command runs.

Kept apart from bot/cli.py so command modules (cli_admin, cli_community...) import this and
bot/cli.py imports them, one way only.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from bot.logs import configure_logging
from bot.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:  # a command imports the application only when it runs: `hocvuso --help` stays quick
    from bot.app import App

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
    configure_logging(settings.log_level, settings.log_format)
    return asyncio.run(factory(settings))


async def _with_app(settings: Settings, body: Callable[[App], Awaitable[T]]) -> T:
    from bot.app import bootstrap

    application = await bootstrap(settings)
    try:
        return await body(application)
    finally:
        await application.close()
