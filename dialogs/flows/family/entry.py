"""The main menu's doors to the family tools: "Đại sứ số" for ambassadors, "Gia đình" for
members. Everyone else sees the menu as it always was (the same numbers for the same rows)."""

from __future__ import annotations

from collections.abc import Callable

from dialogs.context import Context
from dialogs.core import Exit, Step
from dialogs.flows.family.ambassador import cmd_ambassador
from dialogs.flows.family.member import cmd_family
from dialogs.messages import Option
from dialogs.state import DialogState, StateName

S = StateName
AMBASSADOR = Option("amb", "🤝 Đại sứ số", ("dai su", "dai su so", "cong cu dai su"))
FAMILY = Option("family", "👨‍👩‍👧 Gia đình", ("gia dinh", "gia dinh so", "nhom gia dinh"))


def _to_tools(state: DialogState, option: str, ctx: Context) -> Step:
    return cmd_ambassador(state, "", ctx)


def _to_family(state: DialogState, option: str, ctx: Context) -> Step:
    return cmd_family(state, "", ctx)


EXITS = (Exit(AMBASSADOR, S.AMB_MENU, _to_tools), Exit(FAMILY, S.FAMILY_MINE, _to_family))


def with_family_exits(everyday: tuple[Option, ...]) -> Callable[[DialogState, Context], tuple[Option, ...]]:
    """The menu's `shown`: the everyday rows, then the doors this learner's roles open."""

    def shown(state: DialogState, ctx: Context) -> tuple[Option, ...]:
        doors = (AMBASSADOR,) if "ambassador" in ctx.learner.roles else ()
        return (*everyday, *doors, *((FAMILY,) if ctx.learner.family_member else ()))

    return shown
