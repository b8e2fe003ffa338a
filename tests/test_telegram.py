"""The Telegram channel over real HTTP: aiogram against a fake Bot API server, on SQLite and PostgreSQL.

Every test that takes `harness` runs in long-polling and in webhook mode. In webhook mode the
fake posts updates to our aiohttp server as Telegram would (through a "reverse proxy" that
maps the public https address to 127.0.0.1), with the secret header. Replies go through the
outbox: the harness runs the channel's sender beside it, on a clock that runs fast.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest
from aiohttp import ClientSession, web
from sqlalchemy import func, select

from bot import outbox
from bot.app import App
from bot.channels.base import Blocked, Delivery, Permanent, SendError, Throttled, Transient
from bot.channels.telegram import WEBHOOK_PATH, TelegramChannel, build_telegram
from bot.channels.telegram.render import MAX_CALLBACK_BYTES, CallbackCodec, keyboard, split_text, utf16_units
from bot.keys import ConversationKey
from bot.ratelimit import Limiter
from bot.settings import Settings, SettingsError, load_settings
from bot.storage import repo
from bot.storage.models import (
    Certificate,
    Learner,
    LearningEvent,
    LessonProgressRow,
    OutboxMessage,
    ProcessedUpdate,
    ReviewItem,
)
from dialogs.flows.quiz import on_screen
from dialogs.messages import Choices, Image, InboundKind, Option, Text
from dialogs.state import DialogState, StateName
from tests.conftest import START
from tests.fakes.clock import ScaledClock
from tests.fakes.sending import sending, settled
from tests.fakes.telegram_server import BOT_ID, BOT_USERNAME, TOKEN, Call, FakeTelegram, Json, Person, Updates
from tests.helpers import AFTER_ONBOARDING, ONBOARDING_TYPED, PASTED_SCAM, console_twin

SECRET = "hocvuso-webhook_Secret-42"  # noqa: S105 — made up for the fake
PUBLIC_URL = "https://hocvuso.example.vn/webhook/telegram"
LAN = Person(5_550_001, "Lan")
# For tests where the database plays no part: the backend is not what they exercise.
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def channel_settings(app: App, fake: FakeTelegram, webhook: bool, **changes: object) -> Settings:
    values: dict[str, object] = {
        "database_url": app.settings.database_url,
        "data_dir": app.settings.data_dir,
        "telegram_bot_token": TOKEN,
        "telegram_api_base": fake.base_url,
        "telegram_webhook_url": PUBLIC_URL if webhook else "",
        "telegram_webhook_secret": SECRET if webhook else None,
    }
    return load_settings(**(values | changes))


def fast_limiter() -> Limiter:
    # The limiter is tested on its own; here it must not stretch a 40-turn lesson over a minute,
    # nor hold a reply's 5th message for a second: its windows pass 50 times faster.
    time = ScaledClock(START)
    return Limiter(1000, 1000, clock=time.monotonic, sleep=time.sleep)


@dataclass
class Harness:
    app: App
    fake: FakeTelegram
    channel: TelegramChannel
    mode: str
    web_url: str
    updates: Updates
    time: ScaledClock

    async def push(self, *updates: Json) -> list[Call]:
        """Deliver updates, wait until they are handled and their replies delivered; return
        the bot's calls meanwhile."""
        before = len(self.fake.calls)
        if self.mode == "polling":
            for update in updates:
                self.fake.queue(update)
            await self.fake.wait_confirmed(max(u["update_id"] for u in updates))
            await self.channel.drained()
        else:
            for update in updates:
                assert await self.fake.deliver(update) == 200
        await settled(self.channel)
        return [call for call in self.fake.calls[before:] if call.method != "getUpdates"]

    def chat(self, person: Person) -> Chat:
        return Chat(self, person)

    async def count(self, table: type) -> int:
        async with self.app.sessions() as session:
            return int(await session.scalar(select(func.count()).select_from(table)) or 0)


