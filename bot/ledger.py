"""Writing down what became of outbox rows, even while the database is away.

A message the platform took must be marked sent, or another sender sends it again once the
claim looks abandoned. When the database cannot be reached the write is kept, in order, and
done first thing when it answers again; meanwhile the sender claims nothing new. A sender that
stops while the database is away leaves its ledger to the next sender of its bot in this
process (bot/sending.py), which writes it before claiming anything.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.health import Incident

Write = Callable[[AsyncSession], Awaitable[None]]


class Ledger:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], incident: Incident) -> None:
        # The incident failures are reported to: the sender's own, whichever sender holds it.
        self._sessions, self.incident = sessions, incident
        self._unwritten: list[Write] = []

    async def write(self, write: Write) -> None:
        """Write now in its own transaction; if the database fails, keep it for later."""
        try:
            async with self._sessions.begin() as session:
                await write(session)
        except Exception as error:  # kept, and written when the database is back
            self.incident.failed(error)
            self._unwritten.append(write)

    async def catch_up(self) -> None:
        """Write what was kept, in one transaction; raises while the database is still away."""
        if not self._unwritten:
            return
        async with self._sessions.begin() as session:
            for write in self._unwritten:
                await write(session)
        self._unwritten.clear()
