"""The Zalo channel over real HTTP against a fake Zalo Bot Platform, on SQLite and PostgreSQL.

Replies go through the outbox: a running channel has its sender beside it, as in
`hocvuso run`, on a clock that runs fast (tests/fakes/clock.py)."""

from __future__ import annotations

import functools
import json
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from hypothesis import given
from hypothesis import strategies as st
from pydantic import SecretStr
from sqlalchemy import func, select

from bot.app import App
from bot.channels.base import Blocked, Permanent, Throttled, Transient
from bot.channels.zalo import ZaloChannel, build_zalo, zalo_config
from bot.channels.zalo.client import ZaloClient, ZaloError, redact
from bot.channels.zalo.errors import classify
from bot.channels.zalo.render import HINT, MAX_CHARS, render, size, split_text
from bot.channels.zalo.updates import parse, unwrap, update_key
from bot.keys import ConversationKey
from bot.outbox import enqueue
from bot.ratelimit import Limiter
from bot.sender import Sender
from bot.settings import Settings, SettingsError, load_settings
from bot.storage import repo
from bot.storage.models import Learner, LessonProgressRow, OutboxMessage, ProcessedUpdate
from bot.web import build_web_app
from dialogs.flows.quiz import on_screen
from dialogs.messages import Choices, Image, InboundKind, Link, Option, Text
from dialogs.state import DialogState, StateName
from tests.fakes.clock import ScaledClock
from tests.fakes.sending import sending
from tests.fakes.zalo_server import (
    FakeZaloServer,
    image_update,
    sticker_update,
    text_update,
    unsupported_update,
)
from tests.helpers import AFTER_ONBOARDING, ONBOARDING_TYPED, console_twin

PUBLIC_URL = "https://hocvuso.example.vn/webhook/zalo"
SECRET = "s3cret-webhook-token"  # noqa: S105 — a test value for the fake platform
LAN = "u-lan-001"


# --- fixtures ---------------------------------------------------------------------------


@pytest.fixture
async def fake() -> AsyncIterator[FakeZaloServer]:
    server = await FakeZaloServer().start()
    yield server
    await server.close()


def zalo_settings(fake: FakeZaloServer, webhook: bool = False, **extra: Any) -> Settings:
    values: dict[str, Any] = {"zalo_bot_token": fake.token, "zalo_api_base": fake.url}
    if webhook:
        values |= {"zalo_webhook_url": PUBLIC_URL, "zalo_webhook_secret": SECRET}
    return load_settings(**(values | extra))


def fast_channel(app: App, settings: Settings) -> ZaloChannel:
    """The real channel; a generous limiter and short pauses, since tests send in bursts."""
    config = replace(zalo_config(settings), poll_timeout=5, first_backoff=0.01, max_backoff=0.05)
    time = ScaledClock(datetime.now(UTC))  # a reply's 5th message waits 20 ms, not a second
    return ZaloChannel(app, config, Limiter(1000, 1000, clock=time.monotonic, sleep=time.sleep))


