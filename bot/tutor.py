"""The application service every channel calls with one inbound update.

A turn takes the learner's lock, then runs as one unit of work on one connection inside one
transaction (bot/turn.py, bot/storage/turn_db.py): dedup, read, step, write. Turns one learner's
action queues for others (a family push, an announcement with a lesson) run right after that
action committed, each as its recipient's own turn; `drain_queue` runs what a crash left.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy import Connection, delete
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.certificates import new_certificate_code
from bot.clock import Clock
from bot.extensions import Features, Shared
from bot.keys import ConversationKey
from bot.locks import KeyedLocks
from bot.storage import repo, turn_queue
from bot.storage.turn_db import TurnDatabase
from bot.storage.turn_orm import Inside
from bot.storage.turn_queue import QueuedTurn
from bot.turn import Reply, TurnRequest, TurnResult, TurnRunner, verification
from dialogs.context import Verification
from dialogs.messages import Inbound

log = logging.getLogger(__name__)
# Queued turns run a few at a time: enough to hide PostgreSQL round trips, few enough that
# learners writing at the same moment are not kept waiting (SQLite serialises writers anyway).
CONCURRENT_QUEUED = 8
DRAIN_BATCH = 500


class Tutor:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        shared: Shared,
        features: Features,
        clock: Clock,
        database: TurnDatabase,
        new_code: Callable[[], str] = new_certificate_code,
    ) -> None:
        self.sessions, self.shared, self.features, self.clock = sessions, shared, features, clock
        self.library, self.places, self.timezone = shared.library, shared.places, shared.timezone
        self.database = database
        self.runner = TurnRunner(shared, features, new_code)
        # One learner's turns one at a time; SQLite's turns all go through one worker thread,
        # which runs them back to back (bot/storage/turn_db.py).
        self.locks = KeyedLocks()
        # Told of every turn after it ended (result None: it failed) and how long it took:
        # metrics, and waking the sender of the turn's bot (bot/run.py). Never inside a turn.
        self.observers: list[Callable[[TurnRequest, TurnResult | None, float], None]] = []

    async def handle(
        self,
        key: ConversationKey,
        update_key: str,
        inbound: Inbound,
        outbox_kind: str = "",
        edit: str = "",
    ) -> TurnResult:
        """One turn. With `outbox_kind` ("reply", "reminder") the messages are queued in the
        outbox in the turn's own transaction, so none is lost once the turn is stored."""
        return await self.run(TurnRequest(key, update_key, inbound, Reply(outbox_kind, edit)))

    async def run(self, request: TurnRequest) -> TurnResult:
        started = time.perf_counter()
        result: TurnResult | None = None
        try:
            result = await self._run(request)
            return result
        finally:
            for observe in self.observers:
                observe(request, result, time.perf_counter() - started)

    async def _run(self, request: TurnRequest) -> TurnResult:
        async with self.locks.hold(request.key):
            try:
                result = await self.database.run(functools.partial(self._unit, request))
            except IntegrityError:
                # Another process recorded the same update id first: it was handled there.
                log.info("duplicate update from a concurrent worker", extra={"channel": request.key.channel})
                return TurnResult((), duplicate=True)
        if result.erased:
            await self.database.checkpoint()  # the deleted name must not linger in SQLite's log
        if result.followups:
            await self.run_queued(result.followups)
        return result

    def _unit(self, request: TurnRequest, conn: Connection, inside: Inside) -> TurnResult:
        return self.runner.run(conn, inside, request, self.clock.now())

    async def run_queued(self, turns: Sequence[QueuedTurn]) -> int:
        """Each queued turn as its learner's own turn, a few at a time; returns how many ran here."""
        gate = asyncio.Semaphore(CONCURRENT_QUEUED)

        async def one(turn: QueuedTurn) -> bool:
            async with gate:
                return await self._queued(turn)

        return sum(await asyncio.gather(*(one(turn) for turn in turns)))

    async def _queued(self, turn: QueuedTurn) -> bool:
        request = TurnRequest(turn.key, "", turn.inbound, Reply.queued(turn), queued_id=turn.id)
        try:
            return not (await self.run(request)).duplicate
        except (SQLAlchemyError, OSError, TimeoutError):
            raise  # the row stays; the next drain tries again
        except Exception as error:
            # One broken turn must not come back at every drain: drop it, say so once.
            log.error("queued turn %s failed and is dropped: %s", turn.id, type(error).__name__)
            await self.database.run(functools.partial(_drop, turn.id))
            return False

    async def drain_queue(self, before: datetime | None = None, batch: int = DRAIN_BATCH) -> int:
        """Run the queued turns created up to `before` (default: now), oldest first: after a
        broadcast was released, and periodically for whatever a crash left behind."""
        total = 0
        while True:
            async with self.sessions() as session:
                turns = await turn_queue.waiting(session, before or self.clock.now(), batch)
            total += await self.run_queued(turns)
            if len(turns) < batch:
                return total

    async def verify(self, code: str) -> Verification | None:
        async with self.sessions() as session:
            found = await repo.certificate_by_code(session, code.strip().upper())
            return verification(self.shared, found) if found else None

    async def close(self) -> None:
        await self.database.close()


def _drop(queued_id: int, conn: Connection, _inside: Inside) -> None:
    conn.execute(delete(turn_queue.QUEUE).where(turn_queue.QUEUE.c.id == queued_id))
