"""Telling someone they are now a Digital Ambassador, and what they can do (issue 15).

Called wherever the role is granted for someone else (the chat's /capdaisu, `hocvuso admin
grant --role ambassador`, `hocvuso admin grant-ambassador`); someone who claims the role with
a commune code is told in the reply to that very turn. The note leaves through the outbox,
after the person's quiet hours.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot import outbox
from bot.relay import HELP_PRIORITY
from bot.storage.models import Learner
from dialogs.flows.family.texts import WELCOME
from dialogs.messages import Text
from dialogs.voice import Voice
from scheduler.reminders import QuietHours


def tell_new_ambassador(session: AsyncSession, learner: Learner, now: datetime, quiet: QuietHours) -> bool:
    """Queue the welcome; False for someone the platform said cannot be reached."""
    if learner.unreachable:
        return False
    text = Voice(learner.address, learner.name).say(WELCOME)
    not_before = quiet.release(now, learner.timezone)
    outbox.enqueue(session, learner, "notice", [Text(text)], now, priority=HELP_PRIORITY, not_before=not_before)
    return True
