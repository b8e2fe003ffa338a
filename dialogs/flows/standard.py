"""The flows the tutor runs with. bootstrap() passes them to the engine; a test may pass its own."""

from __future__ import annotations

from dialogs.core import Flow
from dialogs.flows import account, broadcasts, learning, onboarding, questions, quiz, reminders, scamcheck
from dialogs.flows import help as asking
from dialogs.flows.dashboard import FLOW as DASHBOARD
from dialogs.flows.family import ambassador, guided, helping, joining, member, stats


def standard() -> tuple[Flow, ...]:
    """Every feature of the conversation, in the order the chart lists them."""
    return (
        onboarding.FLOW,
        learning.FLOW,
        quiz.FLOW,
        account.FLOW,
        # Free text nobody understood: a pasted message is checked before it is read as a question.
        scamcheck.FLOW,
        questions.FLOW,
        reminders.FLOW,
        broadcasts.FLOW,
        joining.FLOW,
        member.FLOW,
        ambassador.FLOW,
        guided.FLOW,
        stats.FLOW,
        asking.FLOW,
        helping.FLOW,
        DASHBOARD,
    )
