"""The conversation's features, one flow each. `standard()` lists the set the tutor runs with;
bootstrap() passes it to the engine, and a test may pass its own selection."""

from __future__ import annotations

from dialogs.core import Flow
from dialogs.flows import account, broadcasts, learning, onboarding, quiz, reminders
from dialogs.flows.family import ambassador, guided, joining, member, stats


def standard() -> tuple[Flow, ...]:
    return (
        onboarding.FLOW,
        learning.FLOW,
        quiz.FLOW,
        account.FLOW,
        reminders.FLOW,
        broadcasts.FLOW,
        joining.FLOW,
        member.FLOW,
        ambassador.FLOW,
        guided.FLOW,
        stats.FLOW,
    )
