"""Reminders: at the learner's local time, never in quiet hours, backing off when ignored, stopping on request.

The pure rules are checked directly; everything else runs the real tick against real SQLite
and PostgreSQL with an injected clock, and reads what landed in the outbox.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, update

from bot import outbox
from bot.app import App, bootstrap
from bot.broadcasts import ADMIN_STATES
from bot.clock import FakeClock
from bot.scheduling import build_scheduler, reminder_tick
from bot.storage import repo
from bot.storage.models import Learner as LearnerRow
from bot.storage.models import OutboxMessage
from content.library import Library
from content.places import PlaceIndex
from dialogs.flows import broadcasts as flow
from dialogs.messages import Choices, Inbound, InboundKind, Outbound, Text
from dialogs.state import StateName
from scheduler.reminders import (
    STOP_AFTER,
    DueReminder,
    QuietHours,
    decide,
    interval_days,
    next_due,
)
from tests.conftest import START
from tests.helpers import Learner, onboard
from tests.test_broadcasts import ANNOUNCE, DataDriver, park_in_broadcast_states

S = StateName
VN = ZoneInfo("Asia/Ho_Chi_Minh")
QUIET = QuietHours(time(21), time(7))
TODAY_19 = datetime(2026, 3, 2, 19, 0, tzinfo=VN).astimezone(UTC)  # onboarding picks "7 giờ tối"


def local(when: datetime | None) -> datetime:
    assert when is not None
    return when.astimezone(VN)


# --- the pure rules ----------------------------------------------------------------------------


def test_next_reminder_is_the_chosen_time_today_or_tomorrow() -> None:
    assert next_due(START, "19:00", "Asia/Ho_Chi_Minh", 0) == TODAY_19
    after = TODAY_19 + timedelta(minutes=1)
    assert next_due(after, "19:00", "Asia/Ho_Chi_Minh", 0) == TODAY_19 + timedelta(days=1)
    assert next_due(TODAY_19, "19:00", "Asia/Ho_Chi_Minh", 0) == TODAY_19 + timedelta(days=1)


def test_next_reminder_follows_the_learner_s_own_time_zone() -> None:
    tokyo = next_due(START, "19:00", "Asia/Tokyo", 0)
    assert tokyo is not None and tokyo.astimezone(ZoneInfo("Asia/Tokyo")).time() == time(19)
    assert next_due(START, "19:00", "Not/AZone", 0) == TODAY_19  # unknown zone: Vietnam's


def test_no_time_or_a_malformed_one_means_no_reminder() -> None:
    for value in ("", "7h", "25:00", "19:7", "ab:cd"):
        assert next_due(START, value, "Asia/Ho_Chi_Minh", 0) is None


def test_back_off_daily_then_every_three_days_then_weekly_then_stop() -> None:
    assert [interval_days(n) for n in range(12)] == [1, 1, 1, 3, 3, 3, 3, 7, 7, 7, None, None]
    assert next_due(TODAY_19, "19:00", "Asia/Ho_Chi_Minh", 3) == TODAY_19 + timedelta(days=3)
    assert next_due(TODAY_19, "19:00", "Asia/Ho_Chi_Minh", 7) == TODAY_19 + timedelta(days=7)
    assert next_due(TODAY_19, "19:00", "Asia/Ho_Chi_Minh", STOP_AFTER) is None


def test_quiet_hours_wrap_midnight() -> None:
    assert QUIET.contains(time(21)) and QUIET.contains(time(23, 59)) and QUIET.contains(time(6, 59))
    assert not QUIET.contains(time(7)) and not QUIET.contains(time(20, 59))
    daytime = QuietHours(time(12), time(13))
    assert daytime.contains(time(12, 30)) and not daytime.contains(time(13))
    assert not QuietHours(time(7), time(7)).contains(time(7))


def test_a_time_inside_quiet_hours_moves_to_their_end() -> None:
    due = next_due(START, "22:30", "Asia/Ho_Chi_Minh", 0, QUIET)
    assert local(due) == datetime(2026, 3, 3, 7, 0, tzinfo=VN)


@given(
    minutes=st.integers(0, 60 * 24 * 30),
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
    ignored=st.integers(0, STOP_AFTER - 1),
    tz=st.sampled_from(["Asia/Ho_Chi_Minh", "Asia/Tokyo", "Europe/Berlin", "America/New_York"]),
)
def test_next_reminder_is_later_on_the_chosen_clock_and_never_in_quiet_hours(
    minutes: int, hour: int, minute: int, ignored: int, tz: str
) -> None:
    now = START + timedelta(minutes=minutes)
    due = next_due(now, f"{hour:02d}:{minute:02d}", tz, ignored, QUIET)
    assert due is not None and due > now
    wall = due.astimezone(ZoneInfo(tz))
    assert not QUIET.contains(wall.time())
    if not QUIET.contains(time(hour, minute)):
        assert (wall.hour, wall.minute) == (hour, minute)
    assert due - now <= timedelta(days=(interval_days(ignored) or 0) + 1)


def _row(**changes: object) -> DueReminder:
    values: dict[str, object] = {
        "learner_id": 1,
        "channel": "console",
        "bot": "",
        "chat_id": "a",
        "user_id": "a",
        "reminder_time": "19:00",
        "timezone": "Asia/Ho_Chi_Minh",
        "ignored": 0,
        "due": TODAY_19,
        "last_seen_at": START,
        "reachable": True,
    }
    values.update(changes)
    return DueReminder(**values)  # type: ignore[arg-type]


def test_decide_sends_postpones_or_stops() -> None:
    assert decide(_row(), TODAY_19, QUIET).action == "send"
    assert decide(_row(reachable=False), TODAY_19, QUIET).action == "stop"
    assert decide(_row(reminder_time=""), TODAY_19, QUIET).action == "stop"
    assert decide(_row(ignored=STOP_AFTER), TODAY_19, QUIET).action == "stop"
    busy = decide(_row(last_seen_at=TODAY_19 - timedelta(minutes=20)), TODAY_19, QUIET)
    assert busy.action == "postpone" and busy.next_at == TODAY_19 + timedelta(days=1)
    night = TODAY_19 + timedelta(hours=3)  # 22:00 local
    quiet = decide(_row(due=night), night, QUIET)
    assert quiet.action == "postpone" and local(quiet.next_at) == datetime(2026, 3, 3, 7, 0, tzinfo=VN)
    late = decide(_row(due=TODAY_19 - timedelta(hours=5)), TODAY_19 - timedelta(hours=5) + timedelta(hours=3), QUIET)
    assert late.action == "postpone"


# --- the tick over a real database ---------------------------------------------------------------


async def learner_row(app: App, who: Learner) -> LearnerRow:
    async with app.sessions() as session:
        found = await repo.find_learner(session, who.key)
    assert found is not None
    return found


async def reminders_for(app: App, who: Learner) -> list[tuple[datetime, tuple[Outbound, ...]]]:
    row = await learner_row(app, who)
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.learner_id == row.id, OutboxMessage.kind == "reminder")
        .order_by(OutboxMessage.id)
    )
    async with app.sessions() as session:
        return [(m.created_at, outbox.loads(m.payload)) for m in (await session.execute(query)).scalars()]


def text_of(messages: tuple[Outbound, ...]) -> str:
    return "\n".join(m.text for m in messages if isinstance(m, Text | Choices))


async def tick_at(app: App, clock: FakeClock, when: datetime, quiet: QuietHours = QUIET) -> int:
    clock.set(when)
    return (await reminder_tick(app, quiet)).sent


async def test_onboarding_schedules_the_first_reminder_at_the_chosen_local_time(app: App, clock: FakeClock) -> None:
    lan = Learner(app)
    await onboard(lan)  # at 08:30 local, choosing "7 giờ tối"
    assert (await learner_row(app, lan)).next_reminder_at == TODAY_19
    assert await tick_at(app, clock, TODAY_19 - timedelta(minutes=1)) == 0
    assert await tick_at(app, clock, TODAY_19) == 1
    [(at, messages)] = await reminders_for(app, lan)
    assert at == TODAY_19
    screen = messages[-1]
    assert isinstance(screen, Choices)
    lesson = app.library.lessons[app.library.lesson_order()[0]]
    assert "Bác Lan ơi, đến giờ học" in screen.text and lesson.title in screen.text
    assert screen.options[0].label == "Học ngay"
    row = await learner_row(app, lan)
    assert row.next_reminder_at == TODAY_19 + timedelta(days=1) and row.reminders_ignored == 1
    assert row.last_seen_at < TODAY_19  # a reminder is not the learner being seen
    assert (await lan.state()).name is StateName.REMIND


async def test_one_typed_number_starts_the_lesson_and_resets_the_rhythm(app: App, clock: FakeClock) -> None:
    lan = Learner(app)
    await onboard(lan)
    await tick_at(app, clock, TODAY_19)
    lan.seen = list((await reminders_for(app, lan))[-1][1])
    clock.advance(minutes=30)
    await lan.say("1")
    assert (await lan.state()).name is StateName.LESSON_CARD
    row = await learner_row(app, lan)
    assert row.reminders_ignored == 0 and row.next_reminder_at == TODAY_19 + timedelta(days=1)


async def test_ignored_reminders_back_off_then_stop_and_say_how_to_resume(app: App, clock: FakeClock) -> None:
    lan = Learner(app)
    await onboard(lan)
    sent_days: list[int] = []
    for _ in range(20):
        row = await learner_row(app, lan)
        if row.next_reminder_at is None:
            break
        await tick_at(app, clock, row.next_reminder_at)
        sent_days.append((local(row.next_reminder_at).date() - local(TODAY_19).date()).days)
    assert sent_days == [0, 1, 2, 5, 8, 11, 14, 21, 28, 35]
    reminders = await reminders_for(app, lan)
    assert len(reminders) == STOP_AFTER
    assert "lần nhắc cuối" in text_of(reminders[-1][1]) and "nhắn lại" in text_of(reminders[-1][1])
    assert all("lần nhắc cuối" not in text_of(r[1]) for r in reminders[:-1])
    assert all(not QUIET.contains(local(at).time()) for at, _ in reminders)
    clock.advance(days=3)
    await lan.say("menu")  # any message resets the rhythm
    row = await learner_row(app, lan)
    assert row.reminders_ignored == 0 and local(row.next_reminder_at).time() == time(19)


async def test_a_reminder_in_quiet_hours_waits_for_the_morning(app: App, clock: FakeClock) -> None:
    lan = Learner(app)
    await onboard(lan)
    await lan.say("/caidat")
    await lan.pick("Giờ nhắc")
    await lan.say("20:30")
    evening = QuietHours(time(20), time(7))  # QUIET_HOURS_START=20:00 on this deployment
    due = datetime(2026, 3, 2, 20, 30, tzinfo=VN).astimezone(UTC)
    assert (await learner_row(app, lan)).next_reminder_at == due
    assert await tick_at(app, clock, due, evening) == 0
    morning = datetime(2026, 3, 3, 7, 0, tzinfo=VN).astimezone(UTC)
    assert (await learner_row(app, lan)).next_reminder_at == morning
    assert await tick_at(app, clock, morning, evening) == 1
    [(at, _)] = await reminders_for(app, lan)
    assert at == morning


@pytest.mark.parametrize("how", ["command", "reminder screen", "settings"])
async def test_reminders_stop_on_request(app: App, clock: FakeClock, how: str) -> None:
    lan = Learner(app)
    await onboard(lan)
    if how == "command":
        await lan.say("/tatnhacnho")
    elif how == "reminder screen":
        await tick_at(app, clock, TODAY_19)
        lan.seen = list((await reminders_for(app, lan))[-1][1])
        await lan.pick("Tắt nhắc học")
    else:
        await lan.say("/caidat")
        await lan.pick("Giờ nhắc")
        await lan.pick("Không cần nhắc")
    row = await learner_row(app, lan)
    assert row.reminder_time == "" and row.next_reminder_at is None
    before = len(await reminders_for(app, lan))
    for day in range(1, 4):
        await tick_at(app, clock, TODAY_19 + timedelta(days=day))
    assert len(await reminders_for(app, lan)) == before


async def test_changing_the_time_in_settings_reschedules_at_once(app: App, clock: FakeClock) -> None:
    lan = Learner(app)
    await onboard(lan)
    await lan.say("/caidat")
    await lan.pick("Giờ nhắc")
    await lan.say("12h")
    noon = datetime(2026, 3, 2, 12, 0, tzinfo=VN).astimezone(UTC)
    assert (await learner_row(app, lan)).next_reminder_at == noon
    assert await tick_at(app, clock, noon) == 1


async def test_no_reminder_for_someone_active_or_unreachable(app: App, clock: FakeClock) -> None:
    lan, minh = Learner(app, "lan"), Learner(app, "minh")
    await onboard(lan)
    await onboard(minh, "Chú", "Minh")
    clock.set(TODAY_19 - timedelta(minutes=15))
    await lan.say("menu")  # Lan is here already
    async with app.sessions.begin() as session:
        await session.execute(update(LearnerRow).where(LearnerRow.user_id == "minh").values(unreachable=True))
    assert await tick_at(app, clock, TODAY_19) == 0
    assert (await learner_row(app, lan)).next_reminder_at == TODAY_19 + timedelta(days=1)
    assert (await learner_row(app, minh)).next_reminder_at is None


async def test_mid_lesson_the_reminder_keeps_the_learner_on_their_card(app: App, clock: FakeClock) -> None:
    lan = Learner(app)
    await onboard(lan)
    await lan.pick("Học tiếp")
    await lan.pick("Tiếp")
    before = await lan.state()
    await tick_at(app, clock, TODAY_19)
    after = await lan.state()
    assert (after.name, after.lesson, after.card) == (StateName.LESSON_CARD, before.lesson, before.card)
    [(_, messages)] = await reminders_for(app, lan)
    assert "đến giờ học" in text_of(messages) and before.lesson in after.bookmark


async def test_two_processes_ticking_at_once_send_each_reminder_once(
    app: App, clock: FakeClock, library: Library
) -> None:
    crowd = [Learner(app, f"l{n}") for n in range(24)]
    for who in crowd:
        await onboard(who)
    other = await bootstrap(app.settings, clock=clock, library=library)  # a second process
    try:
        clock.set(TODAY_19)
        first, second = await asyncio.gather(reminder_tick(app, QUIET, batch=5), reminder_tick(other, QUIET, batch=5))
    finally:
        await other.close()
    assert first.sent + second.sent == len(crowd)
    async with app.sessions() as session:
        per_learner = await session.execute(
            select(OutboxMessage.learner_id, func.count()).group_by(OutboxMessage.learner_id)
        )
        assert sorted(n for _, n in per_learner.all()) == [1] * len(crowd)


async def test_the_same_due_reminder_fed_twice_is_sent_once(app: App, clock: FakeClock) -> None:
    lan = Learner(app)
    await onboard(lan)
    clock.set(TODAY_19)
    reminder = Inbound(InboundKind.REMINDER)
    for _ in range(2):
        await app.tutor.handle(lan.key, "reminder:1:same", reminder, outbox_kind="reminder")
    assert len(await reminders_for(app, lan)) == 1
    assert (await learner_row(app, lan)).reminders_ignored == 1


async def test_the_scheduler_runs_both_ticks_as_interval_jobs(app: App, clock: FakeClock) -> None:
    lan = Learner(app)
    await onboard(lan)
    clock.set(TODAY_19)
    scheduling = build_scheduler(app, app.settings)
    jobs = {job.id: job for job in scheduling.scheduler.get_jobs()}
    # The two ticks run on an interval; the ambassadors' weekly summary is a Monday cron job.
    assert set(jobs) == {"reminders", "broadcasts", "weekly-summaries", "help-offers", "family-news"}
    ticks = (jobs["reminders"], jobs["broadcasts"])
    assert all(job.trigger.interval == timedelta(seconds=app.settings.reminder_tick_seconds) for job in ticks)
    scheduling.start()
    try:
        for _ in range(500):  # the first run is due at start: wait for the job, not for time
            if await reminders_for(app, lan):
                break
            await asyncio.sleep(0.01)
    finally:
        scheduling.shutdown()
        await asyncio.sleep(0)  # let the scheduler's own shutdown callback run on this loop
    assert len(await reminders_for(app, lan)) == 1


# --- the broadcast screens and the reminder screen under random input ------------------------------


_PARKED: dict[StateName, DataDriver] = {}


def parked_screens(library: Library, places: PlaceIndex) -> dict[StateName, DataDriver]:
    # Not a fixture argument of the @given test: hypothesis would print its (huge) repr.
    if not _PARKED:
        _PARKED.update(park_in_broadcast_states(library, places))
    return _PARKED


inbound_strategy = st.one_of(
    st.text(max_size=300).map(Inbound.from_text),
    st.sampled_from(["1", "2", "9", "huy", "menu", "/thongbao", "/thongbao_trangthai", "/baihoc", "19:30"]).map(
        Inbound.from_text
    ),
    st.builds(Inbound.choice, st.text(max_size=70), st.integers(-5, 500)),
    st.sampled_from(["photo", "sticker"]).map(Inbound.unsupported),
    st.just(Inbound(InboundKind.REMINDER)),
)


# Lives here, not in test_broadcasts: tests/engine_driver imports that module from inside a
# hypothesis test, and a @given defined during another one trips hypothesis's nesting check.
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(sorted({*ADMIN_STATES, S.REMIND})), inbound=inbound_strategy, admin=st.booleans())
def test_random_input_on_a_broadcast_screen(
    library: Library, places: PlaceIndex, name: StateName, inbound: Inbound, admin: bool
) -> None:
    probe = parked_screens(library, places)[name].copy()
    probe.learner = replace(probe.learner, roles=frozenset({"admin"} if admin else ()))
    messages = probe.send(inbound)
    texts = [m.text for m in messages if isinstance(m, Text | Choices)]
    bad = [t for t in texts if "Traceback" in t or "{" in t or len(t) > 700]
    assert not bad, (name, inbound, bad)
    assert probe.last is not None
    if not admin:
        assert not any(isinstance(e, flow.BroadcastRequested | flow.BroadcastCancelled) for e in probe.last.events)
        assert not any(ANNOUNCE in t or "#1" in t for t in texts)
