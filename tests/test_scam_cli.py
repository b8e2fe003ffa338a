"""`hocvuso scamcheck "TEXT" [--json]` and `hocvuso scamcheck --eval [--json]`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import yaml
from typer.testing import CliRunner

from bot.cli import build

SCAM = "[VCB] Tài khoản của Quý khách bị tạm khóa. Vui lòng xác thực tại vietcombank-xacminh[.]top trước 17h."
PLAIN = "Mẹ ơi tối nay con về muộn, mẹ cứ ăn cơm trước nhé."


def test_json_verdict_has_the_promised_keys() -> None:
    result = CliRunner().invoke(build(), ["scamcheck", SCAM, "--json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert {"verdict", "signals", "advice"} <= answer.keys()
    assert answer["verdict"] == "scam"
    assert answer["signals"][0] == {
        "id": "lookalike-domain",
        "explanation": "Địa chỉ trang web mượn tên ngân hàng hay cơ quan, nhưng không phải trang thật của họ.",
    }
    assert all(isinstance(line, str) and line for line in answer["advice"])


def test_plain_text_reads_for_a_person_and_from_stdin() -> None:
    result = CliRunner().invoke(build(), ["scamcheck"], input=PLAIN)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "Chưa thấy dấu hiệu lừa đảo"
    assert "Nên làm gì:" in result.output


def test_nothing_to_check_is_refused() -> None:
    result = CliRunner().invoke(build(), ["scamcheck", "   "])
    assert result.exit_code == 2


def test_eval_prints_figures_per_split() -> None:
    result = CliRunner().invoke(build(), ["scamcheck", "--eval", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert {"tune", "holdout", "all"} <= report.keys()
    assert {"recall", "flagged", "false_alarm", "confusion", "misgraded"} <= report["all"].keys()
    text = CliRunner().invoke(build(), ["scamcheck", "--eval"]).output
    assert "false alarms (genuine -> scam)" in text


def test_the_installed_command_knows_scamcheck() -> None:
    run = [sys.executable, "-c", "from bot.cli import main; main()", "scamcheck", "--json", PLAIN]
    result = subprocess.run(run, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["verdict"] == "none"


def test_eval_grades_another_file_alone(tmp_path: Path) -> None:
    held = tmp_path / "held.yaml"
    held.write_text(
        yaml.safe_dump(
            [
                {"id": "h-1", "expect": "scam", "channel": "sms", "split": "holdout", "text": SCAM},
                {"id": "h-2", "expect": "none", "channel": "zalo", "split": "holdout", "text": PLAIN},
            ],
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(build(), ["scamcheck", "--eval", "--file", str(held), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert set(report) == {"holdout", "all"}  # no development set, no lessons
    assert report["all"]["messages"] == 2
    assert report["all"]["recall"] == {"scam": 1.0, "suspicious": None, "none": 1.0}


def test_a_broken_eval_file_is_named_and_refused(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("- id: x\n  expect: maybe\n", encoding="utf-8")
    result = CliRunner().invoke(build(), ["scamcheck", "--eval", "--file", str(broken)])
    assert result.exit_code == 1
    assert "broken.yaml" in result.output
    assert CliRunner().invoke(build(), ["scamcheck", "--file", str(broken)]).exit_code == 2
