"""Admin broadcasts: the chat flow, audiences as SQL, quiet hours, scheduling, cancelling, and the
guarantee that nobody without the admin role can create, see or cancel one by any way in.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import delete, func, select, update
from typer.testing import CliRunner

from bot import outbox, roles
from bot.app import App, bootstrap
from bot.broadcasts import (
    ADMIN_STATES,
    _on_requested,
    create_broadcast,
    release,
    release_due,
)
from bot.cli import build
from bot.clock import FakeClock
from bot.extensions import TurnScope
from bot.roles import grant_admin_keys
from bot.settings import load_settings
from bot.storage import repo
from bot.storage.models import AuditEntry, Broadcast, LearnerRole, LessonProgressRow, OutboxMessage
from bot.storage.models import Learner as LearnerRow
from content.library import Library
from content.places import PlaceIndex
from dialogs.context import Context
from dialogs.flows import broadcasts as flow
from dialogs.flows.learning import MENU_OPTIONS
from dialogs.graph import declared_targets
from dialogs.messages import Choices, Inbound, InboundKind, Text
from dialogs.state import DialogState, StateName
from scheduler.audiences import AudienceError, count, parse_audience
from scheduler.reminders import QuietHours
from tests.conftest import BACKENDS, POSTGRES_URL, START, reset_postgres
from tests.engine_driver import MACHINE, EngineDriver
from tests.helpers import Learner, onboard

S = StateName
VN = ZoneInfo("Asia/Ho_Chi_Minh")
QUIET = QuietHours.parse("21:00", "07:00")
ANNOUNCE = "Tối nay 19 giờ họp thôn tại nhà văn hóa, bà con nhớ đến đúng giờ nhé."
BAD_INPUTS = ["", "   ", "x" * 5000, "😀😀😀", "99", "0", "/khongcolenhnay", "\x00\x07\x1b[2J", "🙏", "\u200b"]
VIETNAMESE = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


# --- the pure flow -------------------------------------------------------------------------------


class Everyone(Mapping[str, int]):
    """Recipient counts as the shell would gather them: here, 5 for any audience."""

    def __getitem__(self, key: str) -> int:
        return 5

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


@dataclass
class DataDriver(EngineDriver):
    """The engine driver with what the shell's gatherers would put into ctx.data."""

    data: dict[str, object] = field(default_factory=dict)

    def context(self) -> Context:
        return Context(MACHINE, self.library, self.places, self.now, self.learner, data=self.data)

    def copy(self) -> DataDriver:
        return replace(self, data=dict(self.data))


SUMMARY = flow.BroadcastSummary(1, "Họp thôn", "queued", "19:00 02/03", sent=3, pending=2, recipients=5)


def admin_driver(library: Library, places: PlaceIndex, roles: frozenset[str] = frozenset({"admin"})) -> DataDriver:
    driver = DataDriver(library, places, START)
    driver.onboard()
    driver.learner = replace(driver.learner, roles=roles)
    driver.data = {flow.COUNTS: Everyone(), flow.LOCAL_NOW: START.astimezone(VN).replace(tzinfo=None)}
    return driver


def park_in_broadcast_states(library: Library, places: PlaceIndex) -> dict[StateName, DataDriver]:
    """One admin parked in each broadcast state and one learner on the reminder screen, reached
    the way they would be. (For tests/engine_driver.reach_every_state to include.)"""
    found: dict[StateName, DataDriver] = {}
    d = admin_driver(library, places)

    def keep() -> None:
        if d.state.name is not S.MENU:
            found.setdefault(d.state.name, d.copy())

    for move in (
        ("say", "/thongbao"),
        ("say", ANNOUNCE),
        ("pick", "Chọn bài"),
        ("pick", "VNeID"),
        ("pick", "Tài khoản VNeID"),
        ("pick", "Ai lâu"),
        ("pick", "Quay lại"),
        ("pick", "Một xã"),
        ("say", "phu"),  # several places match: the admin picks one (one match is taken at once)
        ("pick", "Phường Phan Đình Phùng"),
        ("pick", "Hẹn giờ"),
    ):
        keep()
        getattr(d, move[0])(move[1])
    keep()
    d.data[flow.STATUS] = (SUMMARY,)
    d.say("/thongbao_trangthai")
    keep()
    d.pick("Hủy #1")
    keep()
    r = admin_driver(library, places, frozenset())
    r.send(Inbound(InboundKind.REMINDER))
    found.setdefault(r.state.name, r.copy())
    return found


