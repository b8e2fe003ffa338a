"""Ambassadors who know when to help (issue 15), turn by turn over real SQLite and PostgreSQL.

People are driven through app.tutor.handle with Telegram keys; what reaches someone else (a
request, an answer, the day's news, a congratulation, a welcome) is read back from the outbox
the sender would drain. The authorization tests compare the database before and after.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import event, func, select

from bot.app import App, bootstrap
from bot.cli_community import grant
from bot.clock import FakeClock
from bot.extensions import TurnScope
from bot.family_news import tell_family_news
from bot.help_offers import offer_help_to_silent, silent_learners
from bot.outbox import loads
from bot.settings import load_settings
from bot.storage import repo
from bot.storage.models import (
    AuditEntry,
    DialogStateRow,
    Family,
    FamilyMember,
    FamilyNews,
    GuidedLearner,
    HelpRequest,
    Invite,
    Learner,
    LearnerRole,
    OutboxMessage,
)
from dialogs.flows.family import helpdata as ask
from dialogs.flows.learning import MENU_OPTIONS
from dialogs.messages import Choices, Inbound, Outbound, Text
from dialogs.state import StateName
from scheduler.reminders import QuietHours
from tests.test_broadcasts import cli_env, hocvuso  # noqa: F401 — cli_env is a fixture
from tests.test_families import Person, _family_with, create_family, make_ambassador, onboard, open_family

S = StateName
QUIET = QuietHours.parse("21:00", "07:00")
QUIET_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
GIBBERISH = ("zqxwv kk", "zqxpp mm", "zqxtt hh")  # what nobody could understand; never passed on


async def notes(app: App, person: Person, kind: str = "notice") -> list[str]:
    """The texts queued for someone else to read (as the sender would send them), oldest first."""
    row = await person.row()
    async with app.sessions() as session:
        query = select(OutboxMessage.payload).where(OutboxMessage.learner_id == row.id, OutboxMessage.kind == kind)
        payloads = list((await session.execute(query.order_by(OutboxMessage.id))).scalars())
    return [_shown(loads(p)) for p in payloads]


def _shown(messages: tuple[Outbound, ...]) -> str:
    """Everything a person reads: texts, and the buttons (or numbered options) under them."""
    lines = [m.text for m in messages if isinstance(m, Text | Choices)]
    lines += [o.label for m in messages if isinstance(m, Choices) for o in m.options]
    return "\n".join(lines)


async def tap_note(app: App, person: Person, label: str) -> None:
    """Tap a button on the last note queued for this person (a request, the news)."""
    row = await person.row()
    async with app.sessions() as session:
        query = select(OutboxMessage.payload).where(OutboxMessage.learner_id == row.id, OutboxMessage.kind == "notice")
        payload = (await session.execute(query.order_by(OutboxMessage.id.desc()).limit(1))).scalar_one()
    screen = [m for m in loads(payload) if isinstance(m, Choices)][-1]
    option = next(o for o in screen.options if o.label.startswith(label))
    await person.send(Inbound.choice(option.id, screen.screen))


async def on_card(person: Person, taps: int = 1) -> None:
    await person.pick("Học tiếp")
    for _ in range(taps):
        await person.pick("Tiếp")
    assert (await person.state()).name is S.LESSON_CARD


async def stuck(person: Person) -> None:
    """Three replies in a row the card cannot understand: the tutor offers a person's help."""
    for typed in GIBBERISH:
        await person.say(typed)
    assert (await person.state()).name is S.FAMILY_HELP


# --- told, and the menu's doors --------------------------------------------------------------


