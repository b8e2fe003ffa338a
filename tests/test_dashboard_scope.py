"""A commune admin's scope in the chat and on the command line, and the migration that gave
every admin before it the whole province."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot import roles
from bot.app import App
from bot.broadcasts import create_broadcast, release
from bot.clock import FakeClock
from bot.storage import repo
from bot.storage.db import create_engine
from bot.storage.migrate import alembic_config, upgrade
from bot.storage.models import Broadcast, LearnerRole, OutboxMessage
from content.library import Library
from dialogs.context import Readers
from dialogs.flows.broadcasts import OUT_OF_SCOPE_NOTE
from dialogs.state import DialogState, StateName
from scheduler.audiences import Audience
from scheduler.reminders import QuietHours
from tests.dashboard_town import LA_BANG, TAN_CUONG, dashboard_app, learner_id, person
from tests.helpers import Learner as Person
from tests.test_stats import build_town

HOCVUSO = str(Path(sys.executable).parent / "hocvuso")
NOTICE = "Chủ nhật này xã mở lớp học dùng VNeID ở nhà văn hóa."


@pytest.fixture
async def app(
    database_url: str, tmp_path: Path, clock: FakeClock, library: Library, readers: Readers
) -> AsyncIterator[App]:
    async with dashboard_app(database_url, tmp_path, clock, library, readers) as application:
        yield application


async def commune_admin(app: App) -> Person:
    return await person(app, "lan", "admin", roles.Scope(TAN_CUONG))


async def test_a_commune_admin_announces_to_their_commune_only(app: App) -> None:
    lan = await commune_admin(app)
    await person(app, "an")
    binh = await person(app, "binh", place=LA_BANG)
    await lan.say(f"/thongbao {NOTICE}")
    await lan.pick("Không gắn bài")
    labels = [o.label for o in lan.screen.options]
    assert labels[0] == "Mọi người học ở Xã Tân Cương"
    assert "Một xã/phường" not in labels and "Các quản trị viên" not in labels
    await lan.pick("Mọi người học")
    assert "Tất cả người học ở Xã Tân Cương — 2 người" in lan.screen.text  # Lan and An, not Bình
    await lan.pick("Gửi ngay")
    async with app.sessions.begin() as session:
        broadcast = (await session.execute(select(Broadcast))).scalar_one()
        assert broadcast.audience == {"spec": "all", "within": TAN_CUONG}
        await release(session, broadcast, app.library, app.clock.now(), QuietHours.parse("21:00", "07:00"))
    async with app.sessions() as session:
        reached = set((await session.execute(select(OutboxMessage.learner_id))).scalars())
    assert await learner_id(app, binh) not in reached and len(reached) == 2


async def test_a_forged_audience_outside_the_commune_sends_nothing(app: App, clock: FakeClock) -> None:
    hoa = await person(app, "hoa", "admin")
    lan = await commune_admin(app)
    async with app.sessions.begin() as session:  # broadcast #1, the province's, to La Bằng
        await create_broadcast(
            session,
            text=NOTICE,
            lesson_id="",
            audience=Audience("place", LA_BANG),
            urgent=False,
            send_at=clock.now() + timedelta(hours=3),
            actor=f"learner:{await learner_id(app, hoa)}",
            created_by=await learner_id(app, hoa),
            now=clock.now(),
        )
    ident = await learner_id(app, lan)
    forged = DialogState(StateName.ADM_PREVIEW, screen=40, extra={"bc_text": NOTICE, "bc_audience": f"place:{LA_BANG}"})
    async with app.sessions.begin() as session:
        await stored_state(session, ident, forged, clock)
    await lan.say("Gửi ngay")
    assert "chỉ gửi được cho người học ở xã/phường của mình" in lan.text()
    assert OUT_OF_SCOPE_NOTE.split(":")[0] in lan.text()
    await lan.say("/thongbao_trangthai")
    assert "Chưa có thông báo nào" in lan.screen.text  # the province's #1 is not theirs to see
    forged_cancel = DialogState(StateName.ADM_CANCEL, screen=60, extra={"bc_id": "1"})
    async with app.sessions.begin() as session:
        await stored_state(session, ident, forged_cancel, clock)
    await lan.say("Hủy thông báo")
    async with app.sessions() as session:
        made = (await session.execute(select(Broadcast.id, Broadcast.status))).all()
    assert made == [(1, "scheduled")]


async def stored_state(session: AsyncSession, learner: int, state: DialogState, clock: FakeClock) -> None:
    await repo.save_state(session, learner, state.dumps(), clock.now())


async def test_a_commune_admin_reads_the_statistics_of_their_commune_only(app: App) -> None:
    await build_town(app)
    lan = await commune_admin(app)
    await lan.say("/thongke")
    assert "Thống kê Học Vụ Số — Xã Tân Cương" in lan.screen.text
    assert "La Bằng" not in lan.screen.text
    await lan.say("1")
    await lan.say("/thongke la bang")
    assert "Chưa có số liệu cho “la bang”" in lan.screen.text


async def hocvuso(env: dict[str, str], *args: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        HOCVUSO, *args, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    out, _ = await asyncio.wait_for(process.communicate(), timeout=120)
    assert b"Traceback" not in out
    return process.returncode or 0, out.decode()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_the_cli_grants_a_scope_and_keeps_broadcasts_inside_it(
    app: App, database_url: str, tmp_path: Path
) -> None:
    await person(app, "lan")
    env = {**os.environ, "DATABASE_URL": database_url, "DATA_DIR": str(tmp_path / "data"), "LOG_LEVEL": "WARNING"}
    code, out = await hocvuso(env, "admin", "grant", "console:lan", "--scope", "commune:tan cuong")
    assert code == 0 and f"scope commune:{TAN_CUONG}" in out
    code, out = await hocvuso(env, "admin", "grant", "console:lan")  # granted again: the scope stays
    code, out = await hocvuso(env, "admin", "list")
    assert "admin       console:lan" in out and f"scope commune:{TAN_CUONG}" in out
    code, out = await hocvuso(env, "admin", "grant", "console:lan", "--scope", "commune:phu")
    assert code == 1 and "naming one commune" in out
    code, out = await hocvuso(env, "admin", "grant", "console:lan", "--scope", "province", "--role", "ambassador")
    assert code == 2 and "admins only" in out
    args = ("broadcast", "create", "--text", NOTICE, "--scope", "commune:tan cuong")
    code, out = await hocvuso(env, *args, "--audience", "place:la bang")
    assert code == 1 and "outside the scope" in out
    code, out = await hocvuso(env, *args, "--audience", "inactive:7", "--at", "2030-01-01T08:00")
    assert code == 0 and "Broadcast #1 scheduled" in out
    async with app.sessions() as session:
        held = (await session.execute(select(LearnerRole.scope))).scalars().all()
        stored = (await session.execute(select(Broadcast.audience))).scalars().all()
    assert held == [f"commune:{TAN_CUONG}"]
    assert stored == [{"spec": "inactive:7", "within": TAN_CUONG}]


async def test_admins_from_before_the_migration_keep_the_whole_province(empty_database_url: str) -> None:
    database_url = empty_database_url
    engine = create_engine(database_url)
    config = alembic_config(database_url)

    def to_0002(connection: object) -> None:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")

    at = datetime(2026, 3, 1, tzinfo=UTC)
    async with engine.begin() as connection:
        await connection.run_sync(to_0002)
        await connection.execute(
            text(
                "INSERT INTO learners (id, channel, bot, chat_id, user_id, address, name, age_group, place,"
                " reminder_time, timezone, unreachable, announcements, reminders_ignored, created_at, last_seen_at)"
                " VALUES (7, 'zalo', '', 'z7', 'z7', '', '', '', '', '', 'Asia/Ho_Chi_Minh', false, true, 0, :at, :at)"
            ),
            {"at": at},
        )
        for role in ("admin", "ambassador"):
            await connection.execute(
                text("INSERT INTO learner_roles (learner_id, role, granted_at, granted_by) VALUES (7, :r, :at, 'x')"),
                {"r": role, "at": at},
            )
    await upgrade(engine)
    async with engine.connect() as connection:
        scopes = (await connection.execute(text("SELECT role, scope FROM learner_roles ORDER BY role"))).all()
    await engine.dispose()
    assert [tuple(row) for row in scopes] == [("admin", "province"), ("ambassador", "province")]
