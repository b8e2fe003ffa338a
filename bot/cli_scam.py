"""`hocvuso scamcheck`: is this message a scam? And how well does the checker do (issue 13).

    hocvuso scamcheck "TEXT" [--json]     one message ("-" or nothing: read it from stdin)
    hocvuso scamcheck --eval [--json]     recall per grade, false alarms, confusion matrix
    hocvuso scamcheck --eval --file PATH  the same on another set of messages (same format as
                                          content/eval/scam_messages.yaml), e.g. a held-out one

The message is checked and forgotten: nothing is stored or logged.
"""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from content.loader import ContentError, load_library
from content.scam import ScamChecker, load_scam_checker
from content.scam.evaluate import evaluate, format_report, lesson_messages, load_devset
from content.scam.verdict import Verdict


def register(root: typer.Typer) -> None:
    """`hocvuso scamcheck`."""
    root.command("scamcheck")(scamcheck)


def scamcheck(
    text: Annotated[str, typer.Argument(help='The message; "-" or nothing reads it from stdin.')] = "-",
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    run_eval: Annotated[bool, typer.Option("--eval", help="Grade the development set instead.")] = False,
    eval_file: Annotated[
        Path | None, typer.Option("--file", help="With --eval: grade the messages of this file (same format).")
    ] = None,
) -> None:
    """Check a message for signs of a scam (or, with --eval, measure the checker)."""
    if eval_file is not None and not run_eval:
        typer.echo("--file goes with --eval.", err=True)
        raise typer.Exit(2)
    checker = load_scam_checker()
    if run_eval:
        report = evaluation(checker) if eval_file is None else file_evaluation(checker, eval_file)
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


def file_evaluation(checker: ScamChecker, path: Path) -> dict[str, Any]:
    """Another set of messages alone (no lessons): a held-out set, graded as it is."""
    try:
        messages = load_devset(path)
    except ContentError as error:
        typer.echo("\n".join(error.problems), err=True)
        raise typer.Exit(1) from error
    return evaluate(checker, messages)


def verdict_text(verdict: Verdict) -> str:
    lines = [verdict.title]
    lines += [f"  • {finding.explanation}" for finding in verdict.shown]
    lines.append("Nên làm gì:")
    lines += [f"  – {line}" for line in verdict.advice]
    return "\n".join(lines)