@dataclass
class Chat:
    """One learner in a private chat with the bot."""

    harness: Harness
    person: Person
    taps: int = 0

    @property
    def key(self) -> ConversationKey:
        return ConversationKey("telegram", str(self.person.id), str(self.person.id), bot=str(BOT_ID))

    async def say(self, text: str) -> list[Call]:
        return await self.harness.push(self.harness.updates.text(self.person, text))

    def last_keyboard(self) -> Call:
        drawn = [call for call in self.harness.fake.sent(self.person.id) if call.buttons]
        assert drawn, "no inline keyboard was sent to this chat"
        return drawn[-1]

    async def tap(self, label: str) -> list[Call]:
        message = self.last_keyboard()
        labels = [b["text"] for b in message.buttons]
        index = next(i for i, text in enumerate(labels) if text.split(". ", 1)[-1].startswith(label) or text == label)
        return await self.tap_index(index)

    async def tap_index(self, index: int) -> list[Call]:
        message = self.last_keyboard()
        data = message.buttons[index]["callback_data"]
        self.taps += 1
        return await self.harness.push(self.harness.updates.callback(self.person, data, message.result))

    async def state(self) -> DialogState:
        async with self.harness.app.sessions() as session:
            learner = await repo.find_learner(session, self.key)
            return DialogState.loads(await repo.load_state(session, learner.id) if learner else None)

    async def learner(self) -> Learner:
        async with self.harness.app.sessions() as session:
            learner = await repo.find_learner(session, self.key)
            assert learner is not None
            return learner


@pytest.fixture(params=["polling", "webhook"])
async def harness(request: pytest.FixtureRequest, app: App) -> AsyncIterator[Harness]:
    webhook = request.param == "webhook"
    time = ScaledClock(app.clock.now(), factor=10)
    async with FakeTelegram(clock=time.monotonic) as fake:
        channel = build_telegram(app, channel_settings(app, fake, webhook), fast_limiter(), poll_timeout=5)
        runner = web.AppRunner(web_app(channel))
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        host, port = runner.addresses[0][:2]
        fake.route_webhooks_to(f"http://{host}:{port}")
        await channel.start()
        url = f"http://{host}:{port}{WEBHOOK_PATH}"
        try:
            async with sending(app, channel, time):
                yield Harness(app, fake, channel, request.param, url, Updates(), time)
        finally:
            await channel.stop()
            await runner.cleanup()


def web_app(channel: TelegramChannel) -> web.Application:
    from bot.web import build_web_app

    return build_web_app(channel.routes())


def texts(calls: list[Call]) -> str:
    return "\n".join(call.text for call in calls if call.method in ("sendMessage", "editMessageText", "sendPhoto"))


async def onboard(chat: Chat) -> None:
    await chat.say("/start")
    await chat.tap("Đồng ý")
    await chat.tap("Bác")
    await chat.say("Lan")
    await chat.tap("Từ 60")
    await chat.say("tan cuong")
    await chat.tap("7 giờ tối")


# --- a whole journey ---------------------------------------------------------------------------


async def test_a_learner_onboards_reads_a_lesson_and_passes_its_quiz_with_buttons_and_numbers(
    harness: Harness,
) -> None:
    lan = harness.chat(LAN)
    await onboard(lan)
    assert (await lan.state()).name is StateName.MENU
    await lan.tap("Học tiếp")
    lesson_id = (await lan.state()).lesson
    while (await lan.state()).name is StateName.LESSON_CARD:
        await lan.tap("Tiếp")
    asked = 0
    while (state := await lan.state()).name is StateName.QUIZ:
        shown = on_screen(state, harness.app.library)  # options are shuffled per learner
        assert shown is not None
        if asked % 2:  # every other answer is typed as a number instead of tapped
            replies = await lan.say(str(shown.answer_at + 1))
        else:
            replies = await lan.tap_index(shown.answer_at)
        assert "Đúng" in texts(replies) or "✅" in texts(replies)
        asked += 1
    async with harness.app.sessions() as session:
        learner = await repo.find_learner(session, lan.key)
        assert learner is not None and learner.name == "Lan" and learner.consent
        progress = await session.get(LessonProgressRow, (learner.id, lesson_id))
    assert progress is not None and progress.status == "completed" and progress.best_score == asked
    fake = harness.fake
    assert len(fake.calls_to("answerCallbackQuery")) == lan.taps  # every tap stops its spinner
    for call in fake.sent():
        assert all(len(b["callback_data"].encode()) <= MAX_CALLBACK_BYTES for b in call.buttons)


