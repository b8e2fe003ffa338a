"""What reading typed text adds to a turn, per kind of input, and what one reply costs to read.

    .venv/bin/python -m bench.bench_understanding [--repeats 5] [--screen settings] [--turns-only]

First, whole turns through the assembled engine (`Machine.step` with the readers bootstrap()
builds): learners parked on a lesson card, a quiz question and the menu type a number (the
peer: what a turn costs without reading words), a label, polite words, a typo, text the bot
does not understand, a question, and a long pasted message. Each kind's median CPU time per
turn is printed with what it adds to a typed number on the same screens (`bench.turn_kinds`).

Every reply of content/eval/replies.yaml is read on its own screen, and then every reply is
read on the 8-option Settings screen (the size the brief names). Three ways are timed:
`read_choice` on the bare options (labels read every call), on a `Reader` that keeps read
labels (what the engine should hold), and on a screen prepared once. The peer is the
engine's matcher before the understanding layer (`match_option` after `parse_number`, kept
here as it was in commit 444e56b), which understands far less. Times are CPU time of this
process (`time.process_time_ns`), so other work on a shared machine moves them less than wall
time; the load average is printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable, Sequence

from content.reply_sets import EvalOption, load_replies
from content.textfold import fold, parse_number
from dialogs.messages import Option
from dialogs.understanding import Reader, prepare, read_age, read_choice, read_help, read_name, read_time

from . import turn_kinds

Case = tuple[str, Sequence[EvalOption]]


def _timed(read: Callable[[str, Sequence[EvalOption]], object], cases: Sequence[Case], repeats: int) -> list[float]:
    """Per-call CPU time in µs for each case, the best of `repeats` passes."""
    best = [float("inf")] * len(cases)
    for _ in range(repeats):
        for index, (text, options) in enumerate(cases):
            start = time.process_time_ns()
            read(text, options)
            best[index] = min(best[index], (time.process_time_ns() - start) / 1000)
    return best


def _row(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    return (
        f"{name:34} median {statistics.median(ordered):7.1f}  p90 {ordered[int(0.9 * len(ordered))]:7.1f}"
        f"  p99 {p99:7.1f}  max {ordered[-1]:7.1f}  mean {statistics.fmean(ordered):7.1f} µs"
    )


def _text_only(read: Callable[[str], object]) -> Callable[[str, Sequence[EvalOption]], object]:
    return lambda text, _options: read(text)


def match_option(text: str, options: tuple[Option, ...]) -> Option | None:
    """The engine's matcher before the understanding layer: exact label or alias, or a prefix."""
    wanted = fold(text)
    if not wanted:
        return None
    for option in options:
        if wanted == fold(option.label) or wanted in (fold(a) for a in option.aliases):
            return option
    if len(wanted) >= 3:
        starts = [o for o in options if fold(o.label).startswith(wanted)]
        if len(starts) == 1:
            return starts[0]
    return None


def _peer(text: str, options: Sequence[EvalOption]) -> object:
    plain = tuple(Option(o.id, o.label, o.aliases) for o in options)
    number = parse_number(text)
    return plain[number - 1] if number and number <= len(plain) else match_option(text, plain)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time reading typed replies.")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--screen", default="settings", help="the screen every reply is also read on")
    parser.add_argument("--turns-only", action="store_true", help="only the per-kind turns")
    args = parser.parse_args(argv)
    print(f"load average {os.getloadavg()[0]:.2f}; whole turns, CPU µs per turn (median of each input's best)")
    for line in turn_kinds.report(args.repeats):
        print(line)
    if args.turns_only:
        return 0
    replies = load_replies()
    own: list[Case] = [(r.text, replies.screens[r.screen]) for r in replies.replies]
    wide_options = replies.screens[args.screen]
    wide: list[Case] = [(r.text, wide_options) for r in replies.replies]
    prepared = {name: prepare(options) for name, options in replies.screens.items()}
    by_id = {id(options): prepared[name] for name, options in replies.screens.items()}
    reader = Reader()
    print(
        f"load average {os.getloadavg()[0]:.2f}; {len(own)} replies; times are CPU µs per reply, best of {args.repeats}"
    )
    for title, cases in ((f"each on its own screen ({len(replies.screens)} screens)", own),
                         (f"all on “{args.screen}” ({len(wide_options)} options)", wide)):  # fmt: skip
        print(title)
        print(_row("  read_choice, bare options", _timed(read_choice, cases, args.repeats)))
        print(_row("  Reader (labels kept)", _timed(reader.choice, cases, args.repeats)))
        print(
            _row(
                "  read_choice, screen prepared", _timed(lambda t, o: read_choice(t, by_id[id(o)]), cases, args.repeats)
            )
        )
        print(_row("  peer: parse_number + match_option", _timed(_peer, cases, args.repeats)))
    print(_row("prepare(screen) alone", _timed(lambda t, o: prepare(o), wide, args.repeats)))
    alone: list[Case] = [(r.text, ()) for r in replies.replies]
    for name, read in (("read_age", lambda t: read_age(t, 2026)), ("read_time", read_time),
                       ("read_name", read_name), ("read_help", read_help)):  # fmt: skip
        print(_row(name, _timed(_text_only(read), alone, args.repeats)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
