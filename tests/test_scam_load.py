"""scam_signals.yaml and scam_brands.yaml: broken files are refused with the file and field named."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from content.check import check_library
from content.loader import DATA_DIR, ContentError
from content.scam import load_scam_checker
from content.scam.load import BRANDS_FILE, SIGNALS_FILE, load_scam_book, scam_problems

FIXTURE = Path(__file__).parent / "fixtures" / "check"
Edit = Callable[[dict[str, Any]], None]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for name in (SIGNALS_FILE, BRANDS_FILE, "facts_index.yaml", "allowed_domains.txt"):
        shutil.copy(DATA_DIR / name, folder / name)
    return folder


def edit(folder: Path, name: str, change: Edit) -> None:
    path = folder / name
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(content)
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")


def signal(content: dict[str, Any], signal_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(s for s in content["signals"] if s["id"] == signal_id)
    return found


def test_the_shipped_files_are_clean() -> None:
    assert scam_problems(DATA_DIR) == []
    assert load_scam_checker().signal_ids


def test_absent_files_are_not_checked(tmp_path: Path) -> None:
    assert scam_problems(tmp_path) == []


def test_broken_yaml_names_the_file(data: Path) -> None:
    (data / SIGNALS_FILE).write_text("signals: [\n", encoding="utf-8")
    [problem] = scam_problems(data)
    assert problem.startswith(f"{SIGNALS_FILE}: not valid YAML")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda c: signal(c, "otp-request").pop("weight"), "scam_signals.yaml: signals.{i}.weight: Field required"),
        (lambda c: signal(c, "otp-request").update(colour="red"), "signals.{i}.colour: Extra inputs"),
        (lambda c: signal(c, "otp-request").update(kind="scary"), "signals.{i}.kind: Input should be"),
        (lambda c: signal(c, "otp-request").update(weight=-2), "ordinary signals weigh 0 or less"),
        (lambda c: c["grades"].pop("none"), "grades: missing none"),
    ],
)
def test_schema_errors_name_file_and_field(data: Path, change: Edit, expected: str) -> None:
    index = next(
        i
        for i, s in enumerate(yaml.safe_load((data / SIGNALS_FILE).read_text())["signals"])
        if s["id"] == "otp-request"
    )
    edit(data, SIGNALS_FILE, change)
    problems = scam_problems(data)
    assert any(expected.format(i=index) in p for p in problems), problems


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda c: c["signals"].append(dict(signal(c, "otp-request"))), "id otp-request appears 2 times"),
        (lambda c: signal(c, "otp-request")["patterns"].append("(cung cap"), "not a valid pattern: missing )"),
        (lambda c: signal(c, "otp-request")["patterns"].append("cung cấp mã"), "write patterns as normalised text"),
        (lambda c: signal(c, "otp-request")["patterns"].append("cung~cap"), "write ~ between two spaces"),
        (lambda c: signal(c, "otp-request").update(explanation="Tin xin ma OTP cua ban"), "without diacritics"),
        (
            lambda c: signal(c, "otp-request").update(explanation="Tin xin mã OTP, xem thêm ở trang-la.com nhé."),
            "an address a learner could open (trang-la.com)",
        ),
        (
            lambda c: c["advice"][0].update(text="Hãy bấm vào link trong tin để kiểm tra giúp nhé."),
            "advice.0.text: tells the learner to 'bấm vào link'",
        ),
        (lambda c: signal(c, "otp-request").update(requires_any=["no-such"]), "unknown signal id or kind no-such"),
        (lambda c: signal(c, "otp-request").update(facts=["no.such"]), "otp-request.facts: unknown fact id no.such"),
        (lambda c: c.update(count_once=["no-such"]), "count_once: unknown signal id no-such"),
    ],
)
def test_content_errors_name_file_and_field(data: Path, change: Edit, expected: str) -> None:
    edit(data, SIGNALS_FILE, change)
    problems = scam_problems(data)
    assert any(expected in p for p in problems), problems
    with pytest.raises(ContentError):
        load_scam_book(data)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda c: c["brands"][0].update(names=["Viet Com"]), "names: 'Viet Com' must be folded"),
        (lambda c: c["brands"][0].update(signal="otp-request"), "is not a signal with `detector: brand_named`"),
        (lambda c: c["brands"][0].update(domains=[]), "no real `domains` and not `gov: true`"),
        (lambda c: c["brands"][0].update(domains=["dichvucong.gov.vn"]), ".gov.vn needs no entry"),
    ],
)
def test_brand_errors_name_file_and_field(data: Path, change: Edit, expected: str) -> None:
    edit(data, BRANDS_FILE, change)
    problems = scam_problems(data)
    assert any(p.startswith(f"{BRANDS_FILE}: brands.") and expected in p for p in problems), problems


def test_content_check_reports_scam_file_errors(tmp_path: Path) -> None:
    folder = Path(shutil.copytree(FIXTURE, tmp_path / "data"))
    assert check_library(folder)["ok"]
    for name in (SIGNALS_FILE, BRANDS_FILE):
        shutil.copy(DATA_DIR / name, folder / name)
    # The fixture's fact index knows only the fixture's facts: add the ones the signals cite.
    facts = yaml.safe_load((folder / "facts_index.yaml").read_text(encoding="utf-8"))
    facts.update(yaml.safe_load((DATA_DIR / "facts_index.yaml").read_text(encoding="utf-8")))
    (folder / "facts_index.yaml").write_text(yaml.safe_dump(facts, allow_unicode=True), encoding="utf-8")
    assert check_library(folder)["ok"], check_library(folder)["errors"]
    edit(folder, SIGNALS_FILE, lambda c: signal(c, "otp-request")["patterns"].append("(cung cap"))
    report = check_library(folder)
    assert not report["ok"]
    assert any(e.startswith(f"{SIGNALS_FILE}: signals.otp-request.patterns") for e in report["errors"])