@pytest.fixture(scope="module")
def parked(library: Library, places: PlaceIndex) -> dict[StateName, DataDriver]:
    return park_in_broadcast_states(library, places)


def test_every_broadcast_state_and_the_reminder_screen_are_reachable(parked: dict[StateName, DataDriver]) -> None:
    assert set(parked) == {*ADMIN_STATES, S.REMIND}


def _position(state: DialogState) -> tuple[object, ...]:
    return (state.name, state.lesson, state.card, state.question, state.topic, state.candidates)


@pytest.mark.parametrize("bad", BAD_INPUTS, ids=lambda b: repr(b[:12]))
def test_bad_input_on_every_broadcast_screen_gets_a_short_reply_and_keeps_the_place(
    parked: dict[StateName, DataDriver], bad: str
) -> None:
    for name, driver in parked.items():
        probe = driver.copy()
        messages = probe.say(bad)
        notice = messages[0]
        assert isinstance(notice, Text) and len(notice.text) <= 300, (name, notice)
        assert any(ch in VIETNAMESE for ch in notice.text.lower()) and "{" not in notice.text, (name, notice)
        assert _position(probe.state) == _position(driver.state), (name, bad)
        assert probe.last is not None and all(type(e).__name__ == "SensitiveDataWarned" for e in probe.last.events)


def test_forged_and_stale_buttons_change_nothing_on_broadcast_screens(parked: dict[StateName, DataDriver]) -> None:
    for name, driver in parked.items():
        probe = driver.copy()
        real = {o.id for o in probe.screen().options}
        for forged in ("send", "c:1", "yes", "all", "x" * 64):
            if forged not in real:
                probe.send(Inbound.choice(forged, probe.state.screen))
        for option in real:
            probe.send(Inbound.choice(option, probe.state.screen - 1))
        assert _position(probe.state) == _position(driver.state), name
        assert probe.last is not None and not probe.last.events


def test_every_tap_on_a_broadcast_screen_goes_where_the_graph_says(parked: dict[StateName, DataDriver]) -> None:
    for name, driver in parked.items():
        for option in driver.screen().options:
            probe = driver.copy()
            probe.send(Inbound.choice(option.id, probe.state.screen))
            assert probe.state.name in declared_targets(MACHINE, name), (name, option.id, probe.state.name)
            assert all(len(m.text) <= 700 for m in probe.last.messages if isinstance(m, Text | Choices))  # type: ignore[union-attr]


def test_the_admin_composes_previews_and_sends(library: Library, places: PlaceIndex) -> None:
    d = admin_driver(library, places)
    d.say("/thongbao")
    d.say(ANNOUNCE)
    d.pick("Không gắn bài")
    d.pick("Tất cả")
    preview = d.screen().text
    assert ANNOUNCE in preview and "Tất cả người học — 5 người" in preview
    d.pick("Gửi ngay")
    assert d.state.name is S.MENU and not any(k.startswith("bc_") for k in d.state.extra)
    assert d.last is not None
    assert d.last.events == (flow.BroadcastRequested(ANNOUNCE, "", "all", False, ""),)


def test_the_admin_schedules_an_urgent_one_for_a_typed_time(library: Library, places: PlaceIndex) -> None:
    d = admin_driver(library, places)
    d.say(f"/thongbao {ANNOUNCE}")  # the text may come with the command
    d.pick("Chọn bài")
    d.pick("Thanh toán")
    d.pick(library.lessons["thanhtoan-vietqr"].title)
    d.pick("Ai chưa học xong")
    d.pick("VNeID")
    d.pick(library.lessons["vneid-hai-muc"].title)
    assert "Ai chưa học xong bài “" in d.screen().text
    d.pick("Đánh dấu khẩn")
    d.pick("Hẹn giờ")
    d.say("7h 15/3")
    assert d.last is not None
    expected = flow.BroadcastRequested(
        ANNOUNCE, "thanhtoan-vietqr", "not-finished:vneid-hai-muc", True, "2026-03-15T07:00"
    )
    assert d.last.events == (expected,)


