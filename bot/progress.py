"""Progress derives from the learning-event log, the same way incrementally and in a rebuild."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime


@dataclass(frozen=True, slots=True)
class LogEntry:
    learner_id: int
    verb: str
    lesson_id: str
    content_version: int
    score: int
    total: int
    at: datetime


@dataclass(frozen=True, slots=True)
class Progress:
    status: str
    best_score: int
    total: int
    content_version: int
    started_at: datetime
    completed_at: datetime | None


def fold_entry(current: Progress | None, entry: LogEntry) -> Progress | None:
    """Apply one log entry to one learner's progress on one lesson."""
    if entry.verb == "started":
        if current is None:
            return Progress("started", 0, 0, entry.content_version, entry.at, None)
        return current
    if entry.verb not in ("completed", "failed"):
        return current
    base = current or Progress("started", 0, 0, entry.content_version, entry.at, None)
    if entry.verb == "failed":
        return base
    best = max(base.best_score, entry.score) if base.status == "completed" else entry.score
    completed_at = base.completed_at or entry.at
    return replace(
        base,
        status="completed",
        best_score=best,
        total=entry.total,
        content_version=entry.content_version,
        completed_at=completed_at,
    )


def rebuild(entries: Iterable[LogEntry]) -> dict[tuple[int, str], Progress]:
    table: dict[tuple[int, str], Progress] = {}
    for entry in entries:
        key = (entry.learner_id, entry.lesson_id)
        folded = fold_entry(table.get(key), entry)
        if folded is not None:
            table[key] = folded
    return table
