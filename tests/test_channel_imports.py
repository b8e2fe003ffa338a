"""aiogram is imported only when a Telegram bot is configured (issue 11): a Zalo-only deployment
never pays its memory and start-up. Checked in a fresh interpreter, since this one has it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

# Builds the process of `hocvuso run` for the settings in the environment (its channels made,
# nothing started) and prints whether aiogram got imported on the way.
SCRIPT = """
import asyncio, sys
from bot.app import bootstrap
from bot.run import Process
from bot.settings import load_settings

async def main() -> None:
    settings = load_settings()
    app = await bootstrap(settings)
    try:
        process = Process(app, settings)
        print(sorted(spec.channel for spec in process.specs), "aiogram" in sys.modules)
    finally:
        await app.close()

asyncio.run(main())
"""


@pytest.mark.parametrize(
    ("tokens", "printed"),
    [
        ({"ZALO_BOT_TOKEN": "12345:zalo-secret-token"}, "['zalo'] False"),
        ({"TELEGRAM_BOT_TOKEN": "123456:telegram-secret-token"}, "['telegram'] True"),
    ],
)
def test_aiogram_is_imported_only_when_a_telegram_bot_is_configured(
    tokens: dict[str, str], printed: str, tmp_path: Path
) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'h.db'}",
        "DATA_DIR": str(tmp_path / "data"),
        **tokens,
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == printed
