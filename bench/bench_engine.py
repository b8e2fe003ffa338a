"""Steps per second of the pure dialog engine on a realistic mix of learner turns.

    .venv/bin/python -m bench.bench_engine [--steps 200000] [--repeats 5] [--learners 50] [--profile]

A trace of (state, inbound, context) triples is recorded first by simulated learners who
read lessons, answer quizzes by typed number or in words, wander the menus, ask questions,
paste messages to check and type things the bot does not understand. Only `Machine.step`
over that trace is timed; the per-kind figures show what reading free text costs (the
understanding layer, the question search and the scam checker, built once at start-up).

The learner policy (`Policy`, `QuizOracle`, `onboarding_inbound`) is shared with
`bench.bench_turns`, so both benchmarks run the same mix.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import pstats
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from content.library import Library
from content.loader import load_library
from content.places import PlaceIndex, load_default_places
from content.scam import load_scam_checker
from content.search import build_index
from content.textfold import fold
from dialogs.context import CertificateView, Context, LearnerView, LessonProgress, Readers
from dialogs.core import Step
from dialogs.engine import Machine
from dialogs.events import AnswerGiven, CertificateEarned, Event, LessonStarted, ProfileSet, QuizFinished
from dialogs.flows.standard import standard
from dialogs.messages import Choices, Inbound, Outbound
from dialogs.state import DialogState, StateName
from dialogs.understanding import Reader
from dialogs.voice import Voice

START = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)  # a Monday, 08:30 in Thái Nguyên
ADDRESS, NAME = "bác", "Lan"
BENCH_VOICE = Voice(ADDRESS, NAME)  # how the bot addresses every simulated learner

# --- the learner policy, shared with bench_turns ------------------------------------

TAP_NEXT = "tap “Tiếp” on a lesson card"
TYPE_NEXT = "type “tiep” on a lesson card"
TAP_CARD_OTHER = "tap “Nói lại dễ hiểu hơn” / “Quay lại”"
TYPE_ANSWER = "type an answer number (quiz / review)"
TAP_NAV = "tap a menu / navigation button"
TYPE_UNKNOWN = "type text the bot does not understand"
TYPE_WORD = "type a global word (“menu”, “học tiếp”)"
COMMAND = "send a command (/menu, /hoc, /tiendo)"
TAP_STALE = "tap a stale button (older screen)"
MEDIA = "send a sticker / photo"
TYPE_WORDS = "type an answer in words (“tiep a”, “dong y nhe”, a label without marks)"
ASK_QUESTION = "ask a question (“ma otp la gi”)"
PASTE_MESSAGE = "paste a message to check (an SMS)"
QUESTIONS = (
    "ma otp la gi vay",
    "vneid de lam gi hả cháu",
    "bị lừa chuyển tiền rồi thì làm sao",
    "link là gì",
    "lam sao biet trang web that hay gia",
)
PASTED = (
    "Vietcombank thong bao: tai khoan cua quy khach bi tam khoa. Vui long truy cap vcb-xacminh[.]top "
    "va nhap ma OTP de mo khoa trong 24h.",
    "(Tin của trưởng thôn) Tối thứ Sáu 19 giờ họp thôn ở nhà văn hóa, bà con đến đông đủ nhé.",
)

UNKNOWN_TEXTS = (
    "alo alo",
    "cháu ơi bác không hiểu",
    "hôm nay trời đẹp quá",
    "bài này hay lắm",
    "cảm ơn nhiều nhé",
    "ai đang nói chuyện với tôi vậy",
    "sao lâu thế",
)
GLOBAL_WORDS = ("menu", "học tiếp", "Menu", "ve menu")
COMMANDS = ("/menu", "/hoc", "/tiendo", "/trogiup")
ONBOARDING: tuple[tuple[str, str], ...] = (
    ("say", "/start"),
    ("pick", "Đồng ý"),
    ("pick", "Bác"),
    ("say", NAME),
    ("pick", "Từ 60"),
    ("say", "tan cuong"),
    ("pick", "7 giờ tối"),
)


def last_screen(messages: Iterable[Outbound]) -> Choices | None:
    found = [m for m in messages if isinstance(m, Choices)]
    return found[-1] if found else None


def onboarding_inbound(index: int, screen: Choices | None) -> Inbound:
    """The `index`-th onboarding move (0..6) given the screen the learner sees."""
    how, what = ONBOARDING[index]
    if how == "say":
        return Inbound.from_text(what)
    assert screen is not None, "onboarding expects a screen with buttons"
    option = next(o for o in screen.options if o.label.startswith(what))
    return Inbound.choice(option.id, screen.screen)


class QuizOracle:
    """Which option is right, read from the screen alone (labels and prompt, filled for 'bác')."""

    def __init__(self, library: Library, voice: Voice = BENCH_VOICE) -> None:
        self._by_labels: dict[tuple[str, ...], list[tuple[str, int]]] = {}
        for _lesson, question in library.questions.values():
            labels = tuple(voice.fill(o.text) for o in question.options)
            prompt = voice.fill(question.prompt)
            self._by_labels.setdefault(labels, []).append((prompt, question.answer_index))

    def answer(self, screen: Choices) -> int | None:
        found = self._by_labels.get(tuple(o.label for o in screen.options), [])
        return next((index for prompt, index in found if screen.text.endswith(prompt)), None)


@dataclass
class Policy:
    """What a learner sends next, decided only from what the bot last showed them."""

    rng: random.Random
    oracle: QuizOracle
    right_answers: float = 0.75  # learners who just read the lesson get most questions right
    noise: float = 0.08  # share of turns that are off-script: unknown text, words, commands, stickers

    def next(self, screen: Choices | None) -> tuple[str, Inbound]:
        rng = self.rng
        if screen is None:
            return COMMAND, Inbound.from_text("/menu")
        if rng.random() < self.noise:
            return self._off_script(screen)
        ids = [o.id for o in screen.options]
        if "next" in ids:  # a lesson card
            roll = rng.random()
            if roll < 0.88:
                return TAP_NEXT, Inbound.choice("next", screen.screen)
            if roll < 0.95:
                return TYPE_NEXT, Inbound.from_text("tiep")
            other = [i for i in ids if i in ("simple", "back")] or ["next"]
            return TAP_CARD_OTHER, Inbound.choice(rng.choice(other), screen.screen)
        if ids and all(i.startswith("a") and i[1:].isdigit() for i in ids):  # quiz or review
            right = self.oracle.answer(screen)
            knows = right is not None and rng.random() < self.right_answers
            number = right + 1 if knows and right is not None else rng.randint(1, len(ids))
            return TYPE_ANSWER, Inbound.from_text(str(number))
        return TAP_NAV, Inbound.choice(self._navigate(ids), screen.screen)

    def _navigate(self, ids: Sequence[str]) -> str:
        rng = self.rng
        if "continue" in ids:  # the main menu
            return rng.choices(("continue", "topics", "review", "progress", "help", "settings"), (70, 10, 8, 6, 3, 3))[
                0
            ]
        if "next-lesson" in ids:  # passed a quiz
            return "next-lesson" if rng.random() < 0.85 else "topics"
        if "retry" in ids:  # failed a quiz
            return rng.choice(("retry", "reread"))
        topics = [i for i in ids if i.startswith(("t:", "l:"))]
        if topics and rng.random() < 0.9:
            return rng.choice(topics)
        return "menu" if "menu" in ids else ids[0]

    def _off_script(self, screen: Choices) -> tuple[str, Inbound]:
        rng = self.rng
        roll = rng.random()
        if roll < 0.15:  # the label of an option, as elderly learners type it: no marks, polite
            label = rng.choice(screen.options).label
            return TYPE_WORDS, Inbound.from_text(f"dạ {fold(label)} ạ")
        if roll < 0.25:
            return ASK_QUESTION, Inbound.from_text(rng.choice(QUESTIONS))
        if roll < 0.30:
            return PASTE_MESSAGE, Inbound.from_text(rng.choice(PASTED))
        if roll < 0.45:
            return TYPE_UNKNOWN, Inbound.from_text(rng.choice(UNKNOWN_TEXTS))
        if roll < 0.65:
            return TYPE_WORD, Inbound.from_text(rng.choice(GLOBAL_WORDS))
        if roll < 0.85:
            return COMMAND, Inbound.from_text(rng.choice(COMMANDS))
        if roll < 0.95:
            return TAP_STALE, Inbound.choice(screen.options[0].id, max(screen.screen - 1, 0))
        return MEDIA, Inbound.unsupported("sticker")


# --- the pure-engine benchmark --------------------------------------------------------


@dataclass
class SimLearner:
    """An in-memory stand-in for the shell: state plus what the DB would tell the engine."""

    library: Library
    places: PlaceIndex
    engine: Engine
    view: LearnerView = field(default_factory=LearnerView)
    state: DialogState = field(default_factory=DialogState)
    screen: Choices | None = None
    ctx: Context | None = None

    def context(self) -> Context:
        if self.ctx is None:
            machine, readers = self.engine
            self.ctx = Context(machine, self.library, self.places, START, self.view, readers=readers)
        return self.ctx

    def send(self, inbound: Inbound) -> Step:
        result = self.engine[0].step(self.state, inbound, self.context())
        self.state = result.state
        self.screen = last_screen(result.messages) or self.screen
        for event in result.events:
            self._apply(event)
        return result

    def _apply(self, event: Event) -> None:
        view = self.view
        if isinstance(event, ProfileSet):
            changes: dict[str, Any] = {event.field: event.value if event.value is not None else ""}
            view = replace(view, profile=replace(view.profile, **changes))
        elif isinstance(event, LessonStarted) and event.lesson_id not in view.lessons:
            view = replace(view, lessons={**view.lessons, event.lesson_id: LessonProgress("started")})
        elif isinstance(event, QuizFinished) and event.passed:
            done = LessonProgress("completed", event.score, event.total)
            view = replace(view, lessons={**view.lessons, event.lesson_id: done})
        elif isinstance(event, AnswerGiven):
            due = tuple(q for q in view.due_reviews if q != event.question_id)
            if not event.correct:
                due = (*due, event.question_id)[-20:]
            view = replace(view, due_reviews=due)
        elif isinstance(event, CertificateEarned):
            view = replace(view, certificates=(*view.certificates, CertificateView(event.module_id, "HVBENCH1")))
        else:
            return
        self.view, self.ctx = view, None


Trace = list[tuple[DialogState, Inbound, Context]]
Engine = tuple[Machine, Readers]


def build_engine(library: Library) -> Engine:
    """What bootstrap() builds once: the machine and the readers of free text."""
    return Machine(standard()), Readers(Reader(), build_index(library), load_scam_checker())


def record_trace(
    library: Library, places: PlaceIndex, steps: int, learners: int, seed: int, engine: Engine | None = None
) -> tuple[Trace, list[str], Counter[StateName], list[int]]:
    """Onboard `learners` (not recorded), then record `steps` turns spread randomly over them."""
    rng = random.Random(seed)
    policy = Policy(rng, QuizOracle(library))
    engine = engine or build_engine(library)
    crowd = [SimLearner(library, places, engine) for _ in range(learners)]
    for learner in crowd:
        for index in range(len(ONBOARDING)):
            learner.send(onboarding_inbound(index, learner.screen))
        assert learner.state.name is StateName.MENU, learner.state.name
        for _ in range(rng.randint(0, 40)):  # spread the learners over the library
            learner.send(policy.next(learner.screen)[1])
    trace: Trace = []
    labels: list[str] = []
    states: Counter[StateName] = Counter()
    for _ in range(steps):
        learner = rng.choice(crowd)
        label, inbound = policy.next(learner.screen)
        trace.append((learner.state, inbound, learner.context()))
        labels.append(label)
        states[learner.state.name] += 1
        learner.send(inbound)
    done = [sum(1 for p in learner.view.lessons.values() if p.status == "completed") for learner in crowd]
    return trace, labels, states, done


def time_trace(trace: Trace, machine: Machine) -> float:
    run = machine.step
    gc.collect()
    started = time.perf_counter()
    for state, inbound, ctx in trace:
        run(state, inbound, ctx)
    return time.perf_counter() - started


def by_label(trace: Trace, labels: list[str]) -> dict[str, Trace]:
    groups: dict[str, Trace] = {}
    for item, label in zip(trace, labels, strict=True):
        groups.setdefault(label, []).append(item)
    return groups


def profile_trace(trace: Trace, machine: Machine, top: int) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for state, inbound, ctx in trace:
        machine.step(state, inbound, ctx)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def load_average() -> str:
    """The 1/5/15-minute load average: other work on the machine skews every figure here."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def calibration() -> str:
    """A fixed pure-Python loop, best of 5: how fast this CPU is right now (VMs drift)."""
    best = min(_spin() for _ in range(5))
    return f"calibration loop {best * 1e3:.1f} ms (smaller is faster)"