@SQLITE_ONLY
async def test_start_up_registers_the_commands_in_vietnamese_and_how_updates_arrive(harness: Harness) -> None:
    fake = harness.fake
    [call] = fake.calls_to("setMyCommands")
    commands = {c["command"]: c["description"] for c in call.params["commands"]}
    assert set(commands) == {
        "batdau",
        "hoc",
        "ontap",
        "tiendo",
        "caidat",
        "trogiup",
        "menu",
        "xacminh",
        "dulieucuatoi",
        "xoadulieu",
        "tatnhacnho",
    }
    assert commands["hoc"] == "Học tiếp bài đang dở"
    assert all(not description.isascii() for description in commands.values())  # Vietnamese, with diacritics
    if harness.mode == "webhook":
        [call] = fake.calls_to("setWebhook")
        assert call.params["url"] == PUBLIC_URL and call.params["secret_token"] == SECRET
        assert set(call.params["allowed_updates"]) == {"message", "callback_query"}
        assert not fake.calls_to("getUpdates")
    else:
        assert fake.calls_to("deleteWebhook") and not fake.calls_to("setWebhook")
        await fake.wait_for(lambda calls: any(call.method == "getUpdates" for call in calls))


# --- security and duplicates ---------------------------------------------------------------------


@pytest.mark.parametrize("harness", ["webhook"], indirect=True)
async def test_a_webhook_without_the_right_secret_is_refused_and_touches_nothing(harness: Harness) -> None:
    update = harness.updates.text(LAN, "/start")
    async with ClientSession() as client:
        for secret in (None, "wrong-secret", SECRET + "x", SECRET[:-1], "", "Sécret"):
            headers = {} if secret is None else {"X-Telegram-Bot-Api-Secret-Token": secret}
            async with client.post(harness.web_url, json=update, headers=headers) as response:
                assert response.status == 401, secret
    assert await harness.count(ProcessedUpdate) == 0
    assert await harness.count(Learner) == 0
    assert harness.fake.sent() == []


@SQLITE_ONLY
@pytest.mark.parametrize("harness", ["webhook"], indirect=True)
async def test_a_webhook_body_that_is_not_an_update_is_a_bad_request(harness: Harness) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with ClientSession() as client, client.post(harness.web_url, data=b"{not json", headers=headers) as response:
        assert response.status == 400
    assert await harness.count(ProcessedUpdate) == 0


async def test_an_update_delivered_twice_is_handled_once(harness: Harness) -> None:
    update = harness.updates.text(LAN, "/start")
    calls = await harness.push(update, update)
    greetings = [call for call in calls if call.method == "sendMessage" and call.text.startswith("Xin chào!")]
    assert len(greetings) == 1
    assert await harness.count(ProcessedUpdate) == 1
    assert await harness.count(Learner) == 1


