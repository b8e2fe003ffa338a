"""bootstrap(): the one place the application is wired together."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot import broadcasts, families, family_news, helping, insights, learner_data, roles
from bot.certificates import new_certificate_code, render_certificate_png
from bot.clock import Clock, SystemClock
from bot.dashboard.feature import LinkConfig
from bot.dashboard.feature import feature as dashboard_feature
from bot.extensions import Feature, Features, Shared
from bot.links import BotLinks
from bot.media import CONTENT_KIND, ImageCache, issued_code, read_lesson_file
from bot.settings import Settings
from bot.storage import repo
from bot.storage.db import create_engine, is_sqlite, session_factory
from bot.storage.migrate import one_start_at_a_time, upgrade
from bot.storage.models import PlaceRow
from bot.storage.turn_db import turn_database
from bot.tutor import Tutor
from content.library import Library
from content.loader import load_library
from content.places import Place, PlaceIndex, load_default_places
from content.scam import load_scam_checker
from content.search import build_index
from dialogs.context import DialogSettings, Readers
from dialogs.engine import Machine
from dialogs.flows.standard import standard
from dialogs.understanding import Reader


@dataclass
class App:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    library: Library
    tutor: Tutor
    clock: Clock
    links: BotLinks
    images: ImageCache = field(default_factory=ImageCache)

    async def close(self) -> None:
        await self.tutor.close()
        await self.engine.dispose()

    async def media(self, key: str) -> bytes | None:
        """Draw an image the engine names by key: a certificate, or an active family invite's QR
        code. Codes never issued, deleted certificates and revoked invites draw nothing (bot/media.py).
        A lesson's picture or voice note is read from content/media, if a lesson names it."""
        kind, _, code = key.partition(":")
        if kind == CONTENT_KIND:  # a lesson's picture or recording (content:FILE)
            return await self.images.get(key, lambda: read_lesson_file(self.library, code))
        async with self.sessions() as session:
            canonical = await issued_code(session, kind, code)
        if canonical is None:
            self.images.forget(f"certificate:{code.upper()}")  # its holder may have deleted it
            return None
        if kind == "certificate":
            return await self.images.get(f"certificate:{canonical}", lambda: self.certificate_png(canonical))
        bot = self.links.telegram_username
        return await self.images.get(f"invite:{canonical}@{bot}", lambda: families.invite_png(canonical, bot))

    async def certificate_png(self, code: str) -> bytes | None:
        verification = await self.tutor.verify(code)
        if verification is None:
            return None
        async with self.sessions() as session:
            cert = await repo.certificate_by_code(session, code)
        assert cert is not None  # noqa: S101 — verify() just found it
        issued = cert.issued_at.astimezone(ZoneInfo(self.settings.default_timezone)).date()
        # Drawing takes tens of milliseconds: keep it off the event loop.
        return await asyncio.to_thread(
            render_certificate_png, verification.name, verification.module_title, issued, cert.code
        )


def dialog_settings(settings: Settings) -> DialogSettings:
    return DialogSettings(
        pass_ratio=settings.quiz_pass_ratio,
        weekly_goal_days=settings.weekly_goal_days,
        review_batch=settings.review_batch,
        data_controller=settings.data_controller,
    )


async def seed_places(sessions: async_sessionmaker[AsyncSession]) -> None:
    """First start: load the bundled commune list; an admin may replace it later."""
    async with sessions.begin() as session:
        await one_start_at_a_time(session)  # processes starting together seed it once
        if await session.scalar(select(func.count()).select_from(PlaceRow)):
            return
        for place in load_default_places():
            session.add(PlaceRow(key=place.key, province=place.province, kind=place.kind, name=place.name))


async def load_place_index(sessions: async_sessionmaker[AsyncSession]) -> PlaceIndex:
    async with sessions() as session:
        rows = await repo.load_places(session)
    return PlaceIndex(Place(r.province, r.kind, r.name) for r in rows)


def assemble(settings: Settings, links: BotLinks) -> tuple[Feature, ...]:
    """The shell's features, each built with its own settings."""
    family = families.FamilyConfig.from_settings(settings, links)
    return (
        families.feature(family),
        helping.feature(family.quiet),
        family_news.feature(family.quiet),
        broadcasts.feature(),
        learner_data.feature(),
        dashboard_feature(LinkConfig.from_settings(settings)),
        insights.feature(insights.InsightConfig(settings.unanswered_keep_days)),
    )


async def bootstrap(
    settings: Settings,
    clock: Clock | None = None,
    library: Library | None = None,
    new_code: Callable[[], str] = new_certificate_code,
    readers: Readers | None = None,
) -> App:
    """The application, its database migrated. `library` and `readers` (built from it: the
    search index and the scam checker, a third of a second) may be given when they already
    exist, as the test suite does; a deployment builds them here, once."""
    if is_sqlite(settings.db_url):
        Path(settings.data_dir).mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240 — once, at start-up
    engine = create_engine(
        settings.db_url, pool_size=settings.database_pool_size, pool_timeout=settings.database_pool_timeout
    )
    await upgrade(engine)
    sessions = session_factory(engine)
    await seed_places(sessions)
    library = library or load_library()
    clock = clock or SystemClock()
    places = await load_place_index(sessions)
    links = BotLinks(settings.telegram_bot_username)
    machine = Machine(standard())
    readers = readers or Readers(Reader(), build_index(library), load_scam_checker())
    shared = Shared(machine, library, places, settings.default_timezone, dialog_settings(settings), readers)
    features = Features.of(assemble(settings, links))
    database = turn_database(settings.db_url, engine)
    tutor = Tutor(sessions, shared, features, clock, database, new_code)
    application = App(settings, engine, sessions, library, tutor, clock, links)
    if settings.admin_keys:
        # Admins who have written to the bot get the role now; the broadcast tick retries the rest.
        await roles.grant_admin_keys(sessions, settings.admin_keys, clock.now())
    return application