def test_a_preview_with_nobody_to_reach_offers_no_send(library: Library, places: PlaceIndex) -> None:
    d = admin_driver(library, places)
    d.data[flow.COUNTS] = {"role:ambassador": 0}
    d.say(f"/thongbao {ANNOUNCE}")
    d.pick("Không gắn bài")
    d.pick("Các Đại sứ số")
    labels = [o.label for o in d.screen().options]
    assert "Gửi ngay" not in labels and "Chọn lại người nhận" in labels


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("19:30", "2026-03-02T19:30"), ("7h", "2026-03-03T07:00"), ("19 giờ 15", "2026-03-02T19:15")],
)
def test_typed_send_times(typed: str, expected: str) -> None:
    now = START.astimezone(VN).replace(tzinfo=None)  # 08:30
    found = flow.parse_when(typed, now)
    assert found is not None and found.strftime("%Y-%m-%dT%H:%M") == expected
    for nonsense in ("19", "99", "0", "25:00", "7h 31/2"):
        assert flow.parse_when(nonsense, now) is None


def test_a_non_admin_gets_the_unknown_command_reply_for_every_broadcast_command(
    library: Library, places: PlaceIndex
) -> None:
    for typed in ("/thongbao", f"/thongbao {ANNOUNCE}", "/thongbao_trangthai", "/thongbaotrangthai"):
        d = admin_driver(library, places, frozenset({"ambassador"}))
        unknown = d.copy().say("/lenhkhongco")
        before = d.state
        assert d.say(typed) == unknown, typed
        assert d.state == before and d.last is not None and not d.last.events


def test_a_non_admin_parked_in_a_broadcast_state_gets_one_way_to_the_menu_and_nothing_else(
    parked: dict[StateName, DataDriver],
) -> None:
    for name, driver in parked.items():
        if name is S.REMIND:
            continue
        for inbound in (*(Inbound.from_text(str(n)) for n in range(1, 8)), Inbound.from_text(ANNOUNCE)):
            probe = driver.copy()
            probe.learner = replace(probe.learner, roles=frozenset())
            messages = probe.send(inbound)
            # Either they are back at the menu, or the screen offers nothing but the way back to it.
            if probe.state.name is S.MENU:
                assert probe.screen().options == MENU_OPTIONS, (name, inbound)
            else:
                assert [o.id for o in probe.screen().options] == ["menu"], (name, inbound)
            if inbound.text == "1":
                assert probe.state.name is S.MENU, (name, inbound)
            assert probe.last is not None and not probe.last.events
            assert not any(
                word in m.text for m in messages if isinstance(m, Text | Choices) for word in ("#1", ANNOUNCE)
            )


def test_the_announcement_carries_its_lesson_as_a_typed_instruction() -> None:
    message = flow.announcement(ANNOUNCE, "VietQR")
    assert message.text.startswith("📢 Thông báo") and "/baihoc" in message.text and "“VietQR”" in message.text
    assert "/baihoc" not in flow.announcement(ANNOUNCE).text


def test_audience_specs() -> None:
    assert parse_audience("all").spec == "all"
    assert parse_audience(" place:Thái Nguyên/xã Tân Cương ").value == "Thái Nguyên/xã Tân Cương"
    assert parse_audience("inactive:14").spec == "inactive:14"
    for bad in ("", "everyone", "role:king", "inactive:0", "inactive:x", "place:", "not-finished:"):
        with pytest.raises(AudienceError):
            parse_audience(bad)


# --- over a real database ------------------------------------------------------------------------


