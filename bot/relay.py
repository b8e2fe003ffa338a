"""Another person's turn, started from inside the transaction that caused it.

A help request reaching an ambassador, an ambassador's answer or congratulation reaching a
learner, the day's family news: each changes what that person sees, so each is that person's
turn through the pure step, with a notice (an Inbound of kind PUSH told apart by its command,
dialogs/flows/family/member.py). Like a family push (bot/families.py `deliver_push`), it runs
here, in the causing transaction: the person's row is locked (their own turn waits), their
state read, stepped and saved, and the step's messages queued in the outbox for after their
quiet hours. When turns for others move to a queue of their own (issue 11), this is the one
place the features of issue 15 need changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import outbox
from bot.extensions import Shared
from bot.storage import repo
from bot.storage.models import Learner
from dialogs.context import Context
from dialogs.messages import Inbound, InboundKind
from dialogs.state import DialogState
from scheduler.reminders import QuietHours

# Lower goes first (bot/outbox.py): a request for help before news, news before bulk.
HELP_PRIORITY, NEWS_PRIORITY = 3, 4


@dataclass(frozen=True, slots=True)
class Notice:
    """What to tell whom: the command the flows answer, its argument, and who it is from."""

    command: str
    option: str = ""
    sender: str = ""

    @property
    def inbound(self) -> Inbound:
        return Inbound(InboundKind.PUSH, text=self.sender, option=self.option, command=self.command)


def sender(ambassador: Learner) -> str:
    """How a note from an ambassador is signed: "Hùng (Đại sứ số)"."""
    return f"{ambassador.name} (Đại sứ số)" if ambassador.name else "Đại sứ số"


async def relay(
    session: AsyncSession,
    shared: Shared,
    person_id: int,
    notice: Notice,
    now: datetime,
    quiet: QuietHours,
    data: Mapping[str, object] | None = None,
    priority: int = HELP_PRIORITY,
) -> bool:
    """Step `person_id` with the notice; True when a message for them went into the outbox.

    `data` is what their screen needs (a request, the news), gathered by the caller, which
    knows; later turns of theirs gather it again like any turn does."""
    query = select(Learner).where(Learner.id == person_id).with_for_update()
    person = (await session.execute(query)).scalar_one_or_none()
    if person is None or person.unreachable:
        return False
    state = DialogState.loads(await repo.load_state(session, person.id))
    view = await repo.learner_view(session, person, now)
    ctx = Context(
        shared.machine,
        shared.library,
        shared.places,
        now,
        view,
        shared.dialog_settings,
        data=dict(data or {}),
        readers=shared.readers,
    )
    step = shared.machine.step(state, notice.inbound, ctx)
    if not step.messages:
        return False
    await repo.save_state(session, person.id, step.state.dumps(), now)
    not_before = quiet.release(now, person.timezone)
    outbox.enqueue(session, person, "notice", step.messages, now, priority=priority, not_before=not_before)
    return True
