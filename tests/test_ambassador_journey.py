"""An ambassador's whole journey (issue 15) over real HTTP, on Telegram and on Zalo.

aiogram and our Zalo client talk to the fake platforms; every reply and note leaves through the
outbox and its senders. Granted → told → invites a relative (QR and a short code) → pushes a
lesson → the relative fails its quiz twice and asks for help → the ambassador hears the lesson
and where → marks "đã giúp trực tiếp" → the relative passes the next day → the day's news →
"Chúc mừng" reaches the relative. Nothing the relative typed ever reaches the ambassador.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pytest
import zxingcpp
from PIL import Image as PILImage
from sqlalchemy import select

from bot.cli_community import grant
from bot.family_news import tell_family_news
from bot.keys import ConversationKey
from bot.storage.models import GuidedLearner, HelpRequest
from dialogs.flows.family.codes import normalize_code
from dialogs.flows.quiz import on_screen
from dialogs.state import StateName
from scheduler.reminders import QuietHours
from tests.fakes.telegram_server import BOT_USERNAME
from tests.fakes.telegram_server import Person as TgPerson
from tests.test_families import Platforms, platforms  # noqa: F401 — the fixture

S = StateName
PRIVATE_WORDS = "zqxbimat cuaLan"  # typed by the relative on a card; must never reach the ambassador


@dataclass
class Side:
    """One person on one platform: says, taps (a button on Telegram, its number on Zalo), reads."""

    p: Platforms
    channel: str
    user: str
    tg_id: int

    @property
    def tg(self) -> TgPerson:
        return TgPerson(self.tg_id, self.user.capitalize())

    @property
    def ident(self) -> str:
        return f"telegram:{self.tg_id}" if self.channel == "telegram" else f"zalo:{self.user}"

    @property
    def key(self) -> ConversationKey:
        if self.channel == "telegram":
            return ConversationKey("telegram", str(self.tg_id), str(self.tg_id), bot=str(self.p.tg_channel.bot_id))
        return ConversationKey("zalo", self.user, self.user, bot=self.p.zalo.bot_id)

    async def says(self, text: str) -> None:
        if self.channel == "telegram":
            await self.p.telegram_says(self.tg, text)
        else:
            await self.p.zalo_says(self.user, text)

    async def taps(self, label: str) -> None:
        if self.channel == "telegram":
            return await self.p.telegram_taps(self.tg, label)
        numbered = re.compile(rf"^(\d+)\. {re.escape(label)}", re.MULTILINE)
        found = next(m for text in reversed(self.texts()) if (m := numbered.search(text)))
        await self.says(found.group(1))

    def texts(self) -> list[str]:
        if self.channel == "telegram":
            return [c.text for c in self.p.telegram.sent(self.tg_id)]
        return self.p.zalo.texts(self.user)

    async def state(self) -> StateName:
        return (await self.p.state(self.key)).name


async def onboard(side: Side, address: str, name: str, age: str) -> None:
    await side.taps(address)
    await side.says(name)
    await side.taps(age)
    await side.says("tan cuong")
    await side.taps("7 giờ tối")
    assert await side.state() is S.MENU


async def answer(side: Side, right: bool) -> None:
    """Answer the whole open quiz rightly or wrongly, by typing the numbers shown."""
    while (state := await side.p.state(side.key)).name is S.QUIZ:
        shown = on_screen(state, side.p.app.library)
        assert shown is not None
        place = shown.answer_at if right else (shown.answer_at + 1) % len(shown.order)
        await side.says(str(place + 1))


@pytest.mark.parametrize("channel", ["telegram", "zalo"])
async def test_an_ambassador_hears_when_a_relative_is_stuck_helps_and_congratulates(
    platforms: Platforms,  # noqa: F811 — the fixture
    channel: str,
) -> None:
    p, app = platforms, platforms.app
    amb, rel = Side(p, channel, "u-hung", 5_550_200), Side(p, channel, "u-lan", 5_550_201)
    await amb.says("/start")
    await amb.taps("Đồng ý")
    await onboard(amb, "Anh", "Hùng", "Từ 30")

    # granted → told, through the outbox
    assert "is now a Digital Ambassador" in await grant(app, amb.ident)
    await p.send_outbox()
    assert "Anh Hùng vừa được cấp quyền Đại sứ số" in amb.texts()[-1] and "/daisu" in amb.texts()[-1]

    # invites a relative: a short code to type (Zalo has no deep link), and a QR for Telegram
    await amb.says("/menu")
    await amb.taps("🤝 Đại sứ số")
    await amb.taps("➕ Tạo nhóm mới")
    before = len(amb.texts())
    await amb.says("Gia đình bà Lan")
    invite = "\n".join(amb.texts()[before:])
    code = next(c for c in map(normalize_code, re.findall(r"GD\w+", invite)) if c)
    assert len(code) <= 8 and f"Trên Zalo: mở khung chat Học Vụ Số, gõ {code} rồi gửi." in invite
    if channel == "telegram":
        photo = next(c for c in p.telegram.sent(amb.tg_id)[before:] if c.method == "sendPhoto")
        with PILImage.open(io.BytesIO(next(iter(photo.files.values())))) as picture:
            assert [b.text for b in zxingcpp.read_barcodes(picture)] == [f"https://t.me/{BOT_USERNAME}?start={code}"]
        await rel.says(f"/start {code}")  # what Telegram sends when the QR's link is opened
    else:
        assert f"Mã mời {code}: trên Zalo, gõ mã này cho Học Vụ Số" in invite  # the image's words
        await rel.says("Chào")
        await rel.says(f"{code[:2]} {code[2:5]} {code[5:]}".lower())  # read aloud, typed by hand
    await rel.taps("Đồng ý")
    await onboard(rel, "Bác", "Lan", "Từ 60")
    assert "đã vào nhóm “Gia đình bà Lan”" in "\n".join(rel.texts())

    # pushes a lesson
    first = app.library.lessons[app.library.lesson_order()[0]]
    topic = app.library.topic(first.topic)
    assert topic is not None
    await amb.says("/daisu")
    await amb.taps("👨‍👩‍👧 Gia đình bà Lan")
    await amb.taps("📤 Gửi bài học")
    await amb.taps(topic.title)
    await amb.taps(first.title)
    await amb.taps("📤 Gửi cho 1 người")
    await p.send_outbox()
    assert "Hùng (Đại sứ số) vừa gửi bác" in rel.texts()[-1]

    # the relative reads, says something nobody understands, fails the quiz twice, asks for help
    await rel.taps("Học ngay")
    await rel.says(PRIVATE_WORDS)
    while await rel.state() is S.LESSON_CARD:
        await rel.taps("Tiếp")
    await answer(rel, right=False)
    await rel.taps("Làm lại câu hỏi")
    await answer(rel, right=False)
    await rel.taps("🙋 Nhờ người giúp")
    assert "Đại sứ số Hùng" in rel.texts()[-1]
    await rel.taps("🙋 Nhờ người giúp")
    assert "✅ Đã báo Đại sứ số Hùng" in "\n".join(rel.texts()[-3:])

    # the ambassador hears the lesson and where; marks the help given in person
    await p.send_outbox()
    note = amb.texts()[-1]
    assert f"Bác Lan (nhóm “Gia đình bà Lan”) cần người giúp ở phần câu hỏi của bài “{first.title}”" in note
    await amb.taps("✅ Đã giúp trực tiếp")
    assert "Đã ghi nhận anh giúp bác Lan trực tiếp" in "\n".join(amb.texts()[-3:])
    async with app.sessions() as session:
        assert len(list((await session.execute(select(GuidedLearner))).scalars())) == 1
        assert (await session.execute(select(HelpRequest.status))).scalar_one() == "helped"

    # the next day the relative passes; the day's news reaches the ambassador, who congratulates
    app.clock.advance(days=1)  # type: ignore[attr-defined]
    p.time.advance(days=1)
    await rel.says("/hoc")
    await answer(rel, right=True)
    assert await rel.state() is S.QUIZ_RESULT
    assert await tell_family_news(app.sessions, app.tutor.shared, app.clock.now(), QuietHours.parse("21:00", "07:00"))
    await p.send_outbox()
    assert f"Lan đã học xong bài “{first.title}”" in amb.texts()[-1]
    await amb.taps("🎉 Chúc mừng Lan")
    await p.send_outbox()
    assert f"Hùng (Đại sứ số) chúc mừng bác đã học xong bài “{first.title}”" in rel.texts()[-1]

    # nothing the relative typed reached the ambassador
    everything = "\n".join(amb.texts())
    assert "zqx" not in everything and "cuaLan" not in everything