@pytest.mark.parametrize("harness", ["webhook"], indirect=True)  # taps are parsed alike in both modes
async def test_a_forged_or_stale_button_changes_nothing(harness: Harness) -> None:
    lan = harness.chat(LAN)
    await onboard(lan)
    await lan.tap("Học tiếp")
    menu_message = lan.last_keyboard().result
    before = await _snapshot(harness, lan)
    state = await lan.state()
    for data in (f"{state.screen + 7}:next", f"{state.screen}:l:not-a-lesson", "garbage", f"{state.screen - 1}:next"):
        replies = await harness.push(harness.updates.callback(LAN, data, menu_message))
        assert "Nút này đã cũ" in texts(replies)
        assert replies[0].method == "answerCallbackQuery"  # the spinner stops first
    assert await _snapshot(harness, lan) == before


async def _snapshot(harness: Harness, chat: Chat) -> tuple[object, ...]:
    learner = await chat.learner()
    row = {column.name: getattr(learner, column.name) for column in Learner.__table__.columns}
    async with harness.app.sessions() as session:
        progress = (await session.execute(select(LessonProgressRow).order_by(LessonProgressRow.lesson_id))).scalars()
        progress_rows = [(p.lesson_id, p.status, p.best_score) for p in progress]
        reviews = await session.scalar(select(func.count()).select_from(ReviewItem))
    return row, await chat.state(), await harness.count(LearningEvent), progress_rows, reviews


# --- what the learner sends that is not text ------------------------------------------------------


@SQLITE_ONLY
async def test_stickers_photos_voice_and_files_get_a_friendly_reply_and_keep_the_place(harness: Harness) -> None:
    lan = harness.chat(LAN)
    await lan.say("/start")
    place = await lan.state()
    updates = harness.updates
    for update in (updates.sticker(LAN), updates.photo(LAN, "ảnh đây"), updates.voice(LAN), updates.document(LAN)):
        replies = texts(await harness.push(update))
        assert "chưa xem được ảnh, nhãn dán hay tin nhắn thoại" in replies
        assert "Traceback" not in replies and "{" not in replies
    assert (await lan.state()).name is place.name


@SQLITE_ONLY
async def test_in_a_group_only_commands_get_a_pointer_to_a_private_chat(harness: Harness) -> None:
    updates = harness.updates
    calls = await harness.push(
        updates.group_text(LAN, "chào cả nhà"),
        updates.group_text(LAN, "/start@some_other_bot"),
        updates.group_text(LAN, "/hoc"),
        updates.group_text(LAN, f"/start@{BOT_USERNAME}", kind="group", group_id=-4455),
    )
    sent = [call for call in calls if call.method == "sendMessage"]
    assert sorted(call.chat_id or "" for call in sent) == sorted(["-1001234567890", "-4455"])
    for call in sent:
        assert "nhắn riêng" in call.text and f"https://t.me/{BOT_USERNAME}" in call.text
    assert await harness.count(Learner) == 0  # the tutor never ran


# --- sending: flood waits, blocked learners, the closed set of errors ---------------------------------


@SQLITE_ONLY
@pytest.mark.parametrize("harness", ["polling"], indirect=True)
async def test_a_flood_wait_on_a_reply_is_honoured_and_nothing_is_sent_twice(harness: Harness) -> None:
    # The 429 falls on the reply's second message: the first is not sent again, and the
    # reply is whole and in order once Telegram lets us go on.
    harness.fake.fail("sendMessage", 429, retry_after=3, after=1)
    await harness.push(harness.updates.text(LAN, "/start"))
    await harness.fake.wait_for(lambda _: len(harness.fake.sent(LAN.id)) == 3)
    sends = harness.fake.calls_to("sendMessage")
    assert [c.status for c in sends] == [200, 429, 200, 200]
    assert sends[2].text == sends[1].text and sends[0].text.startswith("Xin chào!")
    assert sends[2].time - sends[1].time >= 3.0  # on the sender's clock: it waited as asked


