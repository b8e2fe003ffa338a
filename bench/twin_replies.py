"""Typed replies graded through the real engine by twin sessions, as the outside graders do.

    .venv/bin/python -m bench.twin_replies [FILE ...] [--show] [--json]

Each reply in a file of content/eval/replies.yaml's format is typed on the real screen its
options name: one copy of a parked learner types the intended option's number, its twin
types the reply. The reply is *understood* when the twin ends in the same state with the
same events; *asked back* when the twin is asked about options that include the intended
one (never wrong); a *wrong pick* when the twin did what another option's number does;
*missed* otherwise (not understood, asked about other options, or gone somewhere else).
A "none" reply is wrong only when it does what some option's number does, except on a
screen that also takes a typed value (age, reminder time, name, place): there "68" doing
what "Từ 60 tuổi trở lên" does, or "7" what "7 giờ sáng" does, when the choice reader picks
nothing, is the value read as meant (the file's "none" is written for the choice reader
alone); such replies are understood and counted apart as *values*. Screens that are not
found among the engine's are read with the engine's `Reader` alone (counted apart).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from content.loader import load_library
from content.places import PlaceIndex, load_default_places
from content.reply_sets import EVAL_DIR, EvalOption, Reply, load_replies
from dialogs.messages import Option
from dialogs.understanding import Picked, Reader
from dialogs.understanding.evaluate import Outcome, judge
from tests.engine_driver import MACHINE, EngineDriver

from .twin_screens import Parked, catalog, find_screen, plain, quiz_screen

ASK, NONE = "ask:", "none"
VALUE = "value:"  # a "none" reply read as the typed value a screen asks for (see above)


def _result(d: EngineDriver, text: str) -> tuple[str, str, str]:
    twin = d.copy()
    twin.say(text)
    assert twin.last is not None
    state = twin.state
    return state.name.value, state.dumps(), repr(twin.last.events)


def _index(options: Sequence[Option], wanted: str) -> int | None:
    labels = [plain(o.label) for o in options]
    found = [i for i, label in enumerate(labels) if label == plain(wanted)]
    return found[0] if len(found) == 1 else None


def read_as_value(parked: Parked, text: str) -> bool:
    """Whether the screen also takes a typed value (age, time, name, place) and `text` is no
    pick of its options: what the engine did with it, it did through its value readers."""
    spec = MACHINE.spec(parked.driver.state.name)
    picked = isinstance(Reader().choice(text, parked.options), Picked)
    return spec is not None and bool(spec.takes) and not picked


def twin_judge(parked: Parked, reply: Reply) -> tuple[Outcome, str]:
    d, options = parked.driver, parked.options
    numbers = [_result(d, str(n)) for n in range(1, len(options) + 1)]
    twin = d.copy()
    twin.say(reply.text)
    assert twin.last is not None
    got = (twin.state.name.value, twin.state.dumps(), repr(twin.last.events))
    asked = set(twin.state.asked)
    if reply.want == NONE or reply.want.startswith(ASK):
        wrong = got in numbers
        if reply.want == NONE:
            if wrong and read_as_value(parked, reply.text):
                return Outcome.UNDERSTOOD, f"{VALUE}{got[0]}"
            return (Outcome.WRONG if wrong else Outcome.UNDERSTOOD), got[0]
        meant = {options[i].id for w in reply.want[len(ASK) :].split("|") if (i := _index(options, w)) is not None}
        if wrong:
            return Outcome.WRONG, got[0]
        return (Outcome.UNDERSTOOD if asked == meant else Outcome.ASKED if asked else Outcome.MISSED), got[0]
    target = _index(options, reply.want)
    if target is None:
        raise ValueError(f"{parked.name}: no single option “{reply.want}”")
    if got == numbers[target]:
        return Outcome.UNDERSTOOD, got[0]
    if got in numbers:
        return Outcome.WRONG, got[0]
    if options[target].id in asked:
        return Outcome.ASKED, got[0]
    return Outcome.MISSED, got[0]


@dataclass
class Graded:
    reply: Reply
    outcome: Outcome
    where: str  # the screen found, or "reader" when read without the engine
    landed: str


def grade(path: Path, address: str) -> list[Graded]:
    replies = load_replies(path)
    library = load_library()
    places = PlaceIndex(load_default_places())
    parked = catalog(library, places)
    found: dict[str, Parked | None] = {}
    for name, options in replies.screens.items():
        labels = [o.label for o in options]
        found[name] = find_screen(parked, labels) or quiz_screen(library, places, labels, address)
    reader = Reader()
    graded: list[Graded] = []
    for reply in replies.replies:
        screen = found[reply.screen]
        if screen is None:
            outcome = _by_reader(reader, reply, replies.screens[reply.screen])
            graded.append(Graded(reply, outcome, "reader", ""))
            continue
        outcome, landed = twin_judge(screen, reply)
        graded.append(Graded(reply, outcome, screen.name, landed))
    return graded


def _by_reader(reader: Reader, reply: Reply, options: Sequence[EvalOption]) -> Outcome:
    return judge(reply, options)


def _table(graded: Sequence[Graded]) -> dict[str, dict[str, object]]:
    out: dict[str, dict[str, object]] = {}
    for key in [*sorted({g.reply.split for g in graded}), "all"]:
        part = [g for g in graded if key in ("all", g.reply.split)]
        counts = Counter(g.outcome for g in part)
        kinds: dict[str, Counter[Outcome]] = {}
        for g in part:
            kinds.setdefault(g.reply.kind, Counter())[g.outcome] += 1
        out[key] = {
            "n": len(part),
            "engine": sum(1 for g in part if g.where != "reader"),
            **{o.value: counts[o] for o in Outcome},
            "understood %": round(100 * counts[Outcome.UNDERSTOOD] / len(part), 1) if part else 0.0,
            "of them values": sum(1 for g in part if g.landed.startswith(VALUE)),
            "by kind": {k: {o.value: c[o] for o in Outcome if c[o]} for k, c in sorted(kinds.items())},
        }
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path, default=[EVAL_DIR / "replies.yaml"])
    parser.add_argument("--address", default="bác", help="how the parked learner is addressed (quiz labels)")
    parser.add_argument("--show", action="store_true", help="list every reply not understood")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    for path in args.files:
        graded = grade(path, args.address)
        table = _table(graded)
        if args.json:
            sys.stdout.write(json.dumps({str(path): table}, ensure_ascii=False, indent=1) + "\n")
        else:
            print(f"{path}:")
            for split, row in table.items():
                shown = ", ".join(f"{k} {v}" for k, v in row.items() if k != "by kind")
                print(f"  {split:8} {shown}")
                for kind, counts in row["by kind"].items():  # type: ignore[attr-defined]
                    print(f"      {kind:11} {dict(counts)}")
        if args.show:
            for g in graded:
                if g.outcome is not Outcome.UNDERSTOOD or g.landed.startswith(VALUE):
                    where = f"{g.outcome.value:10} {g.where[:28]:28}"
                    print(f"  [{g.reply.split}] {where} “{g.reply.text}” -> {g.reply.want} (landed {g.landed})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
