"""One turn as one synchronous unit of work on one connection: claim, lock, read, gather, step,
apply, write. The Tutor (bot/tutor.py) runs it inside one transaction (bot/storage/turn_db.py).

The common turn reads the learner with their dialog state in one statement and the learner
view in a second, runs the pure step, and writes with prebuilt Core statements: no ORM object
is built unless a feature's gatherer or effect asks for the session (bot/storage/turn_orm.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Connection

from bot import rhythm
from bot.extensions import Features, Shared, TurnScope
from bot.keys import ConversationKey
from bot.storage import learner_record, turn_queue
from bot.storage import turn_store as store
from bot.storage.learner_record import LearnerRecord
from bot.storage.turn_orm import Finish, Inside, TurnOrm
from bot.storage.turn_queue import QueuedTurn
from bot.turn_apply import Apply
from dialogs.context import Context, Verification
from dialogs.flows import reminders
from dialogs.messages import Choices, Image, Inbound, InboundKind, Outbound
from dialogs.state import DialogState


@dataclass(frozen=True, slots=True)
class Reply:
    """Where a turn's messages go: back to the caller (the console), or into the outbox."""

    kind: str = ""  # "reply", "reminder", "push"...: queued under this kind; "" returns them
    edit: str = ""  # the platform message the learner tapped, which the reply may replace
    not_before: datetime | None = None  # quiet hours: the message waits, the turn does not
    priority: int | None = None
    broadcast_id: int | None = None

    @classmethod
    def queued(cls, turn: QueuedTurn) -> Reply:
        return cls(turn.outbox_kind, "", turn.not_before, turn.priority, turn.broadcast_id)


@dataclass(frozen=True, slots=True)
class TurnRequest:
    key: ConversationKey
    update_key: str  # the platform's update id: a repeat is dropped
    inbound: Inbound
    reply: Reply = Reply()
    queued_id: int | None = None  # a queued turn's row, taken instead of an update id


@dataclass(frozen=True, slots=True)
class TurnResult:
    messages: tuple[Outbound, ...]
    duplicate: bool = False
    queued: bool = False  # the messages went into the outbox in the turn's transaction
    followups: tuple[QueuedTurn, ...] = ()  # other learners' turns this one queued
    erased: bool = False  # the learner's data was deleted


class TurnRunner:
    """Runs one turn on a connection already inside its transaction."""

    def __init__(self, shared: Shared, features: Features, new_code: Callable[[], str]) -> None:
        self.shared, self.features, self.new_code = shared, features, new_code

    def run(self, conn: Connection, inside: Inside, request: TurnRequest, now: datetime) -> TurnResult:
        if not self._claim(conn, request, now):
            return TurnResult((), duplicate=True)
        record, stored = learner_record.lock(conn, request.key, now, self.shared.timezone)
        orm = TurnOrm(conn, record, record.changeable(), inside)
        try:
            return self._turn(conn, request, now, orm, stored)
        finally:
            orm.close()

    @staticmethod
    def _claim(conn: Connection, request: TurnRequest, now: datetime) -> bool:
        if request.queued_id is not None:
            return turn_queue.take(conn, request.queued_id)
        return store.claim_update(conn, request.key.channel, request.update_key, now)

    def _turn(
        self, conn: Connection, request: TurnRequest, now: datetime, orm: TurnOrm, stored: str | None
    ) -> TurnResult:
        shared, inbound, record = self.shared, request.inbound, orm.record
        state = DialogState.loads(stored)
        scope = TurnScope(None, None, request.key, now, shared, inbound, door=orm)
        data = self._gather(scope, state, record, orm.run)
        view = store.learner_view(conn, record, now)
        verification = self._verification(conn, inbound)
        ctx = Context(
            shared.machine,
            shared.library,
            shared.places,
            now,
            view,
            shared.dialog_settings,
            verification,
            data,
            shared.readers,
        )
        result = shared.machine.step(state, inbound, ctx)
        applied = Apply(conn, orm, scope, self.features, view, self.new_code).run(result.events)
        if not applied.erased:
            rhythm.apply(orm.current(), inbound, result.events, now)
            store.save_state(conn, record.id, result.state.dumps(), now, known=stored is not None)
            orm.flush()
            if not orm.learner_opened:
                learner_record.write(conn, record, orm.before)
        messages = with_notes(fill_certificates(result.messages, applied.codes), scope.notes)
        reachable = applied.erased or not orm.current().unreachable
        queued = bool(request.reply.kind and messages and reachable)
        if queued:
            recipient = (record.channel, record.chat_id, None if applied.erased else record.id)
            reply = request.reply
            store.queue_messages(
                conn,
                recipient,
                reply.kind,
                messages,
                now,
                not_before=reply.not_before,
                edit=reply.edit,
                priority=reply.priority,
                broadcast_id=reply.broadcast_id,
                bot=request.key.bot,
            )
        return TurnResult(messages, queued=queued, followups=tuple(scope.followups), erased=applied.erased)

    def _gather(self, scope: TurnScope, state: DialogState, record: LearnerRecord, run: Finish) -> dict[str, object]:
        """What flows read beyond the learner view: each feature's gatherer decides whether to
        read anything at all; a reminder's own turn learns whether it is the last one."""
        data: dict[str, object] = {}
        if scope.inbound.kind is InboundKind.REMINDER:
            data[reminders.REMINDER] = rhythm.preview(record)
        for gather in self.features.gatherers:
            data.update(run(gather(scope, state, scope.inbound)))
        return data

    def _verification(self, conn: Connection, inbound: Inbound) -> Verification | None:
        if inbound.kind is not InboundKind.COMMAND or inbound.command != "xacminh" or not inbound.text:
            return None
        found = store.certificate(conn, inbound.text.strip().upper()[:16])
        return verification(self.shared, found) if found is not None else None


def verification(shared: Shared, cert: store.CertificateRow) -> Verification:
    module = shared.library.module(cert.module_id)
    issued = cert.issued_at.astimezone(ZoneInfo(shared.timezone)).strftime("%d/%m/%Y")
    return Verification(cert.code, cert.name or "Người học", module.title if module else cert.module_id, issued)


def with_notes(messages: list[Outbound], notes: list[Outbound]) -> tuple[Outbound, ...]:
    """Effects' notes ("✅ Đã nhận thông báo #1") go before the screen the step ends on."""
    if notes and messages and isinstance(messages[-1], Choices):
        return (*messages[:-1], *notes, messages[-1])
    return (*messages, *notes)


def fill_certificates(messages: tuple[Outbound, ...], codes: dict[str, str]) -> list[Outbound]:
    filled: list[Outbound] = []
    for message in messages:
        if isinstance(message, Image) and message.key.startswith("certificate-module:"):
            code = codes.get(message.key.split(":", 1)[1])
            if code is None:
                continue
            message = Image(f"certificate:{code}", f"Giấy chứng nhận — mã xác minh {code}")
        filled.append(message)
    return filled
