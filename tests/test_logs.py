"""Logs (bot/logs.py): one JSON object per line on stderr, never a token or an error's message;
a command's own output on stdout stays clean (scripts parse `--json`)."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from pathlib import Path

import pytest

from bot.logs import JsonLines, TextLines
from tests.fakes.telegram_server import TOKEN

HOCVUSO = Path(sys.executable).with_name("hocvuso")


def record(message: str, *args: object, exc: BaseException | None = None, **extra: object) -> logging.LogRecord:
    made = logging.LogRecord("bot.sender", logging.WARNING, __file__, 1, message, args, None)
    if exc is not None:
        made.exc_info = (type(exc), exc, exc.__traceback__)
    for key, value in extra.items():
        setattr(made, key, value)
    return made


def test_a_json_line_holds_the_event_its_fields_and_an_errors_type_but_never_its_message() -> None:
    name = "Nguyễn Thị " + "Lan"  # a value in the message, not in the source line the stack quotes
    try:
        raise ValueError(f"duplicate key value: name={name}")
    except ValueError as error:
        line = JsonLines().format(record("%s: failing", "sender-telegram", exc=error, bot="123456789", rows=3))
    entry = json.loads(line)
    assert "\n" not in line
    assert entry["event"] == "sender-telegram: failing" and entry["level"] == "WARNING"
    assert entry["bot"] == "123456789" and entry["rows"] == 3
    assert entry["error"] == "ValueError" and "Lan" not in line


@pytest.mark.parametrize("formatter", [JsonLines(), TextLines()], ids=["json", "text"])
def test_a_token_is_cut_out_of_every_line_whoever_wrote_it(formatter: logging.Formatter) -> None:
    line = formatter.format(record("POST https://api.telegram.org/bot%s/sendMessage", TOKEN))
    assert TOKEN not in line and TOKEN.split(":")[1] not in line and "<token>" in line


@pytest.mark.timeout(120)
async def test_the_cli_keeps_stdout_for_its_json_and_logs_json_lines_to_stderr(tmp_path: Path) -> None:
    env = {
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'logs.db'}",
        "DATA_DIR": str(tmp_path),
        "LOG_LEVEL": "DEBUG",  # as much as can be logged
        "LOG_FORMAT": "json",
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "PATH": "/usr/bin:/bin",
    }
    command = [str(HOCVUSO), "questions", "unanswered", "--days", "7", "--json"]
    process = await asyncio.create_subprocess_exec(
        *command, env=env, cwd=tmp_path, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()[-2000:]
    assert json.loads(out)["topics"] == []  # stdout is the JSON document and nothing else
    lines = err.decode().splitlines()
    assert lines  # DEBUG: the migrations and the search index at least say something
    assert all(isinstance(json.loads(line), dict) for line in lines)
    assert TOKEN.split(":")[1] not in err.decode()