@pytest.mark.parametrize("harness", ["polling"], indirect=True)  # the outbox path is the same in both modes
async def test_a_learner_who_blocked_the_bot_is_marked_unreachable_by_the_outbox_sender(harness: Harness) -> None:
    lan = harness.chat(LAN)
    await lan.say("/start")
    harness.fake.block(LAN.id)
    async with harness.app.sessions.begin() as session:
        learner = await repo.find_learner(session, lan.key)
        assert learner is not None
        outbox.enqueue(session, learner, "reminder", [Text("⏰ Đến giờ học rồi ạ!")], harness.app.clock.now())
    harness.channel.doorbell.ring()
    await settled(harness.channel)
    assert (await lan.learner()).unreachable
    async with harness.app.sessions() as session:
        row = await session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "reminder"))
    assert row is not None and row.status == "unreachable"
    assert harness.fake.calls_to("sendMessage")[-1].status == 403


OUTCOMES: list[tuple[int, type[SendError]]] = [
    (429, Throttled),
    (403, Blocked),
    (500, Transient),
    (502, Transient),
    (400, Permanent),
]


@SQLITE_ONLY
async def test_send_maps_each_platform_answer_to_one_send_error(app: App) -> None:
    async with FakeTelegram() as fake:
        channel = build_telegram(app, channel_settings(app, fake, webhook=False), fast_limiter())
        try:
            for status, expected in OUTCOMES:
                fake.fail("sendMessage", status, retry_after=3 if status == 429 else None)
                with pytest.raises(expected) as raised:
                    await channel.send(str(LAN.id), [Text("Chào bác")])
                if isinstance(raised.value, Throttled):
                    assert raised.value.retry_after == 3
                await channel.send(str(LAN.id), [Text("Chào bác")])  # the failure was scripted once
        finally:
            await channel.stop()
    statuses = [c.status for c in fake.calls_to("sendMessage")]
    assert statuses == [code for status, _ in OUTCOMES for code in (status, 200)]


@SQLITE_ONLY
async def test_send_to_an_unreachable_bot_api_is_transient(app: App, unused_port: int) -> None:
    settings = load_settings(
        database_url=app.settings.database_url,
        telegram_bot_token=TOKEN,
        telegram_api_base=f"http://127.0.0.1:{unused_port}",
    )
    channel = build_telegram(app, settings, fast_limiter())
    try:
        with pytest.raises(Transient):
            await channel.send(str(LAN.id), [Text("Chào bác")])
    finally:
        await channel.stop()


@pytest.fixture
def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# --- images, long texts, keyboards, edits --------------------------------------------------------------


@pytest.mark.parametrize("harness", ["polling"], indirect=True)
async def test_a_certificate_is_drawn_and_sent_as_a_photo(harness: Harness) -> None:
    lan = harness.chat(LAN)
    await onboard(lan)
    learner = await lan.learner()
    async with harness.app.sessions.begin() as session:
        session.add(
            Certificate(
                code="HVTEST23", learner_id=learner.id, module_id="vneid", name="Lan", issued_at=harness.app.clock.now()
            )
        )
    before = len(harness.fake.calls)
    await harness.channel.send(
        str(LAN.id), [Image("certificate:HVTEST23", "Giấy chứng nhận — mã HVTEST23")], Delivery(reply=True)
    )
    await harness.channel.send(str(LAN.id), [Image("certificate:HVTEST23", "Giấy chứng nhận")])
    calls = harness.fake.calls[before:]
    assert [c.method for c in calls] == ["sendChatAction", "sendPhoto", "sendPhoto"]
    assert calls[0].params["action"] == "upload_photo"
    for photo in calls[1:]:
        assert photo.files["photo"].startswith(b"\x89PNG") and photo.ok
    assert calls[1].text == "Giấy chứng nhận — mã HVTEST23"


