"""How long the scam checker takes: building it once, and checking a 2,000-character message.

    .venv/bin/python -m bench.bench_scamcheck [--runs 3000] [--chars 2000] [--builds 5]

The long messages are dev-set messages of one grade joined until they reach --chars, so the
text is what the patterns meet in use, only longer. `normalize` alone on the same text is
timed as a floor (every check folds the text once), and the checker without its first-word
prefilter as a peer. The learned second opinion is asked only when the signals grade a message
"suspicious" without a scam's shape, so small talk under one stranger's opener (2,000 characters) is
timed too (the opinion runs), and the opinion alone. Aim: a 2,000-character check under 5 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable, Sequence
from functools import partial

from content.scam import ScamChecker, load_scam_checker
from content.scam.evaluate import load_devset
from content.scam.load import load_scam_book
from content.scam.text import prepare
from content.textnorm import normalize

AIM_MS = 5.0
# A stranger's opener (the signal `stranger-contact`) over small talk with no signal: graded
# "suspicious" without a scam's shape, the one path on which the learned opinion is asked.
OPENER = "Chào anh, anh còn nhớ em không? Kết bạn với em nhé."
SMALL_TALK = " Hôm nay trời đẹp, cả nhà đi làm đồng, chiều về nấu cơm, tối xem ti vi."


def long_message(texts: Sequence[str], chars: int) -> str:
    joined = ""
    for text in list(texts) * (chars // max(1, sum(map(len, texts))) + 1):
        if len(joined) + len(text) + 1 > chars:
            break
        joined = f"{joined}\n{text}" if joined else text
    return joined


def timings(call: Callable[[], object], runs: int) -> list[float]:
    """Wall-clock milliseconds per call (what a learner waits for, other processes included)."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def cpu_timings(call: Callable[[], object], runs: int) -> list[float]:
    """CPU milliseconds per call: this process's own work, without waiting for a shared CPU."""
    samples = []
    for _ in range(runs):
        start = time.thread_time()
        call()
        samples.append((time.thread_time() - start) * 1000)
    return samples


def quantile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def line(label: str, samples: list[float]) -> str:
    ordered = sorted(samples)
    return (
        f"{label:<46} median {statistics.median(ordered):7.3f} ms   p90 {quantile(ordered, 0.9):7.3f}   "
        f"p99 {quantile(ordered, 0.99):7.3f}   max {ordered[-1]:7.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3000)
    parser.add_argument("--chars", type=int, default=2000)
    parser.add_argument("--builds", type=int, default=5)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}, {os.cpu_count()} CPUs")

    builds = timings(load_scam_checker, args.builds)
    print(line(f"build the checker (x{args.builds})", builds))
    checker = load_scam_checker()
    devset = load_devset()
    scam = long_message([m.text for m in devset if m.expect == "scam"], args.chars)
    plain = long_message([m.text for m in devset if m.expect == "none"], args.chars)
    for text in (scam, plain):
        checker.check(text)  # warm: first use compiles nothing, but fills caches
    print(f"messages of {len(scam)} and {len(plain)} characters, {args.runs} runs each")
    print(line("normalize() alone (floor), scam text", timings(lambda: normalize(scam), args.runs)))
    long_scam = timings(lambda: checker.check(scam), args.runs)
    print(line("check() 2,000-char scam text", long_scam))
    long_plain = timings(lambda: checker.check(plain), args.runs)
    print(line("check() 2,000-char genuine text", long_plain))
    print(line("  same, CPU time", cpu_timings(lambda: checker.check(scam), args.runs)))
    print(line("  genuine, CPU time", cpu_timings(lambda: checker.check(plain), args.runs)))
    slow = ScamChecker(load_scam_book(), prefilter=False)
    print(line("peer: every pattern over the whole text, scam", timings(lambda: slow.check(scam), args.runs)))
    print(line("inspect() = check() + forwarded(), scam", timings(lambda: checker.inspect(scam), args.runs)))
    asked = (OPENER + SMALL_TALK * (args.chars // len(SMALL_TALK) + 1))[: args.chars]
    verdict = checker.check(asked)
    opinion = load_scam_book().opinion
    label = f"check() 2,000-char, opinion asked ({verdict.grade}, {verdict.raised_by})"
    long_asked = timings(lambda: checker.check(asked), args.runs)
    print(line(label, long_asked))
    if opinion is not None:
        prepared = prepare(asked)
        alone = timings(lambda: opinion.scam_probability(prepared), args.runs)
        print(line("  the learned opinion alone, same text", alone))
    typical = [t for text in (m.text for m in devset) for t in timings(partial(checker.check, text), 10)]
    print(line(f"check() every dev-set message x10 ({len(devset)})", typical))
    worst = max(statistics.median(long_scam), statistics.median(long_plain), statistics.median(long_asked))
    print(f"aim: median under {AIM_MS} ms for {args.chars} characters — {'met' if worst < AIM_MS else 'MISSED'}")


if __name__ == "__main__":
    main()
