"""The console tutor as a new user runs it: a real process, real stdin, a real database."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from content.library import Library
from tests.conftest import BACKENDS, POSTGRES_URL, reset_postgres

HOCVUSO = str(Path(sys.executable).parent / "hocvuso")
# /start, consent, "Bác", a name, age group, place, reminder time, then "Học tiếp".
ONBOARDING = ["/start", "1", "bac", "Lan", "3", "tan cuong", "toi", "hoc tiep"]


@pytest.fixture(params=BACKENDS)
async def env(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}"
    if request.param == "postgresql":
        await reset_postgres()
        url = POSTGRES_URL
    return {**os.environ, "DATABASE_URL": url, "DATA_DIR": str(tmp_path / "data"), "LOG_LEVEL": "WARNING"}


def chat(env: dict[str, str], lines: list[str], user: str = "lan") -> str:
    done = subprocess.run(
        [HOCVUSO, "chat", "--user", user],
        input="\n".join(lines) + "\n",
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert "Traceback" not in done.stdout + done.stderr
    return done.stdout


def progress(env: dict[str, str], user: str = "lan") -> dict[str, object]:
    done = subprocess.run(
        [HOCVUSO, "progress", "--user", user, "--json"], env=env, capture_output=True, text=True, timeout=60, check=True
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _right_number(screen: str, library: Library) -> str:
    """The number of the right option on the last question printed (options are shuffled)."""
    question = screen[screen.rindex("❓ Câu") :]
    labels = dict(re.findall(r"^  (\d)\. (.+)$", question, re.M))
    shown = set(labels.values())

    def fill(text: str) -> str:
        return text.replace("{ban}", "bác").replace("{Ban}", "Bác")

    found = next(
        q
        for _, q in library.questions.values()
        if fill(q.prompt) in question
        and {fill(o.text) for o in q.options} == shown
        and (q.message is None or fill(q.message) in question)
    )
    right = fill(found.options[found.answer_index].text)
    return next(number for number, label in labels.items() if label == right)


def test_scripted_session_records_the_completed_lesson_with_its_score(env: dict[str, str], library: Library) -> None:
    # The first lesson has 4 cards ("Tiếp" 4 times), then 4 questions answered right, one a run.
    out = chat(env, [*ONBOARDING, "tiep", "tiep", "tiep", "tiep"])
    assert "Xin chào" in out and "Bác Lan" in out
    for _ in range(4):
        out = chat(env, [_right_number(out, library)])
    assert "đúng 4/4 câu" in out
    report = progress(env)
    assert report["completed_lessons"] == [
        {**report["completed_lessons"][0], "lesson_id": "dienthoai-duong-link", "score": 4, "total": 4}  # type: ignore[index]
    ]
    assert report["state"] == "quiz_result"


def test_state_persists_across_runs(env: dict[str, str]) -> None:
    chat(env, [*ONBOARDING, "tiep"])
    again = chat(env, ["/hoc"])
    assert "— 2/4" in again


def test_killed_mid_lesson_resumes_on_the_same_card(env: dict[str, str]) -> None:
    with subprocess.Popen(
        [HOCVUSO, "chat", "--user", "lan"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        text=True,
    ) as process:
        assert process.stdin and process.stdout
        for line in [*ONBOARDING, "tiep", "tiep"]:
            process.stdin.write(line + "\n")
        process.stdin.flush()
        seen = ""
        while "— 3/4" not in seen:  # wait until the tutor has shown card 3
            chunk = process.stdout.readline()
            assert chunk, "the tutor stopped before card 3"
            seen += chunk
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    resumed = chat(env, ["?"])  # a plea for help re-shows the current card, with how to answer
    assert "— 3/4" in resumed and "Tiếp" in resumed


def test_bad_settings_stop_start_up_with_one_sentence(env: dict[str, str]) -> None:
    done = subprocess.run(
        [HOCVUSO, "chat"], input="", env={**env, "QUIZ_PASS_RATIO": "nhieu"}, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "QUIZ_PASS_RATIO" in done.stderr
    assert "Traceback" not in done.stderr
