"""/dashboard: a one-time link to the web dashboard, for admins and Digital Ambassadors.

Anyone else gets exactly the reply to a command the tutor does not know, so the dashboard
stays out of sight. The shell (bot/dashboard/feature.py) says whether the server can give
links at all (DATA_READY), checks the role in the database again and creates the link; this
module only words the answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from dialogs.context import Context
from dialogs.core import Command, Flow, Step, line, reprompt, say, stay
from dialogs.events import DomainEvent
from dialogs.replies import UNKNOWN_COMMAND
from dialogs.state import DialogState

COMMANDS = ("dashboard", "trangquanly")
DATA_READY = "dashboard.ready"  # bool, gathered only for these commands
ALLOWED = frozenset({"admin", "ambassador"})

INTRO = (
    "🔑 Đây là đường dẫn vào trang quản lý trên web. Đường dẫn chỉ dùng được một lần, trong 10 phút. "
    "{You} đừng chuyển cho ai khác nhé."
)
NOT_READY = "Trang quản lý trên web chưa được bật ở máy chủ này ạ. {You} nhờ người phụ trách kỹ thuật bật giúp nhé."
LINK_LABEL = "Mở trang quản lý"
REFUSED = "Xin lỗi, {me} chưa tạo được đường dẫn vì {you} không còn quyền vào trang quản lý ạ."


@dataclass(frozen=True, slots=True)
class DashboardLinkRequested(DomainEvent):
    """The shell checks the role in the database, then adds the link after the intro."""


def _open(state: DialogState, args: str, ctx: Context) -> Step:
    if not ALLOWED & ctx.learner.roles:
        return reprompt(state, ctx, line(ctx, UNKNOWN_COMMAND))
    if ctx.data.get(DATA_READY) is not True:
        return stay(state, ctx, say(line(ctx, NOT_READY)))
    return stay(state, ctx, say(line(ctx, INTRO)), (DashboardLinkRequested(),))


FLOW = Flow(
    "dashboard",
    commands=(Command(COMMANDS, _open, (), (), "/dashboard (quản trị, Đại sứ số)"),),
)
