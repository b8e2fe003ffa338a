"""What every `hocvuso` sub-command module shares: how a command runs.

Kept apart from bot/cli.py so command modules (cli_admin, cli_community...) import this and
bot/cli.py imports them, one way only. No Typer app lives here: bot/cli.py's `build()` makes
the command tree and hands each module the groups it fills (its `register`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

import typer

from bot.app import App, bootstrap
from bot.logs import configure_logging
from bot.settings import Settings, SettingsError, load_settings

T = TypeVar("T")


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
    application = await bootstrap(settings)
    try:
        return await body(application)
    finally:
        await application.close()