async def add_learners(app: App, n: int, prefix: str, **values: object) -> list[int]:
    """Learners inserted directly (consented, reachable), with any column overridden."""
    now = app.clock.now()
    base: dict[str, object] = {"channel": "console", "bot": "", "consent": True, "created_at": now}
    base |= {"last_seen_at": now, "place": "", "reminder_time": "", "timezone": "Asia/Ho_Chi_Minh"}
    rows = [LearnerRow(**{**base, "chat_id": f"{prefix}{i}", "user_id": f"{prefix}{i}", **values}) for i in range(n)]
    async with app.sessions.begin() as session:
        session.add_all(rows)
    return [row.id for row in rows]


async def make_admin(app: App, name: str = "hung") -> Learner:
    admin = Learner(app, name)
    await onboard(admin, "Anh", "Hùng")
    async with app.sessions.begin() as session:
        [learner_id] = await roles.learners_with_key(session, "console", name)
        assert await roles.grant(session, learner_id, roles.ADMIN, "test", app.clock.now())
    return admin


async def table_counts(app: App) -> tuple[int, ...]:
    async with app.sessions() as session:
        return tuple(
            [int(await session.scalar(select(func.count()).select_from(t)) or 0) for t in (Broadcast, OutboxMessage)]
            + [int(await session.scalar(select(func.count()).select_from(AuditEntry)) or 0)]
        )


async def outbox_rows(app: App, broadcast_id: int) -> list[OutboxMessage]:
    async with app.sessions() as session:
        query = select(OutboxMessage).where(OutboxMessage.broadcast_id == broadcast_id).order_by(OutboxMessage.id)
        return list((await session.execute(query)).scalars())


async def test_an_admin_broadcast_from_chat_reaches_exactly_the_counted_learners(app: App, clock: FakeClock) -> None:
    admin = await make_admin(app)
    await add_learners(app, 6, "ok")
    await add_learners(app, 2, "muted", announcements=False)
    await add_learners(app, 2, "gone", unreachable=True)
    await add_learners(app, 2, "noconsent", consent=None)
    await admin.say("/thongbao")
    await admin.say(ANNOUNCE)
    await admin.pick("Không gắn bài")
    await admin.pick("Tất cả")
    assert "Tất cả người học — 7 người" in admin.screen.text  # six, and the admin
    replies = await admin.pick("Gửi ngay")
    assert "Đã nhận thông báo #1" in admin.text() and "7 người" in admin.text()
    # The confirmation, then the menu the step ends on, so the buttons stay last (issue 10, item 5).
    confirmation = [i for i, m in enumerate(replies) if isinstance(m, Text) and "Đã nhận thông báo #1" in m.text]
    assert confirmation and isinstance(replies[-1], Choices) and confirmation[0] < len(replies) - 1
    assert await release_due(app.sessions, app.library, app.clock.now(), QUIET) == 1
    rows = await outbox_rows(app, 1)
    assert len(rows) == 7 and {r.status for r in rows} == {"pending"} and all(r.not_before == START for r in rows)
    assert [m.text for m in outbox.loads(rows[0].payload) if isinstance(m, Text)] == [flow.announcement(ANNOUNCE).text]
    async with app.sessions() as session:
        actions = list((await session.execute(select(AuditEntry.action).order_by(AuditEntry.id))).scalars())
        broadcast = await session.get(Broadcast, 1)
    assert actions == ["role.grant", "broadcast.create", "broadcast.queue"]
    assert broadcast is not None and (broadcast.status, broadcast.recipients) == ("queued", 7)
    assert await release_due(app.sessions, app.library, app.clock.now(), QUIET) == 0  # released once


