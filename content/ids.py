"""Permanent question ids: once released, an id keeps its meaning forever.

Learners' answers are stored by question id. A question's fingerprint hashes what it
asks and which answer is right (kind, prompt, message, the set of option texts, the
correct option), never the `why` explanations or the fact ids: improving an
explanation keeps the id, changing the question needs a new id with `replaces:`.
Options are shuffled for each learner, so their order in the file is no part of the
meaning (format 2; format 1 hashed them in file order and was converted once).

`released_ids.json` (written by `freeze` at release time, never by hand) records
every id ever shipped, including retired ones, so a fix of a fix still checks out.
Run `uv run python -m content.ids` to write it for content/data.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from content.library import Library
from content.loader import DATA_DIR, ContentError, load_library
from content.schema import Question

RELEASED_FILE = "released_ids.json"
FORMAT = 2
NOTE = "Question ids shipped so far. Written by `uv run python -m content.ids` at release time; do not edit."
_SPACES = re.compile(r"\s+")


class ReleasedIdsError(ValueError):
    """The released-ids file cannot be read, or the library cannot be frozen."""


@dataclass(frozen=True, slots=True)
class Released:
    lesson: str
    fingerprint: str
    # Set once the id is retired: the question that took its place.
    replaced_by: str | None = None


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    lesson: str
    fingerprint: str = Field(pattern=r"^[0-9a-f]{12}$")
    replaced_by: str | None = None


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    format: Literal[2]
    note: str = ""
    questions: dict[str, _Entry]


def _normal(text: str) -> str:
    """Line wrapping, extra spaces and the keyboard's Unicode form do not change meaning."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fingerprint(question: Question) -> str:
    meaning = {
        "kind": question.kind,
        "prompt": _normal(question.prompt),
        "message": _normal(question.message or ""),
        "options": sorted([_normal(option.text), option.correct] for option in question.options),
    }
    blob = json.dumps(meaning, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:12]


def fingerprints(library: Library) -> dict[str, Released]:
    """Every current question id with its lesson and fingerprint, sorted by id."""
    return {
        qid: Released(lesson.id, fingerprint(question)) for qid, (lesson, question) in sorted(library.questions.items())
    }


def _released_problem(
    qid: str, old: Released, current: Mapping[str, Released], replaced: Mapping[str, str]
) -> str | None:
    now = current.get(qid)
    if now is not None and now.fingerprint != old.fingerprint:
        return (
            f"question {qid} (lesson {now.lesson}) changed meaning since it was released: "
            f"put the released wording back, and give the fix a new id with `replaces: {qid}`"
        )
    if now is None and old.replaced_by is None and qid not in replaced:
        return (
            f"question {qid} (lesson {old.lesson}) was released but is gone: "
            f"put it back, or give the question that fixes it `replaces: {qid}`"
        )
    return None


def _replaces_problem(old: str, new: str, released: Mapping[str, Released]) -> str | None:
    record = released.get(old)
    if record is None:
        return f"question {new}: `replaces: {old}`, but {old} was never released (check the id's spelling)"
    if record.replaced_by not in (None, new):
        return f"question {new}: `replaces: {old}`, but {old} was already replaced by {record.replaced_by}"
    return None


def compare(released: Mapping[str, Released], library: Library) -> list[str]:
    """Hard errors: a released id that changed meaning or vanished, a `replaces` of an unknown id."""
    current = fingerprints(library)
    found = [_released_problem(qid, old, current, library.replaced) for qid, old in sorted(released.items())]
    found += [_replaces_problem(old, new, released) for old, new in sorted(library.replaced.items())]
    return [problem for problem in found if problem]


def load_released(path: Path) -> dict[str, Released]:
    try:
        parsed = _File.model_validate_json(path.read_bytes())
    except OSError as error:
        raise ReleasedIdsError(f"cannot read the file: {error}") from error
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(file)"
        raise ReleasedIdsError(f"{where}: {first['msg']}") from error
    return {qid: Released(e.lesson, e.fingerprint, e.replaced_by) for qid, e in parsed.questions.items()}


def dumps(released: Mapping[str, Released]) -> str:
    """The file's text: sorted, indented, UTF-8 Vietnamese kept readable, one trailing newline."""
    questions = {qid: _entry(record) for qid, record in sorted(released.items())}
    document = {"format": FORMAT, "note": NOTE, "questions": questions}
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _entry(record: Released) -> dict[str, str]:
    entry = {"lesson": record.lesson, "fingerprint": record.fingerprint}
    if record.replaced_by is not None:
        entry["replaced_by"] = record.replaced_by
    return entry


def _retired(released: Mapping[str, Released], library: Library) -> dict[str, Released]:
    gone = (qid for qid in released if qid not in library.questions)
    return {
        qid: Released(
            released[qid].lesson, released[qid].fingerprint, released[qid].replaced_by or library.replaced[qid]
        )
        for qid in gone
    }


def freeze(library: Library, path: Path) -> dict[str, Released]:
    """Record every current id (and keep every retired one) in `path`; refuse a library that breaks an id."""
    released = load_released(path) if path.exists() else {}
    problems = compare(released, library)
    if problems:
        raise ReleasedIdsError("cannot freeze ids:\n" + "\n".join(problems))
    merged = {**_retired(released, library), **fingerprints(library)}
    path.write_text(dumps(merged), encoding="utf-8")
    return merged


def main(argv: list[str]) -> int:
    data_dir = Path(argv[0]) if argv else DATA_DIR
    try:
        merged = freeze(load_library(data_dir), data_dir / RELEASED_FILE)
    except (ContentError, ReleasedIdsError) as error:
        print(error, file=sys.stderr)
        return 1
    retired = sum(1 for record in merged.values() if record.replaced_by)
    print(f"Wrote {data_dir / RELEASED_FILE}: {len(merged) - retired} current ids, {retired} retired.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
