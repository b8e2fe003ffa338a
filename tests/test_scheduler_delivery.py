"""A broadcast delivered through the outbox to a fake Telegram server over real HTTP.

The fake answers 429 whenever more messages arrive within any one second than it allows, as
Telegram does. The full-size run (2,000 learners at Telegram's 30/s, ~67 s) lives in
bench/bench_scheduler.py. Here, to stay fast, the limit is raised on both the fake and the
limiter, which tests the same property: 2,000 learners at 400/s for reaching everyone once
across a killed sender; and 400 learners at 100/s for the window itself. The sender manages a
few hundred messages a second against a local server (one transaction per message), so at
100/s the limiter is what holds it back; the fake records the busiest second to show it.

The sender keeps a ScaledClock's time (real time here, factor 1): a 429 pauses it for the
retry_after that clock measures, and the row comes due again by itself. (With a clock that
never moved, the sender waited for a pause that never ended: the hang this suite once had.)
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter, deque
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import ClientError, ClientSession, ClientTimeout, web
from sqlalchemy import insert, select

from bot.app import App
from bot.broadcasts import create_broadcast, release, summaries
from bot.channels.base import Blocked, Delivery, Permanent, Throttled, Transient
from bot.outbox import STALE_CLAIM
from bot.ratelimit import Limiter
from bot.sender import Sender
from bot.storage.models import Learner, OutboxMessage
from dialogs.messages import Choices, Outbound, Text
from scheduler.audiences import parse_audience
from scheduler.reminders import QuietHours
from tests.fakes.clock import ScaledClock

TOKEN = "42:test-token"  # noqa: S105 — a made-up token for the fake
RATE = 400  # messages per second, on the fake and the limiter alike (see the module docstring)
TIGHT = 100  # below what the sender can do, so the limiter binds
LEARNERS = 2000


@dataclass
class FakeTelegram:
    """Just sendMessage, a sliding one-second window over every arrival, and a record."""

    max_per_second: int
    blocked: set[str] = field(default_factory=set)
    broken: set[str] = field(default_factory=set)
    received: list[str] = field(default_factory=list)  # chat ids, in order of acceptance
    throttled: int = 0
    peak: int = 0  # the most messages accepted within any one second
    _arrivals: deque[float] = field(default_factory=deque)
    _milestones: dict[int, asyncio.Event] = field(default_factory=dict)

    def app(self) -> web.Application:
        application = web.Application()
        application.router.add_post(f"/bot{TOKEN}/sendMessage", self._send_message)
        return application

    def reached(self, count: int) -> asyncio.Event:
        return self._milestones.setdefault(count, asyncio.Event())

    async def _send_message(self, request: web.Request) -> web.Response:
        body = await request.json()
        now = time.monotonic()
        while self._arrivals and now - self._arrivals[0] >= 1.0:
            self._arrivals.popleft()
        self._arrivals.append(now)
        chat = str(body["chat_id"])
        if len(self._arrivals) > self.max_per_second:
            self.throttled += 1
            return _error(429, "Too Many Requests: retry after 1", {"retry_after": 1})
        if chat in self.blocked:
            return _error(403, "Forbidden: bot was blocked by the user")
        if chat in self.broken:
            return _error(400, "Bad Request: chat not found")
        self.received.append(chat)
        self.peak = max(self.peak, len(self._arrivals))
        for count, reached in self._milestones.items():
            if len(self.received) >= count:
                reached.set()
        return web.json_response({"ok": True, "result": {"message_id": len(self.received), "chat": {"id": chat}}})


def _error(status: int, description: str, parameters: dict[str, Any] | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return web.json_response(body, status=status)


class TinyTelegram:
    """A minimal Channel: POST sendMessage over HTTP, answers mapped onto our four send errors.

    aiohttp's client rather than httpx: the sender is CPU-bound against a local server, and
    aiohttp costs about a third as much per request, which keeps this suite quick.
    """

    name = "telegram"

    def __init__(self, base_url: str) -> None:
        self.url = f"{base_url}/bot{TOKEN}/sendMessage"
        self.client = ClientSession(timeout=ClientTimeout(total=5.0))

    async def send(self, chat_id: str, messages: Sequence[Outbound], delivery: Delivery | None = None) -> None:
        delivery = delivery or Delivery()
        for message in messages:
            if delivery.already_sent():
                continue
            text = message.text if isinstance(message, Text | Choices) else ""
            async with delivery.pace():
                try:
                    async with self.client.post(self.url, json={"chat_id": chat_id, "text": text}) as answer:
                        status, body = answer.status, await answer.json()
                except (ClientError, TimeoutError) as error:
                    raise Transient(type(error).__name__) from None
            _raise_for(status, body)
            delivery.sent()

    async def start(self) -> None: ...

    async def stop(self) -> None:
        await self.client.close()

    def routes(self) -> list[web.RouteDef]:
        return []


def _raise_for(status: int, body: dict[str, Any]) -> None:
    if status == 429:
        raise Throttled(float(body.get("parameters", {}).get("retry_after", 1)))
    if status == 403:
        raise Blocked("forbidden")
    if status >= 500:
        raise Transient(str(status))
    if status != 200:
        raise Permanent(str(status))


@pytest.fixture
def rate() -> int:
    return RATE


@pytest.fixture
async def telegram(rate: int) -> AsyncIterator[tuple[FakeTelegram, TinyTelegram]]:
    fake = FakeTelegram(rate)
    runner = web.AppRunner(fake.app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    channel = TinyTelegram(f"http://127.0.0.1:{port}")
    try:
        yield fake, channel
    finally:
        await channel.stop()
        await runner.cleanup()


async def broadcast_to(app: App, learners: int) -> int:
    """`learners` Telegram learners inserted set-based, one broadcast to all, released to the outbox."""
    now = app.clock.now()
    rows = [
        {"channel": "telegram", "bot": "42", "chat_id": str(10_000 + i), "user_id": str(10_000 + i), "consent": True}
        | {"created_at": now, "last_seen_at": now, "timezone": "Asia/Ho_Chi_Minh", "reminder_time": "", "place": ""}
        for i in range(learners)
    ]
    async with app.sessions.begin() as session:
        await session.execute(insert(Learner), rows)
        broadcast = await create_broadcast(
            session,
            text="Tối nay 19 giờ họp thôn tại nhà văn hóa, bà con nhớ đến đúng giờ nhé.",
            lesson_id="",
            audience=parse_audience("all"),
            urgent=False,
            send_at=now,
            actor="test",
            created_by=None,
            now=now,
        )
        queued = await release(session, broadcast, app.library, now, QuietHours.parse("21:00", "07:00"))
    assert queued == learners
    return broadcast.id


async def statuses(app: App) -> dict[str, list[str]]:
    async with app.sessions() as session:
        rows = (await session.execute(select(OutboxMessage.status, OutboxMessage.chat_id))).all()
    found: dict[str, list[str]] = {}
    for status, chat in rows:
        found.setdefault(status, []).append(chat)
    return found


async def drain(sender: Sender, app: App) -> None:
    """Until nothing is left to send: rows that were asked to wait come due on the sender's clock."""
    while True:
        if not await sender.drain_once():
            left = await statuses(app)
            if not left.get("pending") and not left.get("sending"):
                return
            await asyncio.sleep(0.05)