async def test_audiences_select_in_sql(app: App, clock: FakeClock) -> None:
    place = next(iter(app.tutor.places.search("tan cuong"))).key
    here = await add_learners(app, 3, "here", place=place)
    await add_learners(app, 2, "there", place="elsewhere")
    old = await add_learners(app, 4, "old", last_seen_at=START - timedelta(days=20))
    ambassadors = here[:2]
    now = clock.now()
    async with app.sessions.begin() as session:
        for lid in ambassadors:
            session.add(LearnerRole(learner_id=lid, role="ambassador", granted_at=now, granted_by="t"))
        session.add(LessonProgressRow(learner_id=old[0], lesson_id="vneid-hai-muc", status="completed", started_at=now))
    expected = {
        "all": 9,
        f"place:{place}": 3,
        "role:ambassador": 2,
        "inactive:14": 4,
        "inactive:30": 0,
        "not-finished:vneid-hai-muc": 8,
    }
    async with app.sessions() as session:
        got = {spec: await count(session, parse_audience(spec), now) for spec in expected}
    assert got == expected


async def test_quiet_hours_hold_a_broadcast_until_morning_in_each_learner_s_zone(app: App, clock: FakeClock) -> None:
    await add_learners(app, 2, "vn")
    await add_learners(app, 1, "jp", timezone="Asia/Tokyo")
    clock.set(datetime(2026, 3, 2, 22, 0, tzinfo=VN))  # 22:00 in Vietnam, midnight in Tokyo
    now = clock.now()
    for urgent in (False, True):
        async with app.sessions.begin() as session:
            b = await create_broadcast(
                session,
                text=ANNOUNCE,
                lesson_id="",
                audience=parse_audience("all"),
                urgent=urgent,
                send_at=now,
                actor="test",
                created_by=None,
                now=now,
            )
            await release(session, b, app.library, now, QUIET)
        rows = await outbox_rows(app, b.id)
        by_chat = {r.chat_id: r.not_before for r in rows}
        if urgent:
            assert set(by_chat.values()) == {now}
        else:
            assert by_chat["vn0"] == datetime(2026, 3, 3, 7, 0, tzinfo=VN)
            assert by_chat["jp0"] == datetime(2026, 3, 3, 7, 0, tzinfo=ZoneInfo("Asia/Tokyo"))


async def test_a_scheduled_broadcast_survives_a_restart(app: App, clock: FakeClock, library: Library) -> None:
    admin = await make_admin(app)
    await add_learners(app, 3, "l")
    await admin.say(f"/thongbao {ANNOUNCE}")
    await admin.pick("Không gắn bài")
    await admin.pick("Tất cả")
    await admin.pick("Hẹn giờ")
    await admin.say("10:15")
    assert "Đã hẹn gửi thông báo #1 lúc 10:15 ngày 02/03" in admin.text()
    assert await release_due(app.sessions, app.library, app.clock.now(), QUIET) == 0
    await app.close()
    restarted = await bootstrap(app.settings, clock=clock, library=library)
    try:
        clock.set(datetime(2026, 3, 2, 10, 15, tzinfo=VN))
        assert await release_due(restarted.sessions, restarted.library, restarted.clock.now(), QUIET) == 1
        assert len(await outbox_rows(restarted, 1)) == 4
    finally:
        await restarted.close()


async def test_the_admin_sees_status_and_cancels_what_is_still_pending(app: App, clock: FakeClock) -> None:
    admin = await make_admin(app)
    await add_learners(app, 5, "l")
    await admin.say(f"/thongbao {ANNOUNCE}")
    await admin.pick("Không gắn bài")
    await admin.pick("Tất cả")
    await admin.pick("Gửi ngay")
    await release_due(app.sessions, app.library, app.clock.now(), QUIET)
    async with app.sessions.begin() as session:
        first_two = select(OutboxMessage.id).order_by(OutboxMessage.id).limit(2).scalar_subquery()
        await session.execute(
            update(OutboxMessage).where(OutboxMessage.id.in_(first_two)).values(status="sent", sent_at=START)
        )
    await admin.say("/thongbao_trangthai")
    assert "#1" in admin.screen.text and "Đã gửi 2 · Đang chờ 4" in admin.screen.text
    await admin.pick("Hủy #1")
    await admin.pick("Hủy thông báo")
    assert "Đã hủy thông báo #1: 4 tin chưa gửi" in admin.text()
    statuses = sorted(r.status for r in await outbox_rows(app, 1))
    assert statuses == ["cancelled"] * 4 + ["sent"] * 2
    async with app.sessions() as session:
        assert (await session.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc()).limit(1))) == (
            "broadcast.cancel"
        )


