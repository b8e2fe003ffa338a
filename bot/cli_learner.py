"""CLI: `hocvuso learner export CHANNEL:ID [--json]`, what is kept about a learner.

For support staff answering a request to see one's data: the JSON of bot/learner_data.py, or
the same plain Vietnamese words the learner gets from /dulieucuatoi, to read out to them.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from bot.app import App
from bot.cli_base import _run, _with_app
from bot.learner_data import as_json as to_json
from bot.learner_data import learners_with, stored_data
from dialogs.flows.mydata import describe
from dialogs.voice import Voice


def register(learner: typer.Typer) -> None:
    """`hocvuso learner export`."""
    learner.command("export")(export)


def export(
    key: Annotated[str, typer.Argument(help="CHANNEL:ID, e.g. zalo:8a2f... or telegram:123456789.")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Everything kept about one learner (each bot they wrote to), as words or JSON."""
    channel, _, ident = key.strip().partition(":")
    if not channel or not ident:
        typer.echo(f"Expected CHANNEL:ID (e.g. telegram:123456789), got {key!r}.", err=True)
        raise typer.Exit(2)
    found = _run(lambda s: _with_app(s, lambda a: _read(a, channel.lower(), ident, as_json)))
    if not found:
        typer.echo(f"No learner {key}: nothing is kept about them.", err=True)
        raise typer.Exit(1)
    typer.echo(json.dumps(found, ensure_ascii=False, indent=2) if as_json else "\n\n".join(map(str, found)))


async def _read(app: App, channel: str, ident: str, as_json: bool) -> list[object]:
    async with app.sessions() as session:
        stored = [await stored_data(session, learner) for learner in await learners_with(session, channel, ident)]
    if as_json:
        return [to_json(f"{channel}:{ident}", data) for data in stored]
    controller = app.settings.data_controller
    words = (
        describe(data, app.library, app.tutor.places, controller, Voice(data.address, data.name)) for data in stored
    )
    return ["\n\n".join(messages) for messages in words]