async def test_a_granted_ambassador_is_told_what_they_can_do_within_quiet_hours(app: App, clock: FakeClock) -> None:
    admin = Person(app, "admin")
    await onboard(admin)
    async with app.sessions.begin() as session:
        session.add(LearnerRole(learner_id=(await admin.row()).id, role="admin", granted_at=app.clock.now()))
    hung, minh = Person(app, "hung"), Person(app, "minh")
    await onboard(hung, "Anh", "Hùng")
    await onboard(minh, "Chú", "Minh")
    await admin.say("/capdaisu telegram:hung")
    [told] = await notes(app, hung)
    assert "Anh Hùng vừa được cấp quyền Đại sứ số" in told and "Từ nay anh có thể" in told and "/daisu" in told
    clock.advance(hours=13)  # 21:30 in Thái Nguyên: the note waits for the morning
    assert "is now a Digital Ambassador" in await grant(app, "telegram:minh")
    [row] = [r for r, _ in await _rows(app, minh)]
    assert row.not_before.astimezone(QUIET_TZ).hour == 7 and row.created_at < row.not_before
    assert "is already" in await grant(app, "telegram:minh")
    assert len(await notes(app, minh)) == 1  # told once


async def _rows(app: App, person: Person) -> list[tuple[OutboxMessage, str]]:
    row = await person.row()
    async with app.sessions() as session:
        query = select(OutboxMessage).where(OutboxMessage.learner_id == row.id).order_by(OutboxMessage.id)
        return [(r, r.payload) for r in (await session.execute(query)).scalars()]


async def test_the_menu_and_help_show_the_family_doors_to_those_they_open(app: App) -> None:
    amb, [lan] = await _family_with(app, "lan")
    stranger = Person(app, "stranger")
    await onboard(stranger)
    await stranger.say("/menu")
    assert stranger.screen.options == MENU_OPTIONS  # nothing new for everyone else
    await amb.say("/menu")
    labels = [o.label for o in amb.screen.options]
    assert labels[: len(MENU_OPTIONS)] == [o.label for o in MENU_OPTIONS] and "🤝 Đại sứ số" in labels
    await amb.pick("🤝 Đại sứ số")
    assert (await amb.state()).name is S.AMB_MENU and "👨‍👩‍👧 Gia đình bà Lan (1 người)" in amb.screen.options[0].label
    await amb.say("/menu")
    await amb.say(str(len(MENU_OPTIONS) + 1))  # typed as a number, as on Zalo
    assert (await amb.state()).name is S.AMB_MENU
    await lan.say("/menu")
    await lan.pick("👨‍👩‍👧 Gia đình")
    assert (await lan.state()).name is S.FAMILY_MINE and "Gia đình bà Lan" in lan.screen.text
    await lan.say("/trogiup")
    assert "“nhờ giúp”" in lan.screen.text and "/giadinh" in lan.screen.text and "/daisu" not in lan.screen.text
    await amb.say("/trogiup")
    assert "/daisu" in amb.screen.text


# --- stuck learners reach a person --------------------------------------------------------------


async def test_a_stuck_learner_reaches_her_own_ambassador_only_and_never_with_her_words(app: App) -> None:
    amb, [lan] = await _family_with(app, "lan")
    other = await make_ambassador(app, "other")  # same commune, on duty, not hers
    await other.say("/daisu")
    await other.pick("🟢 Nhận lời nhờ giúp")
    await on_card(lan)
    await stuck(lan)
    assert "Đại sứ số Hùng" in lan.screen.text and "thẻ 2/" in lan.screen.text
    await lan.pick("🙋 Nhờ người giúp")
    assert "✅ Đã báo Đại sứ số Hùng" in lan.all_text() and (await lan.state()).name is S.LESSON_CARD
    request = (await notes(app, amb))[-1]
    lesson = app.library.lessons[(await lan.state()).lesson]
    assert f"Bác Lan (nhóm “Gia đình bà Lan”) cần người giúp ở bài “{lesson.title}”, thẻ 2/" in request
    assert not any(word in note for note in await notes(app, amb) for word in ("zqx", *GIBBERISH))
    assert len(await notes(app, other)) == 1  # only its own welcome
    assert (await amb.state()).name is S.AMB_HELP
    await lan.say("/nhogiup")  # asking again the same day: told it is on its way
    assert "đã báo Đại sứ số Hùng rồi" in lan.all_text() and (await lan.state()).name is S.LESSON_CARD
    assert len(await notes(app, amb)) == 2


