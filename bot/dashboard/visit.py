"""One request of a signed-in viewer, and what every page shares: the services it reads
through, the commune it may see, and a polite refusal."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import MappingProxyType

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.dashboard.auth import Viewer
from bot.dashboard.snapshots import Counting, Snapshots
from bot.families import DEFAULT_TARGET_SHARE, place_name
from bot.settings import Settings
from content.library import Library
from content.places import PlaceIndex


@dataclass(frozen=True)
class DashboardConfig:
    session_lifetime: timedelta
    timezone: str
    # How often the scheduler counts again (bot/dashboard/snapshots.py); 0: every page counts.
    refresh: timedelta = timedelta(0)
    target_share: float = DEFAULT_TARGET_SHARE

    @classmethod
    def from_settings(cls, settings: Settings) -> DashboardConfig:
        session = timedelta(hours=settings.dashboard_session_hours)
        return cls(session, settings.default_timezone, timedelta(seconds=settings.dashboard_refresh_seconds))


@dataclass(frozen=True)
class Services:
    """What the dashboard reads and writes through, handed over by the application."""

    sessions: async_sessionmaker[AsyncSession]
    clock: Clock
    library: Library
    places: PlaceIndex
    config: DashboardConfig
    # The scam checker's signal ids in plain words (content/data/scam_signals.yaml).
    signal_names: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def counting(self) -> Counting:
        return Counting(self.sessions, self.clock, self.places, self.config.timezone, self.config.target_share)

    def snapshots(self) -> Snapshots:
        return Snapshots(self.counting, self.config.refresh)


class Refused(Exception):
    """Stop the request with a short Vietnamese page; nothing it began is kept."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


OTHER_COMMUNE = "Trang này chỉ có số liệu của {place}. Số liệu nơi khác thuộc quyền cán bộ nơi đó ạ."
UNKNOWN_PLACE = "Không tìm thấy xã, phường này ạ."


@dataclass
class Visit:
    request: web.Request
    viewer: Viewer
    session: AsyncSession
    now: datetime
    services: Services
    snapshots: Snapshots

    @property
    def places(self) -> PlaceIndex:
        return self.services.places

    def place(self) -> str | None:
        """The commune this page is limited to: a commune admin's own, always; for the province,
        the one asked for with ?xa=, or None for all. Asking for another commune is refused."""
        asked = self.request.query.get("xa", "").strip()
        scope = self.viewer.scope
        if scope is None:
            raise Refused(403, "Trang này chỉ dành cho cán bộ quản trị ạ.")
        if not scope.province:
            if asked and asked != scope.place:
                raise Refused(403, OTHER_COMMUNE.format(place=place_name(self.places, scope.place)))
            return scope.place
        if asked and asked not in ("other",) and self.places.get(asked) is None:
            raise Refused(404, UNKNOWN_PLACE)
        return asked or None

    def place_label(self, place: str | None) -> str:
        return "Toàn tỉnh" if place is None else place_name(self.places, place)

    def page_number(self) -> int:
        raw = self.request.query.get("trang", "1")
        return max(1, min(int(raw), 100_000)) if raw.isdigit() else 1
