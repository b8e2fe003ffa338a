"""Several bots in one deployment (bot/bots.py): each its own route, webhook URL, secret, lock
and limits; each bot's sender claims its own learners' rows, and one chat's order is per bot."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot import outbox
from bot.app import App
from bot.bots import configured_bots, derived_secret
from bot.settings import SettingsError, load_settings
from bot.storage.models import OutboxMessage
from bot.wakeups import Wakeups
from dialogs.messages import Text

FIRST, SECOND = "111111:AAfirst-token-for-tests-0123", "222222:AAsecond-token-for-tests-456"
ZALO = "7777:zalo-secret-part"
MASTER = "master_secret-1"  # made up for the test


def several() -> tuple[str, ...]:
    settings = load_settings(
        telegram_bot_token=FIRST,
        telegram_bot_tokens=f"{SECOND}, {FIRST}",  # named twice: counted once
        telegram_webhook_url="https://hocvuso.example.vn/webhook/telegram",
        telegram_webhook_secret=MASTER,
        zalo_bot_token=ZALO,
    )
    return tuple(spec.name for spec in configured_bots(settings))


def test_each_bot_of_a_channel_gets_its_own_route_url_secret_lock_and_rows() -> None:
    settings = load_settings(
        telegram_bot_token=FIRST,
        telegram_bot_tokens=SECOND,
        telegram_webhook_url="https://hocvuso.example.vn/webhook/telegram",
        telegram_webhook_secret=MASTER,
        telegram_rate_per_second=25,
        zalo_bot_token=ZALO,
    )
    first, second, zalo = configured_bots(settings)
    assert (first.name, second.name, zalo.name) == ("telegram:111111", "telegram:222222", "zalo:7777")
    assert (first.path, second.path, zalo.path) == (
        "/webhook/telegram/111111",
        "/webhook/telegram/222222",
        "/webhook/zalo",
    )
    assert second.settings.telegram_webhook_url == "https://hocvuso.example.vn/webhook/telegram/222222"
    secrets = {spec.settings.telegram_webhook_secret.get_secret_value() for spec in (first, second)}  # type: ignore[union-attr]
    assert len(secrets) == 2 and MASTER not in secrets
    assert first.settings.telegram_webhook_secret.get_secret_value() == derived_secret(  # type: ignore[union-attr]
        MASTER, "telegram:111111"
    )
    assert second.settings.telegram_bot_token.get_secret_value() == SECOND  # type: ignore[union-attr]
    assert len({first.lock_key, second.lock_key, zalo.lock_key}) == 3
    assert first.rate == second.rate == (25, 1)
    # The first bot also sends rows written before bots were told apart; Zalo's only bot sends all.
    assert (first.claims, second.claims, zalo.claims) == (("111111", ""), ("222222",), None)
    assert several() == ("telegram:111111", "telegram:222222", "zalo:7777")


def test_one_bot_alone_keeps_the_settings_own_route_and_secret() -> None:
    settings = load_settings(
        telegram_bot_token=FIRST,
        telegram_webhook_url="https://hocvuso.example.vn/webhook/telegram",
        telegram_webhook_secret=MASTER,
    )
    [only] = configured_bots(settings)
    assert only.path == "/webhook/telegram" and only.claims is None
    assert only.settings.telegram_webhook_secret.get_secret_value() == MASTER  # type: ignore[union-attr]


def test_a_malformed_token_among_several_is_named_by_its_place_never_quoted() -> None:
    with pytest.raises(SettingsError) as refused:
        configured_bots(load_settings(telegram_bot_token=FIRST, telegram_bot_tokens="not-a-token-at-all"))
    assert "token 2" in refused.value.message and "not-a-token" not in refused.value.message


def test_a_row_wakes_the_sender_of_its_own_bot() -> None:
    specs = configured_bots(load_settings(telegram_bot_token=FIRST, telegram_bot_tokens=SECOND))
    wakeups = Wakeups(specs)
    assert wakeups.owner("telegram", "222222") == specs[1]
    assert wakeups.owner("telegram", "") == specs[0]  # a row that names no bot: the first
    assert wakeups.owner("zalo", "") is None  # no Zalo bot configured: nobody sends it


async def test_each_bots_sender_claims_its_own_rows_and_keeps_order_per_bot(app: App) -> None:
    now = app.clock.now()
    async with app.sessions.begin() as session:
        for bot, text in (("111111", "A1"), ("222222", "B1"), ("111111", "A2"), ("", "old"), ("222222", "B2")):
            session.add(outbox.new_row("telegram", "42", "reply", [Text(text)], now, bot=bot))
    async with app.sessions.begin() as session:
        second = await outbox.claim(session, "telegram", now, 10, bots=("222222",))
    async with app.sessions.begin() as session:
        first = await outbox.claim(session, "telegram", now, 10, bots=("111111", ""))
    # One person, two bots: each bot's first row leaves now, the rest waits for it (order per
    # bot); the first bot also takes the row that names no bot (a group's, or older than 0007).
    async with app.sessions() as session:
        ids = {row.id: row.bot for row in (await session.execute(select(OutboxMessage))).scalars()}
    assert [ids[row.id] for row in second] == ["222222"]
    assert sorted(ids[row.id] for row in first) == ["", "111111"]