async def test_nobody_without_the_admin_role_creates_sees_or_cancels_anything(app: App, clock: FakeClock) -> None:
    admin = await make_admin(app)
    await admin.say(f"/thongbao {ANNOUNCE}")
    await admin.pick("Không gắn bài")
    await admin.pick("Tất cả")
    await admin.pick("Hẹn giờ")
    await admin.say("19:00")  # broadcast #1 exists, scheduled
    lan = Learner(app, "lan")
    await onboard(lan)
    before = await table_counts(app)
    unknown = [m for m in await lan.say("/lenhkhongco")]
    attempts = [
        Inbound.from_text("/thongbao"),
        Inbound.from_text(f"/thongbao {ANNOUNCE}"),
        Inbound.from_text("/thongbao_trangthai"),
        Inbound.from_text("thong bao"),
        Inbound.choice("send", 99),
        Inbound.choice("c:1", 1),
        Inbound.choice("yes", 1),
    ]
    for attempt in attempts:
        replies = await lan.send(attempt)
        shown = "\n".join(m.text for m in replies if isinstance(m, Text | Choices))
        assert "#1" not in shown and ANNOUNCE not in shown and "thông báo" not in shown.lower(), attempt
        if attempt.kind is InboundKind.COMMAND:
            assert replies == unknown
    # A stored state forged to sit on the preview, or the cancel question, with a draft in it.
    async with app.sessions() as session:
        row = await repo.find_learner(session, lan.key)
    assert row is not None
    for name, extra in ((S.ADM_PREVIEW, {"bc_text": ANNOUNCE, "bc_audience": "all"}), (S.ADM_CANCEL, {"bc_id": "1"})):
        async with app.sessions.begin() as session:
            await repo.save_state(session, row.id, DialogState(name, screen=50, extra=extra).dumps(), clock.now())
        for typed in ("1", "Gửi ngay", "Hủy thông báo"):
            await lan.say(typed)
        await lan.send(Inbound.choice("send", 50))
    assert await table_counts(app) == before
    async with app.sessions() as session:
        broadcast = await session.get(Broadcast, 1)
    assert broadcast is not None and broadcast.status == "scheduled"


async def test_a_role_withdrawn_mid_way_sends_nothing(app: App, clock: FakeClock) -> None:
    admin = await make_admin(app)
    await admin.say(f"/thongbao {ANNOUNCE}")
    await admin.pick("Không gắn bài")
    await admin.pick("Tất cả")
    async with app.sessions.begin() as session:
        await session.execute(delete(LearnerRole))
    before = await table_counts(app)
    await admin.say("1")  # "Gửi ngay" on the screen they still see
    assert (await admin.state()).name is S.MENU
    assert await table_counts(app) == before


async def test_the_effect_itself_checks_the_role_in_the_database(app: App, clock: FakeClock) -> None:
    lan = Learner(app, "lan")
    await onboard(lan)
    before = await table_counts(app)
    async with app.sessions.begin() as session:
        row = await repo.lock_learner(session, lan.key, clock.now(), "Asia/Ho_Chi_Minh")
        scope = TurnScope(session, row, lan.key, clock.now(), app.tutor.shared, Inbound.from_text("x"))
        await _on_requested(scope, flow.BroadcastRequested(ANNOUNCE, "", "all", True))
    assert await table_counts(app) == before and scope.notes == []


