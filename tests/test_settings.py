"""Every setting is documented in .env.example, and bad values stop start-up with one sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError, load_settings

EXAMPLE = Path(__file__).resolve().parents[1] / ".env.example"


def test_env_example_lists_every_setting() -> None:
    documented = {
        line.split("=", 1)[0]
        for line in EXAMPLE.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#") and "=" in line
    }
    assert documented == {name.upper() for name in Settings.model_fields}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("quiz_pass_ratio", "2"),
        ("default_timezone", "Asia/Hanoi_City"),
        ("database_url", "mysql://x"),
        ("telegram_webhook_url", "http://insecure"),
        ("quiet_hours_start", "25:00"),
        ("admin_ids", "telegram"),
    ],
)
def test_a_bad_setting_is_named_in_one_sentence(name: str, value: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(**{name: value})
    assert name.upper() in caught.value.message and "\n" not in caught.value.message


def test_secrets_are_not_echoed() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(telegram_webhook_url="http://secret-host/abc")
    assert "secret-host" not in caught.value.message
