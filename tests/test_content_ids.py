"""Permanent question ids: fingerprints, the released-ids file, and fixes that replace."""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path

import pytest

from content.ids import (
    RELEASED_FILE,
    Released,
    ReleasedIdsError,
    compare,
    fingerprint,
    fingerprints,
    freeze,
    load_released,
    main,
)
from content.library import Library
from content.loader import DATA_DIR, load_library
from content.schema import Question

FIXTURE = Path(__file__).parent / "fixtures" / "content"
CALL = "lessons/luadao/luadao-mau-cuoc-goi.yaml"
Q2 = "luadao-mau-cuoc-goi-q2"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURE, tmp_path / "data"))


def edit(data: Path, name: str, old: str, new: str) -> None:
    path = data / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def question(**changes: object) -> Question:
    base: dict[str, object] = {
        "id": "mau-q1",
        "kind": "single",
        "prompt": "{Ban} nên tải VNeID ở đâu?",
        "options": [
            {"text": "Trong App Store hoặc CH Play", "correct": True, "why": "Đúng rồi."},
            {"text": "Đường link người lạ gửi", "why": "Chưa đúng."},
        ],
        "facts": ["vneid.fake"],
    }
    return Question.model_validate(base | changes)


def fix_q2(data: Path) -> None:
    """The proper fix: the released question changes, so it gets a new id that replaces the old."""
    edit(data, CALL, '"Chuyển ngay cho xong"', '"Chuyển một nửa số tiền"')
    edit(data, CALL, f"  - id: {Q2}\n", f"  - id: {Q2}b\n    replaces: {Q2}\n")


def test_a_fingerprint_is_short_and_stable() -> None:
    assert fingerprint(question()) == fingerprint(question())
    assert len(fingerprint(question())) == 12
    assert int(fingerprint(question()), 16) >= 0


def test_explanations_facts_and_wrapping_do_not_change_meaning() -> None:
    options = [
        {"text": "Trong  App Store hoặc\nCH Play", "correct": True, "why": "Đúng rồi, kho chính thức."},
        {"text": "Đường link người lạ gửi", "why": "Chưa đúng, link lạ có thể cài ứng dụng giả."},
    ]
    same = question(options=options, facts=[], id="mau-q9")
    assert fingerprint(same) == fingerprint(question())


def test_the_keyboards_unicode_form_does_not_change_meaning() -> None:
    decomposed = question(prompt=unicodedata.normalize("NFD", "{Ban} nên tải VNeID ở đâu?"))
    assert fingerprint(decomposed) == fingerprint(question())


@pytest.mark.parametrize(
    "changes",
    [
        {"prompt": "{Ban} nên tải VNeID từ đâu?"},
        {"kind": "truefalse", "options": [{"text": "Đúng", "correct": True, "why": "x"}, {"text": "Sai", "why": "y"}]},
        {
            "options": [
                {"text": "Trong App Store hoặc CH Play", "why": "x"},
                {"text": "Đường link người lạ gửi", "correct": True, "why": "y"},
            ]
        },
        {
            "options": [
                {"text": "Trong App Store", "correct": True, "why": "x"},
                {"text": "Đường link người lạ gửi", "why": "y"},
            ]
        },
    ],
    ids=["prompt", "kind", "answer-key", "option-text"],
)
def test_what_the_question_asks_changes_meaning(changes: dict[str, object]) -> None:
    assert fingerprint(question(**changes)) != fingerprint(question())


def test_option_order_is_not_meaning_since_learners_see_options_shuffled() -> None:
    swapped = {
        "options": [
            {"text": "Đường link người lạ gửi", "why": "x"},
            {"text": "Trong App Store hoặc CH Play", "correct": True, "why": "y"},
        ]
    }
    assert fingerprint(question(**swapped)) == fingerprint(question())


def test_a_scam_message_is_part_of_the_meaning() -> None:
    options = [{"text": "Là lừa đảo", "correct": True, "why": "x"}, {"text": "Không phải lừa đảo", "why": "y"}]
    one = question(kind="scam", message="Bấm vào [đường link lạ] để nhận quà.", options=options)
    two = question(kind="scam", message="Bấm vào [đường link lạ] để nhận tiền.", options=options)
    assert fingerprint(one) != fingerprint(two)


def test_fingerprints_cover_every_question_with_its_lesson() -> None:
    found = fingerprints(load_library(FIXTURE))
    assert list(found) == sorted(found)
    assert len(found) == 9
    assert found[Q2].lesson == "luadao-mau-cuoc-goi"


def test_freeze_writes_a_sorted_indented_utf8_file(data: Path) -> None:
    path = data / RELEASED_FILE
    freeze(load_library(data), path)
    text = path.read_text(encoding="utf-8")
    document = json.loads(text)
    assert document["format"] == 2
    assert list(document["questions"]) == sorted(document["questions"])
    assert document["questions"][Q2] == {
        "fingerprint": fingerprint(question_of(data, Q2)),
        "lesson": "luadao-mau-cuoc-goi",
    }
    assert text.startswith('{\n  "format": 2,')
    assert text.endswith("}\n")
    assert load_released(path) == fingerprints(load_library(data))


def question_of(data: Path, qid: str) -> Question:
    return load_library(data).questions[qid][1]