async def test_the_offer_is_read_in_a_turn_without_building_anyone_as_an_orm_row(app: App) -> None:
    _, [lan] = await _family_with(app, "lan")  # Hùng, her ambassador
    built: list[object] = []

    def seen(target: object, *_: object) -> None:
        built.append(target)

    for kind in ("init", "load"):
        event.listen(Learner, kind, seen)
    try:
        await lan.say("/nhogiup")
    finally:
        for kind in ("init", "load"):
            event.remove(Learner, kind, seen)
    assert "Đại sứ số Hùng" in lan.all_text() and built == []


async def test_an_ambassador_answers_then_records_the_help_given_in_person(app: App) -> None:
    amb, [lan] = await _family_with(app, "lan")
    await on_card(lan)
    await stuck(lan)
    await lan.pick("🙋 Nhờ người giúp")
    await tap_note(app, amb, "📞 Hỏi có cần gọi điện")  # on the request itself
    [reply] = await notes(app, lan)
    assert "Hùng (Đại sứ số) hỏi bác có cần gọi điện" in reply
    await amb.say("/daisu")
    await amb.pick("🙋 bác Lan cần giúp")
    assert "Đã nhắn lại rồi" in amb.screen.text
    await amb.pick("✅ Đã giúp trực tiếp")
    assert "Đã ghi nhận anh giúp bác Lan trực tiếp" in amb.all_text()
    async with app.sessions() as session:
        [guided] = list((await session.execute(select(GuidedLearner))).scalars())
        [request] = list((await session.execute(select(HelpRequest))).scalars())
        actions = set((await session.execute(select(AuditEntry.action))).scalars())
    assert (guided.first_name, guided.age_group, guided.lessons) == ("L.", "60+", [request.lesson_id])
    assert request.status == "helped" and request.answered_by == (await amb.row()).id
    assert {"help.request", "help.reply", "help.helped"} <= actions
    await amb.say("/daisu")
    assert not [o for o in amb.screen.options if o.id.startswith("help:")]


async def test_without_an_ambassador_the_request_reaches_those_on_duty_in_her_commune(app: App) -> None:
    duty, idle = await make_ambassador(app, "duty"), await make_ambassador(app, "idle")
    far = Person(app, "far")
    await onboard(far, "Anh", "Tuấn")
    assert "is now" in await grant(app, "telegram:far")
    for person in (duty, far):
        await person.say("/daisu")
        await person.pick("🟢 Nhận lời nhờ giúp")
    await _move(app, far, "Thái Nguyên/xã Phú Bình")  # on duty, but in another commune
    hoa = Person(app, "hoa")
    await onboard(hoa, "Cô", "Hoa")
    await on_card(hoa)
    await stuck(hoa)
    assert "Đại sứ số đang trực ở xã mình" in hoa.screen.text
    await hoa.pick("🙋 Nhờ người giúp")
    assert "cần người giúp" in (await notes(app, duty))[-1] and "(người học ở xã mình)" in (await notes(app, duty))[-1]
    assert [len(await notes(app, p)) for p in (idle, far)] == [1, 1]  # their welcomes only
    await duty.say("/daisu")
    await duty.pick("⚪ Thôi nhận lời")
    async with app.sessions() as session:
        on = (await session.execute(select(LearnerRole.on_duty).where(LearnerRole.role == "ambassador"))).scalars()
        assert sorted(on) == [False, False, True]  # only the far one still


async def _move(app: App, person: Person, place: str) -> None:
    async with app.sessions.begin() as session:
        row = await repo.find_learner(session, person.key)
        assert row is not None
        row.place = place


async def test_with_nobody_to_help_a_learner_keeps_her_card_and_hears_who_else_can(app: App) -> None:
    hoa = Person(app, "hoa")
    await onboard(hoa, "Cô", "Hoa")
    await on_card(hoa)
    for typed in GIBBERISH:
        await hoa.say(typed)
    assert (await hoa.state()).name is S.LESSON_CARD and "Tổ công nghệ số cộng đồng" in hoa.all_text()
    await hoa.say("nhờ giúp")  # asked in words: told plainly why nobody is told
    assert (await hoa.state()).name is S.LESSON_CARD and "Hiện chưa có Đại sứ số nào" in hoa.all_text()
    async with app.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(HelpRequest)) == 0


