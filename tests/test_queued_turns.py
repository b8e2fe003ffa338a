"""Every change to a learner's conversation is that learner's turn.

A family push and an announcement with a lesson are queued in the transaction that causes them
(bot/storage/turn_queue.py) and run as the recipient's own turn: their lock, the step, a one-time
claim of the queued row. Run over real SQLite and PostgreSQL.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bot.app import App
from bot.broadcasts import cancel_broadcast, create_broadcast, release_due
from bot.cli_admin import _create
from bot.clock import FakeClock
from bot.families import pushes_today
from bot.outbox import loads
from bot.scheduling import build_scheduler
from bot.storage import repo, turn_queue
from bot.storage.models import Broadcast, OutboxMessage
from bot.storage.models import Learner as LearnerRow
from bot.storage.turn_queue import QueuedTurn, QueuedTurnRow
from dialogs.flows.broadcasts import ANNOUNCED
from dialogs.messages import Choices, Inbound, Text
from dialogs.state import StateName
from scheduler.audiences import delivery_counts, parse_audience
from scheduler.reminders import QuietHours
from tests.helpers import Learner, onboard

S = StateName
QUIET = QuietHours.parse("21:00", "07:00")
VN = ZoneInfo("Asia/Ho_Chi_Minh")
LESSON = "thanhtoan-vietqr"
ANNOUNCE = "Chiều mai xã mở lớp hướng dẫn thanh toán bằng mã QR, bà con nhớ đến nhé."


async def _row(app: App, learner: Learner) -> LearnerRow:
    async with app.sessions() as session:
        found = await repo.find_learner(session, learner.key)
    assert found is not None
    return found


async def _queue_push(app: App, learner: Learner, not_before: datetime | None = None) -> QueuedTurn:
    """What a family push writes in the ambassador's transaction (bot/families.py deliver_push)."""
    async with app.sessions.begin() as session:
        row = await repo.find_learner(session, learner.key)
        assert row is not None
        inbound = Inbound.push(LESSON, "Hùng (Đại sứ số)")
        now = app.clock.now()
        return await turn_queue.add(session, row, inbound, "push", now, priority=4, not_before=not_before or now)


async def _outbox(app: App, learner: Learner) -> list[OutboxMessage]:
    row = await _row(app, learner)
    async with app.sessions() as session:
        query = select(OutboxMessage).where(OutboxMessage.learner_id == row.id).order_by(OutboxMessage.id)
        return list((await session.execute(query)).scalars())


async def _waiting(app: App) -> int:
    async with app.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(QueuedTurnRow)) or 0)


async def test_a_queued_push_is_the_members_own_turn_and_runs_once(app: App, clock: FakeClock) -> None:
    lan = Learner(app, "lan")
    await onboard(lan)
    seen = (await _row(app, lan)).last_seen_at
    clock.advance(hours=2)
    queued = await _queue_push(app, lan)
    # The in-process runner and a drain racing for the same row: the turn happens once.
    ran = await asyncio.gather(app.tutor.run_queued([queued]), app.tutor.run_queued([queued]), app.tutor.drain_queue())
    assert sum(ran) == 1
    state = await lan.state()
    assert state.name is S.FAMILY_PUSHED and state.extra["push"] == LESSON
    [row] = [r for r in await _outbox(app, lan) if r.kind == "push"]
    assert row.priority == 4 and row.not_before == clock.now()
    title = app.library.lessons[LESSON].title
    assert any(title in m.text for m in loads(row.payload) if isinstance(m, Text | Choices))
    assert (await _row(app, lan)).last_seen_at == seen  # the member did not write
    assert await _waiting(app) == 0 and await app.tutor.drain_queue() == 0


async def test_a_push_a_crash_left_in_the_queue_runs_at_the_next_drain(app: App) -> None:
    lan = Learner(app, "lan")
    await onboard(lan)
    await _queue_push(app, lan)  # committed, never run: the process died right after
    assert (await lan.state()).name is not S.FAMILY_PUSHED
    assert await app.tutor.drain_queue() == 1
    assert (await lan.state()).name is S.FAMILY_PUSHED
    assert await app.tutor.drain_queue() == 0 and len([r for r in await _outbox(app, lan) if r.kind == "push"]) == 1


async def test_the_member_taps_the_pushed_lesson_open_after_their_own_turn(app: App) -> None:
    lan = Learner(app, "lan")
    await onboard(lan)
    await app.tutor.run_queued([await _queue_push(app, lan)])
    [row] = [r for r in await _outbox(app, lan) if r.kind == "push"]
    lan.seen = list(loads(row.payload))  # what the member's phone shows
    await lan.pick("Học ngay")
    state = await lan.state()
    assert (state.name, state.lesson) == (S.LESSON_CARD, LESSON)


async def test_a_push_at_night_changes_the_screen_now_and_the_message_leaves_in_the_morning(
    app: App, clock: FakeClock
) -> None:
    lan = Learner(app, "lan")
    await onboard(lan)
    clock.set(datetime(2026, 3, 2, 22, 30, tzinfo=VN))
    morning = QUIET.release(clock.now(), "Asia/Ho_Chi_Minh")
    await app.tutor.run_queued([await _queue_push(app, lan, not_before=morning)])
    assert (await lan.state()).name is S.FAMILY_PUSHED
    [row] = [r for r in await _outbox(app, lan) if r.kind == "push"]
    assert row.not_before == morning and morning.astimezone(VN).hour == 7


