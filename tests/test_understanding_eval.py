"""The development sets: their screens are the tutor's real screens, and the figures hold.

Floors are the figures reached when the layer was written (see docs/benchmarks.md); a change
that lowers one, or makes a single wrong pick, fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from content.places import parse_places_csv
from content.reply_sets import load_replies, load_values
from dialogs.understanding import shown_label
from dialogs.understanding.evaluate import (
    Outcome,
    evaluate_replies,
    evaluate_values,
    judge,
    main,
    without_aliases,
)
from dialogs.voice import ADDRESS_FORMS

ROOT = Path(__file__).resolve().parents[1]
# understood as meant per split, with the flows' aliases ("real") and without ("labels only")
_REAL = (632, 130, 152, 87, 99, 178, 164, 166, 169, 176, 183, 197, 180, 182, 184, 174, 163, 132)
_LABELS_ONLY = (609, 129, 151, 85, 94, 174, 162, 162, 168, 170, None, 188, 177, 177, None, 168, 158, 129)
SPLITS = (
    *("dev", "holdout", "fresh", "own1", "own2", "blind4", "blind5", "blind6", "blind8", "blind9", "blind10"),
    *("blind13", "blind15", "blind18", "blind20", "blind21", "blind25", "own3"),
)
# blind10 is held to no wrong pick with the flows' aliases only: without them 'hoc bai' on the
# menu reads as 'Chủ đề bài học' (its two words are there, and 'Học tiếp' has one of them),
# where its writer would ask; the alias 'hoc' of 'Học tiếp' is what makes it a question.
# blind20 likewise: without the aliases one reply is a wrong pick. blind17 (a stress set of
# replies that say what an option means) is in no floor: three of its replies are wrong picks.
FLOORS = {
    "real": dict(zip(SPLITS, _REAL, strict=True)),
    "labels only": {split: floor for split, floor in zip(SPLITS, _LABELS_ONLY, strict=True) if floor is not None},
}
# Labels that flows put together at run time from data: a count, a family, a member, a setting.
COMPOSED = {"Ôn 3 câu", "Nhà bác Lan", "Nhắc Hoa", "Nhận thông báo: đang bật"}


def _known_texts() -> tuple[str, set[str]]:
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "dialogs").rglob("*.py"))
    texts = {form.capitalize() for form in ADDRESS_FORMS}
    for path in (ROOT / "content" / "data" / "lessons").rglob("*.yaml"):
        lesson = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts.add(lesson["title"])
        texts.update(o["text"].replace("{ban}", "bác") for q in lesson.get("quiz", []) for o in q["options"])
    topics = yaml.safe_load((ROOT / "content" / "data" / "topics.yaml").read_text(encoding="utf-8"))
    texts.update(topic["title"] for topic in topics)
    for path in (ROOT / "content" / "data" / "places").glob("*.csv"):
        texts.update(place.label for place in parse_places_csv(path.read_text(encoding="utf-8")))
    return source, texts


def test_every_screen_shows_labels_the_tutor_really_shows() -> None:
    source, texts = _known_texts()
    unknown = [
        (name, shown_label(option.label))
        for name, options in load_replies().screens.items()
        for option in options
        if shown_label(option.label) not in texts
        and shown_label(option.label) not in source
        and shown_label(option.label) not in COMPOSED
    ]
    assert not unknown


def test_the_sets_are_big_enough_and_a_part_is_held_out() -> None:
    replies = load_replies()
    splits = [r.split for r in replies.replies]
    assert splits.count("dev") + splits.count("holdout") >= 150
    # of the sets written together (later batches are measured once, then tuned on), a quarter is held out
    together = [s for s in splits if s in ("dev", "holdout", "fresh")]
    assert splits.count("holdout") + splits.count("fresh") >= 0.25 * len(together)
    assert len(load_values().cases) >= 100


@pytest.mark.parametrize("mode", sorted(FLOORS))
def test_replies_are_understood_and_never_picked_wrongly(mode: str) -> None:
    replies = load_replies() if mode == "real" else without_aliases(load_replies())
    report = evaluate_replies(replies)
    for split, floor in FLOORS[mode].items():
        assert report.overall[split].counts[Outcome.WRONG] == 0, split
        assert report.overall[split].counts[Outcome.UNDERSTOOD] >= floor, split


def test_typed_values_are_all_read_as_meant() -> None:
    report = evaluate_values(load_values())
    assert not report.failures
    assert sum(report.right.values()) == len(load_values().cases)


def test_the_judge_counts_a_wrong_pick_as_wrong() -> None:
    replies = load_replies()
    reply = next(r for r in replies.replies if r.text == "lua dao moi")
    options = replies.screens[reply.screen]
    assert judge(reply, options) is Outcome.UNDERSTOOD
    other = type(reply)(reply.screen, reply.text, "Phòng tránh lừa đảo", reply.kind, reply.split)
    assert judge(other, options) is Outcome.WRONG


def test_the_command_prints_the_figures_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["replies"]["dev"]["overall"]["wrong pick"] == 0
    assert figures["replies"]["holdout"]["overall"]["understood"] >= FLOORS["real"]["holdout"]
    assert set(figures["values"]) == {"address", "age", "name", "talk", "time"}
