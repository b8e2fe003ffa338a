"""The dashboard in a real browser: Debian's chromium, driven by Playwright.

An officer asks the bot for a link in a scripted chat, opens it, reads the overview (checked
against `hocvuso stats --json`), composes a broadcast while the page counts its recipients,
creates and cancels it. A second test takes the screenshots of docs/dashboard.md at phone and
desktop widths, on the fixed test clock so that they come out the same every run. One browser
serves the whole module.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import pytest_asyncio
from playwright.async_api import Browser, BrowserContext, Page, async_playwright
from sqlalchemy import select

from bot.app import App
from bot.clock import FakeClock
from bot.dashboard.mount import refresher
from bot.families import store_population
from bot.storage.models import Broadcast, Family, FamilyMember, ScamCheck, UnansweredQuestion
from content.library import Library
from dialogs.context import Readers
from tests.dashboard_town import LA_BANG, TAN_CUONG, add_event, dashboard_app, learner_id, link_path, person, served
from tests.test_stats import build_town

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(__file__).resolve().parents[1] / "docs" / "img"
GUIDE = Path(__file__).resolve().parents[1] / "docs" / "dashboard.md"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 860}
HOCVUSO = str(Path(sys.executable).parent / "hocvuso")
NOTICE = "Sáng thứ Bảy này, nhà văn hóa xã có lớp hướng dẫn cài VNeID. Mời bà con mang điện thoại đến."

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no Debian chromium (.ci/run installs it)")
# The browser lives on the module's event loop; so do the tests and the application they drive.
ON_MODULE_LOOP = pytest.mark.asyncio(loop_scope="module")
SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as driver:
        launched = await driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield launched
        await launched.close()


@pytest_asyncio.fixture(loop_scope="module")
async def app(
    database_url: str, tmp_path: Path, clock: FakeClock, library: Library, readers: Readers
) -> AsyncIterator[App]:
    # Counts kept as deployed: pages read the snapshots the scheduler's job stores.
    async with dashboard_app(
        database_url, tmp_path, clock, library, readers, dashboard_refresh_seconds=300
    ) as application:
        yield application


async def seed(app: App) -> None:
    """Enough of a province for every page to have something to show."""
    await build_town(app)
    now = app.clock.now()
    async with app.sessions.begin() as session:
        await store_population(session, {TAN_CUONG: 5, LA_BANG: 4}, now)
        for topic, place in (("vneid", TAN_CUONG), ("vneid", LA_BANG), ("thanhtoan", TAN_CUONG)):
            session.add(UnansweredQuestion(at=now, topic=topic, place=place, text=None))
        for days, verdict in ((0, "scam"), (2, "suspicious"), (9, "scam"), (10, "none")):
            at = now - timedelta(days=days)
            session.add(ScamCheck(at=at, place=TAN_CUONG, verdict=verdict, signals=["apk-link"]))


async def stats_totals(app: App) -> dict[str, int]:
    """`hocvuso stats --json`, run as an officer would, on the same database."""
    env = {**os.environ, "DATABASE_URL": app.settings.db_url, "DATA_DIR": str(app.settings.data_dir)}
    process = await asyncio.create_subprocess_exec(
        HOCVUSO,
        "stats",
        "--json",
        env={**env, "LOG_LEVEL": "WARNING"},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode == 0, err.decode()[-2000:]
    totals: dict[str, int] = json.loads(out)["totals"]
    return totals


async def signed_in(browser: Browser, origin: str, path: str, viewport: dict[str, int]) -> tuple[BrowserContext, Page]:
    """What a tap on the link in the chat does: the page signs in by itself and moves on."""
    context = await browser.new_context(viewport=viewport, locale="vi-VN")
    page = await context.new_page()
    page.set_default_timeout(15_000)
    await page.goto(origin + path)
    await page.wait_for_url(f"{origin}/dashboard/**")
    assert "/login/" not in page.url
    return context, page


async def shoot(page: Page, origin: str, where: str, name: str) -> None:
    await page.goto(origin + where)
    SHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SHOTS / f"dashboard-{name}.png"), full_page=True)


@ON_MODULE_LOOP
@SQLITE
async def test_an_officer_signs_in_reads_the_figures_and_broadcasts(
    app: App, browser: Browser, clock: FakeClock
) -> None:
    clock.set(datetime.now(UTC))  # `hocvuso stats` counts the last 7 days from the real clock
    await seed(app)
    hoa = await person(app, "hoa", "admin")
    snapshots = refresher(app, app.settings)
    assert snapshots is not None
    await snapshots.refresh()  # what the scheduler's job does every DASHBOARD_REFRESH_SECONDS
    async with served(app) as client:
        origin = str(client.base_url).rstrip("/")
        path = await link_path(hoa)  # the link the bot gave Hoa in the chat
        context, page = await signed_in(browser, origin, path, DESKTOP)
        shown = {
            await item.get_attribute("data-figure"): int((await item.inner_text()).replace(".", ""))
            for item in await page.locator("[data-figure]").all()
        }
        totals = await stats_totals(app)
        assert shown == {name: totals[name] for name in shown} and len(shown) == 6
        assert shown["active_7d"] == 2 and shown["learners"] == 3

        await page.goto(f"{origin}/dashboard/thong-bao")
        await page.fill("#text", NOTICE)
        await page.select_option("#kind", "place")
        await page.select_option("#place", LA_BANG)
        await page.wait_for_selector('#count[data-count="1"]')  # counted by the page's script as it changed
        await page.click("#send")
        await page.wait_for_url("**/dashboard/thong-bao?tao=1")
        assert "Hẹn giờ" in await page.inner_text("#broadcast-1")
        await page.click("#broadcast-1 button.danger")
        await page.wait_for_url(f"{origin}/dashboard/thong-bao")
        assert "Đã hủy" in await page.inner_text("#broadcast-1")
        async with app.sessions() as session:
            made = (await session.execute(select(Broadcast.status, Broadcast.audience))).one()
        assert tuple(made) == ("cancelled", {"spec": f"place:{LA_BANG}"})

        await page.set_viewport_size(PHONE)
        for where in ("/dashboard/", "/dashboard/xa", "/dashboard/noi-dung", "/dashboard/thong-bao"):
            await page.goto(origin + where)
            wide = await page.evaluate("document.documentElement.scrollWidth")
            assert wide <= PHONE["width"], f"{where} is {wide}px wide on a phone"
        await page.goto(origin + path)  # the same link once more
        assert "đã dùng rồi" in await page.inner_text("main")
        await context.close()


@ON_MODULE_LOOP
@SQLITE
async def test_the_guide_s_screenshots_at_phone_and_desktop_widths(app: App, browser: Browser) -> None:
    await seed(app)
    hoa = await person(app, "hoa", "admin")
    minh = await person(app, "minh", "ambassador")
    an, binh = await person(app, "an"), await person(app, "binh")
    now = app.clock.now()
    async with app.sessions.begin() as session:
        family = Family(ambassador_id=await learner_id(app, minh), name="Nhà bác Minh", created_at=now)
        session.add(family)
        await session.flush()
        for member in (an, binh):
            session.add(FamilyMember(family_id=family.id, learner_id=await learner_id(app, member), joined_at=now))
        add_event(app, session, await learner_id(app, an), "started", "vneid-hai-muc")
    async with served(app) as client:
        origin = str(client.base_url).rstrip("/")
        context, page = await signed_in(browser, origin, await link_path(hoa), DESKTOP)
        for where, name in (
            ("/dashboard/", "overview"),
            ("/dashboard/xa", "communes"),
            ("/dashboard/noi-dung", "content"),
        ):
            await shoot(page, origin, where, f"{name}-desktop")
        await shoot(page, origin, "/dashboard/thong-bao?kind=place&place=" + LA_BANG, "broadcasts-desktop")
        await page.set_viewport_size(PHONE)
        await shoot(page, origin, "/dashboard/", "overview-phone")
        await shoot(page, origin, "/dashboard/thong-bao", "broadcasts-phone")
        await context.close()
        context, page = await signed_in(browser, origin, await link_path(minh), PHONE)
        assert page.url == f"{origin}/dashboard/gia-dinh"
        assert "Nhà bác Minh · 2 người" in await page.inner_text("main")
        assert await page.locator("nav a").all_inner_texts() == ["Gia đình của tôi"]
        await shoot(page, origin, "/dashboard/gia-dinh", "families-phone")
        await context.close()
    guide = GUIDE.read_text(encoding="utf-8")
    for shot in sorted(SHOTS.glob("dashboard-*.png")):
        assert f"img/{shot.name}" in guide, f"docs/dashboard.md does not show {shot.name}"