def limiter(rate: int = RATE) -> Limiter:
    return Limiter(rate, per_chat=1)


def sender(app: App, channel: TinyTelegram, window: Limiter, time: ScaledClock | None = None) -> Sender:
    time = time or ScaledClock(app.clock.now(), factor=1)
    return Sender(channel, app.sessions, time, window, sleep=time.sleep)


@pytest.mark.parametrize("rate", [TIGHT])
async def test_the_sender_keeps_to_the_platform_s_window_and_reaches_each_learner_once(
    app: App, telegram: tuple[FakeTelegram, TinyTelegram], rate: int
) -> None:
    fake, channel = telegram
    await broadcast_to(app, 4 * rate)
    await drain(sender(app, channel, limiter(rate)), app)
    assert fake.throttled == 0
    assert fake.peak >= 0.8 * rate  # the sender really pressed against the limit
    assert len(fake.received) == 4 * rate and set(Counter(fake.received).values()) == {1}
    assert set(await statuses(app)) == {"sent"}


async def test_2000_learners_and_a_sender_killed_half_way_lose_nobody_and_repeat_only_what_was_in_flight(
    app: App, telegram: tuple[FakeTelegram, TinyTelegram]
) -> None:
    fake, channel = telegram
    clock = ScaledClock(app.clock.now(), factor=1)
    await broadcast_to(app, LEARNERS)
    # One limiter for the token, as in `hocvuso run`: a restarted sender task keeps to the same
    # window. (A whole process takes longer than the one-second window to come back.)
    window = limiter()
    first = sender(app, channel, window, clock)
    running = asyncio.create_task(first.run())
    await asyncio.wait_for(fake.reached(LEARNERS // 2).wait(), timeout=60)
    running.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await running
    in_flight = set((await statuses(app)).get("sending", []))
    assert len(in_flight) <= first.batch
    assert LEARNERS // 2 <= len(fake.received) < LEARNERS
    clock.advance(seconds=STALE_CLAIM.total_seconds() + 1)  # a dead sender's claims fall free
    await drain(sender(app, channel, window, clock), app)
    per_chat = Counter(fake.received)
    assert fake.throttled == 0
    assert len(per_chat) == LEARNERS  # nobody skipped
    repeated = {chat for chat, n in per_chat.items() if n > 1}
    assert repeated <= in_flight and max(per_chat.values()) <= 2
    assert set(await statuses(app)) == {"sent"}


async def test_blocked_and_broken_chats_are_recorded_and_counted_for_the_admin(
    app: App, telegram: tuple[FakeTelegram, TinyTelegram]
) -> None:
    fake, channel = telegram
    fake.blocked, fake.broken = {"10001"}, {"10002"}
    broadcast_id = await broadcast_to(app, 5)
    await drain(sender(app, channel, limiter()), app)
    async with app.sessions() as session:
        [summary] = await summaries(session, "Asia/Ho_Chi_Minh")
        blocked = await session.scalar(select(Learner.unreachable).where(Learner.chat_id == "10001"))
    assert (summary.id, summary.sent, summary.unreachable, summary.failed, summary.pending) == (
        broadcast_id,
        3,
        1,
        1,
        0,
    )
    assert blocked is True
