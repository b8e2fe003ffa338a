"""What the dashboard's pages show, read over real HTTP on SQLite and PostgreSQL, against
figures worked out by hand or by `hocvuso stats` itself."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from bot import roles
from bot.app import App
from bot.broadcasts import release
from bot.clock import FakeClock
from bot.dashboard.queries import weeks_of
from bot.dashboard.tallies import total, weekly
from bot.families import compute_stats, stats_json, store_population
from bot.storage.models import (
    AuditEntry,
    Broadcast,
    Family,
    FamilyMember,
    Learner,
    LessonProgressRow,
    OutboxMessage,
    ScamCheck,
    UnansweredQuestion,
)
from content.library import Library
from dialogs.context import Readers
from scheduler import audiences
from scheduler.reminders import QuietHours
from tests.dashboard_town import LA_BANG, TAN_CUONG, add_event, dashboard_app, learner_id, person, served, sign_in
from tests.test_stats import build_town

FIGURE = re.compile(r'data-figure="(\w+)">([\d.]+)<')
QUESTION = "vneid-hai-muc-q1"  # its right answer is the third option
LESSON = "vneid-hai-muc"


@pytest.fixture
async def app(
    database_url: str, tmp_path: Path, clock: FakeClock, library: Library, readers: Readers
) -> AsyncIterator[App]:
    async with dashboard_app(database_url, tmp_path, clock, library, readers) as application:
        yield application


def figures(page: str) -> dict[str, int]:
    return {name: int(value.replace(".", "")) for name, value in FIGURE.findall(page)}


async def test_the_overview_shows_the_figures_of_hocvuso_stats(app: App) -> None:
    await build_town(app)
    province = await person(app, "hoa", "admin")
    commune = await person(app, "lan", "admin", roles.Scope(LA_BANG))
    async with app.sessions() as session:
        everyone = stats_json(await compute_stats(session, app.tutor.places, app.clock.now()))["totals"]
        la_bang = stats_json(await compute_stats(session, app.tutor.places, app.clock.now(), LA_BANG))["totals"]
    async with served(app) as client:
        await sign_in(client, province)
        shown = figures((await client.get("/dashboard/")).text)
        assert shown == {k: everyone[k] for k in shown} and len(shown) == 6
        assert shown["learners"] == 3 and shown["lessons_completed"] == 4
        assert figures((await client.get("/dashboard/", params={"xa": LA_BANG})).text)["learners"] == 1
        client.cookies.clear()
        await sign_in(client, commune)
        page = (await client.get("/dashboard/")).text
        assert figures(page) == {k: la_bang[k] for k in figures(page)} and "Tổng quan · Xã La Bằng" in page


async def test_the_weekly_trend_counts_people_and_first_completions_by_local_week(app: App) -> None:
    await person(app, "hoa", "admin")
    async with app.sessions.begin() as session:
        a = await learner_id(app, await person(app, "an"))
        b = await learner_id(app, await person(app, "binh", place=LA_BANG))
        add_event(app, session, a, "started", LESSON)  # Monday 2 March, this week
        add_event(app, session, a, "answered", LESSON, days_ago=0.1)
        add_event(app, session, b, "started", LESSON, days_ago=8)  # Sunday 22 February: two weeks back
        add_event(app, session, b, "started", LESSON, days_ago=6.5)  # Monday 23 February, 20:30 local
        at = app.clock.now() - timedelta(days=8)
        session.add(
            LessonProgressRow(learner_id=b, lesson_id=LESSON, status="completed", started_at=at, completed_at=at)
        )
    now, tz = app.clock.now(), "Asia/Ho_Chi_Minh"
    async with app.sessions() as session:
        weeks = weeks_of(total((await weekly(session, now, tz, None)).values()), now, tz)
        mine = weeks_of((await weekly(session, now, tz, TAN_CUONG))[TAN_CUONG], now, tz)
    assert [f"{w.start:%d/%m}" for w in weeks][-3:] == ["16/02", "23/02", "02/03"]
    assert [(w.active, w.completed) for w in weeks] == [(0, 0)] * 5 + [(1, 1), (1, 0), (1, 0)]
    assert [w.active for w in mine] == [0] * 7 + [1]


async def test_the_communes_table_sorts_by_the_column_asked(app: App) -> None:
    await build_town(app)
    async with app.sessions.begin() as session:
        await store_population(session, {TAN_CUONG: 2, LA_BANG: 100}, app.clock.now())
    hoa = await person(app, "hoa", "admin")
    async with served(app) as client:
        await sign_in(client, hoa)

        def order(page: str) -> list[str]:
            return [n for n in re.findall(r'<th scope="row">([^<]+)</th>', page) if n.startswith("Xã")]

        assert order((await client.get("/dashboard/xa")).text) == ["Xã Tân Cương", "Xã La Bằng"]
        assert order((await client.get("/dashboard/xa?sort=learners&order=asc")).text) == ["Xã La Bằng", "Xã Tân Cương"]
        assert order((await client.get("/dashboard/xa?sort=adults")).text) == ["Xã La Bằng", "Xã Tân Cương"]
        assert order((await client.get("/dashboard/xa?sort=name&order=asc")).text) == ["Xã La Bằng", "Xã Tân Cương"]
        page = (await client.get("/dashboard/xa?sort=progress")).text
        assert order(page) == ["Xã Tân Cương", "Xã La Bằng"] and "1/1 (100%) ✓ đạt" in page and "0/40 (0%)" in page
        assert "aria-sort" in page and "<svg" in page and "Mục tiêu" in page


async def test_the_content_page_reads_funnels_wrong_answers_and_says_when_a_table_is_empty(app: App) -> None:
    hoa = await person(app, "hoa", "admin")
    async with app.sessions.begin() as session:
        a = await learner_id(app, await person(app, "an"))
        b = await learner_id(app, await person(app, "binh"))
        for verb in ("started", "failed", "completed"):
            add_event(app, session, a, verb, LESSON)
        add_event(app, session, b, "started", LESSON)
        for who, option in ((a, 0), (b, 0), (a, 2), (b, 1)):
            add_event(app, session, who, "answered", LESSON, question=QUESTION, option=option, correct=option == 2)
    async with served(app) as client:
        await sign_in(client, hoa)
        page = (await client.get("/dashboard/noi-dung")).text
        title = app.library.lessons[LESSON].title
        assert re.search(rf"{title}</th>\s*<td>2</td><td>1</td><td>1</td>", page)
        wrong = app.library.lessons[LESSON].quiz[0].options[0].text
        assert "<td>3 (75%)</td>" in page and f"“{wrong}” — 2 lần" in page
        assert "Chưa có câu hỏi nào được ghi lại" in page and "Chưa có lần kiểm tra tin nhắn nào" in page
        now = app.clock.now()
        async with app.sessions.begin() as session:
            session.add(UnansweredQuestion(at=now, topic="vneid", place=TAN_CUONG, text="sao ko vao duoc vneid"))
            session.add(UnansweredQuestion(at=now, topic="vneid", place=LA_BANG, text=None))
            session.add(UnansweredQuestion(at=now - timedelta(days=91), topic="luadao", place=TAN_CUONG, text="cũ"))
            session.add(ScamCheck(at=now, place=TAN_CUONG, verdict="scam", signals=["lookalike-domain", "apk-link"]))
            session.add(
                ScamCheck(at=now - timedelta(days=7), place=LA_BANG, verdict="suspicious", signals=["apk-link"])
            )
            session.add(ScamCheck(at=now, place=LA_BANG, verdict="none", signals=[]))
        page = (await client.get("/dashboard/noi-dung")).text
        vneid = app.library.topic("vneid")
        assert vneid is not None and f"{vneid.title}</th><td>2</td>" in page
        assert "<q>sao ko vao duoc vneid</q>" in page and "cũ" not in page
        assert "<td>02/03</td><td>1</td><td>0</td><td>1</td>" in page and "<td>23/02</td><td>0</td><td>1</td>" in page
        assert (
            "Tin gửi kèm tệp .apk để cài vào máy; ứng dụng thật chỉ có trên CH Play hoặc App Store.</th><td>2</td>"
            in page
        )
        assert "không phải trang thật của họ.</th><td>1</td>" in page  # the signal ids, in plain words
        mine = (await client.get("/dashboard/noi-dung", params={"xa": LA_BANG})).text
        assert "sao ko vao duoc" not in mine and title not in mine and "chưa có ai học bài nào" in mine


async def test_broadcasts_from_the_web_follow_the_chat_rules_and_show_delivery(app: App) -> None:
    hoa = await person(app, "hoa", "admin")
    await person(app, "an")
    await person(app, "binh", place=LA_BANG)
    async with served(app) as client:
        csrf = await sign_in(client, hoa)
        counted = (await client.get("/dashboard/thong-bao/dem", params={"kind": "place", "place": LA_BANG})).json()
        async with app.sessions() as session:
            expected = await audiences.count(session, audiences.Audience("place", LA_BANG), app.clock.now())
        assert counted == {"count": expected} and expected == 1
        assert (await client.get("/dashboard/thong-bao/dem", params={"kind": "place"})).json() == {"count": None}
        text = "Tối nay 19 giờ 30, nhà văn hóa xã mở lớp học VNeID."
        form = {"csrf": csrf, "text": text, "kind": "all", "at": "2026-03-02T19:30", "do": "count"}
        counting = await client.post("/dashboard/thong-bao", data=form)
        assert counting.status_code == 200 and '<strong id="count" data-count="3">3</strong>' in counting.text
        for bad, problem in (
            ({"text": "ngắn"}, "ít nhất 10 chữ cái"),
            ({"at": "2026-03-01T19:30"}, "Giờ gửi đã qua rồi"),
            ({"at": "2026-08-01T19:30"}, "trong vòng 90 ngày"),
            ({"kind": "inactive", "days": "0"}, "Số ngày phải là một số nguyên"),
        ):
            refused = await client.post("/dashboard/thong-bao", data={**form, "do": "send", **bad})
            assert refused.status_code == 400 and problem in refused.text, problem
        made = await client.post("/dashboard/thong-bao", data={**form, "do": "send"})
        assert made.status_code == 303 and made.headers["location"] == "/dashboard/thong-bao?tao=1"
        now_form = {**form, "at": "", "do": "send", "urgent": "1"}
        assert (await client.post("/dashboard/thong-bao", data=now_form)).status_code == 303
        async with app.sessions.begin() as session:
            first, second = (await session.execute(select(Broadcast).order_by(Broadcast.id))).scalars().all()
            assert (first.send_at.hour, first.send_at.minute, first.status, first.recipients) == (
                12,
                30,
                "scheduled",
                3,
            )
            assert second.urgent and second.send_at == app.clock.now()
            await release(session, second, app.library, app.clock.now(), QuietHours.parse("21:00", "07:00"))
            rows = (await session.execute(select(OutboxMessage.id).where(OutboxMessage.broadcast_id == 2))).scalars()
            first_row, second_row, _ = sorted(rows)
            await session.execute(update(OutboxMessage).where(OutboxMessage.id == first_row).values(status="sent"))
            await session.execute(
                update(OutboxMessage).where(OutboxMessage.id == second_row).values(status="unreachable")
            )
        page = (await client.get("/dashboard/thong-bao")).text
        assert "Đã gửi 1 · Đang chờ 1 · Bị chặn 1 · Lỗi 0" in page and "Dự kiến 3 người" in page
        assert (await client.post("/dashboard/thong-bao/1/huy", data={"csrf": csrf})).status_code == 303
        assert (await client.post("/dashboard/thong-bao/1/huy", data={"csrf": csrf})).status_code == 404
    async with app.sessions() as session:
        status = await session.scalar(select(Broadcast.status).where(Broadcast.id == 1))
        trail = (await session.execute(select(AuditEntry.actor, AuditEntry.action).order_by(AuditEntry.id))).all()
    actor = f"learner:{await learner_id(app, hoa)}"
    assert status == "cancelled"
    assert [a for a in trail if a[1].startswith("broadcast.")] == [
        (actor, "broadcast.create"),
        (actor, "broadcast.create"),
        ("scheduler", "broadcast.queue"),
        (actor, "broadcast.cancel"),
    ]


async def test_exports_hold_only_the_scope_and_are_audited(app: App) -> None:
    await build_town(app)
    hoa = await person(app, "hoa", "admin")
    lan = await person(app, "lan", "admin", roles.Scope(LA_BANG))
    async with app.sessions.begin() as session:
        session.add(
            UnansweredQuestion(at=app.clock.now(), topic="vneid", place=LA_BANG, text="chữ riêng của người học")
        )

    def table(body: bytes) -> list[list[str]]:
        assert body.startswith("\ufeff".encode())
        return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))

    async with served(app) as client:
        await sign_in(client, hoa)
        rows = table((await client.get("/dashboard/xuat/xa-phuong.csv")).content)
        assert [r[1] for r in rows[1:3]] == [TAN_CUONG, LA_BANG] and rows[1][2] == "2"
        client.cookies.clear()
        await sign_in(client, lan)
        answer = await client.get("/dashboard/xuat/xa-phuong.csv")
        assert 'filename="hocvuso-xa-phuong.csv"' in answer.headers["content-disposition"]
        assert [r[1] for r in table(answer.content)[1:]] == [LA_BANG]
        asked = (await client.get("/dashboard/xuat/cau-hoi-chua-tra-loi.csv")).content
        assert table(asked)[1][1] == "1" and "chữ riêng" not in asked.decode()
        assert (await client.get("/dashboard/xuat/khong-co.csv")).status_code == 404
    async with app.sessions() as session:
        query = select(AuditEntry.target, AuditEntry.detail).where(AuditEntry.action == "dashboard.export")
        exported = (await session.execute(query.order_by(AuditEntry.id))).all()
    assert exported == [
        ("xa-phuong", {"place": "province"}),
        ("xa-phuong", {"place": LA_BANG}),
        ("cau-hoi-chua-tra-loi", {"place": LA_BANG}),
    ]


async def test_ambassadors_and_families_show_who_is_active_and_who_is_stuck(app: App) -> None:
    hoa = await person(app, "hoa", "admin")
    minh = await person(app, "minh", "ambassador")
    members = [await person(app, name) for name in ("an", "binh", "chi")]
    a, b, c = [await learner_id(app, member) for member in members]
    now = app.clock.now()
    async with app.sessions.begin() as session:
        family = Family(ambassador_id=await learner_id(app, minh), name="Nhà bác Minh", created_at=now)
        session.add(family)
        await session.flush()
        for learner in (a, b, c):
            session.add(FamilyMember(family_id=family.id, learner_id=learner, joined_at=now))
        session.add(LessonProgressRow(learner_id=a, lesson_id=LESSON, status="completed", started_at=now))
        for learner in (b, c):  # both half-way; Chi was here today, Bình nine days ago
            session.add(LessonProgressRow(learner_id=learner, lesson_id=LESSON, status="started", started_at=now))
        await session.execute(update(Learner).where(Learner.id == b).values(last_seen_at=now - timedelta(days=9)))
    async with served(app) as client:
        await sign_in(client, hoa)
        page = (await client.get("/dashboard/dai-su")).text
        row = r">Minh</a></th>\s*<td>Xã Tân Cương</td><td>1</td><td>3</td>\s*<td>2</td><td><strong>1</strong>"
        assert re.search(row, page), page[page.find(">Minh<") :][:300]
        detail = (await client.get(f"/dashboard/dai-su/{await learner_id(app, minh)}")).text
        assert "Nhà bác Minh · 3 người" in detail and detail.count("Cần ghé thăm") == 1 and "9 ngày trước" in detail
        client.cookies.clear()
        await sign_in(client, minh)
        own = (await client.get("/dashboard/gia-dinh")).text
        assert "Nhà bác Minh · 3 người" in own and "Binh" in own and "/dashboard/xa" not in own


async def test_the_audit_log_is_paged_and_a_commune_sees_its_own_people(app: App) -> None:
    hoa = await person(app, "hoa", "admin")
    lan = await person(app, "lan", "admin", roles.Scope(LA_BANG), place=LA_BANG)
    async with app.sessions.begin() as session:
        for n in range(60):
            roles.audit(session, "cli:ops", "role.grant", f"learner:{n}", app.clock.now())
    async with served(app) as client:
        await sign_in(client, hoa)
        first = (await client.get("/dashboard/nhat-ky")).text
        assert first.count("<tr><td>") == 50 and "Trang 1/2" in first and "Vào trang quản lý" in first
        assert (await client.get("/dashboard/nhat-ky?trang=2")).text.count("<tr><td>") == 14
        client.cookies.clear()
        await sign_in(client, lan)
        mine = (await client.get("/dashboard/nhat-ky")).text
        assert mine.count("<tr><td>") == 2 and "cli:ops" not in mine and "Lan" in mine
