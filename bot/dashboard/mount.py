"""The dashboard's parts for `hocvuso run`, built from the running application: its routes,
and the snapshots the scheduler's refresh job counts (bot/dashboard/snapshots.py)."""

from __future__ import annotations

from types import MappingProxyType

from aiohttp import web

from bot.app import App
from bot.dashboard.site import Site
from bot.dashboard.snapshots import Snapshots
from bot.dashboard.visit import DashboardConfig, Services
from bot.settings import Settings
from content.scam.load import load_scam_book


def services(app: App, settings: Settings) -> Services:
    config = DashboardConfig.from_settings(settings)
    signals = {signal.id: signal.explanation for signal in load_scam_book().signals.signals}
    return Services(app.sessions, app.clock, app.library, app.tutor.places, config, MappingProxyType(signals))


def dashboard_routes(app: App, settings: Settings) -> list[web.RouteDef]:
    """Nothing when DASHBOARD_ENABLED is false: then /dashboard is not served at all."""
    return Site(services(app, settings)).routes() if settings.dashboard_enabled else []


def refresher(app: App, settings: Settings) -> Snapshots | None:
    """What the scheduler's refresh job runs. None when nobody can open the dashboard (it is
    off, or without PUBLIC_BASE_URL no sign-in link can be given) or it keeps nothing."""
    usable = settings.dashboard_enabled and bool(settings.public_base_url)
    if not usable or settings.dashboard_refresh_seconds <= 0:
        return None
    config = DashboardConfig.from_settings(settings)
    return Services(app.sessions, app.clock, app.library, app.tutor.places, config).snapshots()
