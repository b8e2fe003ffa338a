"""CLI: `hocvuso questions unanswered [--days N] [--json]` — what learners asked that the
tutor could not answer, by topic, for content writers (texts only where learners consented)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Annotated

import typer

from bot import insights
from bot.app import App
from bot.cli_base import _run, _with_app


def register(root: typer.Typer) -> None:
    """`hocvuso questions unanswered`: its own group, added to the root."""
    questions = typer.Typer(help="Questions learners asked that the tutor could not answer.", no_args_is_help=True)
    questions.command("unanswered")(unanswered)
    root.add_typer(questions, name="questions")


def unanswered(
    days: Annotated[int, typer.Option(min=1, max=365, help="How far back to look.")] = 30,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Unanswered questions per topic, most first, with the latest texts kept."""

    async def body(application: App) -> list[dict[str, object]]:
        since = application.clock.now() - timedelta(days=days)
        async with application.sessions() as session:
            return await insights.unanswered(session, since)

    found = _run(lambda s: _with_app(s, body))
    if as_json:
        typer.echo(json.dumps({"days": days, "topics": found}, ensure_ascii=False, indent=2))
        return
    if not found:
        typer.echo(f"No unanswered questions in the last {days} days.")
    for row in found:
        typer.echo(f"{row['topic'] or '(no topic)'}: {row['count']}")
        for text in row["texts"]:  # type: ignore[attr-defined]
            typer.echo(f"  - {text}")
