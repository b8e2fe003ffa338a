"""Hit rates of the question search over the development set.

    python -m content.search.evaluate [--json] [--misses] [--data DIR] [--questions FILE]

Prints, for each split (tune, held, fresh) and all together: top-1 and top-3 hit rates
(right lesson, FAQ entry or term among the first matches) and the share of short answers
that are correct (confident and from an acceptable source; for questions the library cannot
answer, not confident). `--misses` lists the tuning part's misses only: the held-out part is
for reporting, never for tuning; a fresh batch is measured once before it is looked at.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from content.library import Library
from content.loader import DATA_DIR, load_library
from content.search.devset import DEVSET, SPLITS, Figures, Outcome, Question, load_questions, unknown_ids
from content.search.index import SearchIndex, build_index


def run(index: SearchIndex, questions: tuple[Question, ...]) -> dict[str, Figures]:
    outcomes = [Outcome.of(question, index.ask(question.q)) for question in questions]
    splits = {name: [o for o in outcomes if o.question.split == name] for name in SPLITS}
    figures = {name: Figures.of(found) for name, found in splits.items() if found}
    return figures | {"all": Figures.of(outcomes)}


def misses(index: SearchIndex, questions: tuple[Question, ...]) -> list[str]:
    lines = []
    for question in questions:
        if question.split != "tune":
            continue
        answer = index.ask(question.q)
        outcome = Outcome.of(question, answer)
        if not (outcome.top3 or not question.expect) or not outcome.correct:
            found = ", ".join(f"{m.kind}:{m.item_id or m.lesson_id}/{m.card}={m.score:.1f}" for m in answer.matches[:3])
            lines.append(f"{'✓' if outcome.top3 else '✗'} conf={answer.confident} {question.q!r}: {found}")
    return lines


def _table(figures: dict[str, Figures]) -> str:
    rows = ["split  questions  top-1   top-3   answer-correct  confident-wrong"]
    for name, f in figures.items():
        figures_ = f"{f.top1:6.1%}  {f.top3:6.1%}  {f.answer_correct:14.1%}  {f.confident_wrong:>15}"
        rows.append(f"{name:<6} {f.questions:>9}  {figures_}")
    return "\n".join(rows)


def _library(data: Path) -> Library:
    return load_library(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--misses", action="store_true", help="list the tuning half's misses")
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="content data folder")
    parser.add_argument("--questions", type=Path, default=DEVSET, help="development set file")
    args = parser.parse_args(argv)
    library = _library(args.data)
    questions = load_questions(args.questions)
    unknown = unknown_ids(questions, library)
    if unknown:
        print("The development set names what the library does not have:", *unknown, sep="\n  ", file=sys.stderr)
        return 2
    index = build_index(library)
    figures = run(index, questions)
    if args.json:
        print(json.dumps({name: asdict(f) for name, f in figures.items()}, indent=2))
    else:
        print(_table(figures))
    if args.misses:
        print("\n".join(misses(index, questions)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
