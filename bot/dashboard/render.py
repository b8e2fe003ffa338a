"""Pages as Jinja2 templates (autoescaped), the filters they share, and the headers every
dashboard answer carries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.dashboard.charts import number, percent
from bot.deferred import jinja2

HERE = Path(__file__).parent
# No inline script or style anywhere: the only script is /dashboard/static/app.js.
POLICY = (
    "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


@dataclass(frozen=True)
class Page:
    template: str
    values: dict[str, object] = field(default_factory=dict)
    status: int = 200


class Templates:
    """The dashboard's templates from this package, escaped. The Jinja2 environment is built at
    the first page served, so a process whose dashboard nobody opens never imports Jinja2."""

    def __init__(self, timezone: str) -> None:
        self.zone = ZoneInfo(timezone)

    def get_template(self, name: str) -> jinja2.Template:
        return self.environment.get_template(name)

    @cached_property
    def environment(self) -> jinja2.Environment:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"),
            autoescape=jinja2.select_autoescape(("html",)),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        zone = self.zone
        env.filters["number"] = number
        env.filters["percent"] = percent
        env.filters["when"] = lambda at: at.astimezone(zone).strftime("%H:%M %d/%m/%Y") if at else ""
        env.filters["day"] = lambda at: at.astimezone(zone).strftime("%d/%m") if at else ""
        return env


def environment(timezone: str) -> Templates:
    """Built once per dashboard (never at import)."""
    return Templates(timezone)


def secure(response: web.StreamResponse) -> web.StreamResponse:
    """Nothing cached, nothing framed, no address passed on (a login link must not leak)."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Security-Policy"] = POLICY
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    return response


def html(env: Templates, page: Page, common: dict[str, object]) -> web.Response:
    body = env.get_template(page.template).render(**common, **page.values)
    return web.Response(text=body, status=page.status, content_type="text/html", charset="utf-8")


def local_now(now: datetime, timezone: str) -> datetime:
    return now.astimezone(ZoneInfo(timezone))