def test_freezing_twice_writes_the_same_bytes(data: Path) -> None:
    path = data / RELEASED_FILE
    freeze(load_library(data), path)
    first = path.read_bytes()
    freeze(load_library(data), path)
    assert path.read_bytes() == first


def released_then(data: Path) -> tuple[dict[str, Released], Library]:
    freeze(load_library(data), data / RELEASED_FILE)
    return load_released(data / RELEASED_FILE), load_library(data)


def test_an_unchanged_library_compares_clean(data: Path) -> None:
    released, library = released_then(data)
    assert compare(released, library) == []


def test_a_changed_meaning_is_named_with_the_fix(data: Path) -> None:
    freeze(load_library(data), data / RELEASED_FILE)
    edit(data, CALL, '"Chuyển ngay cho xong"', '"Chuyển một nửa số tiền"')
    problems = compare(load_released(data / RELEASED_FILE), load_library(data))
    assert problems == [
        f"question {Q2} (lesson luadao-mau-cuoc-goi) changed meaning since it was released: "
        f"put the released wording back, and give the fix a new id with `replaces: {Q2}`"
    ]


def test_a_fix_with_a_new_id_and_replaces_compares_clean(data: Path) -> None:
    freeze(load_library(data), data / RELEASED_FILE)
    fix_q2(data)
    library = load_library(data)
    assert compare(load_released(data / RELEASED_FILE), library) == []
    assert library.question(Q2) == library.question(f"{Q2}b")


def test_a_renamed_id_without_replaces_is_gone(data: Path) -> None:
    freeze(load_library(data), data / RELEASED_FILE)
    edit(data, CALL, f"  - id: {Q2}\n", f"  - id: {Q2}b\n")
    problems = compare(load_released(data / RELEASED_FILE), load_library(data))
    assert problems == [
        f"question {Q2} (lesson luadao-mau-cuoc-goi) was released but is gone: "
        f"put it back, or give the question that fixes it `replaces: {Q2}`"
    ]


def test_replaces_must_name_a_released_id(data: Path) -> None:
    freeze(load_library(data), data / RELEASED_FILE)
    edit(data, CALL, f"  - id: {Q2}\n", f"  - id: {Q2}\n    replaces: luadao-mau-cuoc-goi-q7\n")
    problems = compare(load_released(data / RELEASED_FILE), load_library(data))
    assert problems == [
        f"question {Q2}: `replaces: luadao-mau-cuoc-goi-q7`, but luadao-mau-cuoc-goi-q7 was never released "
        "(check the id's spelling)"
    ]


def test_freeze_keeps_retired_ids_so_a_fix_of_a_fix_checks_out(data: Path) -> None:
    freeze(load_library(data), data / RELEASED_FILE)
    fix_q2(data)
    freeze(load_library(data), data / RELEASED_FILE)
    assert load_released(data / RELEASED_FILE)[Q2].replaced_by == f"{Q2}b"
    edit(data, CALL, '"Chuyển một nửa số tiền"', '"Chuyển trước một ít tiền"')
    edit(data, CALL, f"  - id: {Q2}b\n    replaces: {Q2}\n", f"  - id: {Q2}c\n    replaces: {Q2}b\n")
    assert compare(load_released(data / RELEASED_FILE), load_library(data)) == []


def test_a_retired_id_cannot_be_replaced_twice(data: Path) -> None:
    freeze(load_library(data), data / RELEASED_FILE)
    fix_q2(data)
    freeze(load_library(data), data / RELEASED_FILE)
    edit(data, CALL, f"  - id: {Q2}b\n", f"  - id: {Q2}c\n")
    problems = compare(load_released(data / RELEASED_FILE), load_library(data))
    assert f"question {Q2}c: `replaces: {Q2}`, but {Q2} was already replaced by {Q2}b" in problems


def test_freeze_refuses_a_library_that_breaks_an_id(data: Path) -> None:
    path = data / RELEASED_FILE
    freeze(load_library(data), path)
    before = path.read_bytes()
    edit(data, CALL, '"Chuyển ngay cho xong"', '"Chuyển một nửa số tiền"')
    with pytest.raises(ReleasedIdsError, match="changed meaning"):
        freeze(load_library(data), path)
    assert path.read_bytes() == before


def test_a_hand_edited_file_is_refused_with_the_field_named(data: Path) -> None:
    path = data / RELEASED_FILE
    freeze(load_library(data), path)
    path.write_text(
        path.read_text(encoding="utf-8").replace('"fingerprint": "', '"fingerprint": "zz', 1), encoding="utf-8"
    )
    with pytest.raises(ReleasedIdsError, match=r"^questions\.[a-z0-9-]+\.fingerprint: String should match pattern"):
        load_released(path)


def test_the_release_command_writes_the_file(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(data)]) == 0
    assert "9 current ids, 0 retired" in capsys.readouterr().out
    assert len(load_released(data / RELEASED_FILE)) == 9


def test_the_release_command_refuses_broken_content(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(data, CALL, "minutes: 3\n", "")
    assert main([str(data)]) == 1
    assert "minutes: Field required" in capsys.readouterr().err
    assert not (data / RELEASED_FILE).exists()


def test_the_real_library_keeps_every_released_id() -> None:
    path = DATA_DIR / RELEASED_FILE
    if not path.exists():
        pytest.skip("no release yet: content/data/released_ids.json is written at release time")
    assert compare(load_released(path), load_library()) == []
