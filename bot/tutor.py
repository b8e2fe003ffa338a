"""One turn: dedup, lock, load, step, apply — state and events in one transaction."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import outbox, rhythm
from bot.certificates import new_certificate_code
from bot.clock import Clock
from bot.extensions import Features, Shared, TurnScope
from bot.keys import ConversationKey
from bot.locks import KeyedLocks
from bot.progress import LogEntry, fold_entry
from bot.storage import repo
from bot.storage.models import Certificate, DialogStateRow, Learner
from dialogs.context import Context, Verification
from dialogs.core import Step
from dialogs.events import (
    AnnouncementsSet,
    AnswerGiven,
    CertificateEarned,
    DataDeletionConfirmed,
    Event,
    LessonStarted,
    ProfileSet,
    QuizFinished,
    RemindersOff,
)
from dialogs.messages import Choices, Image, Inbound, InboundKind, Outbound
from dialogs.state import DialogState
from scheduler.review import schedule_answer

log = logging.getLogger(__name__)
PERSONAL_FIELDS = ("address", "name", "age_group", "place", "reminder_time")


@dataclass(frozen=True, slots=True)
class TurnResult:
    messages: tuple[Outbound, ...]
    duplicate: bool = False
    queued: bool = False  # the messages went into the outbox in the turn's transaction


@dataclass(frozen=True, slots=True)
class Reply:
    """Where a turn's messages go: back to the caller (the console), or into the outbox."""

    kind: str = ""  # "reply", "reminder"...: queued under this kind; "" returns them
    edit: str = ""  # the platform message the learner tapped, which the reply may replace