async def test_queued_pushes_count_against_the_daily_limit(app: App) -> None:
    lan = Learner(app, "lan")
    await onboard(lan)
    row = await _row(app, lan)
    since = app.clock.now() - timedelta(hours=1)
    await _queue_push(app, lan)  # not run yet
    await _queue_push(app, lan)
    await app.tutor.run_queued([await _queue_push(app, lan)])  # run: now an outbox row
    async with app.sessions() as session:
        assert await pushes_today(session, [row.id], since) == {row.id: 3}


async def _announce(app: App, lesson_id: str = LESSON) -> Broadcast:
    async with app.sessions.begin() as session:
        broadcast = await create_broadcast(
            session,
            text=ANNOUNCE,
            lesson_id=lesson_id,
            audience=parse_audience("all"),
            urgent=False,
            send_at=app.clock.now(),
            actor="test",
            created_by=None,
            now=app.clock.now(),
        )
    assert await release_due(app.sessions, app.library, app.clock.now(), QUIET) == 1
    return broadcast


async def test_an_announcement_with_a_lesson_is_each_recipients_turn(app: App) -> None:
    people = [Learner(app, name) for name in ("lan", "hoa")]
    for person in people:
        await onboard(person)
    broadcast = await _announce(app)
    async with app.sessions() as session:
        assert (await delivery_counts(session, [broadcast.id]))[broadcast.id] == {"pending": 2}
    assert await app.tutor.drain_queue() == 2
    async with app.sessions() as session:
        assert (await delivery_counts(session, [broadcast.id]))[broadcast.id] == {"pending": 2}
    for person in people:
        [row] = [r for r in await _outbox(app, person) if r.broadcast_id == broadcast.id]
        assert row.kind == "broadcast" and row.priority == 7
        assert loads(row.payload)[0] == Text(
            f"📢 Thông báo\n\n{ANNOUNCE}\n\n📖 Bài học kèm theo: “{app.library.lessons[LESSON].title}”. "
            "Gõ /baihoc hoặc “học bài này” để học ngay."
        )
        assert (await person.state()).extra[ANNOUNCED] == LESSON
    # /baihoc reads the lesson from the dialog state alone, wherever they are now.
    await people[0].say("/baihoc")
    state = await people[0].state()
    assert (state.name, state.lesson) == (S.LESSON_CARD, LESSON)


async def test_an_announcement_without_a_lesson_is_one_outbox_row_per_recipient(app: App) -> None:
    lan = Learner(app, "lan")
    await onboard(lan)
    before = await lan.state()
    broadcast = await _announce(app, lesson_id="")
    assert await _waiting(app) == 0
    [row] = [r for r in await _outbox(app, lan) if r.broadcast_id == broadcast.id]
    assert loads(row.payload) == (Text(f"📢 Thông báo\n\n{ANNOUNCE}"),)
    assert await lan.state() == before


async def test_cancelling_an_announcement_drops_the_turns_not_run_yet(app: App) -> None:
    people = [Learner(app, name) for name in ("lan", "hoa", "mai")]
    for person in people:
        await onboard(person)
    broadcast = await _announce(app)
    async with app.sessions.begin() as session:
        stopped = await cancel_broadcast(session, broadcast.id, "test", app.clock.now())
    assert stopped == 3
    assert await app.tutor.drain_queue() == 0
    for person in people:
        assert ANNOUNCED not in (await person.state()).extra
        assert not [r for r in await _outbox(app, person) if r.broadcast_id == broadcast.id]


async def test_an_announcement_at_night_is_remembered_now_and_sent_in_the_morning(app: App, clock: FakeClock) -> None:
    lan = Learner(app, "lan")
    await onboard(lan)
    clock.set(datetime(2026, 3, 2, 21, 45, tzinfo=VN))
    broadcast = await _announce(app)
    await app.tutor.drain_queue()
    [row] = [r for r in await _outbox(app, lan) if r.broadcast_id == broadcast.id]
    assert row.not_before == datetime(2026, 3, 3, 7, 0, tzinfo=VN)
    assert (await lan.state()).extra[ANNOUNCED] == LESSON


async def test_the_broadcast_tick_releases_an_announcement_and_runs_each_turn(app: App) -> None:
    lan = Learner(app, "lan")
    await onboard(lan)
    async with app.sessions.begin() as session:
        await create_broadcast(
            session,
            text=ANNOUNCE,
            lesson_id=LESSON,
            audience=parse_audience("all"),
            urgent=False,
            send_at=app.clock.now(),
            actor="test",
            created_by=None,
            now=app.clock.now(),
        )
    assert await build_scheduler(app, app.settings).broadcasts() == 1
    assert (await lan.state()).extra[ANNOUNCED] == LESSON and await _waiting(app) == 0


async def test_a_broadcast_sent_now_from_the_command_line_runs_each_turn(app: App) -> None:
    lan = Learner(app, "lan")
    await onboard(lan)
    outcome = await _create(app, ANNOUNCE, LESSON, parse_audience("all"), False, app.clock.now())
    assert outcome.ok and "queued for 1 learners" in outcome.message
    assert (await lan.state()).extra[ANNOUNCED] == LESSON and await _waiting(app) == 0
