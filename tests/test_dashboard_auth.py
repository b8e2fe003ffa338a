"""Signing in to the dashboard and everything it refuses, over real HTTP on SQLite and PostgreSQL.

Each refusal is checked twice: by its answer, and by comparing every table before and after.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from bot import roles
from bot.app import App
from bot.clock import FakeClock
from bot.storage.models import AuditEntry, Broadcast, DashboardLoginToken, DashboardSession
from content.library import Library
from dialogs.context import Readers
from tests.dashboard_town import (
    LA_BANG,
    TAN_CUONG,
    dashboard_app,
    learner_id,
    link_path,
    person,
    served,
    sign_in,
    snapshot,
)
from tests.helpers import Learner as Person
from tests.helpers import onboard

ADMIN_PAGES = (
    "/dashboard/",
    "/dashboard/xa",
    "/dashboard/noi-dung",
    "/dashboard/thong-bao",
    "/dashboard/thong-bao/dem?kind=all",
    "/dashboard/dai-su",
    "/dashboard/xuat",
    "/dashboard/xuat/xa-phuong.csv",
    "/dashboard/nhat-ky",
)
NOTICE = "Mời bà con tối nay ra nhà văn hóa học cách dùng VNeID."


@pytest.fixture
async def app(
    database_url: str, tmp_path: Path, clock: FakeClock, library: Library, readers: Readers
) -> AsyncIterator[App]:
    async with dashboard_app(database_url, tmp_path, clock, library, readers) as application:
        yield application


def compose(csrf: str, **fields: str) -> dict[str, str]:
    return {"csrf": csrf, "text": NOTICE, "kind": "all", "do": "send", **fields}


async def broadcasts(app: App) -> int:
    async with app.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(Broadcast)) or 0)


async def test_without_a_session_every_page_and_form_is_refused(app: App) -> None:
    await person(app, "lan", "admin")
    before = await snapshot(app)
    async with served(app) as client:
        for path in (*ADMIN_PAGES, "/dashboard/gia-dinh"):
            answer = await client.get(path)
            assert answer.status_code == 401, path
            assert "/dashboard trong khung chat" in answer.text
        forged = {"Cookie": "hocvuso_dashboard=not-a-session"}
        assert (await client.get("/dashboard/", headers=forged)).status_code == 401
        assert (await client.post("/dashboard/thong-bao", data=compose("x"))).status_code == 401
        assert (await client.post("/dashboard/thong-bao/1/huy", data={"csrf": "x"})).status_code == 401
    assert await snapshot(app) == before


async def test_a_link_signs_in_once_and_only_for_ten_minutes(app: App, clock: FakeClock) -> None:
    lan = await person(app, "lan", "admin")
    async with served(app) as client:
        path = await link_path(lan)
        token = path.rsplit("/", 1)[1]
        for _ in range(2):  # a link preview reading the page must not use it up
            assert (await client.get(path)).status_code == 200
        answer = await client.post("/dashboard/login", data={"token": token})
        assert answer.status_code == 303 and answer.headers["location"] == "/dashboard/"
        cookie = answer.headers["set-cookie"]
        for part in ("HttpOnly", "SameSite=Strict", "Path=/dashboard", "Max-Age=28800"):
            assert part in cookie
        assert "Secure" not in cookie  # plain HTTP here: a Secure cookie would never come back
        assert (await client.get("/dashboard/")).status_code == 200

        before = await snapshot(app)
        async with httpx.AsyncClient(base_url=str(client.base_url)) as stranger:
            again = await stranger.post("/dashboard/login", data={"token": token})
            assert again.status_code == 403 and "đã dùng rồi" in again.text
            assert "set-cookie" not in again.headers
            assert (await stranger.get(path)).status_code == 403
        assert await snapshot(app) == before

        late = (await link_path(lan)).rsplit("/", 1)[1]
        clock.advance(minutes=10, seconds=1)
        before = await snapshot(app)
        async with httpx.AsyncClient(base_url=str(client.base_url)) as stranger:
            assert (await stranger.post("/dashboard/login", data={"token": late})).status_code == 403
            assert (await stranger.post("/dashboard/login", data={"token": "made-up"})).status_code == 403
        assert await snapshot(app) == before


async def test_the_cookie_is_secure_behind_the_https_proxy_only(app: App) -> None:
    lan = await person(app, "lan", "admin")
    async with served(app) as client:
        proxied = {"X-Forwarded-Proto": "https"}
        token = (await link_path(lan)).rsplit("/", 1)[1]
        answer = await client.post("/dashboard/login", data={"token": token}, headers=proxied)
        assert "Secure" in answer.headers["set-cookie"]
        assert answer.headers["referrer-policy"] == "no-referrer"
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]


async def test_a_form_with_a_wrong_csrf_token_changes_nothing(app: App) -> None:
    lan = await person(app, "lan", "admin")
    async with served(app) as client:
        csrf = await sign_in(client, lan)
        assert (await client.post("/dashboard/thong-bao", data=compose(csrf))).status_code == 303
        before = await snapshot(app)
        for wrong in ("", "x" * len(csrf), csrf[:-1]):
            answer = await client.post("/dashboard/thong-bao", data=compose(wrong))
            assert answer.status_code == 403 and "Biểu mẫu đã cũ" in answer.text
            assert (await client.post("/dashboard/thong-bao/1/huy", data={"csrf": wrong})).status_code == 403
            assert (await client.post("/dashboard/logout", data={"csrf": wrong})).status_code == 403
        assert await snapshot(app) == before
        assert (await client.get("/dashboard/")).status_code == 200  # still signed in


async def test_a_commune_admin_reaches_only_their_commune(app: App) -> None:
    province = await person(app, "hoa", "admin")
    lan = await person(app, "lan", "admin", roles.Scope(TAN_CUONG))
    minh = await person(app, "minh", "ambassador", place=LA_BANG)
    async with served(app) as client:
        hoa_csrf = await sign_in(client, province)
        place = {"kind": "place", "place": LA_BANG}
        assert (await client.post("/dashboard/thong-bao", data=compose(hoa_csrf, **place))).status_code == 303
        client.cookies.clear()
        csrf = await sign_in(client, lan)
        before = await snapshot(app)
        for path in ("/dashboard/", "/dashboard/xa", "/dashboard/noi-dung", "/dashboard/dai-su", "/dashboard/nhat-ky"):
            answer = await client.get(path, params={"xa": LA_BANG})
            assert answer.status_code == 403 and "Xã Tân Cương" in answer.text, path
        assert (await client.get("/dashboard/xuat/xa-phuong.csv", params={"xa": LA_BANG})).status_code == 403
        assert (await client.get(f"/dashboard/dai-su/{await learner_id(app, minh)}")).status_code == 403
        refused = await client.post("/dashboard/thong-bao", data=compose(csrf, **place))
        assert refused.status_code == 400 and "Chỉ gửi được cho người học ở Xã Tân Cương" in refused.text
        for kind in ("role:admin", "place"):
            assert (await client.post("/dashboard/thong-bao", data=compose(csrf, kind=kind))).status_code == 400
        assert (await client.post("/dashboard/thong-bao/1/huy", data={"csrf": csrf})).status_code == 404
        listed = await client.get("/dashboard/thong-bao")
        assert "#1" not in listed.text and "La Bằng" not in listed.text
        assert await snapshot(app) == before
        mine = await client.post("/dashboard/thong-bao", data=compose(csrf))
        assert mine.status_code == 303
    async with app.sessions() as session:
        made = (await session.execute(select(Broadcast).order_by(Broadcast.id))).scalars().all()
    assert [b.audience for b in made] == [{"spec": f"place:{LA_BANG}"}, {"spec": "all", "within": TAN_CUONG}]


async def test_an_ambassador_sees_their_families_and_no_admin_page(app: App) -> None:
    minh = await person(app, "minh", "ambassador")
    async with served(app) as client:
        csrf = await sign_in(client, minh)  # lands on their families
        before = await snapshot(app)
        for path in ADMIN_PAGES:
            answer = await client.get(path, follow_redirects=True)
            assert answer.url.path == "/dashboard/gia-dinh" if path == "/dashboard/" else answer.status_code == 403
        assert (await client.post("/dashboard/thong-bao", data=compose(csrf))).status_code == 403
        assert (await client.post("/dashboard/thong-bao/1/huy", data={"csrf": csrf})).status_code == 403
        assert await snapshot(app) == before
        assert "Gia đình số của Minh" in (await client.get("/dashboard/gia-dinh")).text


async def test_a_role_taken_away_or_a_logout_ends_the_session(app: App) -> None:
    lan = await person(app, "lan", "admin")
    hoa = await person(app, "hoa", "admin")
    async with served(app) as client:
        await sign_in(client, lan)
        async with app.sessions.begin() as session:
            await roles.revoke(session, await learner_id(app, lan), roles.ADMIN, "test", app.clock.now())
        assert (await client.get("/dashboard/")).status_code == 401
        client.cookies.clear()
        csrf = await sign_in(client, hoa)
        assert (await client.post("/dashboard/logout", data={"csrf": csrf})).status_code == 200
        assert (await client.get("/dashboard/")).status_code == 401
    async with app.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(DashboardSession)) == 1  # Lan's, now useless
        actions = (await session.execute(select(AuditEntry.action).order_by(AuditEntry.id))).scalars().all()
    assert actions.count("dashboard.link") == 2 and actions.count("dashboard.login") == 2
    assert actions[-1] == "dashboard.logout"


async def test_nobody_else_learns_that_the_command_exists(app: App) -> None:
    nam = Person(app, "nam")
    await onboard(nam, name="Nam")
    await nam.say("/khongcolenhnay")
    unknown = nam.text()
    replies = await nam.say("/dashboard")
    assert nam.text() == unknown and "Lệnh này" in unknown
    assert not any("dashboard/login" in str(m) for m in replies)
    async with app.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(DashboardLoginToken)) == 0