@SQLITE_ONLY
@pytest.mark.parametrize("harness", ["webhook"], indirect=True)
async def test_a_choice_marked_edit_previous_replaces_the_tapped_message(harness: Harness) -> None:
    channel, fake = harness.channel, harness.fake
    question = Choices("Câu 1?", (Option("a0", "Có"), Option("a1", "Không")), screen=3)
    chat = str(LAN.id)
    await channel.send(chat, [question], Delivery(reply=True))
    first = fake.sent(LAN.id)[-1]
    following = Choices("Câu 2?", (Option("a0", "Đúng"), Option("a1", "Sai")), screen=4, edit_previous=True)
    # Through the outbox, as a turn that answers a tap queues it: the tapped message id rides along.
    await channel.send(chat, outbox.loads(outbox.dumps([following])), Delivery(True, str(first.result["message_id"])))
    edit = fake.sent(LAN.id)[-1]
    assert edit.method == "editMessageText" and edit.params["message_id"] == str(first.result["message_id"])
    assert fake.messages[(str(LAN.id), first.result["message_id"])]["text"] == "Câu 2?"
    await channel.send(chat, [following], Delivery(True, "987654"))  # gone: sent as a new message instead
    assert [c.method for c in fake.calls[-2:]] == ["editMessageText", "sendMessage"]
    assert fake.calls[-2].status == 400 and fake.calls[-1].text == "Câu 2?"
    await channel.send(chat, [following], Delivery(reply=True))
    assert fake.calls[-1].method == "sendMessage"


def test_a_long_text_is_split_at_sentence_ends_within_the_limit() -> None:
    sentence = "Không bao giờ đưa mã OTP cho ai, kể cả người xưng là ngân hàng hay công an. "
    text = sentence * 120 + "🎉 Hết."
    pieces = split_text(text)
    assert len(pieces) >= 3
    assert all(utf16_units(p) <= 4096 for p in pieces)
    assert all(p.endswith(".") for p in pieces)
    assert " ".join(pieces).split() == text.split()
    assert split_text("Ngắn thôi.") == ["Ngắn thôi."]
    no_spaces = "x" * 9000
    assert "".join(split_text(no_spaces)) == no_spaces


def test_callback_data_fits_64_bytes_and_comes_back_as_the_same_choice() -> None:
    codec = CallbackCodec()
    longest_lesson = "l:" + "a" * 48
    for option in ("next", "rem:07:00", longest_lesson, "addr:bác"):
        data = codec.encode(123_456, option)
        assert len(data.encode()) <= MAX_CALLBACK_BYTES
        inbound = codec.decode(data)
        assert (inbound.kind, inbound.option, inbound.screen) == (InboundKind.CHOICE, option, 123_456)
    too_long = "family:" + "người-thân-" * 8
    data = codec.encode(7, too_long)
    assert len(data.encode()) <= MAX_CALLBACK_BYTES and codec.decode(data).option == too_long
    assert CallbackCodec().decode(data).option == ""  # another process: an unknown tap, answered as stale
    assert codec.decode("x:next").screen == -1


def test_short_labels_sit_two_to_a_row_and_long_ones_are_numbered_in_the_text() -> None:
    codec = CallbackCodec()
    short = Choices("Bác đồng ý không?", (Option("yes", "Đồng ý"), Option("no", "Không đồng ý")), screen=1)
    assert [len(row) for row in keyboard(short, codec, numbered=False).inline_keyboard] == [2]
    long_label = "Gọi lại số tổng đài in trên thẻ ngân hàng để hỏi cho chắc chắn"
    mixed = Choices("?", (Option("a0", long_label), Option("a1", "Bỏ qua"), Option("a2", "Chặn")), screen=2)
    rows = keyboard(mixed, codec, numbered=True).inline_keyboard
    assert [len(row) for row in rows] == [1, 1, 1] and rows[0][0].text.startswith("1. ")


# --- settings and start-up ------------------------------------------------------------------------------


BAD_SETTINGS: list[tuple[dict[str, object], str]] = [
    ({"telegram_webhook_secret": None}, "TELEGRAM_WEBHOOK_SECRET is required"),
    ({"telegram_webhook_secret": "has spaces!"}, "TELEGRAM_WEBHOOK_SECRET must be"),
    ({"telegram_bot_token": "not-a-token"}, "TELEGRAM_BOT_TOKEN is invalid"),
]