async def serve(application: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(application, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    host, port = runner.addresses[0][:2]
    return runner, f"http://{host}:{port}"


@dataclass
class Zalo:
    """One running Zalo channel and how to reach it: by polling, or through our webhook."""

    app: App
    fake: FakeZaloServer
    channel: ZaloChannel
    endpoint: str = ""  # our webhook URL; empty in polling mode
    sender_clock: ScaledClock = field(default_factory=lambda: ScaledClock(datetime.now(UTC)))


@asynccontextmanager
async def running(app: App, fake: FakeZaloServer, mode: str) -> AsyncIterator[Zalo]:
    channel = fast_channel(app, zalo_settings(fake, webhook=mode == "webhook"))
    runner, url = await serve(build_web_app(channel.routes()))
    await channel.start()
    clock = ScaledClock(app.clock.now(), factor=10)
    try:
        async with sending(app, channel, clock):
            yield Zalo(app, fake, channel, f"{url}/webhook/zalo" if mode == "webhook" else "", clock)
    finally:
        await channel.stop()
        await runner.cleanup()


@pytest.fixture
async def polling(app: App, fake: FakeZaloServer) -> AsyncIterator[Zalo]:
    async with running(app, fake, "polling") as zalo:
        yield zalo


@pytest.fixture
async def webhook(app: App, fake: FakeZaloServer) -> AsyncIterator[Zalo]:
    async with running(app, fake, "webhook") as zalo:
        yield zalo


@pytest.fixture(params=["polling", "webhook"])
async def zalo(request: pytest.FixtureRequest, app: App, fake: FakeZaloServer) -> AsyncIterator[Zalo]:
    async with running(app, fake, request.param) as found:
        yield found


# --- a learner on Zalo, typing -----------------------------------------------------------

_ITEM = re.compile(r"^(\d+)\. (.+)$", re.MULTILINE)


@dataclass
class ZaloLearner:
    zalo: Zalo
    user: str = LAN
    last: list[str] = field(default_factory=list)

    @property
    def key(self) -> ConversationKey:
        return ConversationKey("zalo", self.user, self.user, bot=self.zalo.fake.bot_id)

    async def send(self, update: dict[str, Any]) -> list[str]:
        """Deliver one update the way the channel receives them; return the texts sent back."""
        fake, before = self.zalo.fake, len(self.zalo.fake.texts(self.user))
        if self.zalo.endpoint:
            status, _ = await fake.deliver(self.zalo.endpoint, update)
            assert status == 200
        else:
            fake.push(update)
            await fake.wait_for("sendMessage", len(fake.sent()) + 1)
        await self.zalo.channel.flush()
        self.last = fake.texts(self.user)[before:]
        return self.last

    async def say(self, text: str) -> list[str]:
        return await self.send(text_update(text, self.user))

    async def pick(self, label_start: str) -> list[str]:
        """Type the number printed before the option whose label starts so."""
        items = _ITEM.findall("\n".join(self.last))
        number = next(n for n, label in reversed(items) if label.startswith(label_start))
        return await self.say(number)

    async def state(self) -> DialogState:
        async with self.zalo.app.sessions() as session:
            learner = await repo.find_learner(session, self.key)
            assert learner is not None
            return DialogState.loads(await repo.load_state(session, learner.id))


async def count(app: App, table: type) -> int:
    async with app.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(table)) or 0)


async def onboard(lan: ZaloLearner, started: bool = False) -> None:
    """Through onboarding with typed numbers and unaccented words, as learners do."""
    if not started:
        await lan.say("/start")
    await lan.pick("Đồng ý")
    await lan.say("bac")
    await lan.say("Lan")
    await lan.pick("Từ 60")
    await lan.say("tan cuong")
    await lan.say("7 gio toi")


# --- the whole journey, polling and webhook, SQLite and PostgreSQL ------------------------


async def test_a_learner_onboards_reads_a_lesson_and_passes_its_quiz_by_typing(zalo: Zalo) -> None:
    lan = ZaloLearner(zalo)
    assert len(await lan.say("/start")) == 3
    sends = [c.method for c in zalo.fake.calls if c.method.startswith("send")]
    assert sends == ["sendChatAction", "sendMessage", "sendMessage", "sendMessage"]  # "typing" first
    await onboard(lan, started=True)
    assert (await lan.state()).name is StateName.MENU
    await lan.pick("Học tiếp")
    lesson = (await lan.state()).lesson
    while (await lan.state()).name is StateName.LESSON_CARD:
        await lan.say("tiep")
    asked = 0
    while (state := await lan.state()).name is StateName.QUIZ:
        shown = on_screen(state, zalo.app.library)  # options are shuffled per learner
        assert shown is not None
        await lan.say(str(shown.answer_at + 1))
        asked += 1
    async with zalo.app.sessions() as session:
        learner = await repo.find_learner(session, lan.key)
        assert learner is not None and (learner.address, learner.name) == ("bác", "Lan")
        progress = await session.get(LessonProgressRow, (learner.id, lesson))
    assert progress is not None and progress.status == "completed"
    assert progress.best_score == progress.total == asked
    texts = zalo.fake.texts(LAN)
    assert all(0 < size(t) <= MAX_CHARS for t in texts)
    assert any("1. Đồng ý" in t and HINT in t for t in texts)
    assert not any("{" in t or "Traceback" in t for t in texts)


