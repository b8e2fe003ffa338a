"""`hocvuso scamcheck`: is this message a scam? And how well does the checker do (issue 13).

    hocvuso scamcheck "TEXT" [--json]     one message ("-" or nothing: read it from stdin)
    hocvuso scamcheck --eval [--json]     recall per grade, false alarms, confusion matrix

The message is checked and forgotten: nothing is stored or logged.
"""

from __future__ import annotations

import contextlib
import json
import sys
from typing import Annotated, Any

import typer

from bot.cli_base import app
from content.loader import ContentError, load_library
from content.scam import ScamChecker, load_scam_checker
from content.scam.evaluate import evaluate, format_report, lesson_messages, load_devset
from content.scam.verdict import Verdict


@app.command("scamcheck")
def scamcheck(
    text: Annotated[str, typer.Argument(help='The message; "-" or nothing reads it from stdin.')] = "-",
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    run_eval: Annotated[bool, typer.Option("--eval", help="Grade the development set instead.")] = False,
) -> None:
    """Check a message for signs of a scam (or, with --eval, measure the checker)."""
    checker = load_scam_checker()
    if run_eval:
        report = evaluation(checker)
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2) if as_json else format_report(report))
        return
    message = sys.stdin.read() if text == "-" else text
    if not message.strip():
        typer.echo("Nothing to check: give the message as an argument or on stdin.", err=True)
        raise typer.Exit(2)
    verdict = checker.check(message)
    typer.echo(json.dumps(verdict.as_dict(), ensure_ascii=False, indent=2) if as_json else verdict_text(verdict))


def evaluation(checker: ScamChecker) -> dict[str, Any]:
    """The development set, plus the lessons' scam-or-not items when the library loads."""
    messages = list(load_devset())
    # A half-edited lesson must not hide the checker's own figures.
    with contextlib.suppress(ContentError):
        messages += lesson_messages(load_library())
    return evaluate(checker, messages)


def verdict_text(verdict: Verdict) -> str:
    lines = [verdict.title]
    lines += [f"  • {finding.explanation}" for finding in verdict.shown]
    lines.append("Nên làm gì:")
    lines += [f"  – {line}" for line in verdict.advice]
    return "\n".join(lines)
