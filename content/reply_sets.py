"""The development sets of learners' replies (content/eval/replies.yaml, values.yaml), loaded.

They measure how well typed replies are understood; see `dialogs.understanding.evaluate`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

EVAL_DIR = Path(__file__).resolve().parent / "eval"
SPLITS = (
    *("dev", "holdout", "fresh", "own1", "own2", "blind4", "blind5", "blind6", "blind8", "blind9", "blind10"),
    *("blind13", "blind15", "blind17", "blind18", "blind20", "blind21", "blind25", "own3"),
)
VALUE_KINDS = ("age", "time", "name", "address", "talk")


@dataclass(frozen=True, slots=True)
class EvalOption:
    id: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Reply:
    screen: str
    text: str
    want: str  # an option's label without marks or counters, "ask: A | B", or "none"
    kind: str
    split: str


@dataclass(frozen=True, slots=True)
class ReplySet:
    screens: Mapping[str, tuple[EvalOption, ...]]
    replies: tuple[Reply, ...]


@dataclass(frozen=True, slots=True)
class ValueCase:
    kind: str
    text: str
    want: str | int | None


@dataclass(frozen=True, slots=True)
class ValueSet:
    year: int
    cases: tuple[ValueCase, ...]


def _read(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _screen(name: str, rows: list[list[str]]) -> tuple[EvalOption, ...]:
    return tuple(
        EvalOption(f"{name}:{number}", str(row[0]), tuple(str(a) for a in row[1:]))
        for number, row in enumerate(rows, start=1)
    )


def load_replies(path: Path = EVAL_DIR / "replies.yaml") -> ReplySet:
    """The screens and replies; a reply naming an unknown screen is refused with its text."""
    data = _read(path)
    screens = {name: _screen(name, rows) for name, rows in data["screens"].items()}
    replies: list[Reply] = []
    for split in SPLITS:
        for screen, text, want, kind in data.get(split, ()):
            if screen not in screens:
                raise ValueError(f"{path.name}: the reply “{text}” names an unknown screen “{screen}”")
            replies.append(Reply(screen, str(text), str(want), str(kind), split))
    return ReplySet(MappingProxyType(screens), tuple(replies))


def load_values(path: Path = EVAL_DIR / "values.yaml") -> ValueSet:
    data = _read(path)
    cases = tuple(ValueCase(kind, str(text), want) for kind in VALUE_KINDS for text, want in data[kind])
    return ValueSet(int(data["year"]), cases)
