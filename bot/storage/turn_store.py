"""What one turn reads and writes besides the learner row, as prebuilt Core statements on the
turn's own synchronous connection (bot/turn.py runs them in one worker-thread call)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Connection, bindparam, insert, select, update

from bot import outbox
from bot.progress import Progress
from bot.storage import prepared, repo
from bot.storage.learner_record import InsertIgnoring, LearnerFields, table
from bot.storage.models import (
    Certificate,
    DialogStateRow,
    LearningEvent,
    LessonProgressRow,
    OutboxMessage,
    ProcessedUpdate,
    ReviewItem,
    answer_option,
    answer_verdict,
)
from dialogs.context import LearnerView
from dialogs.messages import Outbound

EVENTS, PROGRESS, REVIEWS = table(LearningEvent), table(LessonProgressRow), table(ReviewItem)
CERTIFICATES, STATES, OUTBOX = table(Certificate), table(DialogStateRow), table(OutboxMessage)
_PROGRESS_COLUMNS = ("status", "best_score", "total", "content_version", "started_at", "completed_at")

_GET_PROGRESS = select(*(PROGRESS.c[name] for name in _PROGRESS_COLUMNS)).where(
    PROGRESS.c.learner_id == bindparam("learner_id"), PROGRESS.c.lesson_id == bindparam("lesson_id")
)
# An UPDATE's own bound names may not be its columns' names: the WHERE ones carry "w_".
_PUT_PROGRESS = (
    update(PROGRESS)
    .where(PROGRESS.c.learner_id == bindparam("w_learner"), PROGRESS.c.lesson_id == bindparam("w_lesson"))
    .values({name: bindparam(name) for name in _PROGRESS_COLUMNS})
)
_GET_CARD = select(REVIEWS.c.card).where(
    REVIEWS.c.learner_id == bindparam("learner_id"), REVIEWS.c.question_id == bindparam("question_id")
)
_PUT_CARD = (
    update(REVIEWS)
    .where(REVIEWS.c.learner_id == bindparam("w_learner"), REVIEWS.c.question_id == bindparam("w_question"))
    .values(card=bindparam("card"), due=bindparam("due"))
)
_PUT_STATE = (
    update(STATES)
    .where(STATES.c.learner_id == bindparam("w_learner"))
    .values(state=bindparam("state"), updated_at=bindparam("updated_at"))
)
_CERTIFICATE = select(CERTIFICATES).where(CERTIFICATES.c.code == bindparam("code"))
_CLAIM = InsertIgnoring(table(ProcessedUpdate))
# Inserts built once; each execution brings its row (or rows).
_ADD_PROGRESS, _ADD_CARD, _ADD_STATE = insert(PROGRESS), insert(REVIEWS), insert(STATES)
_ADD_EVENTS, _ADD_CERTIFICATE, _ADD_MESSAGE = insert(EVENTS), insert(CERTIFICATES), insert(OUTBOX)


class CertificateRow(Protocol):
    code: str
    module_id: str
    name: str
    issued_at: datetime


def claim_update(conn: Connection, channel: str, update_key: str, now: datetime) -> bool:
    """Record the update id; False if it was seen before (rolled back with the turn)."""
    values = {"channel": channel, "update_key": update_key, "at": now}
    return bool(prepared.execute(conn, _CLAIM.on(conn), values).rowcount)


def learner_view(conn: Connection, learner: LearnerFields, now: datetime) -> LearnerView:
    return repo.build_view(learner, prepared.execute(conn, repo.VIEW_QUERY, repo.view_params(learner, now)).all())


def certificate(conn: Connection, code: str) -> CertificateRow | None:
    found: CertificateRow | None = conn.execute(_CERTIFICATE, {"code": code}).first()
    return found


def progress(conn: Connection, learner_id: int, lesson_id: str) -> Progress | None:
    row = prepared.execute(conn, _GET_PROGRESS, {"learner_id": learner_id, "lesson_id": lesson_id}).first()
    return Progress(*row) if row else None


def put_progress(conn: Connection, learner_id: int, lesson_id: str, folded: Progress, known: bool) -> None:
    values = {name: getattr(folded, name) for name in _PROGRESS_COLUMNS}
    if known:
        prepared.execute(conn, _PUT_PROGRESS, values | {"w_learner": learner_id, "w_lesson": lesson_id})
    else:
        prepared.execute(conn, _ADD_PROGRESS, values | {"learner_id": learner_id, "lesson_id": lesson_id})


def review_card(conn: Connection, learner_id: int, question_id: str) -> str | None:
    card = prepared.execute(conn, _GET_CARD, {"learner_id": learner_id, "question_id": question_id}).scalar()
    return str(card) if card is not None else None


def put_review_card(conn: Connection, learner_id: int, question_id: str, card: str, due: datetime, known: bool) -> None:
    if known:
        values = {"w_learner": learner_id, "w_question": question_id, "card": card, "due": due}
        prepared.execute(conn, _PUT_CARD, values)
    else:
        values = {"learner_id": learner_id, "question_id": question_id, "card": card, "due": due}
        prepared.execute(conn, _ADD_CARD, values)


def add_certificate(conn: Connection, code: str, learner: LearnerFields, module_id: str, now: datetime) -> None:
    values = {"code": code, "learner_id": learner.id, "module_id": module_id, "name": learner.name, "issued_at": now}
    conn.execute(_ADD_CERTIFICATE, values)


def event_row(learner_id: int, verb: str, at: datetime, **fields: Any) -> dict[str, Any]:
    """One learning-event row, every column given (the answer's option and verdict too, as the
    model's defaults derive them), so the whole turn's events are one executemany."""
    result = fields.get("result") or {}
    return {
        "learner_id": learner_id,
        "verb": verb,
        "lesson_id": fields.get("lesson_id", ""),
        "question_id": fields.get("question_id", ""),
        "module_id": fields.get("module_id", ""),
        "content_version": fields.get("version", 0),
        "result": result,
        "at": at,
        "chosen": answer_option(result),
        "correct": answer_verdict(result),
    }


def add_events(conn: Connection, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        prepared.execute_many(conn, _ADD_EVENTS, rows)


def save_state(conn: Connection, learner_id: int, state: str, now: datetime, known: bool) -> None:
    if known:
        prepared.execute(conn, _PUT_STATE, {"w_learner": learner_id, "state": state, "updated_at": now})
    else:
        prepared.execute(conn, _ADD_STATE, {"learner_id": learner_id, "state": state, "updated_at": now})


def queue_messages(
    conn: Connection,
    recipient: tuple[str, str, int | None],
    kind: str,
    messages: Sequence[Outbound],
    now: datetime,
    *,
    not_before: datetime | None = None,
    edit: str = "",
    priority: int | None = None,
    broadcast_id: int | None = None,
    bot: str = "",
) -> None:
    """One outbox row, as `outbox.enqueue` writes it: (channel, chat, learner id or None);
    `bot` is the bot the learner wrote to, whose sender sends it."""
    channel, chat_id, learner_id = recipient
    values = {
        "learner_id": learner_id,
        "channel": channel,
        "bot": bot,
        "chat_id": chat_id,
        "kind": kind,
        "broadcast_id": broadcast_id,
        "payload": outbox.dumps(messages),
        "priority": outbox.PRIORITY.get(kind, outbox.BULK_PRIORITY) if priority is None else priority,
        "status": "pending",
        "attempts": 0,
        "not_before": not_before or now,
        "created_at": now,
        "error": "",
        "sent_count": 0,
        "edit_message": edit,
    }
    prepared.execute(conn, _ADD_MESSAGE, values)
