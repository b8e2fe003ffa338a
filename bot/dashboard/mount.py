"""The dashboard's routes for `hocvuso run`, built from the running application."""

from __future__ import annotations

from types import MappingProxyType

from aiohttp import web

from bot.app import App
from bot.dashboard.site import Site
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
