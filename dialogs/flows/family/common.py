"""Small helpers every family screen uses."""

from __future__ import annotations

from collections.abc import Iterable

from dialogs.context import Context
from dialogs.core import Step, choices, enter, line, reprompt, say
from dialogs.events import Event
from dialogs.flows import onboarding
from dialogs.flows.common import MENU
from dialogs.flows.family.data import MemberData
from dialogs.flows.family.texts import NOT_AMBASSADOR
from dialogs.messages import Outbound, Screen, Text
from dialogs.state import DialogState, StateName

S = StateName


def short(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def names(members: Iterable[MemberData]) -> str:
    return ", ".join(m.name for m in members)


def title(ctx: Context, lesson_id: str) -> str:
    lesson = ctx.library.lesson(lesson_id)
    return lesson.title if lesson else lesson_id


def extra_with(state: DialogState, **values: str) -> dict[str, str]:
    """The state's extra values with some set; an empty value removes the key."""
    merged = {**state.extra, **values}
    return {k: v for k, v in merged.items() if v}


def id_list(raw: str) -> tuple[str, ...]:
    return tuple(part for part in raw.split(",") if part)


def toggle(raw: str, item: str) -> str:
    current = id_list(raw)
    return ",".join(i for i in current if i != item) if item in current else ",".join((*current, item))


def refuse(state: DialogState, ctx: Context, text: str, events: Iterable[Event] = ()) -> Step:
    """A short answer that keeps the learner's place (a first contact starts onboarding)."""
    if state.name is S.NEW:
        return onboard(state, ctx, (Text(text),), events)
    return reprompt(state, ctx, text, events)


def onboard(state: DialogState, ctx: Context, before: tuple[Outbound, ...], events: Iterable[Event] = ()) -> Step:
    return enter(ctx, state.to(S.ONB_CONSENT), (*before, *say(*onboarding.greeting(ctx))), events)


def not_ambassador(state: DialogState, ctx: Context) -> Screen:
    return choices(state, line(ctx, NOT_AMBASSADOR), (MENU,))