async def test_polling_deletes_the_webhook_first_and_webhook_mode_registers_url_and_secret(
    app: App, fake: FakeZaloServer
) -> None:
    polling = fast_channel(app, zalo_settings(fake))
    await polling.start()
    await fake.wait_for("getUpdates", 1)
    await polling.stop()
    assert [c.method for c in fake.calls[:3]] == ["getMe", "deleteWebhook", "getUpdates"]
    assert fake.sent("getUpdates")[0] == {"timeout": "5"}  # a string of seconds, as Zalo wants
    hooked = fast_channel(app, zalo_settings(fake, webhook=True))
    await hooked.start()
    await hooked.stop()
    assert fake.sent("setWebhook") == [{"url": PUBLIC_URL, "secret_token": SECRET}]
    assert fake.sent("getUpdates") and hooked.routes() and not polling.routes()


# --- webhook security and body shapes -----------------------------------------------------


async def test_a_wrong_or_missing_secret_gets_401_and_nothing_is_stored(webhook: Zalo) -> None:
    for secret in ("wrong-secret-value", "", SECRET[:-1], SECRET + "x"):
        status, _ = await webhook.fake.deliver(webhook.endpoint, text_update("/start"), secret=secret)
        assert status == 401
    assert await count(webhook.app, ProcessedUpdate) == 0
    assert await count(webhook.app, Learner) == 0
    assert webhook.fake.sent() == []