async def test_a_quiz_failed_twice_offers_help_naming_the_questions(app: App) -> None:
    amb, [lan] = await _family_with(app, "lan")
    await lan.pick("Học tiếp")
    await lan.read_lesson()
    await lan.finish_quiz(wrong=range(9))
    await lan.pick("Làm lại câu hỏi")
    await lan.finish_quiz(wrong=range(9))
    assert "🙋 Nhờ người giúp" in [o.label for o in lan.screen.options]
    await lan.pick("🙋 Nhờ người giúp")
    assert "phần câu hỏi của bài" in lan.screen.text
    await lan.pick("🙋 Nhờ người giúp")
    request = (await notes(app, amb))[-1]
    assert "phần câu hỏi của bài" in request and "Làm bài kiểm tra chưa đạt 2 lần" in request


async def test_a_learner_silent_for_days_is_offered_help_once_per_lesson(app: App, clock: FakeClock) -> None:
    amb, [lan, _hoa] = await _family_with(app, "lan", "hoa")
    await on_card(lan)
    clock.advance(days=2)
    assert await offer_help_to_silent(app, QUIET, 3) == 0
    clock.advance(days=2)
    assert await offer_help_to_silent(app, QUIET, 3) == 1  # hoa never started a lesson
    [offer] = await notes(app, lan)
    assert "Đã mấy ngày bác chưa học tiếp bài" in offer and "🙋 Nhờ người giúp" in offer
    assert (await lan.state()).name is S.FAMILY_HELP
    assert await offer_help_to_silent(app, QUIET, 3) == 0
    await lan.say("1")  # "Nhờ người giúp", typed
    assert "Đã mấy ngày dừng ở bài này" in (await notes(app, amb))[-1]
    clock.advance(days=4)  # silent again in the same lesson: not offered twice
    async with app.sessions() as session:
        assert await silent_learners(session, app.clock.now(), 3) == []
    assert await offer_help_to_silent(app, QUIET, 3) == 0


# --- the day's news and "Chúc mừng" ----------------------------------------------------------------


async def _push_first_lesson(amb: Person) -> None:
    await open_family(amb)
    await amb.pick("📤 Gửi bài học")
    await amb.pick("VNeID")
    await amb.say("1")
    await amb.pick("📤 Gửi cho")


async def test_the_news_comes_once_a_day_per_family_and_a_congratulation_reaches_the_relative(
    app: App, clock: FakeClock
) -> None:
    amb, [lan, hoa] = await _family_with(app, "lan", "hoa")
    await _push_first_lesson(amb)
    for person in (lan, hoa):
        await person.say("1")  # "Học ngay" on the lesson the ambassador sent
        await person.read_lesson()
    await lan.finish_quiz()
    news = lambda: tell_family_news(app.sessions, app.tutor.shared, app.clock.now(), QUIET)  # noqa: E731
    assert await news() == 1
    await hoa.say("/hoc")  # finishing later the same day: tomorrow's news
    await hoa.finish_quiz()
    assert await news() == 0
    told = (await notes(app, amb))[-1]
    assert "Tin vui nhóm “Gia đình bà Lan”" in told and "Lan đã học xong bài" in told and "Hoa" not in told
    assert (await amb.state()).name is S.AMB_NEWS
    await tap_note(app, amb, "🎉 Chúc mừng Lan")  # the button on the news itself
    assert "Đã gửi lời chúc mừng tới Lan" in amb.all_text()
    assert [o.label for o in amb.screen.options] == ["Xong"]  # everyone in it congratulated
    [cheer] = await notes(app, lan)
    assert "Hùng (Đại sứ số) chúc mừng bác đã học xong bài" in cheer
    assert await notes(app, hoa) == []
    clock.advance(days=1)
    assert await news() == 1  # the next day: Hoa's news
    assert "Hoa đã học xong bài" in (await notes(app, amb))[-1]
    async with app.sessions() as session:
        rows = list((await session.execute(select(FamilyNews).order_by(FamilyNews.id))).scalars())
    assert [(r.told_at is not None, r.congratulated_at is not None) for r in rows] == [(True, True), (True, False)]


