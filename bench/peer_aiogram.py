"""The peer for bench_telegram: a minimal aiogram 3 FSM bot with one SQL transaction per update.

What a small, careful aiogram bot with durable state does for each update: a middleware opens
one transaction (SQLAlchemy async, the same database and driver as ours); the update id is
recorded and a repeat dropped; the user's FSM state and data are read (row-locked on
PostgreSQL) through aiogram's own FSMContext, backed by a storage that uses that transaction;
the handler moves a three-question quiz on, records each answer as an event, and answers with
an inline keyboard; state, data and the event are written and committed together.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import BaseStorage, StateType, StorageKey
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from sqlalchemy import BigInteger, Column, Integer, MetaData, String, Table, Text, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

METADATA = MetaData()
UPDATES = Table("peer_updates", METADATA, Column("update_id", BigInteger, primary_key=True))
STATES = Table(
    "peer_states",
    METADATA,
    Column("key", String(64), primary_key=True),
    Column("state", String(64)),
    Column("data", Text, nullable=False, default="{}"),
)
EVENTS = Table(
    "peer_events",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(64)),
    Column("verb", String(16)),
    Column("detail", Text),
)
# The update's own connection, inside its transaction, for the storage below.
CURRENT: ContextVar[AsyncConnection] = ContextVar("peer_connection")
QUESTIONS = ("Mã OTP có được đọc cho người lạ không?", "Đuôi .gov.vn là của ai?", "Mật khẩu nên dài bao nhiêu?")


class Quiz(StatesGroup):
    asking = State()


def _insert(conn: AsyncConnection) -> Any:
    return pg_insert if conn.dialect.name == "postgresql" else sqlite_insert


class TransactionStorage(BaseStorage):
    """aiogram's FSM storage on the update's transaction: reads lock the row on PostgreSQL."""

    async def _row(self, key: StorageKey) -> Mapping[str, Any] | None:
        conn = CURRENT.get()
        query = select(STATES.c.state, STATES.c.data).where(STATES.c.key == _key(key)).with_for_update()
        row = (await conn.execute(query)).first()
        return dict(row._mapping) if row is not None else None

    async def _write(self, key: StorageKey, **values: Any) -> None:
        conn = CURRENT.get()
        insert = _insert(conn)(STATES).values(key=_key(key), **values)
        await conn.execute(insert.on_conflict_do_update(index_elements=[STATES.c.key], set_=values))

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self._write(key, state=value)

    async def get_state(self, key: StorageKey) -> str | None:
        row = await self._row(key)
        return row["state"] if row else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._write(key, data=json.dumps(dict(data)))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        row = await self._row(key)
        return dict(json.loads(row["data"])) if row else {}

    async def close(self) -> None:
        return None


def _key(key: StorageKey) -> str:
    return f"{key.bot_id}:{key.chat_id}:{key.user_id}"


def keyboard(step: int) -> InlineKeyboardMarkup:
    options = ("Có", "Không", "Tiếp")
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=o, callback_data=f"{step}:{i}")] for i, o in enumerate(options)]
    )


async def _advance(state: FSMContext, user: str, answer: str) -> tuple[str, InlineKeyboardMarkup]:
    data = await state.get_data()
    step = int(data.get("step", 0))
    if await state.get_state() is None:
        await state.set_state(Quiz.asking)
    conn = CURRENT.get()
    await conn.execute(EVENTS.insert().values(key=user, verb="answered", detail=json.dumps({"q": step, "a": answer})))
    step = (step + 1) % len(QUESTIONS)
    await state.update_data(step=step)
    return QUESTIONS[step], keyboard(step)


class OneTransaction(Dispatcher):
    """Every update inside one transaction, opened before aiogram's own FSM middleware reads the
    state: the update id is recorded (a repeat is dropped), the handler runs, all is committed."""

    def __init__(self, engine: AsyncEngine) -> None:
        super().__init__(storage=TransactionStorage())
        self.engine = engine

    async def feed_update(self, bot: Bot, update: Update, **kwargs: Any) -> Any:
        async with self.engine.connect() as conn, conn.begin():
            dedup = _insert(conn)(UPDATES).values(update_id=update.update_id).on_conflict_do_nothing()
            if not (await conn.execute(dedup)).rowcount:
                return None
            token = CURRENT.set(conn)
            try:
                return await super().feed_update(bot, update, **kwargs)
            finally:
                CURRENT.reset(token)


def build(engine: AsyncEngine) -> Dispatcher:
    """The peer's dispatcher: one transaction per update, aiogram's FSM on it, two handlers."""
    dp = OneTransaction(engine)

    @dp.message()
    async def typed(message: Message, state: FSMContext) -> None:
        user = str(message.from_user.id if message.from_user else 0)
        text, markup = await _advance(state, user, message.text or "")
        await message.answer(text, reply_markup=markup)

    @dp.callback_query()
    async def tapped(query: CallbackQuery, state: FSMContext) -> None:
        await query.answer()
        text, markup = await _advance(state, str(query.from_user.id), query.data or "")
        if isinstance(query.message, Message):
            await query.message.answer(text, reply_markup=markup)

    return dp


async def create_tables(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.run_sync(METADATA.drop_all)
        await conn.run_sync(METADATA.create_all)