async def test_a_body_that_is_not_json_gets_400(webhook: Zalo) -> None:
    headers = {"X-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    async with aiohttp.ClientSession() as session:
        async with session.post(webhook.endpoint, data=b"{not json", headers=headers) as answer:
            assert answer.status == 400
        async with session.post(webhook.endpoint, data=b"\xff\xfe", headers=headers) as answer:
            assert answer.status == 400
    assert await count(webhook.app, ProcessedUpdate) == 0


async def test_wrapped_and_bare_bodies_are_both_understood(webhook: Zalo) -> None:
    first = text_update("/start")
    assert (await webhook.fake.deliver(webhook.endpoint, first, wrapped=True))[0] == 200
    assert (await webhook.fake.deliver(webhook.endpoint, text_update("1"), wrapped=False))[0] == 200
    await webhook.channel.flush()
    assert await count(webhook.app, ProcessedUpdate) == 2
    assert (await ZaloLearner(webhook).state()).name is StateName.ONB_ADDRESS  # "1" chose "Đồng ý"


async def test_an_update_posted_twice_is_handled_once(webhook: Zalo) -> None:
    lan = ZaloLearner(webhook)
    update = text_update("/start")
    assert await lan.send(update)
    assert await lan.send(update) == []
    async with webhook.app.sessions() as session:
        keys = list((await session.execute(select(ProcessedUpdate.update_key))).scalars())
    assert keys == [f"message.text.received:{update['message']['message_id']}"]


# --- what Zalo cannot show us ---------------------------------------------------------------


async def test_a_refused_typing_indicator_does_not_cost_the_reply(webhook: Zalo) -> None:
    webhook.fake.fail("sendChatAction", 400, "Bad request")
    assert len(await ZaloLearner(webhook).say("/start")) == 3


async def test_a_withheld_message_is_explained_in_the_learners_voice(zalo: Zalo) -> None:
    lan = ZaloLearner(zalo)
    await onboard(lan)
    before = await lan.state()
    replies = "\n".join(await lan.send(unsupported_update()))
    assert "Cháu chưa đọc được tin nhắn vừa rồi" in replies and "Bác gõ một con số" in replies
    assert "Zalo không chuyển nội dung" in replies
    assert "chưa xem được ảnh" not in replies  # the engine's photo notice would be wrong here
    assert "1. " in replies  # the screen again, so the learner can answer at once
    assert (await lan.state()).name is before.name


async def test_a_withheld_first_message_still_gets_the_greeting(webhook: Zalo) -> None:
    replies = "\n".join(await ZaloLearner(webhook).send(unsupported_update()))
    assert replies.startswith("Mình chưa đọc được tin nhắn vừa rồi") and "Xin chào!" in replies


async def test_photos_and_stickers_get_the_text_only_notice(webhook: Zalo) -> None:
    lan = ZaloLearner(webhook)
    await lan.say("/start")
    for update in (image_update(), sticker_update()):
        replies = "\n".join(await lan.send(update))
        assert "chưa xem được ảnh" in replies and "1. Đồng ý" in replies


# --- sending: long texts, the outbox sender and its error classes ---------------------------


async def test_a_long_outbox_text_reaches_zalo_in_pieces_under_the_limit(polling: Zalo) -> None:
    sentence = "Không bao giờ đọc mã OTP cho người khác qua điện thoại, kể cả người xưng là ngân hàng. "
    long = sentence * 60  # about 5,000 characters
    await polling.channel.send(LAN, [Text(long)])
    pieces = polling.fake.texts(LAN)
    assert len(pieces) == 3 and all(size(p) <= MAX_CHARS and p.endswith("ngân hàng.") for p in pieces)
    assert " ".join(pieces).split() == long.split()


async def _zalo_row(app: App, clock: ScaledClock) -> int:
    async with app.sessions.begin() as session:
        learner = await repo.lock_learner(
            session, ConversationKey("zalo", LAN, LAN, bot="1234567890"), clock.now(), "UTC"
        )
        enqueue(
            session, learner, "reminder", [Choices("Đến giờ học rồi ạ!", (Option("a", "Học ngay"),), 1)], clock.now()
        )
    async with app.sessions() as session:
        return int(await session.scalar(select(OutboxMessage.id)) or 0)


async def _row(app: App, row_id: int) -> OutboxMessage:
    async with app.sessions() as session:
        row = await session.get(OutboxMessage, row_id)
        assert row is not None
        return row


@pytest.fixture
async def idle(app: App, fake: FakeZaloServer) -> AsyncIterator[ZaloChannel]:
    """A channel that is not receiving: only its way out is used."""
    channel = fast_channel(app, zalo_settings(fake))
    yield channel
    await channel.client.aclose()


async def test_a_429_makes_the_sender_wait_and_send_later(app: App, idle: ZaloChannel, fake: FakeZaloServer) -> None:
    clock = ScaledClock(app.clock.now(), factor=5)
    row_id = await _zalo_row(app, clock)
    sender = Sender(idle, app.sessions, clock, Limiter(1000, 1000), sleep=clock.sleep)
    fake.fail("sendMessage", 429, "Quota exceeded")  # Zalo's 429 says nothing about when to come back
    tried = clock.now()
    assert await sender.drain_once() == 1
    row = await _row(app, row_id)
    assert (row.status, row.attempts) == ("pending", 0)  # being asked to wait is not a failed try
    assert row.not_before >= tried + timedelta(seconds=1)  # our default pause: 1 s
    assert await sender.drain_once() == 0  # not due yet
    await clock.sleep(1)
    assert await sender.drain_once() == 1
    assert (await _row(app, row_id)).status == "sent"
    assert fake.texts(LAN) == [f"Đến giờ học rồi ạ!\n1. Học ngay\n{HINT}"]


async def test_a_5xx_is_retried_with_back_off_until_the_retry_window_closes(
    app: App, idle: ZaloChannel, fake: FakeZaloServer
) -> None:
    clock = ScaledClock(app.clock.now(), factor=500)
    fake.clock = clock.monotonic
    row_id = await _zalo_row(app, clock)
    sender = Sender(idle, app.sessions, clock, Limiter(1000, 1000), sleep=clock.sleep, retry_window=120)
    fake.outage(10_000, "500-html")  # a proxy's error page, for longer than the window
    started = clock.now()
    while (await _row(app, row_id)).status == "pending":
        await sender.drain_once()
        await clock.sleep(1)
    row = await _row(app, row_id)
    assert row.status == "failed" and row.failing_since is not None
    assert 120 <= (clock.now() - started).total_seconds() < 300
    assert 4 <= row.attempts <= 12  # backing off: 1 s, 2 s, 4 s... not one try a second
    assert fake.sent() == [] and sender.counts["failed"] == 1


async def test_zalo_answers_map_onto_the_closed_set_of_send_errors(polling: Zalo) -> None:
    fake, channel = polling.fake, polling.channel
    cases: list[tuple[int, str, dict[str, Any], type[Exception]]] = [
        (429, "Quota exceeded", {"http_status": False}, Throttled),
        (403, "Internal server error", {}, Transient),
        (500, "Internal server error", {}, Transient),
        (400, "Bad request", {}, Permanent),
        (404, "Not found", {}, Permanent),
        (401, "Unauthorized", {}, Permanent),
    ]
    for code, description, shape, expected in cases:
        fake.fail("sendMessage", code, description, **shape)
        with pytest.raises(expected) as raised:
            await channel.send(LAN, [Text("Chào bác")])
        if expected is Throttled:
            assert isinstance(raised.value, Throttled) and raised.value.retry_after == 1.0
    fake.fail("sendMessage", 429, retry_after=7)
    with pytest.raises(Throttled) as throttled:
        await channel.send(LAN, [Text("Chào bác")])
    assert throttled.value.retry_after == 7.0


async def test_no_answer_at_all_is_transient(fake: FakeZaloServer) -> None:
    await fake.close()  # nothing listens on this port any more
    client = ZaloClient(SecretStr(fake.token), fake.url)
    try:
        with pytest.raises(ZaloError) as raised:
            await client.send_message(LAN, "Chào bác")
    finally:
        await client.aclose()
    assert isinstance(classify(raised.value), Transient) and fake.token not in str(raised.value)


def test_only_a_plain_blocked_description_means_blocked() -> None:
    assert isinstance(classify(ZaloError("sendMessage", 400, "User has blocked the bot")), Blocked)
    assert isinstance(classify(ZaloError("sendMessage", 403, "Người dùng đã chặn bot")), Blocked)
    assert isinstance(classify(ZaloError("sendMessage", 400, "chat_id is invalid")), Permanent)


# --- polling: empty polls, errors, the token in logs ----------------------------------------


async def test_empty_polls_and_errors_keep_the_loop_going(
    app: App, fake: FakeZaloServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.channels.zalo.channel")
    channel = fast_channel(app, zalo_settings(fake))
    channel.config = replace(channel.config, poll_timeout=0)  # every poll ends at once with 408
    fake.fail("getUpdates", 500, "Internal server error", times=2)
    await channel.start()
    try:
        async with sending(app, channel, ScaledClock(app.clock.now())):
            await fake.wait_for("getUpdates", 4)
            fake.push(text_update("/start"))
            await fake.wait_for("sendMessage", 1)
    finally:
        await channel.stop()
    assert await count(app, ProcessedUpdate) == 1
    said = [(r.levelno, r.getMessage()) for r in caplog.records if r.name == "bot.channels.zalo.channel"]
    # Two failures in a row are one incident: said when it starts and when it ends. A 408 is no failure.
    assert said == [
        (logging.WARNING, "zalo getUpdates: failing (500 Internal server error); retrying with back-off"),
        (logging.INFO, "zalo getUpdates: working again after 0 s and 2 failures"),
    ]


async def test_the_token_never_reaches_a_log(app: App, fake: FakeZaloServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    channel = fast_channel(app, zalo_settings(fake))
    fake.fail("getUpdates", 401, "Unauthorized")
    await channel.start()
    try:
        async with sending(app, channel, ScaledClock(app.clock.now())):
            fake.push(text_update("/start"))
            await fake.wait_for("sendMessage", 1)
            await channel.flush()
    finally:
        await channel.stop()
    secret_part = fake.token.split(":", 1)[1]
    assert "HTTP Request" in caplog.text and "/bot<redacted>/getUpdates" in caplog.text
    assert secret_part not in caplog.text
    assert "ZALO_BOT_TOKEN was rejected" in caplog.text


async def test_a_rejected_token_stops_start_up_with_one_sentence(app: App, fake: FakeZaloServer) -> None:
    wrong = zalo_settings(fake, zalo_bot_token="999:not-the-token")  # noqa: S106 — a wrong token on purpose
    channel = build_zalo(app, wrong, Limiter(10, 1))
    assert isinstance(channel, ZaloChannel)
    try:
        with pytest.raises(SettingsError) as raised:
            await channel.start()
    finally:
        await channel.stop()
    assert (
        raised.value.message.startswith("Zalo rejected ZALO_BOT_TOKEN") and "not-the-token" not in raised.value.message
    )


def test_webhook_mode_needs_a_secret_of_8_to_256_characters() -> None:
    base = {"zalo_bot_token": "1:abc", "zalo_webhook_url": PUBLIC_URL}
    for secret in (None, "short", "x" * 257):
        with pytest.raises(SettingsError) as raised:
            zalo_config(load_settings(**base, zalo_webhook_secret=secret))
        assert "ZALO_WEBHOOK_SECRET" in raised.value.message
    assert zalo_config(load_settings(**base, zalo_webhook_secret="x" * 8)).webhook


# --- pure pieces: parsing, rendering, splitting ---------------------------------------------


def test_updates_become_inbound_events_keyed_by_chat_user_and_bot() -> None:
    update = text_update("2", user="u-9")
    parsed = parse(update, bot="42")
    assert parsed is not None and parsed.key == ConversationKey("zalo", "u-9", "u-9", bot="42")
    assert parsed.update_key == f"message.text.received:{update['message']['message_id']}"
    assert parsed.inbound.kind is InboundKind.TEXT and parsed.inbound.text == "2"
    image = parse(image_update(), bot="42")
    assert image is not None and image.inbound.kind is InboundKind.MEDIA and image.inbound.media == "image"
    withheld = parse(unsupported_update(), bot="42")
    assert withheld is not None and withheld.withheld


def test_groups_bots_and_reactions_are_not_answered() -> None:
    group = text_update("1")
    group["message"]["chat"]["chat_type"] = "GROUP"
    robot = text_update("1")
    robot["message"]["from"]["is_bot"] = True
    reaction = {**text_update("1"), "event_name": "message.reaction.received"}
    assert [parse(u, bot="42") for u in (group, robot, reaction, {"event_name": "x"})] == [None] * 4


def test_unwrap_takes_both_shapes_and_nothing_else() -> None:
    bare = text_update("1")
    assert unwrap({"ok": True, "result": bare}) == bare == unwrap(bare)
    assert unwrap([bare]) is None and unwrap({"ok": True}) is None and unwrap("x") is None


def test_a_very_long_message_id_still_fits_the_dedup_column() -> None:
    key = update_key("message.text.received", "9" * 500)
    assert len(key) <= 128 and key != update_key("message.text.received", "9" * 499)


def test_choices_become_a_numbered_list_and_other_messages_plain_text() -> None:
    options = (Option("a", "Tiếp"), Option("b", "Về menu"))
    assert render([Choices("Bài 1", options, 3)]) == [f"Bài 1\n1. Tiếp\n2. Về menu\n{HINT}"]
    assert render([Choices("Gõ số thứ tự nhé", options, 3)]) == ["Gõ số thứ tự nhé\n1. Tiếp\n2. Về menu"]
    assert render([Link("https://dichvucong.gov.vn", "Cổng dịch vụ công")]) == [
        "Cổng dịch vụ công\nhttps://dichvucong.gov.vn"
    ]
    assert render([Image("certificate:HV7K2Q9P", "Giấy chứng nhận — mã xác minh HV7K2Q9P"), Image("x")]) == [
        "Giấy chứng nhận — mã xác minh HV7K2Q9P"
    ]


def test_split_cuts_at_sentence_ends_and_keeps_every_word() -> None:
    text = "Câu một rất ngắn. " * 10 + "Câu cuối!"
    pieces = split_text(text, limit=50)
    assert all(size(p) <= 50 and p.endswith((".", "!")) for p in pieces)
    assert " ".join(pieces).split() == text.split()


def test_split_keeps_list_numbers_with_their_items() -> None:
    text = "Chọn một:\n" + "\n".join(f"{n}. Mục số {n} ở đây" for n in range(1, 9))
    pieces = split_text(text, limit=60)
    assert all(re.fullmatch(r"(Chọn một:|\d\. Mục số \d ở đây)(\n\d\. Mục số \d ở đây)*", p) for p in pieces)


def test_one_huge_sentence_is_cut_between_words_and_a_huge_word_by_force() -> None:
    words = ["xin", "chào", "bác", "Lan", "ơi"] * 30
    pieces = split_text(" ".join(words), limit=40)
    assert all(size(p) <= 40 for p in pieces) and " ".join(pieces).split() == words
    link = "https://example.vn/" + "a" * 100
    assert "".join(split_text(link, limit=40)) == link and all(size(p) <= 40 for p in split_text(link, limit=40))


def test_size_counts_like_zalo_so_emoji_take_two() -> None:
    assert size("Chúc mừng 🎉") == len("Chúc mừng 🎉") + 1
    assert all(size(p) <= 10 for p in split_text("🎉" * 30, limit=10))


@given(st.lists(st.text(alphabet="abcđêô ờ.!?\n", min_size=1, max_size=30), min_size=1, max_size=40))
def test_split_never_exceeds_the_limit_and_never_loses_a_word(parts: list[str]) -> None:
    text = " ".join(parts)
    pieces = split_text(text, limit=40)
    assert all(0 < size(p) <= 40 for p in pieces)
    assert " ".join(pieces).split() == text.split()


def test_redact_hides_tokens_in_urls() -> None:
    url = "https://bot-api.zaloplatforms.com/bot123:abc-xyz/sendMessage"
    assert redact(f'HTTP Request: POST {url} "HTTP/1.1 200 OK"').count("abc-xyz") == 0


# --- outages: nothing is lost, nothing is sent twice ------------------------------------------


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("kind", ["500", "500-html", "429", "drop", "hang"])
async def test_a_reply_sent_during_a_4_second_outage_arrives_once_after_it(zalo: Zalo, kind: str) -> None:
    fake = zalo.fake
    fake.clock = zalo.sender_clock.monotonic
    # Updates still arrive; every send fails for 4 s from the reply's first try (Zalo's 429
    # carries no hint of when to come back: the sender waits its own default each time).
    outage = fake.outage(4, kind, methods=("sendMessage",), from_first_call=True)
    update = text_update("/start")
    if zalo.endpoint:
        status, _ = await fake.deliver(zalo.endpoint, update)
        assert status == 200  # the turn and its replies are stored: nothing for Zalo to redeliver
    else:
        fake.push(update)
    await fake.wait_for("sendMessage", 3, seconds=20)
    texts = fake.texts(LAN)
    assert texts[0].startswith("Xin chào!") and len(set(texts)) == len(texts) == 3
    assert fake.clock() >= outage.until
    assert any(not c.ok for c in fake.calls if c.method == "sendMessage")  # it was tried meanwhile


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_replies_leave_at_once_at_our_limits_typing_included(app: App, fake: FakeZaloServer) -> None:
    """Our own Zalo pace (10/s, about 1/s per chat): "typing" and a reply of three messages,
    then the next answer a second later. The typing action takes no place in the limits."""
    time = ScaledClock(app.clock.now(), factor=1)  # the wall clock, shared by the fake and the limiter
    fake.clock = time.monotonic
    config = replace(zalo_config(zalo_settings(fake, webhook=True)), poll_timeout=5)
    channel = ZaloChannel(app, config, Limiter(10, 1, clock=time.monotonic, sleep=time.sleep))
    runner, url = await serve(build_web_app(channel.routes()))
    await channel.start()
    try:
        async with sending(app, channel, time):
            started = time.monotonic()
            assert (await fake.deliver(f"{url}/webhook/zalo", text_update("/start")))[0] == 200
            await fake.wait_for("sendMessage", 3)
            await time.sleep(1.0)
            answered = time.monotonic()
            assert (await fake.deliver(f"{url}/webhook/zalo", text_update("1")))[0] == 200
            await fake.wait_for("sendMessage", 4)
    finally:
        await channel.stop()
        await runner.cleanup()
    sends = [c for c in fake.calls if c.method.startswith("send")]
    assert [c.method for c in sends[:4]] == ["sendChatAction", "sendMessage", "sendMessage", "sendMessage"]
    assert sends[3].time - started < 1.0  # typing and three messages, not spread over seconds
    assert sends[-1].time - answered < 1.0  # the next answer does not wait for a window


# --- bodies we cannot read: 400, and nothing stored -------------------------------------------

BAD_IDS: list[object] = [{"id": "an object"}, ["a", "list"], "9" * 65, 12.5, True, "tab\there"]


async def test_webhook_bodies_too_deep_or_with_ids_that_are_not_ids_get_400_and_store_nothing(webhook: Zalo) -> None:
    headers = {"X-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    deep = json.dumps(functools.reduce(lambda inner, _: {"result": inner}, range(40), text_update("/start")))
    async with aiohttp.ClientSession() as session:
        for body in (b"[" * 100_000 + b"]" * 100_000, deep.encode()):
            async with session.post(webhook.endpoint, data=body, headers=headers) as answer:
                assert answer.status == 400
    for bad in BAD_IDS:
        for part in ("chat", "from"):
            update = text_update("/start")
            update["message"][part]["id"] = bad
            assert (await webhook.fake.deliver(webhook.endpoint, update))[0] == 400, (part, bad)
        update = text_update("/start")
        update["message"]["message_id"] = bad if not isinstance(bad, str) else "\n"
        assert (await webhook.fake.deliver(webhook.endpoint, update))[0] == 400, ("message_id", bad)
    assert await count(webhook.app, Learner) == 0
    assert await count(webhook.app, ProcessedUpdate) == 0
    assert await count(webhook.app, OutboxMessage) == 0


async def test_words_questions_and_a_pasted_scam_are_read_as_on_the_console(webhook: Zalo) -> None:
    lan = ZaloLearner(webhook)
    for line in ONBOARDING_TYPED:
        await lan.say(line)
    expected = await console_twin(webhook.app)
    for parts, line in zip(expected, AFTER_ONBOARDING, strict=True):
        replies = "\n".join(await lan.say(line))
        assert parts and all(part in replies for part in parts), (parts, replies)
    assert "🔴" in replies
    assert (await lan.state()).name is StateName.SCAM_RESULT