# --- nobody else can answer, record or congratulate ----------------------------------------------


async def _world(app: App, people: list[Person]) -> list[object]:
    """Every row an answer, a record or a congratulation could touch, and the others' rows."""
    ids = [(await p.row()).id for p in people]
    queries = (
        select(HelpRequest),
        select(GuidedLearner),
        select(FamilyNews),
        select(LearnerRole).where(LearnerRole.learner_id.in_(ids)),
        select(OutboxMessage).where(OutboxMessage.learner_id.in_(ids)),
        select(AuditEntry).where(AuditEntry.action.like("help.%") | (AuditEntry.action == "family.congratulate")),
        select(DialogStateRow).where(DialogStateRow.learner_id.in_(ids)),
    )
    async with app.sessions() as session:
        return [_plain((await session.execute(query)).scalars()) for query in queries]


def _plain(rows: object) -> list[str]:
    return sorted(repr(sorted((k, v) for k, v in vars(r).items() if not k.startswith("_"))) for r in rows)  # type: ignore[attr-defined]


async def test_forged_answers_records_and_congratulations_change_nothing(app: App) -> None:
    amb, [lan] = await _family_with(app, "lan")
    other, stranger = await make_ambassador(app, "other"), Person(app, "stranger")
    await onboard(stranger)
    await other.say("/daisu")
    await other.pick("🟢 Nhận lời nhờ giúp")  # on duty in her commune, but she has her own ambassador
    await on_card(lan)
    await stuck(lan)
    await lan.pick("🙋 Nhờ người giúp")
    await _push_first_lesson(amb)  # and news to congratulate: a pushed lesson she finished
    await lan.say("1")
    await lan.read_lesson()
    await lan.finish_quiz()
    assert await tell_family_news(app.sessions, app.tutor.shared, app.clock.now(), QUIET) == 1
    async with app.sessions() as session:
        request = (await session.execute(select(HelpRequest))).scalar_one().id
        family = (await session.execute(select(FamilyNews.family_id))).scalar_one()
    lan_id = (await lan.row()).id
    forged = [ask.HelpReplied(request, "call"), ask.HelpGiven(request), ask.Congratulated(family, lan_id)]
    buttons = [f"help:{request}", "call", "visit", "done", f"cg:{lan_id}", "duty:on", "ask", "nhogiup"]
    for actor in (other, stranger, lan):
        everyone = [amb, lan, other, stranger]
        before = await _world(app, [p for p in everyone if p is not actor])
        for typed in ("/daisu", "1", "🙋 bác Lan cần giúp", "Đã giúp trực tiếp", "/menu"):
            await actor.say(typed)
        for option in buttons:
            state = await actor.state()
            for screen in (state.screen, state.screen - 1, state.screen + 3):
                if option not in {o.id for o in actor.screen.options} or screen != state.screen:
                    await actor.send(Inbound.choice(option, screen))
        async with app.sessions.begin() as session:
            row = await repo.find_learner(session, actor.key)
            assert row is not None
            scope = TurnScope(session, row, actor.key, app.clock.now(), app.tutor.shared, Inbound.from_text("x"))
            for event in forged:
                await app.tutor.features.effects[type(event)](scope, event)
            if actor is not other:
                await app.tutor.features.effects[ask.DutySet](scope, ask.DutySet(True))
            assert all(isinstance(n, Text) and "Xin lỗi" in n.text for n in scope.notes)
            assert len(scope.notes) == len(forged) + (actor is not other)
        assert await _world(app, [p for p in everyone if p is not actor]) == before, actor.name


# --- the rest of the issue: the CLI, codes old and new, one place found, deleting one's data ------


