"""Which outbox rows a sender may take: replies before bulk, and one chat's rows in order.

Claims run on SQLite and PostgreSQL alike; the limiter's rules run on a clock the test moves.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from bot import outbox
from bot.app import App
from bot.keys import ConversationKey
from bot.ratelimit import Limiter
from bot.storage import repo
from bot.storage.models import Learner, OutboxMessage
from dialogs.messages import Text


async def learner(app: App, name: str) -> Learner:
    async with app.sessions.begin() as session:
        return await repo.lock_learner(session, ConversationKey("telegram", name, name), app.clock.now(), "UTC")


async def queue(app: App, who: Learner, kind: str, text: str, later: float = 0.0) -> int:
    now = app.clock.now()
    async with app.sessions.begin() as session:
        row = outbox.new_row(who.channel, who.chat_id, kind, [Text(text)], now, who.id)
        row.not_before = now + timedelta(seconds=later)
        session.add(row)
        await session.flush()
        return row.id


async def claim(app: App, limit: int = 50) -> list[int]:
    async with app.sessions.begin() as session:
        return [row.id for row in await outbox.claim(session, "telegram", app.clock.now(), limit)]


async def set_row(app: App, row_id: int, **values: object) -> None:
    async with app.sessions.begin() as session:
        await session.execute(update(OutboxMessage).where(OutboxMessage.id == row_id).values(**values))


async def test_a_reply_is_claimed_before_any_bulk_row_queued_earlier(app: App) -> None:
    crowd = [await learner(app, f"c{i}") for i in range(30)]
    for person in crowd:
        await queue(app, person, "broadcast", "Thông báo")
    reply = await queue(app, await learner(app, "lan"), "reply", "Trả lời")
    assert (await claim(app, limit=5))[0] == reply


async def test_one_chat_s_rows_leave_in_order_and_only_held_bulk_is_overtaken(app: App) -> None:
    lan = await learner(app, "lan")
    held = await queue(app, lan, "push", "Bài mới", later=3600)  # quiet hours: held for later
    bulk = await queue(app, lan, "broadcast", "Thông báo")
    first = await queue(app, lan, "reply", "Câu 1")
    second = await queue(app, lan, "reply", "Câu 2")
    # The reply overtakes the bulk row that has not left; the held one blocks nothing; the
    # second reply waits for the first.
    assert sorted(await claim(app)) == sorted([bulk, first])
    assert await claim(app) == []  # both are being sent: the chat waits
    await set_row(app, first, status="sent")
    await set_row(app, bulk, status="sent")
    assert await claim(app) == [second]
    assert held not in await claim(app)


async def test_a_reply_being_retried_keeps_the_next_one_waiting(app: App) -> None:
    lan = await learner(app, "lan")
    first = await queue(app, lan, "reply", "Câu 1")
    await queue(app, lan, "reply", "Câu 2")
    assert await claim(app) == [first]
    later = app.clock.now() + timedelta(seconds=30)  # the platform failed: back off
    await set_row(app, first, status="pending", not_before=later, failing_since=app.clock.now())
    assert await claim(app) == []  # not the second either: order before speed
    await set_row(app, first, not_before=app.clock.now())
    assert await claim(app) == [first]


class ManualTime:
    """A clock that moves only when the limiter sleeps; records every wait."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds


async def test_a_reply_burst_of_four_leaves_at_once_and_bulk_keeps_to_its_pace() -> None:
    time = ManualTime()
    limiter = Limiter(30, per_chat=1, clock=time.monotonic, sleep=time.sleep)
    for _ in range(4):
        async with limiter.slot("lan", reply=True):
            time.now += 0.02  # the platform answers
    assert time.waits == []  # four reply messages, no wait at all
    async with limiter.slot("lan", reply=True):
        pass
    assert 0.9 < sum(time.waits) <= 1.0  # a fifth within the same second waits for it
    time.waits.clear()
    time.now += 1.0  # the learner reads and taps again: the next reply leaves at once too
    for _ in range(3):
        await limiter.acquire("lan", reply=True)
    assert time.waits == []
    time.waits.clear()
    for _ in range(3):
        await limiter.acquire("hoa")
    assert time.waits == []
    await limiter.acquire("hoa")
    assert sum(time.waits) > 2.5  # bulk: about one a second per chat over three seconds


async def test_the_overall_window_counts_a_message_until_it_was_answered() -> None:
    time = ManualTime()
    limiter = Limiter(2, per_chat=10, margin=0.0, clock=time.monotonic, sleep=time.sleep)
    async with limiter.slot("a"):
        time.now += 0.03  # answered 30 ms after it left: it may have arrived that late
    await limiter.acquire("b")
    await limiter.acquire("c")
    assert abs(time.now - 1.03) < 1e-9  # the third leaves a second after the first was answered, not sent