async def test_the_lesson_an_announcement_carried_opens_with_one_word(app: App, clock: FakeClock) -> None:
    admin = await make_admin(app)
    lan = Learner(app, "lan")
    await onboard(lan)
    await admin.say(f"/thongbao {ANNOUNCE}")
    await admin.pick("Chọn bài")
    await admin.pick("Thanh toán")
    await admin.pick(app.library.lessons["thanhtoan-vietqr"].title)
    await admin.pick("Tất cả")
    await admin.pick("Gửi ngay")
    await release_due(app.sessions, app.library, app.clock.now(), QUIET)
    await app.tutor.drain_queue()  # each recipient's own turn: the lesson stays in their dialog state
    assert (await lan.state()).extra[flow.ANNOUNCED] == "thanhtoan-vietqr"
    for words in ("/baihoc", "hoc bai nay"):
        await lan.say("menu")
        await lan.say(words)
        state = await lan.state()
        assert (state.name, state.lesson) == (S.LESSON_CARD, "thanhtoan-vietqr"), words


async def test_admin_ids_are_granted_at_start_and_once_the_admin_has_written(app: App, clock: FakeClock) -> None:
    early = Learner(app, "early")
    await onboard(early)
    missing = await grant_admin_keys(app.sessions, [("console", "early"), ("console", "late")], app.clock.now())
    assert missing == [("console", "late")]
    late = Learner(app, "late")
    await late.say("/start")
    assert await grant_admin_keys(app.sessions, missing, app.clock.now()) == []
    # Already held: nothing written twice.
    assert await grant_admin_keys(app.sessions, [("console", "early")], app.clock.now()) == []
    async with app.sessions() as session:
        roles = (await session.execute(select(func.count()).select_from(LearnerRole))).scalar()
        grants = await session.scalar(select(func.count()).where(AuditEntry.action == "role.grant"))
    assert roles == 2 and grants == 2


# --- the CLI, as an operator runs it --------------------------------------------------------------

HOCVUSO = str(Path(sys.executable).parent / "hocvuso")


@pytest.fixture(params=BACKENDS)
async def cli_env(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite'}"
    if request.param == "postgresql":
        await reset_postgres()
        url = POSTGRES_URL
    return {"DATABASE_URL": url, "DATA_DIR": str(tmp_path / "data"), "LOG_LEVEL": "WARNING"}


def hocvuso(env: dict[str, str], *args: str, ok: bool = True) -> str:
    """The real command line in this process (each call bootstraps the app, as a real run does)."""
    result = CliRunner().invoke(build(), list(args), env=env)
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert (result.exit_code == 0) is ok, output
    return output


async def _first_message(env: dict[str, str], user: str) -> None:
    settings = load_settings(database_url=env["DATABASE_URL"], data_dir=Path(env["DATA_DIR"]))
    application = await bootstrap(settings)
    try:
        await Learner(application, user).say("/start")  # now they exist; no consent yet, so not reachable
    finally:
        await application.close()


def test_the_cli_grants_creates_shows_and_cancels(cli_env: dict[str, str]) -> None:
    asyncio.run(_first_message(cli_env, "lan"))
    assert "No learner console:minh" in hocvuso(cli_env, "admin", "grant", "console:minh", ok=False)
    assert "Granted admin to 1 learner" in hocvuso(cli_env, "admin", "grant", "console:lan")
    assert "console:lan" in hocvuso(cli_env, "admin", "list")
    assert "audience" in hocvuso(cli_env, "broadcast", "create", "--text", ANNOUNCE, "--audience", "x", ok=False)
    out = hocvuso(
        cli_env, "broadcast", "create", "--text", ANNOUNCE, "--audience", "place:tan cuong", "--at", "2030-01-01T08:00"
    )
    assert "Broadcast #1 scheduled for 2030-01-01 08:00" in out
    assert "Cancelled broadcast #1" in hocvuso(cli_env, "broadcast", "cancel", "1")
    assert "No broadcast #9" in hocvuso(cli_env, "broadcast", "status", "9", ok=False)
    out = hocvuso(cli_env, "broadcast", "create", "--text", ANNOUNCE, "--audience", "all", "--urgent")
    assert "Broadcast #2 queued for 0 learners" in out
    real = subprocess.run(
        [HOCVUSO, "broadcast", "status", "1"], env={**os.environ, **cli_env}, capture_output=True, text=True, timeout=60
    )
    assert real.returncode == 0 and "Broadcast #1: cancelled" in real.stdout and "Traceback" not in real.stderr
