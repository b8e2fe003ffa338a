"""The question search (content/search): build time and memory, query time, and typo tolerance.

    .venv/bin/python -m bench.bench_search [--data DIR] [--repeats 2000] [--builds 5]

Printed, on the library in DIR (the shipped one by default):
  * loading the library and building the index once: median of `--builds` builds, and the
    Python memory the built index holds (tracemalloc, after a collection);
  * `ask` on 10-word questions, each asked `--repeats` times round-robin: median, p90, p99;
    also every development-set question, and `terms_in` on every lesson card;
  * typo tolerance, measured to choose it: top-3 hit rate and query time of three ways to
    read a question, on the development set as written and with one letter changed in up to
    two words of each question (seeded): (a) words and word pairs with the speller (what
    ships), (b) the same without the speller, (c) character trigrams of the folded text, a
    common alternative that needs no speller.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import bm25s  # type: ignore[import-untyped]  # bm25s ships no type information

from content.library import Library
from content.loader import DATA_DIR, load_library
from content.search import SearchIndex, build_index
from content.search.answer import Match
from content.search.devset import Question, hits, load_questions
from content.search.documents import Document, documents
from content.search.spelling import Speller
from content.search.tokens import words
from content.textnorm import normalize

TEN_WORDS = (
    "vay neu no goi dien xin ma otp thi lam sao",
    "toi quen mat khau vneid roi thi lay lai the nao",
    "chuyển khoản nhầm cho người khác rồi có lấy lại được không",
    "co nguoi xung cong an bao chuyen tien vao tai khoan",
    "lam sao biet duong link that hay gia truoc khi bam",
    "di kham benh quen the bhyt o nha co sao khong",
    "ban che tren shopee thi co bi tru thue khong a",
    "tải ứng dụng ngân hàng ở đâu cho an toàn vậy cháu",
)


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _time_calls(call: Callable[[str], object], texts: Sequence[str], repeats: int) -> list[float]:
    """Microseconds per call, texts taken round-robin."""
    for text in texts:  # warm caches once
        call(text)
    times = []
    for i in range(repeats):
        text = texts[i % len(texts)]
        start = time.perf_counter()
        call(text)
        times.append((time.perf_counter() - start) * 1e6)
    return times


def _line(label: str, micros: Sequence[float]) -> str:
    median, p90, p99 = statistics.median(micros), _percentile(micros, 0.9), _percentile(micros, 0.99)
    return f"  {label:<44} median {median:7.1f} µs   p90 {p90:7.1f} µs   p99 {p99:7.1f} µs"


def build_figures(data: Path, builds: int) -> tuple[Library, SearchIndex]:
    start = time.perf_counter()
    library = load_library(data)
    load_ms = (time.perf_counter() - start) * 1000
    times = []
    for _ in range(builds):
        start = time.perf_counter()
        build_index(library)
        times.append((time.perf_counter() - start) * 1000)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    index = build_index(library)
    gc.collect()
    held = sum(stat.size_diff for stat in tracemalloc.take_snapshot().compare_to(before, "filename"))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    docs = documents(library)
    print(f"library: {len(library.lessons)} lessons, {len(library.faq)} FAQ entries, {len(library.glossary)} terms")
    print(f"  {len(docs)} documents, {len(index.speller.vocabulary)} distinct words")
    print(f"  load the library {load_ms:.0f} ms; build the index: median {statistics.median(times):.0f} ms")
    print(f"  index holds {held / 1e6:.2f} MB of Python memory (peak while building {peak / 1e6:.2f} MB)")
    return library, index


def query_figures(index: SearchIndex, library: Library, repeats: int) -> None:
    assert all(len(q.split()) in (10, 11, 12) for q in TEN_WORDS)
    print("query time:")
    print(_line("ask(), 10-word questions", _time_calls(index.ask, TEN_WORDS, repeats)))
    dev = [q.q for q in load_questions()]
    print(_line(f"ask(), the {len(dev)} development-set questions", _time_calls(index.ask, dev, repeats)))
    cards = [card.text for lesson in library.lessons.values() for card in lesson.cards]
    print(_line(f"terms_in(), {len(cards)} lesson cards", _time_calls(index.terms_in, cards, repeats)))
    places = [f"{lesson.id}#{i}" for lesson in library.lessons.values() for i in range(len(lesson.cards))]

    def lookup(place: str) -> object:
        lesson_id, card = place.split("#")
        return index.new_terms(lesson_id, int(card))

    print(_line("new_terms(lesson, card), built at start-up", _time_calls(lookup, places, repeats)))


# --- typo tolerance: three readings compared -----------------------------------------------


def with_typo(text: str, rng: random.Random) -> str:
    """One letter deleted, doubled, swapped or replaced in up to two words of 4+ letters."""
    tokens = text.split()
    long_words = [i for i, word in enumerate(tokens) if len(word) >= 4]
    for i in rng.sample(long_words, min(2, len(long_words))):
        word, at = tokens[i], rng.randrange(len(tokens[i]) - 1)
        edits = (
            word[:at] + word[at + 1 :],
            word[:at] + word[at] + word[at:],
            word[:at] + word[at + 1] + word[at] + word[at + 2 :],
            word[:at] + rng.choice("aeinotuhgc") + word[at + 1 :],
        )
        tokens[i] = rng.choice(edits)
    return " ".join(tokens)


def _trigrams(text: str) -> list[str]:
    padded = f" {normalize(text)} "
    return [padded[i : i + 3] for i in range(len(padded) - 2)]


@dataclass(frozen=True)
class TrigramReader:
    """Alternative (c): BM25 over character trigrams, ranked through the same groups."""

    index: SearchIndex
    bm25: bm25s.BM25

    @classmethod
    def build(cls, index: SearchIndex, docs: Sequence[Document]) -> TrigramReader:
        bm25 = bm25s.BM25(k1=index.tuning.k1, b=index.tuning.b)
        bm25.index([_trigrams(" ".join(doc.words)) or ["_"] for doc in docs], show_progress=False)
        return cls(index, bm25)

    def ask(self, text: str) -> tuple[Match, ...]:
        scored = self.index.groups.score(self.bm25.get_scores(_trigrams(text)), self.index.tuning)
        return tuple(self.index._match(item) for item in scored)  # the same mapping as ask()


def _top3(matches: Callable[[str], Sequence[Match]], questions: Sequence[Question]) -> float:
    answerable = [q for q in questions if q.expect]
    found = sum(any(hits(m, q.expect) for m in matches(q.q)[:3]) for q in answerable)
    return found / len(answerable)


def typo_figures(index: SearchIndex, library: Library, repeats: int) -> None:
    questions = load_questions()
    rng = random.Random(20260302)
    typed = [q.model_copy(update={"q": with_typo(q.q, rng)}) for q in questions]
    plain = replace(index, speller=Speller.build(()))  # knows no word: corrects nothing
    trigram = TrigramReader.build(index, documents(library))
    readers: dict[str, Callable[[str], Sequence[Match]]] = {
        "(a) words + pairs, speller (ships)": lambda text: index.ask(text).matches,
        "(b) words + pairs, no speller": lambda text: plain.ask(text).matches,
        "(c) character trigrams": trigram.ask,
    }
    print("typo tolerance (top-3 hit rate, all answerable development-set questions):")
    print(f"  {'reading':<36} {'as written':>10} {'one typo':>9}   query median")
    for label, read in readers.items():
        micros = statistics.median(_time_calls(read, [q.q for q in typed], repeats // 4))
        print(f"  {label:<36} {_top3(read, questions):10.1%} {_top3(read, typed):9.1%}   {micros:7.1f} µs")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    parser.add_argument("--repeats", type=int, default=2000)
    parser.add_argument("--builds", type=int, default=5)
    args = parser.parse_args(argv)
    print(f"load average {os.getloadavg()[0]:.2f}; words of a sample question: {words(TEN_WORDS[0])}")
    library, index = build_figures(args.data, args.builds)
    query_figures(index, library, args.repeats)
    typo_figures(index, library, args.repeats)


if __name__ == "__main__":
    main()