@SQLITE_ONLY
async def test_a_bad_telegram_setting_stops_start_up_with_one_sentence(app: App) -> None:
    async with FakeTelegram() as fake:
        for changes, named in BAD_SETTINGS:
            with pytest.raises(SettingsError) as raised:
                build_telegram(app, channel_settings(app, fake, webhook=True, **changes), fast_limiter())
            assert named in raised.value.message
            assert SECRET not in raised.value.message and TOKEN not in raised.value.message


@SQLITE_ONLY
async def test_start_up_stops_with_one_sentence_when_telegram_refuses_the_token_or_the_webhook(app: App) -> None:
    other_token = "987654321:AAOtherTokenXXXXXXXXXXXXXXXXXXXXXXXX"  # noqa: S105 — made up
    reason = "Bad Request: bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443"
    async with FakeTelegram(token=other_token) as stranger, FakeTelegram() as fake:
        fake.fail("setWebhook", 400, description=reason)
        for server, webhook, named in ((stranger, False, "TELEGRAM_BOT_TOKEN"), (fake, True, "TELEGRAM_WEBHOOK_URL")):
            channel = build_telegram(app, channel_settings(app, server, webhook=webhook), fast_limiter())
            try:
                with pytest.raises(SettingsError) as raised:
                    await channel.start()
            finally:
                await channel.stop()
            assert named in raised.value.message
            assert TOKEN not in raised.value.message and SECRET not in raised.value.message
    assert reason in raised.value.message


@SQLITE_ONLY
@pytest.mark.parametrize("harness", ["polling"], indirect=True)
async def test_polling_keeps_one_chat_in_order_and_stops_promptly(harness: Harness) -> None:
    lan = harness.chat(LAN)
    await lan.say("/start")
    updates = harness.updates
    # Typed fast: agree, then pick the first form of address; the second needs the first done.
    await harness.push(updates.text(LAN, "1"), updates.text(LAN, "1"))
    assert (await lan.state()).name is StateName.ONB_NAME
    started = time.monotonic()
    await harness.channel.stop()
    assert time.monotonic() - started < 2.0  # the 5-second long poll is cut, not waited out


# --- outages: nothing is lost, nothing is sent twice ------------------------------------------------


@SQLITE_ONLY
@pytest.mark.parametrize("kind", ["500", "500-html", "429", "drop", "hang"])
async def test_a_reply_sent_during_a_4_second_outage_arrives_once_after_it(harness: Harness, kind: str) -> None:
    fake = harness.fake
    # Updates still arrive; sending fails for 4 s from the reply's first try.
    outage = fake.outage(4, kind, methods=("sendMessage",), from_first_call=True)
    update = harness.updates.text(LAN, "/start")
    if harness.mode == "webhook":
        assert await fake.deliver(update) == 200  # the turn and its replies are stored: no redelivery needed
    else:
        fake.queue(update)
    await fake.wait_for(lambda _: len(fake.sent(LAN.id)) >= 3, seconds=20)
    await settled(harness.channel)
    sent = fake.sent(LAN.id)
    assert sent[0].text.startswith("Xin chào!") and len({c.text for c in sent}) == len(sent) == 3
    assert all(c.time >= outage.until for c in sent)
    assert any(c.status != 200 and c.time < outage.until for c in fake.calls_to("sendMessage"))  # it was tried


@SQLITE_ONLY
@pytest.mark.parametrize("harness", ["polling"], indirect=True)
async def test_dropped_long_polls_are_taken_up_again_and_the_update_is_answered(harness: Harness) -> None:
    harness.fake.outage(4, "drop", methods=("getUpdates",))
    harness.fake.queue(harness.updates.text(LAN, "/start"))
    await harness.fake.wait_for(lambda _: len(harness.fake.sent(LAN.id)) == 3, seconds=20)
    assert any(c.status == 0 for c in harness.fake.calls_to("getUpdates"))


