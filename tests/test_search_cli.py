"""`hocvuso ask "TEXT" [--json]`: a real process over the real library."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from content.loader import DATA_DIR

HOCVUSO = str(Path(sys.executable).parent / "hocvuso")
DATA = os.environ.get("HOCVUSO_TEST_CONTENT", str(DATA_DIR))


def ask(*args: str) -> str:
    done = subprocess.run(
        [HOCVUSO, "ask", *args, "--data", DATA], capture_output=True, text=True, timeout=60, check=True
    )
    assert "Traceback" not in done.stdout + done.stderr
    return done.stdout


def test_json_has_the_answer_how_sure_and_the_matches() -> None:
    reply = json.loads(ask("--json", "vay neu no goi dien xin ma thi lam sao"))
    assert reply["confident"] is True
    assert "OTP" in reply["answer"]
    assert reply["matches"][0] == {**reply["matches"][0], "lesson_id": "thanhtoan-otp", "card": None}
    assert all({"lesson_id", "card", "score"} <= set(match) for match in reply["matches"])
    scores = [match["score"] for match in reply["matches"]]
    assert scores == sorted(scores, reverse=True)


def test_the_answer_addresses_the_reader_plainly() -> None:
    # The tutor fills {ban} with the learner's form of address; the CLI says "bạn".
    reply = json.loads(ask("--json", "tai vneid o dau"))
    assert "{" not in reply["answer"] and "Bạn tải" in reply["answer"]


def test_what_is_answers_with_the_definition_and_the_lesson_to_open() -> None:
    reply = json.loads(ask("--json", "link là gì"))
    assert reply["answer"].startswith("Đường link là") and reply["confident"] is True
    assert reply["lesson"] == "dienthoai-duong-link"


def test_text_output_says_when_it_is_not_sure() -> None:
    assert "confident: no" in ask("gia lua hom nay bao nhieu")
    assert "No answer in the library" in ask("???")
