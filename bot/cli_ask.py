"""CLI: `hocvuso ask "TEXT" [--json]`, a question answered from the library as the tutor would.

For content writers and testers: the short answer (FAQ entry, glossary definition or a
lesson card), whether the search is sure, and the ranked matches behind it. It reads the
lesson files only; no database, no settings.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from content.library import Library
from content.loader import DATA_DIR, load_library
from content.search import Answer, Match, build_index

# How the CLI fills the learner's form of address; the tutor fills it with the learner's own.
NEUTRAL_YOU = {"{ban}": "bạn", "{Ban}": "Bạn"}


def _fill(text: str | None) -> str | None:
    if text is None:
        return None
    for placeholder, word in NEUTRAL_YOU.items():
        text = text.replace(placeholder, word)
    return text


def _match(match: Match) -> dict[str, Any]:
    return {
        "lesson_id": match.lesson_id,
        "card": match.card,
        "score": round(match.score, 3),
        "kind": match.kind,
        "id": match.item_id,
    }


def as_json(answer: Answer) -> dict[str, Any]:
    """`{"answer", "confident", "matches": [{"lesson_id", "card", "score", ...}], ...}`."""
    return {
        "answer": _fill(answer.text),
        "confident": answer.confident,
        "matches": [_match(match) for match in answer.matches],
        "lesson": answer.lesson,
        "source": _match(answer.source) if answer.source else None,
        "facts": list(answer.facts),
    }


def as_text(answer: Answer, library: Library) -> str:
    if answer.text is None:
        return "No answer in the library (confident: no)."
    lines = [_fill(answer.text) or "", "", f"confident: {'yes' if answer.confident else 'no (offer it as a guess)'}"]
    lesson = library.lesson(answer.lesson) if answer.lesson else None
    if lesson is not None:
        lines.append(f"lesson to open: {lesson.id} — {lesson.title}")
    lines.append("matches:")
    for rank, match in enumerate(answer.matches, 1):
        where = f"card {match.card}" if match.card is not None else match.item_id
        lines.append(f"  {rank}. {match.kind:<6} {match.lesson_id or '-'} {where}  {match.score:.1f}")
    return "\n".join(lines)


def register(root: typer.Typer) -> None:
    """`hocvuso ask`."""
    root.command("ask")(ask)


def ask(
    text: Annotated[str, typer.Argument(help="The question, as a learner would type it.")],
    json_output: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    data: Annotated[Path, typer.Option(help="Content folder (a draft library, say).")] = DATA_DIR,
) -> None:
    """Answer a question from the FAQ, the glossary and the lessons, as the tutor would."""
    library = load_library(data)
    answer = build_index(library).ask(text)
    typer.echo(json.dumps(as_json(answer), ensure_ascii=False, indent=2) if json_output else as_text(answer, library))
