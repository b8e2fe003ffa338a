"""Digital Ambassadors and digital families over real SQLite and PostgreSQL, turn by turn.

People are driven through app.tutor.handle with Telegram and Zalo conversation keys: exactly
what those channels call. Pushes are read back from the outbox the sender would drain.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
import zxingcpp
from aiohttp import web
from PIL import Image as PILImage
from sqlalchemy import func, select, true

from bot.app import App
from bot.channels.telegram import TelegramChannel, build_telegram
from bot.channels.zalo import ZaloChannel, zalo_config
from bot.cli_community import grant
from bot.clock import FakeClock
from bot.extensions import TurnScope
from bot.families import compute_stats, enqueue_weekly_summaries, invite_png
from bot.keys import ConversationKey
from bot.links import BotLinks
from bot.outbox import loads
from bot.ratelimit import Limiter
from bot.settings import load_settings
from bot.storage import repo
from bot.storage.models import (
    AmbassadorCode,
    AuditEntry,
    DialogStateRow,
    Family,
    FamilyMember,
    GuidedLearner,
    Invite,
    LearnerRole,
    OutboxMessage,
)
from bot.storage.models import (
    Learner as LearnerRow,
)
from bot.web import build_web_app
from content.library import Library
from content.places import PlaceIndex
from dialogs.context import Context
from dialogs.flows.family import data as flow
from dialogs.flows.family import guided
from dialogs.flows.family import helpdata as ask
from dialogs.flows.family.codes import normalize_code
from dialogs.flows.quiz import on_screen
from dialogs.graph import declared_targets
from dialogs.messages import Choices, Image, Inbound, InboundKind, Outbound, Text
from dialogs.state import DialogState, StateName
from scheduler.reminders import QuietHours
from tests.conftest import START
from tests.engine_driver import MACHINE, EngineDriver
from tests.fakes.clock import ScaledClock
from tests.fakes.sending import sending, settled
from tests.fakes.telegram_server import BOT_USERNAME, TOKEN, FakeTelegram, Updates
from tests.fakes.telegram_server import Person as TgPerson
from tests.fakes.zalo_server import FakeZaloServer, text_update
from tests.helpers import Learner

S = StateName


QUIET_HOURS = QuietHours.parse("21:00", "07:00")


@dataclass
class Person(Learner):
    """Someone on Telegram or Zalo; the key is what those channels hand the tutor."""

    channel: str = "telegram"

    @property
    def key(self) -> ConversationKey:
        return ConversationKey(self.channel, chat_id=self.name, user_id=self.name)

    async def row(self) -> LearnerRow:
        async with self.app.sessions() as session:
            found = await repo.find_learner(session, self.key)
        assert found is not None
        return found

    def all_text(self) -> str:
        return "\n".join(m.text for m in self.seen if isinstance(m, Text | Choices))


@pytest.fixture
def links(app: App) -> BotLinks:
    app.links.telegram_username = "hocvuso_bot"  # what the Telegram channel learns from getMe at start
    return app.links


async def onboard(person: Person, address: str = "Bác", name: str = "Lan") -> None:
    """From the address question on (what joining leads into), or from the very start."""
    if (await person.state()).name is S.NEW:
        await person.say("/start")
        await person.pick("Đồng ý")
    await person.pick(address)
    await person.say(name)
    await person.pick("Từ 60")
    await person.say("tan cuong")
    await person.pick("7 giờ tối")
    assert (await person.state()).name is S.MENU


async def make_ambassador(app: App, name: str = "hung") -> Person:
    amb = Person(app, name)
    await amb.say("/start")
    await amb.pick("Đồng ý")
    await onboard(amb, "Anh", "Hùng")
    assert await grant(app, f"telegram:{name}") == f"telegram:{name} is now a Digital Ambassador."
    return amb


async def create_family(amb: Person, name: str = "Gia đình bà Lan") -> str:
    await amb.say("/daisu")
    await amb.pick("➕ Tạo nhóm mới")
    await amb.say(name)
    image = next(m for m in amb.seen if isinstance(m, Image))
    code = image.key.removeprefix("invite:")
    assert normalize_code(code) == code
    return code


async def pushes(app: App, person: Person) -> list[tuple[OutboxMessage, tuple[Outbound, ...]]]:
    row = await person.row()
    async with app.sessions() as session:
        query = select(OutboxMessage).where(OutboxMessage.learner_id == row.id).order_by(OutboxMessage.id)
        rows = list((await session.execute(query)).scalars())
    return [(r, loads(r.payload)) for r in rows]


def buttons(messages: tuple[Outbound, ...]) -> Choices:
    return [m for m in messages if isinstance(m, Choices)][-1]


async def finish_lesson(person: Person, typed: bool) -> None:
    while (await person.state()).name is S.LESSON_CARD:
        await (person.say("tiep") if typed else person.pick("Tiếp"))
    assert (await person.state()).name is S.QUIZ
    while (await person.state()).name is S.QUIZ:
        await person.answer(correct=True)
    assert (await person.state()).name is S.QUIZ_RESULT


async def open_family(amb: Person, name: str = "Gia đình bà Lan") -> str:
    await amb.say("/daisu")
    await amb.pick(f"👨‍👩‍👧 {name}")
    return amb.screen.text


async def test_two_relatives_join_on_telegram_and_zalo_finish_a_pushed_lesson_and_are_counted(
    app: App, links: BotLinks
) -> None:
    amb = await make_ambassador(app)
    code = await create_family(amb)
    invite_text = amb.all_text()
    assert f"https://t.me/hocvuso_bot?start={code}" in invite_text and code in invite_text

    # On Telegram the deep link arrives as "/start CODE" — a first contact.
    lan = Person(app, "tg-lan", channel="telegram")
    await lan.say(f"/start {code}")
    assert "Xin chào" in lan.all_text() and "Hùng (Đại sứ số) mời" in lan.all_text()
    assert (await lan.state()).name is S.FAMILY_JOIN
    await lan.pick("Đồng ý")
    assert "đã vào nhóm “Gia đình bà Lan”" in lan.all_text()
    await onboard(lan, "Bác", "Lan")

    # On Zalo the person types the code, any case, with spaces, and answers by number.
    hoa = Person(app, "zl-hoa", channel="zalo")
    await hoa.say("Chào")
    await hoa.say(code.lower().replace("-", " "))
    assert (await hoa.state()).name is S.FAMILY_JOIN
    await hoa.say("1")
    await hoa.say("co")
    await hoa.say("Hoa")
    await hoa.say("3")
    await hoa.say("tan cuong")
    await hoa.say("toi")
    assert (await hoa.state()).name is S.MENU

    screen = await open_family(amb)
    assert "2 người" in screen and "Lan: chưa bắt đầu" in screen and "Hoa: chưa bắt đầu" in screen

    await amb.pick("📤 Gửi bài học")
    await amb.pick("VNeID")
    lesson = app.library.lessons[app.library.topic("vneid").lessons[0]]  # type: ignore[union-attr]
    await amb.pick(lesson.title)
    await amb.pick("📤 Gửi cho 2 người")
    assert f"Đã gửi bài “{lesson.title}” cho Lan, Hoa" in amb.all_text()

    for person, typed in ((lan, False), (hoa, True)):
        [(row, messages)] = await pushes(app, person)
        assert row.kind == "push" and row.channel == person.channel and row.status == "pending"
        offer = buttons(messages)
        assert "Hùng (Đại sứ số) vừa gửi" in offer.text and lesson.title in offer.text
        if typed:
            await person.say("1")
        else:
            await person.send(Inbound.choice(offer.options[0].id, offer.screen))
        assert (await person.state()).lesson == lesson.id
        await finish_lesson(person, typed)

    screen = await open_family(amb)
    assert screen.count("✓ xong 1 bài") == 2

    async with app.sessions() as session:
        report = await compute_stats(session, app.tutor.places, app.clock.now())
    totals = report.totals
    assert (totals.get("learners"), totals.get("lessons_completed"), totals.get("families")) == (2, 2, 1)
    assert totals.get("ambassadors") == 1 and totals.get("guided") == 0


async def test_a_code_typed_as_the_very_first_zalo_message_joins_after_consent(app: App) -> None:
    amb = await make_ambassador(app)
    code = await create_family(amb)
    hoa = Person(app, "zl-hoa", channel="zalo")
    await hoa.say(code)
    assert (await hoa.state()).name is S.FAMILY_JOIN


async def test_the_invite_qr_opens_the_deep_link_and_shows_the_code() -> None:
    code = "GD-7KQ2M-X9P3T"
    png = await invite_png(code, "hocvuso_bot")
    with PILImage.open(io.BytesIO(png)) as picture:
        found = zxingcpp.read_barcodes(picture)
    assert [b.text for b in found] == [f"https://t.me/hocvuso_bot?start={code}"]


async def test_joining_asks_consent_first_and_declining_keeps_nothing(app: App) -> None:
    amb = await make_ambassador(app)
    code = await create_family(amb)
    minh = Person(app, "minh")
    await minh.say(f"/start {code}")
    await minh.pick("Không đồng ý")
    row = await minh.row()
    assert row.consent is False and (await minh.state()).name is S.MENU
    async with app.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(FamilyMember)) == 0


async def test_an_onboarded_learner_joins_with_one_tap_and_leaves_any_time(app: App) -> None:
    amb = await make_ambassador(app)
    code = await create_family(amb)
    lan = Person(app, "lan")
    await onboard(lan)
    await lan.say(code)
    assert "mời bác vào nhóm" in lan.all_text()
    await lan.pick("Vào nhóm")
    await lan.say(code)
    assert "đã ở trong nhóm “Gia đình bà Lan” rồi" in lan.all_text()
    await lan.say("/giadinh")
    assert "Đại sứ: Hùng" in lan.screen.text
    await lan.say("/roinhom")
    await lan.pick("Rời nhóm")
    assert "Đã rời nhóm" in lan.all_text()
    async with app.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(FamilyMember)) == 0


async def test_a_revoked_invite_no_longer_joins(app: App) -> None:
    amb = await make_ambassador(app)
    code = await create_family(amb)
    await open_family(amb)
    assert code in amb.screen.text
    await amb.pick("🚫 Thu hồi mã mời")
    assert code not in amb.screen.text
    lan = Person(app, "lan")
    await onboard(lan)
    await lan.say(code)
    assert "không dùng được nữa" in lan.all_text() and (await lan.state()).name is S.MENU
    new = Person(app, "new")
    await new.say(f"/start {code}")
    assert "không dùng được nữa" in new.all_text() and (await new.state()).name is S.ONB_CONSENT


async def _family_with(app: App, *names: str) -> tuple[Person, list[Person]]:
    amb = await make_ambassador(app)
    code = await create_family(amb)
    members = []
    for name in names:
        person = Person(app, name)
        await person.say(f"/start {code}")
        await person.pick("Đồng ý")
        await onboard(person, "Bác", name.capitalize())
        members.append(person)
    return amb, members


async def _push_first_vneid_lesson(amb: Person, index: int = 0) -> None:
    await open_family(amb)
    await amb.pick("📤 Gửi bài học")
    await amb.pick("VNeID")
    await amb.say(str(index + 1))
    await amb.pick("📤 Gửi cho")


async def test_at_most_two_pushes_a_day_per_member_and_none_at_night(app: App, clock: FakeClock) -> None:
    amb, [lan] = await _family_with(app, "lan")
    for index in range(3):
        await _push_first_vneid_lesson(amb, index)
    assert "hôm nay đã nhận đủ 2 tin" in amb.all_text()
    assert len(await pushes(app, lan)) == 2
    clock.advance(hours=37)  # the next day at 21:30 in Thái Nguyên: quiet hours
    await _push_first_vneid_lesson(amb, 2)
    [*_, (late, _)] = await pushes(app, lan)
    assert late.not_before > late.created_at and late.not_before.hour == 0  # 07:00 local is 00:00 UTC


async def test_the_ambassador_sees_who_stopped_and_nudges_with_one_tap(app: App, clock: FakeClock) -> None:
    amb, [lan, hoa] = await _family_with(app, "lan", "hoa")
    await lan.pick("Học tiếp")
    await lan.pick("Tiếp")  # started, then stopped
    await hoa.pick("Học tiếp")
    await finish_lesson(hoa, typed=False)
    clock.advance(days=4)
    screen = await open_family(amb)
    assert "Lan: ⏸ dừng 4 ngày" in screen and "Hoa: ✓ xong 1 bài" in screen
    assert [o.label for o in amb.screen.options if o.id.startswith("nudge:")] == ["🔔 Nhắc Lan"]
    await amb.pick("🔔 Nhắc Lan")
    assert "Đã nhắc Lan học tiếp" in amb.all_text()
    [(row, messages)] = await pushes(app, lan)
    assert row.kind == "nudge" and "nhắc bác học tiếp" in buttons(messages).text
    await lan.say("1")
    assert (await lan.state()).name is S.LESSON_CARD and (await lan.state()).card == 1  # back where she left


async def test_three_guided_learners_count_as_guided_not_as_chat_learners(app: App) -> None:
    amb = await make_ambassador(app)
    for name, place, day in (("Tư", "tan cuong", "Hôm nay"), ("T.H", "", "Hôm qua"), ("Bà Ba", "phu", "1/3")):
        await amb.say("/daisu")
        await amb.pick("✍️ Ghi người")
        await amb.say(name)
        if place == "":
            await amb.pick("Xã Tân Cương (nơi anh ở)")
        else:
            await amb.say(place)
            if (await amb.state()).name is S.AMB_GUIDED_PLACE:
                await amb.say("1")
        await amb.pick("Từ 60")
        await amb.pick("VNeID")
        await amb.say("1")
        await amb.say("2")
        await amb.pick("Xong chủ đề này")
        await amb.pick("✔ Xong")
        if day.startswith("Hôm"):
            await amb.pick(day)
        else:
            await amb.say(day)
        assert "✅ Đã ghi nhận" in amb.all_text() and "2 bài" in amb.all_text()
    assert "Người đã hướng dẫn trực tiếp: 3" in amb.screen.text
    async with app.sessions() as session:
        rows = list((await session.execute(select(GuidedLearner).order_by(GuidedLearner.id))).scalars())
        report = await compute_stats(session, app.tutor.places, app.clock.now())
    assert [r.first_name for r in rows] == ["Tư", "T.H", "Bà Ba"]
    assert all(len(r.lessons) == 2 and r.age_group == "60+" for r in rows)
    assert (report.totals.get("guided"), report.totals.get("learners")) == (3, 0)


async def test_a_full_name_or_a_phone_number_is_not_recorded_for_a_guided_learner(app: App) -> None:
    amb = await make_ambassador(app)
    await amb.say("/daisu")
    await amb.pick("✍️ Ghi người")
    for typed in ("Nguyễn Thị Lan Anh", "0912 345 678", "x" * 25):
        await amb.say(typed)
        assert (await amb.state()).name is S.AMB_GUIDED_NAME
    assert "Chỉ cần tên gọi" in amb.all_text()


async def test_an_ambassador_code_made_by_an_admin_is_claimed_once(app: App) -> None:
    admin = Person(app, "admin")
    await onboard(admin)
    async with app.sessions.begin() as session:
        session.add(LearnerRole(learner_id=(await admin.row()).id, role="admin", granted_at=app.clock.now()))
    await admin.say("/taomadaisu Tân Cương")
    code = next(c for c in map(normalize_code, admin.all_text().split()) if c)
    hung = Person(app, "hung")
    await onboard(hung)
    await hung.say(f"/madaisu {code}")
    assert "trở thành Đại sứ số của Xã Tân Cương" in hung.all_text()
    other = Person(app, "other")
    await onboard(other)
    await other.say(code.lower())
    assert "đã được dùng rồi" in other.all_text()
    async with app.sessions() as session:
        roles = list((await session.execute(select(LearnerRole.learner_id, LearnerRole.role))).all())
    assert sorted(r for _, r in roles) == ["admin", "ambassador"]


async def test_an_admin_grants_the_role_in_chat(app: App) -> None:
    admin = Person(app, "admin")
    await onboard(admin)
    async with app.sessions.begin() as session:
        session.add(LearnerRole(learner_id=(await admin.row()).id, role="admin", granted_at=app.clock.now()))
    hung = Person(app, "hung")
    await onboard(hung)
    await admin.say("/capdaisu telegram:nobody")
    assert "Chưa thấy telegram:nobody" in admin.all_text()
    await admin.say("/capdaisu telegram:hung")
    assert "Đã cấp quyền Đại sứ số cho telegram:hung" in admin.all_text()
    await hung.say("/daisu")
    assert (await hung.state()).name is S.AMB_MENU


async def test_a_weekly_summary_goes_once_to_each_ambassador(app: App, clock: FakeClock) -> None:
    amb, [lan, _hoa] = await _family_with(app, "lan", "hoa")
    await lan.pick("Học tiếp")
    await finish_lesson(lan, typed=False)
    clock.advance(days=5)
    assert (
        await enqueue_weekly_summaries(app.sessions, app.clock.now(), app.settings.default_timezone, QUIET_HOURS) == 1
    )
    assert (
        await enqueue_weekly_summaries(app.sessions, app.clock.now(), app.settings.default_timezone, QUIET_HOURS) == 0
    )
    [(row, messages)] = [(r, m) for r, m in await pushes(app, amb) if r.kind != "notice"]  # not the welcome
    text = messages[0].text  # type: ignore[union-attr]
    assert row.kind == "summary" and "1 bài học xong trong tuần" in text and "Có thể cần ghé thăm: Hoa" in text


# --- nobody else can do anything to a family -------------------------------------------------


def _plain(rows: object) -> list[str]:
    return sorted(repr(sorted((k, v) for k, v in vars(r).items() if not k.startswith("_"))) for r in rows)  # type: ignore[attr-defined]


async def snapshot(app: App, family_id: int, people: list[Person], actor: Person, member: bool = False) -> list[object]:
    """Everything about one family and its people that an action could change. A `member` may
    ask her own ambassador for help (a note to them, their screen): tests/test_ambassador_help.py."""
    ids = [(await p.row()).id for p in people]
    others = [(await p.row()).id for p in people if p is not actor and not member]
    targets = [f"family:{family_id}", *(f"{p.channel}:{p.name}" for p in people)]
    queries = (
        select(Family).where(Family.id == family_id),
        select(FamilyMember).where(FamilyMember.family_id == family_id),
        select(Invite).where(Invite.family_id == family_id),
        select(OutboxMessage).where(
            OutboxMessage.learner_id.in_(ids), OutboxMessage.kind != "notice" if member else true()
        ),
        select(GuidedLearner).where(GuidedLearner.ambassador_id.in_(ids)),
        select(LearnerRole),
        select(AmbassadorCode),
        select(AuditEntry).where(AuditEntry.target.in_(targets)),
        select(DialogStateRow).where(DialogStateRow.learner_id.in_(others)),
    )
    async with app.sessions() as session:
        found: list[object] = [_plain((await session.execute(q)).scalars()) for q in queries]
        learners = select(LearnerRow.id, LearnerRow.consent, LearnerRow.place, LearnerRow.unreachable)
        found.append(sorted((await session.execute(learners.where(LearnerRow.id.in_(ids)))).all()))
    return found


async def counts(app: App, member: bool = False) -> list[int]:
    """How many rows of each kind exist: someone with no role can add none of them (a `member`
    only her requests for help: a note to her ambassador, and its audit row)."""
    notes = (OutboxMessage.kind != "notice",) if member else ()
    asked = (AuditEntry.action != "help.request",) if member else ()
    async with app.sessions() as session:
        found = [
            int(await session.scalar(select(func.count()).select_from(table)) or 0)
            for table in (Family, FamilyMember, Invite, GuidedLearner, LearnerRole, AmbassadorCode)
        ]
        for table, where in ((OutboxMessage, notes), (AuditEntry, asked)):
            found.append(int(await session.scalar(select(func.count()).select_from(table).where(*where)) or 0))
        return found


async def test_another_ambassador_a_member_and_a_stranger_can_do_nothing_to_a_family(app: App) -> None:
    amb, [lan] = await _family_with(app, "lan")
    family_id = await _family_id(app)
    screen = await open_family(amb)
    revoked_code = next(w for w in screen.split() if normalize_code(w))
    await amb.pick("🚫 Thu hồi mã mời")
    await amb.pick("➕ Mời thêm người")
    live_code = next(m for m in amb.seen if isinstance(m, Image)).key.removeprefix("invite:")
    other = await make_ambassador(app, "other")
    await create_family(other, "Nhà khác")
    stranger = Person(app, "stranger")
    await onboard(stranger)
    lan_id = (await lan.row()).id
    lesson = app.library.lesson_order()[0]
    forged_options = [
        f"fam:{family_id}",
        "push",
        "revoke",
        "invite",
        f"nudge:{lan_id}",
        f"m:{lan_id}",
        "send",
        f"l:{lesson}",
        "t:vneid",
        f"leave:{family_id}",
        "new",
        "guided",
        "today",
        "yes",
    ]
    attempts = [
        ["/daisu", "Tạo nhóm mới", "Nhà tôi"],
        ["/daisu", "1", "Gửi bài học", "1", "1", "Gửi", "1"],
        ["/daisu", "1", "Mời thêm người"],
        ["/daisu", "1", "Thu hồi mã mời"],
        ["/daisu", "Ghi người", "Tư", "tan cuong", "1", "1", "1", "Xong chủ đề này", "Xong", "Hôm nay"],
        ["/giadinh", "1", "Rời nhóm"],
        ["/roinhom", "Rời nhóm"],
        ["/thongke"],
        ["/thongke Tân Cương"],
        ["/taomadaisu Tân Cương"],
        ["/capdaisu telegram:stranger"],
        ["/madaisu DS-AAAAA-AAAAA"],
        ["/maduasu"],
        ["/start GD-AAAAA-AAAAA", "1"],
        ["GD-AAAAA-AAAAA", "1"],
        ["DS AAAAA AAAAA"],
        [f"/start {revoked_code}", "1"],
        ["Gửi bài học", "Thu hồi mã mời", "Mời thêm người", "Tạo nhóm mới", "1", "2"],
    ]
    for actor in (other, lan, stranger):
        member = actor is lan
        before = await snapshot(app, family_id, [amb, lan], actor, member), await counts(app, member)
        await actor.say("/menu")
        for attempt in attempts:
            if actor is lan and attempt[0] in ("/giadinh", "/roinhom"):
                continue  # leaving is a member's own right, tested elsewhere
            for typed in attempt:
                assert await actor.say(typed), typed
                assert "Traceback" not in actor.all_text() and "{" not in actor.all_text()
            await actor.say("/menu")
        for option in forged_options:
            state = await actor.state()
            await actor.send(Inbound.choice(option, state.screen))
            for stale in (state.screen + 1, state.screen - 1):
                await actor.send(Inbound.choice(option, stale))
        if actor is not lan:
            await actor.say(f"/start {live_code}")  # a real code lets anyone ask to join...
            assert (await actor.state()).name in (S.FAMILY_JOIN, S.AMB_MENU, S.MENU)
            await actor.say("/menu")  # ...but nothing happens until they agree
        after = await snapshot(app, family_id, [amb, lan], actor, member), await counts(app, member)
        assert after[0] == before[0], actor.name
        assert actor is other or after[1] == before[1], actor.name
    await stranger.say("/daisu")
    assert "dành cho Đại sứ số" in stranger.all_text()
    await stranger.say("/thongke")
    assert "chỉ dành cho cán bộ quản trị" in stranger.all_text()
    await stranger.say("/madaisu DS-AAAAA-AAAAA")
    assert "không đúng hoặc đã được dùng" in stranger.all_text()


async def _family_id(app: App) -> int:
    async with app.sessions() as session:
        found = await session.scalar(select(Family.id).order_by(Family.id).limit(1))
    assert found is not None
    return int(found)


async def test_forged_events_are_refused_by_the_effects_themselves(app: App) -> None:
    """Defence in depth: even an event the step never showed changes nothing."""
    amb, [lan] = await _family_with(app, "lan")
    other = await make_ambassador(app, "other")
    family_id = await _family_id(app)
    lan_id = (await lan.row()).id
    lesson = app.library.lesson_order()[0]
    forged = [
        flow.InviteCreated(family_id, "GD-AAAAA-AAAAA"),
        flow.InvitesRevoked(family_id),
        flow.LessonPushed(family_id, lesson, (lan_id,)),
        flow.MemberNudged(family_id, lan_id, lesson),
        flow.AmbassadorCodeCreated("DS-AAAAA-AAAAA", "Thái Nguyên/xã Tân Cương"),
        flow.AmbassadorGranted("telegram", "lan"),
        flow.FamilyJoined("GD-AAAAA-AAAAA"),
        flow.AmbassadorCodeClaimed("DS-AAAAA-AAAAA"),
    ]
    for actor in (other, lan):
        before = await snapshot(app, family_id, [amb, lan, other], actor), await counts(app)
        async with app.sessions.begin() as session:
            row = await repo.find_learner(session, actor.key)
            assert row is not None
            scope = TurnScope(session, row, actor.key, app.clock.now(), app.tutor.shared, Inbound.from_text("x"))
            for event in forged:
                await app.tutor.features.effects[type(event)](scope, event)
            assert len(scope.notes) == len(forged)
            assert all(isinstance(n, Text) and "không có quyền" in n.text for n in scope.notes)
        assert (await snapshot(app, family_id, [amb, lan, other], actor), await counts(app)) == before


async def test_pushes_wait_in_the_outbox_until_sent(app: App) -> None:
    _amb, [lan] = await _family_with(app, "lan")
    async with app.sessions() as session:
        kinds = list((await session.execute(select(OutboxMessage.kind))).scalars())
    assert kinds == ["notice"]  # only the new ambassador's welcome
    await _push_first_vneid_lesson(_amb)
    [(row, _)] = await pushes(app, lan)
    assert row.status == "pending" and row.priority == 4 and row.not_before <= app.clock.now() + timedelta(seconds=1)


# --- the pure screens: every family state answers anything and keeps its place ----------------

# "999", not "99": 99 is an age the guided learner's age screen reads, as the learner's own does
BAD_INPUTS = ["", "   ", "x" * 5000, "😀😀😀", "999", "0", "/khongcolenhnay", "\x00\x07\x1b[2J", "🙏", "\u200b"]
FAMILY_SCREENS = {name for name in StateName if name.value.startswith(("amb_", "family_", "admin_stats"))}


@dataclass
class FamilyDriver(EngineDriver):
    """The pure engine with what the shell would have gathered for an ambassador and admin."""

    data: dict[str, object] = dataclasses.field(default_factory=dict)

    def context(self) -> Context:
        return Context(MACHINE, self.library, self.places, self.now, self.learner, data=self.data)

    def copy(self) -> FamilyDriver:
        return dataclasses.replace(self, data=dict(self.data))


def gathered(library: Library) -> dict[str, object]:
    first, second = library.lesson_order()[:2]
    lan = flow.MemberData(11, "Lan", completed=(first,), certificates=1)
    hoa = flow.MemberData(12, "Hoa", in_progress=(second,), idle_days=5, pushes_today=2)
    family = flow.FamilyData(7, "Gia đình bà Lan", (lan, hoa), ("GD-7KQ2M-X9P3T",))
    row = flow.StatsRow("Xã Tân Cương", 2, 1, 2, 1, 3, 1, 1, 100, 1)
    asking = ask.HelpView(21, "bác Tư", "Gia đình bà Lan", second, 1, "quiz", day="02/03")
    module = library.modules[0].id
    told = (ask.NewsItem(11, "Lan", "lesson", first), ask.NewsItem(12, "Hoa", "certificate", module))
    return {
        flow.DATA_AMBASSADOR: flow.AmbassadorData(
            (family,), 2, "Thái Nguyên/xã Tân Cương", "hocvuso_bot", "2026-03-02", 2, help=(asking,)
        ),
        ask.DATA_HELP_OFFER: ask.HelpOffer(("Hùng",)),
        ask.DATA_NEWS: ask.NewsData(7, "Gia đình bà Lan", told),
        flow.DATA_MEMBERSHIPS: (flow.Membership(9, "Nhà bà Tư", "Minh"),),
        flow.DATA_INVITE: flow.InviteData("GD-AAAAA-BBBBB", "ok", "Nhà bà Tư", "Minh"),
        flow.DATA_STATS: flow.StatsData((row,), dataclasses.replace(row, label="Tổng"), 0.4),
        flow.DATA_FRESH: flow.FreshCodes("GD-CCCCC-DDDDD", "DS-CCCCC-DDDDD"),
    }


def reach_family_states(library: Library, places: PlaceIndex, now: datetime) -> dict[StateName, FamilyDriver]:
    """One driver parked in each family state, reached the way an ambassador and a member would."""
    found: dict[StateName, FamilyDriver] = {}
    d = FamilyDriver(library, places, now, data=gathered(library))
    d.onboard()
    d.learner = dataclasses.replace(d.learner, roles=frozenset({"ambassador", "admin"}))
    for moves in (
        [("say", "/daisu"), ("pick", "👨‍👩‍👧"), ("pick", "📤 Gửi bài học"), ("pick", "VNeID"), ("say", "1")],
        [("say", "/daisu"), ("pick", "👨‍👩‍👧"), ("pick", "➕ Mời thêm người")],
        [("say", "/daisu"), ("pick", "➕ Tạo nhóm mới")],
        [("say", "/daisu"), ("pick", "✍️"), ("say", "Tư"), ("say", "phu"), ("say", "1"), ("pick", "Từ 60")],
        [("pick", "VNeID"), ("say", "1"), ("pick", "Xong chủ đề này"), ("pick", "✔ Xong")],
        [("say", "/giadinh"), ("say", "/roinhom"), ("say", "/start GD-AAAAA-BBBBB"), ("say", "/thongke")],
    ):
        for action, value in moves:
            getattr(d, action)(value)
            found.setdefault(d.state.name, d.copy())
    d.say("/menu")
    d.send(Inbound.push(library.lesson_order()[3], "Hùng (Đại sứ số)"))
    found[d.state.name] = d.copy()
    for move in ("/daisu", "/nhogiup"):  # the ambassador's request list, a learner's own request
        d.say("/menu")
        d.say(move)
        if d.state.name is S.AMB_MENU:
            d.pick("🙋")
        found.setdefault(d.state.name, d.copy())
    d.say("/menu")
    d.send(Inbound(InboundKind.PUSH, option="7", command="news"))
    found.setdefault(d.state.name, d.copy())
    return {name: driver for name, driver in found.items() if name in FAMILY_SCREENS}


@pytest.fixture(scope="module")
def parked(library: Library, places: PlaceIndex) -> dict[StateName, FamilyDriver]:
    return reach_family_states(library, places, START)


def test_every_family_state_is_reached_and_fits_a_phone_screen(parked: dict[StateName, FamilyDriver]) -> None:
    assert set(parked) == FAMILY_SCREENS
    for name, driver in parked.items():
        assert driver.last is not None
        for message in driver.last.messages:
            if isinstance(message, Text | Choices):
                assert len(message.text) <= 700 and "{" not in message.text, (name, message.text)


def _position(driver: EngineDriver) -> tuple[object, ...]:
    s = driver.state
    return (s.name, s.lesson, s.card, s.question, s.correct, s.queue, s.topic, sorted(s.extra.items()))


@pytest.mark.parametrize("bad", BAD_INPUTS, ids=lambda b: repr(b[:12]))
def test_bad_input_in_every_family_state_keeps_the_place(parked: dict[StateName, FamilyDriver], bad: str) -> None:
    for name, driver in parked.items():
        probe = driver.copy()
        messages = probe.say(bad)
        assert messages and isinstance(messages[0], Text) and len(messages[0].text) <= 300, name
        assert _position(probe) == _position(driver), (name, bad)
        assert probe.last is not None and not probe.last.events


def test_forged_and_stale_buttons_change_nothing_in_family_states(parked: dict[StateName, FamilyDriver]) -> None:
    forged = ("fam:99", "nudge:11", "nudge:99", "m:99", "leave:7", "l:nope", "t:nope", "pick:9", "send", "revoke")
    for name, driver in parked.items():
        probe = driver.copy()
        real = {o.id for o in probe.screen().options}
        for option in forged:
            if option not in real:
                probe.send(Inbound.choice(option, probe.state.screen))
        for option in real:
            probe.send(Inbound.choice(option, probe.state.screen + 7))
        assert _position(probe) == _position(driver), name
        assert probe.last is not None and not probe.last.events


def test_every_button_in_a_family_state_goes_where_the_graph_says(parked: dict[StateName, FamilyDriver]) -> None:
    for name, driver in parked.items():
        for option in driver.screen().options:
            probe = driver.copy()
            probe.send(Inbound.choice(option.id, probe.state.screen))
            assert probe.state.name in declared_targets(MACHINE, name), (name, option.id, probe.state.name)


def test_without_gathered_data_every_family_state_offers_the_way_back(parked: dict[StateName, FamilyDriver]) -> None:
    """What a learner whose role was taken away meanwhile sees: a polite note and the menu."""
    for name, driver in parked.items():
        probe = dataclasses.replace(
            driver.copy(), data={}, learner=dataclasses.replace(driver.learner, roles=frozenset())
        )
        probe.say("99")
        labels = [o.label for o in probe.screen().options]
        assert "Về menu" in labels or "Tiếp tục" in labels or name is StateName.FAMILY_PUSHED, (name, labels)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("GD-7KQ2M-X9P3T", "GD-7KQ2M-X9P3T"),
        ("gd 7kq2m x9p3t", "GD-7KQ2M-X9P3T"),
        (" gd7kq2mx9p3t ", "GD-7KQ2M-X9P3T"),
        ("ds-7kq2m-x9p3t", "DS-7KQ2M-X9P3T"),
        ("GD-7KQ2M-X9P3", None),
        ("GD-7KQ2M-X9P3O", None),  # O is not in the alphabet: it is read as zero or the letter
        ("XX-7KQ2M-X9P3T", None),
        ("gia dinh", None),
    ],
)
def test_codes_are_recognised_however_they_are_typed(typed: str, code: str | None) -> None:
    assert normalize_code(typed) == code


def test_a_day_typed_for_a_guided_learner() -> None:
    today = date(2026, 3, 2)
    assert guided.parse_day("1/3", today) == date(2026, 3, 1)
    assert guided.parse_day("15/3", today) == date(2025, 3, 15)  # later this year has not happened: last year
    assert guided.parse_day("2/3/2026", today) == today
    for bad in ("3/3/2026", "31/2", "1/3/2024", "ngay mai"):
        assert guided.parse_day(bad, today) is None


@pytest.mark.parametrize(
    ("typed", "group"),
    [
        ("68", "60+"),
        ("bà ấy 70 tuổi", "60+"),
        ("ong ay 72 tuoi roi", "60+"),
        ("45", "30-59"),
        ("sinh năm 2001", "duoi-30"),
    ],
)
def test_a_guided_learners_age_typed_is_read_as_on_the_learners_own_age_screen(
    parked: dict[StateName, FamilyDriver], typed: str, group: str
) -> None:
    probe = parked[S.AMB_GUIDED_AGE].copy()
    probe.say(typed)
    assert probe.state.name is S.AMB_GUIDED_TOPICS and probe.state.extra["g_age"] == group


def test_a_guided_learners_age_near_a_groups_edge_asks_which_group(parked: dict[StateName, FamilyDriver]) -> None:
    probe = parked[S.AMB_GUIDED_AGE].copy()
    messages = probe.say("gần 60")
    assert probe.state.name is S.AMB_GUIDED_AGE and set(probe.state.asked) == {"age:30-59", "age:60+"}
    assert isinstance(messages[0], Choices) and "“Từ 30 đến 59 tuổi” hay “Từ 60 tuổi trở lên”" in messages[0].text
    probe.say("2")
    assert (probe.state.name, probe.state.extra["g_age"]) == (S.AMB_GUIDED_TOPICS, "60+")


# --- the same journey over real HTTP: aiogram and our Zalo client against the fake platforms ----

TG_SECRET = "family-webhook_Secret-7"  # noqa: S105 — made up for the fake
ZALO_SECRET = "family-zalo-secret-7"  # noqa: S105 — made up for the fake


@dataclass
class Platforms:
    app: App
    telegram: FakeTelegram
    zalo: FakeZaloServer
    tg_channel: TelegramChannel
    zalo_channel: ZaloChannel
    zalo_endpoint: str
    updates: Updates
    time: ScaledClock  # the senders' clock: advance it with the app's to send what waited

    async def telegram_says(self, person: TgPerson, text: str) -> None:
        assert await self.telegram.deliver(self.updates.text(person, text)) == 200
        await settled(self.tg_channel)  # replies leave through the outbox

    async def telegram_taps(self, person: TgPerson, label: str) -> None:
        drawn = [c for c in self.telegram.sent(person.id) if c.buttons]
        message = drawn[-1]
        button = next(b for b in message.buttons if b["text"].split(". ", 1)[-1].startswith(label))
        assert (
            await self.telegram.deliver(self.updates.callback(person, button["callback_data"], message.result)) == 200
        )
        await settled(self.tg_channel)

    def telegram_text(self, person: TgPerson, since: int = 0) -> str:
        return "\n".join(c.text for c in self.telegram.sent(person.id)[since:])

    async def zalo_says(self, user: str, text: str) -> None:
        status, _ = await self.zalo.deliver(self.zalo_endpoint, text_update(text, user))
        assert status == 200
        await self.zalo_channel.flush()

    async def send_outbox(self) -> None:
        for channel in (self.tg_channel, self.zalo_channel):
            channel.doorbell.ring()  # the running senders look at once
            await settled(channel)

    async def state(self, key: ConversationKey) -> DialogState:
        async with self.app.sessions() as session:
            found = await repo.find_learner(session, key)
            return DialogState.loads(await repo.load_state(session, found.id) if found else None)


@pytest.fixture
async def platforms(app: App) -> AsyncIterator[Platforms]:
    async with FakeTelegram() as telegram:
        zalo = await FakeZaloServer().start()
        settings = load_settings(
            telegram_bot_token=TOKEN,
            telegram_api_base=telegram.base_url,
            telegram_webhook_url="https://hocvuso.example.vn/webhook/telegram",
            telegram_webhook_secret=TG_SECRET,
            zalo_bot_token=zalo.token,
            zalo_api_base=zalo.url,
            zalo_webhook_url="https://hocvuso.example.vn/webhook/zalo",
            zalo_webhook_secret=ZALO_SECRET,
        )
        time = ScaledClock(app.clock.now())  # the senders' and limiters' clock: a reply's 5th message waits 20 ms
        tg_limiter, zalo_limiter = (Limiter(1000, 1000, clock=time.monotonic, sleep=time.sleep) for _ in "tz")
        tg_channel = build_telegram(app, settings, tg_limiter, poll_timeout=5)
        zalo_channel = ZaloChannel(app, dataclasses.replace(zalo_config(settings), poll_timeout=5), zalo_limiter)
        runner = web.AppRunner(build_web_app([*tg_channel.routes(), *zalo_channel.routes()]), access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        host, port = runner.addresses[0][:2]
        telegram.route_webhooks_to(f"http://{host}:{port}")
        await tg_channel.start()
        await zalo_channel.start()
        try:
            async with sending(app, tg_channel, time), sending(app, zalo_channel, time):
                yield Platforms(
                    app, telegram, zalo, tg_channel, zalo_channel, f"http://{host}:{port}/webhook/zalo", Updates(), time
                )
        finally:
            await zalo_channel.stop()
            await tg_channel.stop()
            await runner.cleanup()
            await zalo.close()


async def test_the_family_journey_over_telegram_and_zalo_http(platforms: Platforms) -> None:
    p, app = platforms, platforms.app
    hung, lan = TgPerson(5_550_100, "Hùng"), TgPerson(5_550_001, "Lan")
    await p.telegram_says(hung, "/start")
    for label in ("Đồng ý", "Anh"):
        await p.telegram_taps(hung, label)
    await p.telegram_says(hung, "Hùng")
    await p.telegram_taps(hung, "Từ 30")
    await p.telegram_says(hung, "tan cuong")
    await p.telegram_taps(hung, "Không cần nhắc")
    assert "is now a Digital Ambassador" in await grant(app, f"telegram:{hung.id}")
    await p.telegram_says(hung, "/daisu")
    await p.telegram_taps(hung, "➕ Tạo nhóm mới")
    before = len(p.telegram.sent(hung.id))
    await p.telegram_says(hung, "Gia đình bà Lan")
    photo = next(c for c in p.telegram.sent(hung.id)[before:] if c.method == "sendPhoto")
    code = next(c for c in map(normalize_code, p.telegram_text(hung, before).split()) if c)
    link = f"https://t.me/{BOT_USERNAME}?start={code}"
    assert link in p.telegram_text(hung, before)
    with PILImage.open(io.BytesIO(next(iter(photo.files.values())))) as picture:
        assert [b.text for b in zxingcpp.read_barcodes(picture)] == [link]

    await p.telegram_says(lan, f"/start {code}")  # what Telegram sends when the link is opened
    await p.telegram_taps(lan, "Đồng ý")
    for label in ("Bác",):
        await p.telegram_taps(lan, label)
    await p.telegram_says(lan, "Lan")
    await p.telegram_taps(lan, "Từ 60")
    await p.telegram_says(lan, "tan cuong")
    await p.telegram_taps(lan, "7 giờ tối")

    for text in ("Chào", code.lower(), "1", "co", "Hoa", "3", "tan cuong", "toi"):
        await p.zalo_says("u-hoa", text)
    assert "đã vào nhóm “Gia đình bà Lan”" in "\n".join(p.zalo.texts("u-hoa"))

    await p.telegram_says(hung, "/daisu")
    await p.telegram_taps(hung, "👨‍👩‍👧 Gia đình bà Lan")
    await p.telegram_taps(hung, "📤 Gửi bài học")
    first = app.library.lessons[app.library.lesson_order()[0]]
    topic = app.library.topic(first.topic)
    assert topic is not None
    await p.telegram_taps(hung, topic.title)
    await p.telegram_taps(hung, first.title)
    await p.telegram_taps(hung, "📤 Gửi cho 2 người")
    await p.send_outbox()
    assert "Hùng (Đại sứ số) vừa gửi bác" in p.telegram_text(lan)
    assert "Hùng (Đại sứ số) vừa gửi cô" in p.zalo.texts("u-hoa")[-1] and "1. Học ngay" in p.zalo.texts("u-hoa")[-1]

    await p.telegram_taps(lan, "Học ngay")  # the button on the pushed message itself
    lan_key = ConversationKey("telegram", str(lan.id), str(lan.id), bot=str(p.tg_channel.bot_id))
    while (await p.state(lan_key)).name is S.LESSON_CARD:
        await p.telegram_taps(lan, "Tiếp")
    hoa_key = ConversationKey("zalo", "u-hoa", "u-hoa", bot=p.zalo.bot_id)
    await p.zalo_says("u-hoa", "1")
    while (await p.state(hoa_key)).name is S.LESSON_CARD:
        await p.zalo_says("u-hoa", "tiep")
    for key, answer in ((lan_key, "lan"), (hoa_key, "hoa")):
        while (state := await p.state(key)).name is S.QUIZ:
            shown = on_screen(state, app.library)  # options are shuffled per learner
            assert shown is not None
            right = str(shown.answer_at + 1)
            await (p.telegram_says(lan, right) if answer == "lan" else p.zalo_says("u-hoa", right))
        assert (await p.state(key)).name is S.QUIZ_RESULT

    before = len(p.telegram.sent(hung.id))
    await p.telegram_says(hung, "/daisu")
    await p.telegram_taps(hung, "👨‍👩‍👧 Gia đình bà Lan")
    assert p.telegram_text(hung, before).count("✓ xong 1 bài") == 2
    async with app.sessions() as session:
        totals = (await compute_stats(session, app.tutor.places, app.clock.now())).totals
    assert (totals.get("learners"), totals.get("lessons_completed"), totals.get("families")) == (2, 2, 1)
