"""The learner row as a turn reads and writes it: plain values and prebuilt Core statements.

The hot path never builds an ORM object: one SELECT reads the learner (row-locked on
PostgreSQL) together with their dialog state, and one prebuilt UPDATE writes back the
columns a turn may change, only if any did.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import Connection, Executable, Table, bindparam, select, update
from sqlalchemy.dialects import sqlite

from bot import deferred
from bot.keys import ConversationKey
from bot.storage import prepared
from bot.storage.models import Base, DialogStateRow, Learner

if TYPE_CHECKING:
    from sqlalchemy.dialects import postgresql


def table(model: type[Base]) -> Table:
    """A mapped class's table, typed as one (Core statements are built on tables, not classes)."""
    return Base.metadata.tables[model.__tablename__]


LEARNERS = table(Learner)
STATES = table(DialogStateRow)
# What a turn may change on the learner row (profile, consent, settings, the reminder rhythm).
CHANGEABLE = (
    "consent",
    "address",
    "name",
    "age_group",
    "place",
    "reminder_time",
    "unreachable",
    "announcements",
    "next_reminder_at",
    "reminders_ignored",
    "last_reminded_at",
    "last_seen_at",
)


class LearnerFields(Protocol):
    """What a turn reads and changes on a learner: the record below or, once a feature has
    opened the ORM in the turn, the ORM row itself (bot/storage/turn_orm.py)."""

    id: int
    channel: str
    chat_id: str
    timezone: str
    created_at: datetime
    consent: bool | None
    address: str
    name: str
    age_group: str
    place: str
    reminder_time: str
    unreachable: bool
    announcements: bool
    next_reminder_at: datetime | None
    reminders_ignored: int
    last_reminded_at: datetime | None
    last_seen_at: datetime


@dataclass(slots=True)
class LearnerRecord:
    id: int
    channel: str
    bot: str
    chat_id: str
    user_id: str
    timezone: str
    created_at: datetime
    consent: bool | None
    address: str
    name: str
    age_group: str
    place: str
    reminder_time: str
    unreachable: bool
    announcements: bool
    next_reminder_at: datetime | None
    reminders_ignored: int
    last_reminded_at: datetime | None
    last_seen_at: datetime

    def changeable(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in CHANGEABLE}


FIELDS = tuple(f.name for f in fields(LearnerRecord))
_KEY = ("channel", "bot", "chat_id", "user_id")
_LOCK = (
    select(*(LEARNERS.c[name] for name in FIELDS), STATES.c.state)
    .select_from(LEARNERS.outerjoin(STATES, STATES.c.learner_id == LEARNERS.c.id))
    .where(*(LEARNERS.c[name] == bindparam(name) for name in _KEY))
    # PostgreSQL: other processes' turns for this learner wait here until we commit.
    .with_for_update(of=LEARNERS)
)
_WRITE = (
    update(LEARNERS)
    .where(LEARNERS.c.id == bindparam("w_learner"))
    .values({name: bindparam(name) for name in CHANGEABLE})
)


def dialect_insert(dialect: str, into: Table | type[Base]) -> sqlite.Insert | postgresql.Insert:
    """The INSERT of this database, which knows ON CONFLICT. PostgreSQL's is reached through
    bot/deferred.py: a process on SQLite never loads SQLAlchemy's PostgreSQL dialect."""
    if dialect == "postgresql":
        return deferred.postgresql.insert(into)
    return sqlite.insert(into)


class InsertIgnoring:
    """INSERT ... ON CONFLICT DO NOTHING for either backend; the values come with each
    execution. SQLite's is built once (building a statement per turn costs more than running
    it there); PostgreSQL's at each use, a few µs against a turn's round trips."""

    def __init__(self, into: Table) -> None:
        self._into = into
        self._sqlite = sqlite.insert(into).on_conflict_do_nothing()

    def on(self, conn: Connection) -> Executable:
        if conn.dialect.name == "sqlite":
            return self._sqlite
        return dialect_insert(conn.dialect.name, self._into).on_conflict_do_nothing()


_CREATE = InsertIgnoring(LEARNERS)


def _key(key: ConversationKey) -> dict[str, str]:
    return {"channel": key.channel, "bot": key.bot, "chat_id": key.chat_id, "user_id": key.user_id}


def lock(conn: Connection, key: ConversationKey, now: datetime, tz: str) -> tuple[LearnerRecord, str | None]:
    """The learner (created on first contact) and their stored dialog state, if any."""
    row = prepared.execute(conn, _LOCK, _key(key)).first()
    if row is None:
        conn.execute(_CREATE.on(conn), _new_learner(key, now, tz))
        row = prepared.execute(conn, _LOCK, _key(key)).one()
    *values, stored = row
    return LearnerRecord(*values), stored


def _new_learner(key: ConversationKey, now: datetime, tz: str) -> dict[str, object]:
    return _key(key) | {
        "timezone": tz,
        "created_at": now,
        "last_seen_at": now,
        "address": "",
        "name": "",
        "age_group": "",
        "place": "",
        "reminder_time": "",
        "unreachable": False,
        "announcements": True,
        "reminders_ignored": 0,
    }


def write(conn: Connection, record: LearnerRecord, before: dict[str, object]) -> None:
    """Write the changeable columns back, if the turn changed any (the row is ours: locked)."""
    now = record.changeable()
    if now != before:
        prepared.execute(conn, _WRITE, now | {"w_learner": record.id})
