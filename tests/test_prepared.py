"""The turn's prepared statements on SQLite read and write exactly what Core's `execute` does
with the same statements, refuse what they cannot do the same way, and fail as Core fails."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, create_engine, insert, select
from sqlalchemy.exc import IntegrityError

from bot.keys import ConversationKey
from bot.storage import learner_record, prepared, repo
from bot.storage import turn_store as store
from bot.storage.models import Base, LearningEvent, OutboxMessage
from dialogs.messages import Text

NOW = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
EVENTS, OUTBOX = learner_record.table(LearningEvent), learner_record.table(OutboxMessage)


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[Connection]:
    engine = create_engine(f"sqlite:///{tmp_path / 'prepared.db'}")
    Base.metadata.create_all(engine)
    with engine.connect() as connection:
        yield connection
    engine.dispose()


def _key(chat: str) -> ConversationKey:
    return ConversationKey("telegram", chat, chat, bot="main")


def _learner(conn: Connection, chat: str) -> learner_record.LearnerRecord:
    record, _stored = learner_record.lock(conn, _key(chat), NOW, "Asia/Ho_Chi_Minh")
    return record


def test_a_select_gives_the_rows_core_gives_with_the_same_types(conn: Connection) -> None:
    record = _learner(conn, "1")
    store.save_state(conn, record.id, '{"name": "menu"}', NOW, known=False)
    answer = {"option": 2, "correct": False}
    rows = [store.event_row(record.id, "answered", NOW - timedelta(days=d), result=answer) for d in range(3)]
    store.add_events(conn, rows)
    params = repo.view_params(record, NOW)
    ours = prepared.execute(conn, repo.VIEW_QUERY, params).all()
    core = conn.execute(repo.VIEW_QUERY, params).all()
    assert [tuple(row) for row in core] == ours and ours
    lock = learner_record._LOCK
    key = {"channel": "telegram", "bot": "main", "chat_id": "1", "user_id": "1"}
    mine, theirs = prepared.execute(conn, lock, key).one(), tuple(conn.execute(lock, key).one())
    assert mine == theirs and mine[-1] == '{"name": "menu"}'
    created = mine[learner_record.FIELDS.index("created_at")]
    assert isinstance(created, datetime) and created == NOW and created.tzinfo is not None


def test_rows_written_here_read_back_as_core_writes_them(conn: Connection) -> None:
    record = _learner(conn, "2")
    answer = {"option": 1, "correct": True}
    store.add_events(conn, [store.event_row(record.id, "answered", NOW, lesson_id="l1", result=answer)])
    conn.execute(insert(EVENTS), [store.event_row(record.id, "answered", NOW, lesson_id="l1", result=answer)])
    ours, core = conn.execute(select(EVENTS).order_by(EVENTS.c.id)).all()
    assert ours[1:] == core[1:]
    assert (ours.chosen, ours.correct, ours.result, ours.at) == (1, True, answer, NOW)
    store.queue_messages(conn, ("telegram", "2", record.id), "reply", [Text("Chào bác")], NOW, bot="main")
    message = conn.execute(select(OUTBOX)).one()
    assert (message.status, message.not_before, message.learner_id) == ("pending", NOW, record.id)


def test_a_statement_that_would_leave_out_a_python_default_is_refused(conn: Connection) -> None:
    record = _learner(conn, "3")
    row: dict[str, Any] = store.event_row(record.id, "answered", NOW, result={"option": 0})
    del row["chosen"], row["correct"]  # Core would compute these from `result`; we would not
    with pytest.raises(ValueError, match="default"):
        prepared.execute(conn, insert(EVENTS), row)


def test_a_database_error_is_core_s_error_without_the_parameters(conn: Connection) -> None:
    record = _learner(conn, "4")
    store.save_state(conn, record.id, "secret-state", NOW, known=False)
    with pytest.raises(IntegrityError) as raised:
        store.save_state(conn, record.id, "secret-state", NOW, known=False)
    assert "secret-state" not in str(raised.value) and "UNIQUE" in str(raised.value)


def test_a_claimed_update_counts_once(conn: Connection) -> None:
    assert store.claim_update(conn, "telegram", "u1", NOW)
    assert not store.claim_update(conn, "telegram", "u1", NOW)