@SQLITE_ONLY
async def test_replies_leave_at_once_at_the_real_limits_and_so_does_the_next_turn_s(app: App) -> None:
    """Telegram's own pace (30/s, about 1/s per chat): a reply of three messages, then the
    answer to a tap a second later. Pacing is for bulk; a learner reading must not wait."""
    time = ScaledClock(app.clock.now(), factor=1)  # the wall clock, shared by the fake and the limiter
    limiter = Limiter(30, 1, clock=time.monotonic, sleep=time.sleep)
    async with FakeTelegram(clock=time.monotonic) as fake:
        channel = build_telegram(app, channel_settings(app, fake, webhook=True), limiter)
        runner = web.AppRunner(web_app(channel))
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        fake.route_webhooks_to("http://{}:{}".format(*runner.addresses[0][:2]))
        await channel.start()
        try:
            async with sending(app, channel, time):
                updates = Updates()
                started = time.monotonic()
                assert await fake.deliver(updates.text(LAN, "/start")) == 200
                await fake.wait_for(lambda _: len(fake.sent(LAN.id)) == 3)
                first = fake.sent(LAN.id)
                await time.sleep(1.0)
                tapped = time.monotonic()
                consent = first[-1]
                tap = updates.callback(LAN, consent.buttons[0]["callback_data"], consent.result)
                assert await fake.deliver(tap) == 200
                await fake.wait_for(lambda _: len(fake.sent(LAN.id)) == 4)
        finally:
            await channel.stop()
            await runner.cleanup()
    assert first[-1].time - started < 1.0  # three messages, not spread over seconds
    assert fake.sent(LAN.id)[-1].time - tapped < 1.0  # the next answer does not wait for a window


@pytest.mark.parametrize("harness", ["webhook"], indirect=True)
async def test_a_webhook_body_nested_too_deep_or_wrongly_typed_is_a_bad_request(harness: Harness) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    wrong = harness.updates.text(LAN, "/start")
    wrong["message"]["chat"]["id"] = {"id": "an object"}
    bodies = [b"[" * 100_000 + b"]" * 100_000, b'{"update_id": ' + b"[" * 5000 + b"]" * 5000 + b"}", json.dumps(wrong)]
    async with ClientSession() as client:
        for body in bodies:
            async with client.post(harness.web_url, data=body, headers=headers) as response:
                assert response.status == 400
    assert await harness.count(ProcessedUpdate) == 0 and await harness.count(Learner) == 0


# --- the same tutor as on the console --------------------------------------------------------


@SQLITE_ONLY
async def test_words_questions_and_a_forwarded_scam_are_read_as_on_the_console(harness: Harness) -> None:
    lan = harness.chat(LAN)
    for line in ONBOARDING_TYPED:
        await lan.say(line)
    expected = await console_twin(harness.app)
    *typed, scam = AFTER_ONBOARDING
    got = [texts(await lan.say(line)) for line in typed]
    got.append(texts(await harness.push(harness.updates.forwarded(LAN, text=scam))))
    for parts, replies in zip(expected, got, strict=True):
        assert parts and all(part in replies for part in parts), (parts, replies)
    assert "🔴" in got[-1]
    assert (await lan.state()).name is StateName.SCAM_RESULT


@SQLITE_ONLY
async def test_a_forwarded_picture_is_answered_with_its_caption_or_asked_for_its_words(harness: Harness) -> None:
    lan = harness.chat(LAN)
    await onboard(lan)
    replies = texts(await harness.push(harness.updates.forwarded(LAN, caption=PASTED_SCAM)))
    assert "🔴" in replies
    await lan.say("menu")
    replies = texts(await harness.push(harness.updates.forwarded(LAN)))
    assert "chép chữ trong tin nhắn" in replies and "🔴" not in replies
