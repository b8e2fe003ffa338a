"""Train the scam checker's learned second opinion and measure it on batches it never saw.

    .venv/bin/python -m bench.bench_scam_model              # leave-one-batch-out figures
    .venv/bin/python -m bench.bench_scam_model --write      # also retrain on everything and
                                                            # write content/data/scam_model.json

The development set was written in batches (the first set, then `fresh-`, `blind-`, `final-`,
`last-`, `unseen-`, `b1-`, `b2-`, `h2b-`, `probe-`, `h13-`, and the lessons' quiz items). For each
batch the model is trained on all the others and graded on it, which is how it would have
done on that batch's first grading.
Printed per batch: the share of its scams, suspicious and genuine messages the model alone
puts at or above each threshold. The checker uses it only to raise "suspicious" to "scam"
(content/scam/learned.py), so the genuine column is the price: genuine messages the signals
already found suspicious and the model would push to "scam".
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from content.loader import DATA_DIR, load_library
from content.scam.evaluate import DevMessage, lesson_messages, load_devset
from content.scam.learned import feature_set
from content.scam.load import MODEL_FILE
from content.scam.text import prepare

BATCHES = ("first", "fresh", "blind", "final", "last", "unseen", "b1", "b2", "h2b", "probe", "h13", "lessons")
THRESHOLDS = (0.5, 0.6, 0.7)
L2 = 1e-4
STEPS = 1500
RATE = 8.0
MIN_DOCS = 2  # a feature seen in fewer training messages is noise
KEEP = 6000  # the heaviest features kept in the shipped file
Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Trained:
    bias: float
    weights: dict[str, float]
    trained_on: int


def batch_of(message: DevMessage) -> str:
    if message.split == "lessons":
        return "lessons"
    head = message.id.split("-", 1)[0]
    return head if head in BATCHES else "first"


def messages() -> list[DevMessage]:
    return [*load_devset(), *lesson_messages(load_library())]


def train(texts: Sequence[str], labels: Sequence[bool]) -> Trained:
    """L2-regularised logistic regression, full-batch gradient descent: deterministic."""
    docs = [feature_set(prepare(text)) for text in texts]
    counts: dict[str, int] = {}
    for doc in docs:
        for feature in doc:
            counts[feature] = counts.get(feature, 0) + 1
    vocabulary = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_DOCS))}
    rows, cols, values = [], [], []
    for row, doc in enumerate(docs):
        scale = 1 / math.sqrt(len(doc)) if doc else 0.0
        for feature in doc:
            if feature in vocabulary:
                rows.append(row)
                cols.append(vocabulary[feature])
                values.append(scale)
    r, c, v = np.array(rows), np.array(cols), np.array(values)
    y = np.array(labels, dtype=np.float64)
    w, b = np.zeros(len(vocabulary)), 0.0
    for _ in range(STEPS):
        z = np.bincount(r, weights=v * w[c], minlength=len(docs)) + b
        error = 1 / (1 + np.exp(-z)) - y
        w -= RATE * (np.bincount(c, weights=v * error[r], minlength=len(vocabulary)) / len(docs) + L2 * w)
        b -= RATE * float(error.mean())
    names = sorted(vocabulary, key=lambda f: -abs(w[vocabulary[f]]))[:KEEP]
    return Trained(b, {name: float(w[vocabulary[name]]) for name in sorted(names)}, len(docs))


def probability(model: Trained, text: str) -> float:
    found = feature_set(prepare(text))
    total = sum(model.weights.get(f, 0.0) for f in found) / math.sqrt(len(found)) if found else 0.0
    return 1 / (1 + math.exp(-(model.bias + total)))


def as_json(model: Trained) -> str:
    data = {
        "trained_on": model.trained_on,
        "bias": round(model.bias, 5),
        "weights": {name: round(weight, 5) for name, weight in model.weights.items()},
    }
    return json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n"


def leave_one_out(all_messages: list[DevMessage]) -> None:
    print(f"{'batch':<8} {'n':>4}  " + "  ".join(f"scam/susp/none ≥{t}" for t in THRESHOLDS))
    for held in BATCHES:
        test = [m for m in all_messages if batch_of(m) == held]
        if not test:
            continue
        rest = [m for m in all_messages if batch_of(m) != held]
        model = train([m.text for m in rest], [m.expect == "scam" for m in rest])
        scores = [(m.expect, probability(model, m.text)) for m in test]
        cells = []
        for t in THRESHOLDS:
            shares = [_share([p >= t for e, p in scores if e == grade]) for grade in ("scam", "suspicious", "none")]
            cells.append(" / ".join(shares))
        print(f"{held:<8} {len(test):>4}  " + "    ".join(f"{cell:<18}" for cell in cells))


def _share(hits: list[bool]) -> str:
    return f"{100 * sum(hits) / len(hits):3.0f}%" if hits else "  —"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help=f"retrain on everything, write {MODEL_FILE}")
    parser.add_argument("--skip-batches", action="store_true", help="no leave-one-batch-out figures")
    args = parser.parse_args()
    everything = messages()
    if not args.skip_batches:
        leave_one_out(everything)
    if args.write:
        model = train([m.text for m in everything], [m.expect == "scam" for m in everything])
        path = Path(DATA_DIR) / MODEL_FILE
        path.write_text(as_json(model), encoding="utf-8")
        print(f"wrote {path}: {len(model.weights)} features, trained on {model.trained_on} messages")


if __name__ == "__main__":
    main()