def _spin() -> float:
    started = time.perf_counter()
    total = 0
    for i in range(1_000_000):
        total += i
    return time.perf_counter() - started


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--steps", type=int, default=200_000, help="steps in the timed trace")
    parser.add_argument("--repeats", type=int, default=5, help="timed passes over the trace")
    parser.add_argument(
        "--learners",
        type=int,
        default=0,
        help="simulated learners the trace is spread over (default: one per 200 steps, so that most are mid-library)",
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of one pass")
    parser.add_argument("--profile-top", type=int, default=30)
    args = parser.parse_args(argv)
    args.learners = args.learners or max(1, args.steps // 200)

    started = time.perf_counter()
    library = load_library()
    places = PlaceIndex(load_default_places())
    print(f"library: {len(library.lessons)} lessons, {len(library.questions)} questions, {len(places)} places")
    print(f"loaded in {time.perf_counter() - started:.2f} s; recording {args.steps:,} steps ...")
    engine = build_engine(library)
    trace, labels, states, done = record_trace(library, places, args.steps, args.learners, args.seed, engine)
    machine = engine[0]

    print(f"\nmix of {len(trace):,} turns over {args.learners} onboarded learners (seed {args.seed}):")
    for label, count in Counter(labels).most_common():
        print(f"  {count / len(labels):6.1%}  {label}")
    print(
        f"lessons completed per learner at the end: median {statistics.median(done):.0f}, "
        f"max {max(done)} of {len(library.lessons)}"
    )
    print("state the learner was in:")
    for name, count in states.most_common():
        print(f"  {count / len(labels):6.1%}  {name}")

    time_trace(trace[: min(len(trace), 20_000)], machine)  # warm-up
    timings = [time_trace(trace, machine) for _ in range(args.repeats)]
    rates = [len(trace) / t for t in timings]
    best, median = max(rates), statistics.median(rates)
    print(f"\npython {sys.version.split()[0]}; {args.repeats} passes over {len(trace):,} steps")
    print(f"load {load_average()}; {calibration()}")
    print("  passes (steps/s): " + ", ".join(f"{r:,.0f}" for r in rates))
    print(f"  best   {best:10,.0f} steps/s  {1e6 / best:6.1f} µs/step")
    print(f"  median {median:10,.0f} steps/s  {1e6 / median:6.1f} µs/step")
    print(f"  aim    {20_000:10,} steps/s  -> {'met' if median >= 20_000 else 'MISSED'} (median)")

    print("\nper kind of turn (best of 3 passes):")
    for label, group in sorted(by_label(trace, labels).items(), key=lambda kv: -len(kv[1])):
        best_t = min(time_trace(group, machine) for _ in range(3))
        print(f"  {1e6 * best_t / len(group):7.1f} µs  {len(group):>7,} steps  {label}")

    print(f"\nload {load_average()}; {calibration()}")
    if args.profile:
        print("\n" + profile_trace(trace[: min(len(trace), 50_000)], machine, args.profile_top))


if __name__ == "__main__":
    main()