def test_the_cli_grants_tells_and_puts_an_ambassador_on_duty(cli_env: dict[str, str]) -> None:  # noqa: F811
    asyncio.run(_onboarded(cli_env, "lan"))
    assert "Granted ambassador to 1 learner(s) console:lan" in hocvuso(
        cli_env, "admin", "grant", "console:lan", "--role", "ambassador"
    )
    assert "is now on duty" in hocvuso(cli_env, "admin", "ambassador-duty", "console:lan", "--on")
    assert "no longer on duty" in hocvuso(cli_env, "admin", "ambassador-duty", "console:lan", "--off")
    assert "is not a Digital Ambassador" in hocvuso(cli_env, "admin", "ambassador-duty", "console:minh", ok=False)
    told, duty = asyncio.run(_told_and_audited(cli_env))
    assert len(told) == 1 and "Từ nay bác có thể" in told[0]
    assert duty == [{"on": True}, {"on": False}]


async def _onboarded(env: dict[str, str], user: str) -> None:
    application = await bootstrap(load_settings(database_url=env["DATABASE_URL"], data_dir=Path(env["DATA_DIR"])))
    try:
        await onboard(Person(application, user, channel="console"))
    finally:
        await application.close()


async def _told_and_audited(env: dict[str, str]) -> tuple[list[str], list[object]]:
    application = await bootstrap(load_settings(database_url=env["DATABASE_URL"], data_dir=Path(env["DATA_DIR"])))
    try:
        async with application.sessions() as session:
            payloads = (await session.execute(select(OutboxMessage.payload))).scalars()
            told = [m.text for p in payloads for m in loads(p) if isinstance(m, Text)]
            query = select(AuditEntry.detail).where(AuditEntry.action == "ambassador.duty").order_by(AuditEntry.id)
            return told, list((await session.execute(query)).scalars())
    finally:
        await application.close()


async def test_a_code_made_before_still_joins_and_new_ones_are_eight_signs(app: App) -> None:
    amb = await make_ambassador(app)
    fresh = await create_family(amb)
    assert len(fresh) == 8 and fresh.startswith("GD")
    async with app.sessions.begin() as session:
        family = (await session.execute(select(Family))).scalar_one()
        session.add(Invite(code="GD-7KQ2M-X9P3T", family_id=family.id, created_at=app.clock.now()))
    for name, typed in (("lan", "gd 7kq2m x9p3t"), ("hoa", fresh.lower())):
        person = Person(app, name, channel="zalo")
        await person.say(typed)  # the very first message: the code, typed by hand
        await person.say("1")
        await onboard(person)
    async with app.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(FamilyMember)) == 2


async def test_one_place_found_is_taken_and_its_name_said_back(app: App) -> None:
    admin = await make_ambassador(app, "admin")
    async with app.sessions.begin() as session:
        session.add(LearnerRole(learner_id=(await admin.row()).id, role="admin", granted_at=app.clock.now()))
    await admin.say("/thongbao Họp thôn tối nay lúc 19 giờ ở nhà văn hóa.")
    await admin.pick("Không gắn bài")
    await admin.pick("Một xã")
    await admin.say("phu binh")
    assert (await admin.state()).name is S.ADM_PREVIEW and "📍 Xã Phú Bình." in admin.all_text()
    assert "Xã Phú Bình — 0 người" in admin.all_text()  # counted before the step took the match
    await admin.say("/daisu")
    await admin.pick("✍️ Ghi người")
    await admin.say("Tư")
    await admin.say("phu binh")
    assert (await admin.state()).name is S.AMB_GUIDED_AGE and "📍 Xã Phú Bình." in admin.all_text()


async def test_deleting_her_data_deletes_her_requests_for_help(app: App) -> None:
    amb, [lan] = await _family_with(app, "lan")
    await on_card(lan)
    await stuck(lan)
    await lan.pick("🙋 Nhờ người giúp")
    await lan.say("/xoadulieu")
    await lan.pick("Xóa")
    async with app.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(HelpRequest)) == 0
    await amb.say("/daisu")
    assert not [o for o in amb.screen.options if o.id.startswith("help:")]
