"""The turn's hot path: Core statements on the turn's own connection, the ORM only when a
feature asks for it, and both writing the same rows the ORM code elsewhere writes.
Run over real SQLite (a worker thread) and PostgreSQL (run_sync on the async engine)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import Connection, event, select
from sqlalchemy.orm import Session

from bot import outbox
from bot.app import App
from bot.storage import learner_record, repo
from bot.storage import turn_store as store
from bot.storage.models import OutboxMessage
from bot.storage.turn_orm import Inside, TurnOrm, WouldWait, finish
from dialogs.messages import Choices, Option, Text
from tests.helpers import Learner, onboard


class TurnSessions:
    """ORM sessions begun on a turn's own connection (the app's sessionmaker binds the engine)."""

    def __init__(self) -> None:
        self.begun = 0

    def __call__(self, session: Session, transaction: Any, connection: Any) -> None:
        if isinstance(session.bind, Connection):
            self.begun += 1


async def test_a_common_turn_builds_no_orm_session_and_a_feature_turn_does(app: App) -> None:
    seen = TurnSessions()
    event.listen(Session, "after_begin", seen)
    try:
        lan = Learner(app, "lan")
        await onboard(lan)
        await lan.pick("Học tiếp")
        for _ in range(3):
            await lan.pick("Tiếp")
        await lan.say("menu")
        await lan.say("xin chao")
        assert seen.begun == 0
        await lan.say("/dulieucuatoi")  # the learner-data feature reads through the ORM
        assert seen.begun == 1
    finally:
        event.remove(Session, "after_begin", seen)


async def test_a_reply_row_is_written_as_the_outbox_writes_it(app: App) -> None:
    lan = Learner(app, "lan")
    await onboard(lan)
    messages = (Text("Chào bác"), Choices("Chọn:", (Option("a", "Một"),), 3, edit_previous=True))
    now = app.clock.now()
    async with app.sessions.begin() as session:
        row = await repo.find_learner(session, lan.key)
        assert row is not None
        outbox.enqueue(session, row, "reply", messages, now, edit="41")
        recipient = (row.channel, row.chat_id, row.id)

    def core(conn: Connection, _inside: Inside) -> None:
        store.queue_messages(conn, recipient, "reply", messages, now, edit="41")

    await app.tutor.database.run(core)
    async with app.sessions() as session:
        query = select(OutboxMessage).where(OutboxMessage.learner_id == recipient[2]).order_by(OutboxMessage.id)
        rows = list((await session.execute(query)).scalars())
    columns = [c.name for c in OutboxMessage.__table__.columns if c.name != "id"]
    orm, written = ({name: getattr(r, name) for name in columns} for r in rows[-2:])
    assert written == orm


async def test_a_feature_sees_the_turns_changes_and_its_own_are_written_once(app: App) -> None:
    lan = Learner(app, "lan")
    await onboard(lan)
    now = app.clock.now()

    def turn(conn: Connection, inside: Inside) -> None:
        record, _ = learner_record.lock(conn, lan.key, now, "Asia/Ho_Chi_Minh")
        orm = TurnOrm(conn, record, record.changeable(), inside)
        record.name = "Lan Anh"  # changed by the turn before any feature looked
        learner = orm.learner()
        assert learner.name == "Lan Anh"
        learner.place = "other"  # changed by a feature: the turn now changes the ORM row
        orm.current().reminder_time = "20:00"
        orm.flush()
        orm.close()

    await app.tutor.database.run(turn)
    async with app.sessions() as session:
        row = await repo.find_learner(session, lan.key)
    assert row is not None and (row.name, row.place, row.reminder_time) == ("Lan Anh", "other", "20:00")


async def test_a_gatherer_that_waits_on_anything_else_is_refused() -> None:
    with pytest.raises(WouldWait):
        finish(asyncio.sleep(0))

    async def quick() -> int:
        return 7

    assert finish(quick()) == 7
