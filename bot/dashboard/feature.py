"""The chat side of the dashboard: /dashboard answers an admin or ambassador with a link.

The gatherer tells the flow whether links can be given here (the dashboard is on and the
server's public address is known); the effect checks the role in the database again,
creates the one-time token (bot/dashboard/auth.py), audits it, and adds the link.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass

from bot.dashboard import auth
from bot.extensions import Feature, TurnScope
from bot.roles import actor_of, audit
from bot.settings import Settings
from dialogs.flows import dashboard as flow
from dialogs.messages import Inbound, InboundKind, Link, Text
from dialogs.state import DialogState
from dialogs.voice import Voice

log = logging.getLogger(__name__)
LOGIN_PATH = "/dashboard/login/"


@dataclass(frozen=True)
class LinkConfig:
    base_url: str  # PUBLIC_BASE_URL: "" means no link can be given
    enabled: bool = True

    @classmethod
    def from_settings(cls, settings: Settings) -> LinkConfig:
        return cls(settings.public_base_url.rstrip("/"), settings.dashboard_enabled)

    @property
    def ready(self) -> bool:
        return self.enabled and bool(self.base_url)

    def link(self, token: str) -> str:
        return f"{self.base_url}{LOGIN_PATH}{token}"


async def gather(config: LinkConfig, scope: TurnScope, state: DialogState, inbound: Inbound) -> dict[str, object]:
    if inbound.kind is not InboundKind.COMMAND or inbound.command not in flow.COMMANDS:
        return {}
    return {flow.DATA_READY: config.ready}


async def _issue(config: LinkConfig, scope: TurnScope, event: flow.DashboardLinkRequested) -> None:
    learner = scope.learner
    token = await auth.issue_link(scope.session, learner.id, scope.now) if config.ready else None
    if token is None:
        log.warning("dashboard link refused: learner %s holds no role, or links are off", learner.id)
        scope.notes.append(Text(Voice(learner.address, learner.name).say(flow.REFUSED)))
        return
    audit(scope.session, actor_of(learner), "dashboard.link", "dashboard", scope.now)
    scope.notes.append(Link(config.link(token), flow.LINK_LABEL))


def feature(config: LinkConfig) -> Feature:
    """The dashboard link, as bootstrap() assembles it."""
    return Feature(
        "dashboard",
        gatherers=(functools.partial(gather, config),),
        effects={flow.DashboardLinkRequested: functools.partial(_issue, config)},
    )
