"""Small helpers to drive the tutor the way a learner would."""

from __future__ import annotations

import itertools
from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from bot.broadcasts import create_broadcast, release
from bot.channels.console import render
from bot.keys import ConversationKey
from bot.storage import repo
from content.schema import Question
from dialogs.flows.draw import Shown
from dialogs.flows.quiz import on_screen
from dialogs.messages import Choices, Inbound, Outbound, Text
from dialogs.state import DialogState, StateName
from scheduler.audiences import parse_audience
from scheduler.reminders import QuietHours

_ids = itertools.count(1)


@dataclass
class Learner:
    """One learner on the console channel, remembering the last screen they saw."""

    app: App
    name: str = "lan"
    seen: list[Outbound] = field(default_factory=list)

    @property
    def key(self) -> ConversationKey:
        return ConversationKey("console", chat_id=self.name, user_id=self.name)

    async def say(self, text: str, update: str | None = None) -> list[Outbound]:
        return await self.send(Inbound.from_text(text), update)

    async def send(self, inbound: Inbound, update: str | None = None) -> list[Outbound]:
        result = await self.app.tutor.handle(self.key, update or f"u{next(_ids)}", inbound)
        self.seen = list(result.messages)
        return self.seen

    @property
    def screen(self) -> Choices:
        last = [m for m in self.seen if isinstance(m, Choices)]
        assert last, f"no choices on screen: {self.seen}"
        return last[-1]

    def text(self) -> str:
        return "\n\n".join(render(m) for m in self.seen)

    async def pick(self, label_start: str) -> list[Outbound]:
        """Tap the button whose label starts with `label_start`."""
        screen = self.screen
        option = next(o for o in screen.options if o.label.startswith(label_start))
        return await self.send(Inbound.choice(option.id, screen.screen))

    async def state(self) -> DialogState:
        async with self.app.sessions() as session:
            learner = await repo.find_learner(session, self.key)
            raw = await repo.load_state(session, learner.id) if learner else None
        return DialogState.loads(raw)

    async def shown(self) -> Shown:
        """The quiz or review question on screen now, in the order shown, from the stored state."""
        state = await self.state()
        found = on_screen(state, self.app.library)
        assert found is not None, state.name
        return found

    async def question(self) -> Question:
        return (await self.shown()).question

    async def answer(self, correct: bool) -> list[Outbound]:
        """Type the number of the right option as shown (or of a wrong one)."""
        shown = await self.shown()
        place = shown.answer_at if correct else (shown.answer_at + 1) % len(shown.order)
        return await self.say(str(place + 1))

    async def finish_quiz(self, wrong: Collection[int] = ()) -> int:
        """Answer the open quiz rightly, except the questions numbered in `wrong` (from 0);
        returns how many were asked (a quiz draws a few of its lesson's questions)."""
        asked = 0
        while (await self.state()).name is StateName.QUIZ:
            await self.answer(correct=asked not in wrong)
            asked += 1
        return asked

    async def read_lesson(self) -> None:
        """Tap "Tiếp" through every card of the open lesson, up to its first question."""
        while (await self.state()).name is StateName.LESSON_CARD:
            await self.pick("Tiếp")


async def onboard(learner: Learner, address: str = "Bác", name: str = "Lan") -> None:
    await learner.say("/start")
    await learner.pick("Đồng ý")
    await learner.pick(address)
    await learner.say(name)
    await learner.pick("Từ 60")
    await learner.say("tan cuong")
    await learner.pick("7 giờ tối")


# The same learner on every channel: what is typed after onboarding, read the same way everywhere.
ONBOARDING_TYPED = ("/start", "dong y", "bac", "Lan", "tu 60", "tan cuong", "7 gio toi")
PASTED_SCAM = (
    "[VCB] Tài khoản của Quý khách bị tạm khóa do đăng nhập trên thiết bị lạ. Vui lòng xác thực "
    "tại vietcombank-xacminh[.]top để mở khóa trước 17h hôm nay."
)
# A typed answer in words, a question mid-lesson, back to the card, then a pasted scam message.
AFTER_ONBOARDING = ("hoc tiep a", "ma otp la gi vay", "quay lai", PASTED_SCAM)


async def console_twin(app: App) -> list[list[str]]:
    """The texts (messages and prompts) a console learner gets for AFTER_ONBOARDING, per line."""
    twin = Learner(app, "twin")
    for line in ONBOARDING_TYPED:
        await twin.say(line)
    return [[m.text for m in await twin.say(line) if isinstance(m, Text | Choices)] for line in AFTER_ONBOARDING]


MEETING = "Sáng mai 7 giờ xã tổ chức hướng dẫn cài VNeID tại nhà văn hóa."


async def urgent_announcement(
    session: AsyncSession, app: App, released: bool = True, text: str = MEETING
) -> tuple[int, int]:
    """An urgent announcement to everyone, made now (and released: one outbox row each): its id
    and how many rows it released."""
    now = app.clock.now()
    made = await create_broadcast(
        session,
        text=text,
        lesson_id="",
        audience=parse_audience("all"),
        urgent=True,
        send_at=now,
        actor="test",
        created_by=None,
        now=now,
    )
    rows = await release(session, made, app.library, now, QuietHours.parse("21:00", "07:00")) if released else 0
    return made.id, rows
