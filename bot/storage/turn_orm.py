"""The ORM for features, inside a turn that runs on a synchronous connection in a worker thread.

A feature's gatherers and effects are coroutines over an AsyncSession (they also serve the
dashboard and the CLI). In a turn they get an AsyncSession whose session is bound to the
turn's own connection, so they read and write in the turn's transaction. With a synchronous
driver nothing in such a coroutine ever suspends: `finish` runs it to its end right here, in
the thread, and refuses one that would wait on anything else. Nothing is built until a
feature first asks, so a turn no feature touches never pays for the ORM.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Connection, Executable, Result
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import make_transient_to_detached

from bot.storage.learner_record import CHANGEABLE, FIELDS, LearnerFields, LearnerRecord
from bot.storage.models import Learner

T = TypeVar("T")
# How a turn runs a feature's coroutine (a gatherer, an effect) from inside its unit of work.
Finish = Callable[[Awaitable[Any]], Any]


class WouldWait(RuntimeError):
    """A gatherer or effect awaited something besides the turn's own database connection."""


def finish(work: Awaitable[T]) -> T:
    """Run a coroutine that cannot suspend to its end, on this thread, without an event loop."""
    if not isinstance(work, Coroutine):
        raise TypeError("a gatherer or effect must be a coroutine")
    try:
        work.send(None)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
    work.close()
    raise WouldWait("a turn's gatherer or effect waited on something outside the turn's transaction")


class InlineSession(AsyncSession):
    """An AsyncSession over a synchronous driver (a turn in a worker thread). AsyncSession's own
    `execute` ends by closing the result's cursor the async drivers' way, which a plain DB-API
    cursor cannot do; the rows are already buffered, so nothing is left to close."""

    async def execute(  # one signature stands for the base class overloads
        self,
        statement: Executable,
        params: Any = None,
        *,
        execution_options: Mapping[str, Any] | None = None,
        bind_arguments: dict[str, Any] | None = None,
        **kw: Any,
    ) -> Result[Any]:
        options = {**(execution_options or {}), "prebuffer_rows": True}
        return self.sync_session.execute(
            statement, params, execution_options=options, bind_arguments=bind_arguments, **kw
        )

    # The synchronous connection itself (callers read its .dialect); AsyncSession's own would
    # look for the async connection it came from, and there is none.
    @property  # type: ignore[misc]  # read-only here: nothing rebinds a turn's session
    def bind(self) -> Any:
        return self.sync_session.bind

    @classmethod
    def on(cls, conn: Connection) -> InlineSession:
        session = cls()
        session.sync_session.bind = conn
        return session


@dataclass(frozen=True)
class Inside:
    """How features run inside one kind of turn: what finishes their coroutines, and the
    AsyncSession they get over the turn's connection."""

    finish: Finish
    session: Callable[[Connection], AsyncSession]


IN_THREAD = Inside(finish, InlineSession.on)


class TurnOrm:
    """The turn's door to the ORM (bot.extensions.OrmDoor), opened on first use."""

    def __init__(
        self,
        conn: Connection,
        record: LearnerRecord,
        before: dict[str, object],
        inside: Inside = IN_THREAD,
    ) -> None:
        # How a feature's coroutine is finished from inside the turn: `finish` in a worker
        # thread, SQLAlchemy's await_only inside AsyncConnection.run_sync (bot/storage/turn_db.py).
        self.conn, self.record, self.before, self.inside = conn, record, before, inside
        self.run = inside.finish
        self._session: AsyncSession | None = None
        self._learner: Learner | None = None

    def session(self) -> AsyncSession:
        if self._session is None:
            self._session = self.inside.session(self.conn)
        return self._session

    def learner(self) -> Learner:
        """The learner as an ORM row carrying what the turn changed so far: from here on it is
        the one copy the turn changes (`current`), written by the session's flush. Built from
        the row the turn read, without a query: a feature's coroutine may ask for it where no
        statement can run (inside AsyncConnection.run_sync, only awaited ones can)."""
        if self._learner is None:
            read = {name: getattr(self.record, name) for name in FIELDS} | self.before
            found = Learner(**read)
            make_transient_to_detached(found)  # as if just loaded: nothing to write yet
            self.session().sync_session.add(found)
            for name in CHANGEABLE:
                setattr(found, name, getattr(self.record, name))
            self._learner = found
        return self._learner

    def current(self) -> LearnerFields:
        return self._learner if self._learner is not None else self.record

    @property
    def learner_opened(self) -> bool:
        return self._learner is not None

    def forget_learner(self) -> None:
        """The learner is being deleted: their row must not be written back."""
        if self._session is not None and self._learner is not None:
            self._session.sync_session.expunge(self._learner)
        self._learner = None

    def flush(self) -> None:
        if self._session is not None:
            self._session.sync_session.flush()

    def close(self) -> None:
        if self._session is not None:
            self._session.sync_session.close()