class Tutor:
    """The application service every channel calls with one inbound update."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        shared: Shared,
        features: Features,
        clock: Clock,
        new_code: Callable[[], str] = new_certificate_code,
        single_writer: bool = False,
    ) -> None:
        self.sessions, self.shared, self.features, self.clock = sessions, shared, features, clock
        self.library, self.places, self.timezone = shared.library, shared.places, shared.timezone
        self.new_code = new_code
        # SQLite has one writer at a time: queueing turns here is far cheaper than letting
        # transactions collide and back off inside SQLite's busy handler.
        self._writer: asyncio.Lock | None = asyncio.Lock() if single_writer else None
        self.locks = KeyedLocks()

    async def handle(
        self,
        key: ConversationKey,
        update_key: str,
        inbound: Inbound,
        outbox_kind: str = "",
        edit: str = "",
    ) -> TurnResult:
        """One turn. With `outbox_kind` ("reply", "reminder") the messages are queued in the
        outbox in the turn's own transaction, so none is lost once the turn is stored."""
        async with self.locks.hold(key), self._writer or contextlib.nullcontext():
            try:
                return await self._turn(key, update_key, inbound, Reply(outbox_kind, edit))
            except IntegrityError:
                # Another process recorded the same update id first: it was handled there.
                log.info("duplicate update from a concurrent worker", extra={"channel": key.channel})
                return TurnResult((), duplicate=True)

    async def _turn(self, key: ConversationKey, update_key: str, inbound: Inbound, reply: Reply) -> TurnResult:
        now = self.clock.now()
        async with self.sessions.begin() as session:
            if not await repo.claim_update(session, key.channel, update_key, now):
                return TurnResult((), duplicate=True)
            learner = await repo.lock_learner(session, key, now, self.timezone)
            scope = TurnScope(session, learner, key, now, self.shared, inbound)
            state_row = await repo.load_state_row(session, learner.id)
            state = DialogState.loads(state_row.state if state_row else None)
            data: dict[str, object] = {}
            for gather in self.features.gatherers:
                data.update(await gather(scope, state, inbound))
            ctx = Context(
                self.shared.machine,
                self.library,
                self.places,
                now,
                await repo.learner_view(session, learner, now),
                self.shared.dialog_settings,
                await self._gather_verification(session, inbound),
                data,
                self.shared.readers,
            )
            result = self.shared.machine.step(state, inbound, ctx)
            codes = await self._apply(scope, result, state_row)
            messages = self._with_notes(self._fill_certificates(result.messages, codes), scope.notes)
            queued = bool(reply.kind and messages and not learner.unreachable)
            if queued:
                erased = any(isinstance(event, DataDeletionConfirmed) for event in result.events)
                self._queue(session, learner, reply, messages, now, erased)
        return TurnResult(messages, queued=queued)

    @staticmethod
    def _with_notes(messages: list[Outbound], notes: list[Outbound]) -> tuple[Outbound, ...]:
        """Effects' notes ("✅ Đã nhận thông báo #1") go before the screen the step ends on."""
        if notes and messages and isinstance(messages[-1], Choices):
            return (*messages[:-1], *notes, messages[-1])
        return (*messages, *notes)

    @staticmethod
    def _queue(
        session: AsyncSession,
        learner: Learner,
        reply: Reply,
        messages: tuple[Outbound, ...],
        now: datetime,
        erased: bool,
    ) -> None:
        if erased:  # the learner row is gone with their data; the goodbye still has to leave
            session.add(outbox.new_row(learner.channel, learner.chat_id, reply.kind, messages, now))
        else:
            outbox.enqueue(session, learner, reply.kind, messages, now, edit=reply.edit)

    @staticmethod
    def _fill_certificates(messages: tuple[Outbound, ...], codes: dict[str, str]) -> list[Outbound]:
        filled: list[Outbound] = []
        for message in messages:
            if isinstance(message, Image) and message.key.startswith("certificate-module:"):
                code = codes.get(message.key.split(":", 1)[1])
                if code is None:
                    continue
                message = Image(f"certificate:{code}", f"Giấy chứng nhận — mã xác minh {code}")
            filled.append(message)
        return filled

    async def _gather_verification(self, session: AsyncSession, inbound: Inbound) -> Verification | None:
        if inbound.kind is not InboundKind.COMMAND or inbound.command != "xacminh" or not inbound.text:
            return None
        found = await repo.certificate_by_code(session, inbound.text.strip().upper()[:16])
        if found is None:
            return None
        return self._verification(found)

    def _verification(self, cert: Certificate) -> Verification:
        module = self.library.module(cert.module_id)
        issued = cert.issued_at.astimezone(ZoneInfo(self.timezone)).strftime("%d/%m/%Y")
        return Verification(cert.code, cert.name or "Người học", module.title if module else cert.module_id, issued)

    async def _apply(self, scope: TurnScope, result: Step, state_row: DialogStateRow | None) -> dict[str, str]:
        """Persist the step; return the certificate code issued per module, if any."""
        session, learner, now = scope.session, scope.learner, scope.now
        if scope.inbound_from_learner:
            # They wrote to us, so they can be reached again (e.g. unblocked the bot).
            learner.unreachable = False
        codes: dict[str, str] = {}
        for event in result.events:
            if isinstance(event, DataDeletionConfirmed):
                await repo.delete_personal_data(session, learner.id)
                return {}
            if isinstance(event, ProfileSet):
                self._set_profile(learner, event)
            elif isinstance(event, RemindersOff):
                learner.reminder_time = ""
            elif isinstance(event, AnnouncementsSet):
                learner.announcements = event.on
            elif type(event) in self.features.effects:
                await self.features.effects[type(event)](scope, event)
            elif isinstance(event, CertificateEarned) and learner.consent:
                code = await self._certify(session, learner, event.module_id)
                if code:
                    codes[event.module_id] = code
            elif learner.consent:
                await self._record(session, learner, event)
        rhythm.apply(learner, scope.inbound, result.events, now)
        await repo.save_state(session, learner.id, result.state.dumps(), now, state_row)
        return codes

    def _set_profile(self, learner: Learner, event: ProfileSet) -> None:
        if event.field == "consent":
            learner.consent = bool(event.value)
            if not event.value:  # someone who declines keeps nothing personal
                for name in PERSONAL_FIELDS:
                    setattr(learner, name, "")
        elif learner.consent:
            setattr(learner, event.field, event.value if isinstance(event.value, str) else "")

    async def _record(self, session: AsyncSession, learner: Learner, event: Event) -> None:
        now = self.clock.now()
        if isinstance(event, LessonStarted):
            repo.add_event(session, learner.id, "started", now, lesson_id=event.lesson_id, version=event.version)
            await self._fold(
                session, learner.id, LogEntry(learner.id, "started", event.lesson_id, event.version, 0, 0, now)
            )
        elif isinstance(event, AnswerGiven):
            repo.add_event(
                session,
                learner.id,
                "answered",
                now,
                lesson_id=event.lesson_id,
                question_id=event.question_id,
                version=event.version,
                result={"option": event.option, "correct": event.correct, "during": event.during},
            )
            await self._schedule_review(session, learner.id, event)
        elif isinstance(event, QuizFinished):
            verb = "completed" if event.passed else "failed"
            repo.add_event(
                session,
                learner.id,
                verb,
                now,
                lesson_id=event.lesson_id,
                version=event.version,
                result={"score": event.score, "total": event.total},
            )
            await self._fold(
                session,
                learner.id,
                LogEntry(learner.id, verb, event.lesson_id, event.version, event.score, event.total, now),
            )

    async def _fold(self, session: AsyncSession, learner_id: int, entry: LogEntry) -> None:
        current = await repo.get_progress(session, learner_id, entry.lesson_id)
        folded = fold_entry(current, entry)
        if folded is not None and folded != current:
            await repo.put_progress(session, learner_id, entry.lesson_id, folded)

    async def _schedule_review(self, session: AsyncSession, learner_id: int, event: AnswerGiven) -> None:
        card = await repo.get_review_card(session, learner_id, event.question_id)
        scheduled = schedule_answer(card, event.correct, self.clock.now())
        if scheduled is not None:
            await repo.put_review_card(session, learner_id, event.question_id, *scheduled)

    async def _certify(self, session: AsyncSession, learner: Learner, module_id: str) -> str | None:
        """Issue the module's certificate once; None if the learner already holds it."""
        if await repo.has_certificate(session, learner.id, module_id):
            return None
        code = self.new_code()
        while await repo.certificate_by_code(session, code) is not None:
            code = self.new_code()
        now = self.clock.now()
        session.add(
            Certificate(code=code, learner_id=learner.id, module_id=module_id, name=learner.name, issued_at=now)
        )
        repo.add_event(session, learner.id, "certified", now, module_id=module_id, result={"code": code})
        return code

    async def verify(self, code: str) -> Verification | None:
        async with self.sessions() as session:
            found = await repo.certificate_by_code(session, code.strip().upper())
            return self._verification(found) if found else None
