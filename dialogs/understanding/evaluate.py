"""How well the layer reads the development sets: `python -m dialogs.understanding.evaluate`.

Each reply is judged against what the learner meant: understood as intended, asked back
(never wrong: the learner answers the question), a wrong pick, or missed (not understood,
or asked about the wrong options). Figures are printed for `dev` (tuned on) and `holdout`
(set aside), overall and per kind of reply; `--json` prints them as JSON, `--show` lists
what was not understood, `--labels-only` drops the flows' aliases to see the layer alone.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from content.reply_sets import SPLITS, EvalOption, Reply, ReplySet, ValueSet, load_replies, load_values

from .ages import read_age
from .choice import read_choice
from .clock import read_time
from .names import read_address, read_name
from .options import shown_label
from .readings import AskBack, Picked
from .talk import looks_like_question, read_help

ASK, NONE = "ask:", "none"


class Outcome(StrEnum):
    UNDERSTOOD = "understood"
    ASKED = "asked back"
    WRONG = "wrong pick"
    MISSED = "missed"


@dataclass
class Tally:
    counts: Counter[Outcome] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, outcome: Outcome) -> float:
        return self.counts[outcome] / self.total if self.total else 0.0

    def as_dict(self) -> dict[str, float | int]:
        shares = {f"{o.value} %": round(100 * self.share(o), 1) for o in Outcome}
        return {"total": self.total, **{o.value: self.counts[o] for o in Outcome}, **shares}


def _option(options: Sequence[EvalOption], wanted: str, reply: Reply) -> EvalOption:
    found = [o for o in options if shown_label(o.label) == wanted.strip()]
    if len(found) != 1:
        raise ValueError(f"“{reply.text}” on {reply.screen}: no single option “{wanted}”")
    return found[0]


def judge(reply: Reply, options: Sequence[EvalOption]) -> Outcome:
    reading = read_choice(reply.text, options)
    if reply.want == NONE:
        return Outcome.WRONG if isinstance(reading, Picked) else Outcome.UNDERSTOOD
    if isinstance(reading, Picked) and reply.want.startswith(ASK):
        return Outcome.WRONG
    if reply.want.startswith(ASK):
        wanted = {_option(options, label, reply).id for label in reply.want[len(ASK) :].split("|")}
        asked = {o.id for o in reading.options} if isinstance(reading, AskBack) else set()
        return Outcome.UNDERSTOOD if asked == wanted else Outcome.ASKED if asked else Outcome.MISSED
    target = _option(options, reply.want, reply).id
    if isinstance(reading, Picked):
        return Outcome.UNDERSTOOD if reading.option.id == target else Outcome.WRONG
    if isinstance(reading, AskBack) and target in {o.id for o in reading.options}:
        return Outcome.ASKED
    return Outcome.MISSED


@dataclass
class ReplyReport:
    overall: dict[str, Tally] = field(default_factory=dict)  # split -> tally
    by_kind: dict[str, dict[str, Tally]] = field(default_factory=dict)  # split -> kind -> tally
    misses: list[tuple[Reply, Outcome]] = field(default_factory=list)


def without_aliases(replies: ReplySet) -> ReplySet:
    screens = {name: tuple(replace(o, aliases=()) for o in options) for name, options in replies.screens.items()}
    return ReplySet(screens, replies.replies)


def evaluate_replies(replies: ReplySet) -> ReplyReport:
    report = ReplyReport()
    for reply in replies.replies:
        outcome = judge(reply, replies.screens[reply.screen])
        report.overall.setdefault(reply.split, Tally()).counts[outcome] += 1
        kinds = report.by_kind.setdefault(reply.split, {})
        kinds.setdefault(reply.kind, Tally()).counts[outcome] += 1
        if outcome is not Outcome.UNDERSTOOD:
            report.misses.append((reply, outcome))
    return report


# --- typed values -------------------------------------------------------------------------


def _talk(text: str) -> str:
    return "help" if read_help(text) is not None else "question" if looks_like_question(text) else "neither"


def readers(year: int) -> dict[str, Callable[[str], object]]:
    return {
        "age": lambda text: read_age(text, year),
        "time": read_time,
        "name": read_name,
        "address": read_address,
        "talk": _talk,
    }


@dataclass
class ValueReport:
    right: Counter[str] = field(default_factory=Counter)
    wrong: Counter[str] = field(default_factory=Counter)  # a value other than the one meant
    missed: Counter[str] = field(default_factory=Counter)  # nothing read where a value was meant
    failures: list[tuple[str, str, object, object]] = field(default_factory=list)


def evaluate_values(values: ValueSet) -> ValueReport:
    report = ValueReport()
    read = readers(values.year)
    for case in values.cases:
        got = read[case.kind](case.text)
        if got == case.want:
            report.right[case.kind] += 1
            continue
        bucket = report.missed if got is None else report.wrong
        bucket[case.kind] += 1
        report.failures.append((case.kind, case.text, case.want, got))
    return report


# --- printing -----------------------------------------------------------------------------


def _rows(report: ReplyReport) -> Iterable[str]:
    for split, tally in report.overall.items():
        yield f"{split:8} {_line(tally)}"
        for kind, kind_tally in sorted(report.by_kind[split].items()):
            yield f"  {kind:12} {_line(kind_tally)}"


def _line(tally: Tally) -> str:
    parts = (f"{o.value} {tally.counts[o]:3d} ({100 * tally.share(o):5.1f}%)" for o in Outcome)
    return f"n={tally.total:3d}  " + "  ".join(parts)


def summary(real: ReplyReport, bare: ReplyReport, values: ValueReport) -> dict[str, object]:
    def replies(report: ReplyReport) -> dict[str, object]:
        return {
            split: {"overall": tally.as_dict(), "by_kind": {k: t.as_dict() for k, t in report.by_kind[split].items()}}
            for split, tally in report.overall.items()
        }

    kinds = sorted(set(values.right) | set(values.wrong) | set(values.missed))
    return {
        "replies": replies(real),
        "replies_labels_only": replies(bare),
        "values": {k: {"right": values.right[k], "wrong": values.wrong[k], "missed": values.missed[k]} for k in kinds},
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--show", choices=(*SPLITS, "all"), help="list what was not understood")
    parser.add_argument("--labels-only", action="store_true", help="list misses without the flows' aliases")
    args = parser.parse_args(argv)
    replies = load_replies()
    real, bare = evaluate_replies(replies), evaluate_replies(without_aliases(replies))
    values = evaluate_values(load_values())
    if args.json:
        sys.stdout.write(json.dumps(summary(real, bare, values), ensure_ascii=False, indent=2) + "\n")
        return 0
    out = [
        "Replies on real screens:",
        *_rows(real),
        "Replies, labels only:",
        *_rows(bare),
        "Typed values:",
    ]
    for kind in sorted(set(values.right) | set(values.wrong) | set(values.missed)):
        out.append(
            f"  {kind:8} right {values.right[kind]:3d}  wrong {values.wrong[kind]:2d}  missed {values.missed[kind]:2d}"
        )
    shown = bare if args.labels_only else real
    if args.show:
        out.append("Not understood as meant:")
        for reply, outcome in shown.misses:
            if args.show in ("all", reply.split):
                out.append(f"  [{reply.split}] {outcome.value:10} {reply.screen}: “{reply.text}” -> {reply.want}")
        out += [f"  [value] {kind}: “{text}” want {want!r} got {got!r}" for kind, text, want, got in values.failures]
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
