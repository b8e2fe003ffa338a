"""The development set and the figures the checker reaches on it (so they cannot silently fall).

Floors are the figures reached when this test was written (docs/scamcheck.md); a change that
lowers one fails here. Raise a floor when a change raises the figure.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest

from content.scam import ScamChecker, load_scam_checker
from content.scam.evaluate import DevMessage, evaluate, format_report, load_devset

DOCUMENTATION_IPS = ("192.0.2.", "198.51.100.", "203.0.113.")
MARKED = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE)
FLOORS: dict[str, dict[str, float]] = {
    # split: scam recall, suspicious flagged, genuine graded none; false alarms are a ceiling
    # tune holds the blind batches b1, b2 and h2b (fitted to after their first grading) and the
    # probe batch: 96.2% and 92.9%. Its suspicious misses are mostly a stranger's offer alone
    # ("em bán mỹ phẩm xách tay giá gốc"): weight 2, since a neighbour selling honey or tea
    # writes the same way and the blind writers call that genuine. Its genuine misses are
    # "suspicious" on purpose: a code and a login alert (tests/test_scam_otp.py), official
    # notices that name a fine, a lock or a power cut and send one to the counter (capped there,
    # never "scam"), a son writing from a friend's phone, a relative or a seller asking for a
    # transfer by message (the advice: call their usual number first).
    # With batch h13 (tuned on its 40 tune messages): 97.2% and 93.4%; holdout, with h13's 20
    # held-out messages never tuned on: 98.7% and 98.7%.
    "tune": {"scam": 1.0, "flagged": 0.97, "none": 0.93, "false_alarm": 0.0},
    "holdout": {"scam": 1.0, "flagged": 0.98, "none": 0.98, "false_alarm": 0.0},
}
# Batch h13 (issue 13): suspicious kinds that ask for nothing yet, and their genuine twins.
# First grading on 0d2190e: tune 50.0% flagged, holdout 70.0%; now tune 100%, and 90.0% on
# its holdout part, which was never read to choose patterns (docs/scamcheck.md).
H13_FLOORS: dict[str, dict[str, float]] = {
    "tune": {"scam": 1.0, "flagged": 1.0, "none": 1.0, "false_alarm": 0.0},
    "holdout": {"scam": 1.0, "flagged": 0.9, "none": 1.0, "false_alarm": 0.0},
}


@pytest.fixture(scope="module")
def messages() -> tuple[DevMessage, ...]:
    return load_devset()


@pytest.fixture(scope="module")
def report(messages: tuple[DevMessage, ...]) -> dict[str, Any]:
    checker: ScamChecker = load_scam_checker()
    return evaluate(checker, messages)


def without_marks(text: str) -> bool:
    return not MARKED.search(text)


def test_the_set_is_big_enough_and_mixed(messages: tuple[DevMessage, ...]) -> None:
    assert len(messages) >= 120
    grades = Counter(m.expect for m in messages)
    assert grades["scam"] >= 0.35 * len(messages)
    assert grades["suspicious"] >= 0.15 * len(messages)
    assert grades["none"] >= 0.25 * len(messages)
    assert {m.channel for m in messages} >= {"sms", "zalo", "facebook", "call"}
    assert len({m.id for m in messages}) == len(messages)


def test_about_four_in_ten_are_typed_without_diacritics(messages: tuple[DevMessage, ...]) -> None:
    share = sum(without_marks(m.text) for m in messages) / len(messages)
    assert 0.35 <= share <= 0.5


def test_a_part_is_held_out(messages: tuple[DevMessage, ...]) -> None:
    held = [m for m in messages if m.split == "holdout"]
    assert len(held) >= 0.3 * len(messages)
    assert Counter(m.expect for m in held).keys() == {"scam", "suspicious", "none"}


def test_no_live_scam_address_or_real_number(messages: tuple[DevMessage, ...]) -> None:
    checker = load_scam_checker()
    for message in messages:
        for address in checker.links.addresses(message.text):
            if address.placeholder or checker.links.official(address.host):
                continue
            # Scam addresses are written defanged ("[.]"); a raw address is one reserved for examples (RFC 5737).
            assert "[.]" in message.text or address.host.startswith(DOCUMENTATION_IPS), message.id
        assert not re.search(r"(?<!\d)0\d{9}(?!\d)", message.text), message.id


@pytest.mark.parametrize("split", sorted(FLOORS))
def test_figures_hold(report: dict[str, Any], split: str) -> None:
    figures, floor = report[split], FLOORS[split]
    assert figures["recall"]["scam"] >= floor["scam"], format_report({split: figures})
    assert figures["flagged"]["suspicious"] >= floor["flagged"], format_report({split: figures})
    assert figures["recall"]["none"] >= floor["none"], format_report({split: figures})
    assert figures["false_alarm"] <= floor["false_alarm"], format_report({split: figures})


@pytest.mark.parametrize("split", sorted(H13_FLOORS))
def test_batch_h13_figures_hold(messages: tuple[DevMessage, ...], split: str) -> None:
    batch = [m for m in messages if m.id.startswith("h13-")]
    assert len(batch) == 60
    figures, floor = evaluate(load_scam_checker(), batch)[split], H13_FLOORS[split]
    assert figures["recall"]["scam"] >= floor["scam"], format_report({split: figures})
    assert figures["flagged"]["suspicious"] >= floor["flagged"], format_report({split: figures})
    assert figures["recall"]["none"] >= floor["none"], format_report({split: figures})
    assert figures["false_alarm"] <= floor["false_alarm"], format_report({split: figures})


def test_the_acceptance_bar_on_everything(report: dict[str, Any]) -> None:
    figures = report["all"]
    assert figures["recall"]["scam"] >= 0.95
    assert figures["flagged"]["suspicious"] >= 0.8
    assert figures["false_alarm"] <= 0.1


def test_the_report_reads(report: dict[str, Any]) -> None:
    text = format_report(report)
    assert "scam recall" in text
    assert "confusion" in text
    assert set(report) >= {"tune", "holdout", "all"}
    confusion = report["all"]["confusion"]
    assert sum(sum(row.values()) for row in confusion.values()) == report["all"]["messages"]
