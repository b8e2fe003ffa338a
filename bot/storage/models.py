"""Tables. The learning-event log is the source of truth; progress tables derive from it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.engine.default import DefaultExecutionContext
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

BigId = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite stores them without a zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime}


class Learner(Base):
    __tablename__ = "learners"
    __table_args__ = (UniqueConstraint("channel", "bot", "chat_id", "user_id", name="uq_learner_key"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(16))
    bot: Mapped[str] = mapped_column(String(64), default="")
    chat_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(64))
    consent: Mapped[bool | None] = mapped_column(Boolean, default=None)
    address: Mapped[str] = mapped_column(String(8), default="")
    name: Mapped[str] = mapped_column(String(64), default="")
    age_group: Mapped[str] = mapped_column(String(16), default="")
    place: Mapped[str] = mapped_column(String(160), default="")
    reminder_time: Mapped[str] = mapped_column(String(5), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Ho_Chi_Minh")
    unreachable: Mapped[bool] = mapped_column(Boolean, default=False)
    # Announcements from admins; a learner may turn them off in Settings.
    announcements: Mapped[bool] = mapped_column(Boolean, default=True)
    # The scheduler finds due reminders with one indexed query on this column.
    next_reminder_at: Mapped[datetime | None] = mapped_column(default=None, index=True)
    reminders_ignored: Mapped[int] = mapped_column(Integer, default=0)
    last_reminded_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]


class DialogStateRow(Base):
    __tablename__ = "dialog_states"

    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True)
    state: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]


class ProcessedUpdate(Base):
    """Every inbound update id seen, so a replayed webhook or poll changes nothing."""

    __tablename__ = "processed_updates"

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    update_key: Mapped[str] = mapped_column(String(128), primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)


def answer_option(result: object) -> int | None:
    """The option an answer event chose, from its `result` (the `chosen` column)."""
    value = result.get("option") if isinstance(result, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def answer_verdict(result: object) -> bool | None:
    """Whether an answer event was right, from its `result` (the `correct` column)."""
    value = result.get("correct") if isinstance(result, dict) else None
    return value if isinstance(value, bool) else None


def _result(context: DefaultExecutionContext) -> object:
    return context.get_current_parameters().get("result")  # type: ignore[no-untyped-call]  # untyped in SQLAlchemy


def _chosen(context: DefaultExecutionContext) -> int | None:
    return answer_option(_result(context))


def _correct(context: DefaultExecutionContext) -> bool | None:
    return answer_verdict(_result(context))


class LearningEvent(Base):
    """Append-only: who did what to which content version, with what result, when."""

    __tablename__ = "learning_events"
    __table_args__ = (Index("ix_events_learner_at", "learner_id", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    # NULL once the learner deleted their data: only anonymous counts remain.
    learner_id: Mapped[int | None] = mapped_column(ForeignKey("learners.id", ondelete="SET NULL"))
    verb: Mapped[str] = mapped_column(String(16))
    lesson_id: Mapped[str] = mapped_column(String(48), default="")
    question_id: Mapped[str] = mapped_column(String(48), default="")
    module_id: Mapped[str] = mapped_column(String(48), default="")
    content_version: Mapped[int] = mapped_column(Integer, default=0)
    result: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime]
    # An answer's option and verdict, copied from `result` as the row is written (whatever
    # writes it), so the dashboard counts wrong answers without decoding JSON (0008).
    chosen: Mapped[int | None] = mapped_column(Integer, default=_chosen)
    correct: Mapped[bool | None] = mapped_column(Boolean, default=_correct)


class LessonProgressRow(Base):
    """Derived from learning_events; `hocvuso progress rebuild` recreates it."""

    __tablename__ = "lesson_progress"

    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True)
    lesson_id: Mapped[str] = mapped_column(String(48), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    best_score: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    content_version: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime]
    completed_at: Mapped[datetime | None] = mapped_column(default=None)


class ReviewItem(Base):
    """One question in a learner's spaced review, with its FSRS card."""

    __tablename__ = "review_items"
    __table_args__ = (Index("ix_review_due", "learner_id", "due"),)

    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(48), primary_key=True)
    card: Mapped[str] = mapped_column(Text)
    due: Mapped[datetime]


class Certificate(Base):
    __tablename__ = "certificates"
    __table_args__ = (UniqueConstraint("learner_id", "module_id", name="uq_certificate_module"),)

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    module_id: Mapped[str] = mapped_column(String(48))
    name: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[datetime]


class PlaceRow(Base):
    __tablename__ = "places"

    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    province: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(96))


class LearnerRole(Base):
    """admin / ambassador. Every privileged action is checked against this table."""

    __tablename__ = "learner_roles"

    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    granted_at: Mapped[datetime]
    granted_by: Mapped[str] = mapped_column(String(64), default="")
    # Where an admin acts: "province", or "commune:PLACE_KEY" for one commune (bot/roles.py).
    scope: Mapped[str] = mapped_column(String(170), default="province", server_default="province")
    # An ambassador on duty takes help requests from learners of their commune who have no
    # ambassador of their own (0005); switched in /daisu or by an admin in the CLI.
    on_duty: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class OutboxMessage(Base):
    """Every message that leaves, replies included: one row per turn's reply or per recipient.

    A chat's rows go out in id order; `sent_count` platform messages of a row are already
    delivered, so a retry never repeats them."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_due", "channel", "status", "priority", "not_before"),
        # Unfinished rows per chat, for the claim's "anything earlier still to send?". Partial on
        # both databases (migration 0004 makes it, with the same WHERE on PostgreSQL): naming
        # PostgreSQL's clause here would load SQLAlchemy's PostgreSQL dialect into every process.
        Index("ix_outbox_open", "channel", "chat_id", "id", sqlite_where=text("status IN ('pending', 'sending')")),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    learner_id: Mapped[int | None] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # reply, reminder, broadcast, push, nudge, summary
    broadcast_id: Mapped[int | None] = mapped_column(ForeignKey("broadcasts.id", ondelete="CASCADE"), index=True)
    payload: Mapped[str] = mapped_column(Text)  # serialized outbound messages
    priority: Mapped[int] = mapped_column(Integer, default=5)  # lower goes first
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime]
    claimed_at: Mapped[datetime | None] = mapped_column(default=None)
    sent_at: Mapped[datetime | None] = mapped_column(default=None)
    error: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime]
    sent_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The first temporary failure of the current run of them; retries stop a window after it.
    failing_since: Mapped[datetime | None] = mapped_column(default=None)
    # The platform message a reply may replace (Telegram: the one whose button was tapped).
    edit_message: Mapped[str] = mapped_column(String(32), default="", server_default="")
    # The bot that must send it (its learner's; 0007). "" for rows written before: the
    # channel's first bot sends those (bot/bots.py).
    bot: Mapped[str] = mapped_column(String(64), default="", server_default="")


class Broadcast(Base):
    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("learners.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    lesson_id: Mapped[str] = mapped_column(String(48), default="")
    audience: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    send_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(12), default="scheduled")  # scheduled, queued, cancelled
    recipients: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]


class AuditEntry(Base):
    """Every admin and ambassador action, who did it, to what, when."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    actor: Mapped[str] = mapped_column(String(160))
    action: Mapped[str] = mapped_column(String(48))
    target: Mapped[str] = mapped_column(String(160), default="")
    detail: Mapped[dict[str, object]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(index=True)


class Family(Base):
    """A "Gia đình số": a household, or the families one ambassador looks after."""

    __tablename__ = "families"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    ambassador_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]


class FamilyMember(Base):
    __tablename__ = "family_members"

    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"), primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), primary_key=True)
    joined_at: Mapped[datetime]


class Invite(Base):
    """An unguessable code that joins a family; an ambassador may revoke it."""

    __tablename__ = "invites"

    code: Mapped[str] = mapped_column(String(24), primary_key=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)


class AmbassadorCode(Base):
    """A code an admin creates for a commune; whoever claims it becomes an ambassador there."""

    __tablename__ = "ambassador_codes"

    code: Mapped[str] = mapped_column(String(24), primary_key=True)
    place: Mapped[str] = mapped_column(String(160))
    created_by: Mapped[str] = mapped_column(String(160))
    created_at: Mapped[datetime]
    claimed_by: Mapped[int | None] = mapped_column(ForeignKey("learners.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)


class GuidedLearner(Base):
    """Someone an ambassador taught in person who has no phone or chat app: initials only."""

    __tablename__ = "guided_learners"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    ambassador_id: Mapped[int | None] = mapped_column(ForeignKey("learners.id", ondelete="SET NULL"), index=True)
    first_name: Mapped[str] = mapped_column(String(32))
    place: Mapped[str] = mapped_column(String(160))
    age_group: Mapped[str] = mapped_column(String(16), default="")
    lessons: Mapped[list[str]] = mapped_column(JSON, default=list)
    guided_on: Mapped[datetime]
    created_at: Mapped[datetime]


class PlacePopulation(Base):
    """Adults per commune, loaded by an admin, for statistics against the province's targets."""

    __tablename__ = "place_population"

    place: Mapped[str] = mapped_column(String(160), primary_key=True)
    adults: Mapped[int] = mapped_column(Integer)
    loaded_at: Mapped[datetime]


# --- the dashboard (issue 16): logins, sessions, and what its pages read ----------------------

Index("ix_learner_roles_role", LearnerRole.role)
Index("ix_events_at", LearningEvent.at)
Index("ix_events_verb", LearningEvent.verb, LearningEvent.learner_id, LearningEvent.lesson_id)


class DashboardLoginToken(Base):
    """A one-time link the bot gave an admin or ambassador: only its SHA-256 is kept."""

    __tablename__ = "dashboard_login_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)
    used_at: Mapped[datetime | None] = mapped_column(default=None)


class DashboardSession(Base):
    """A signed-in browser: the cookie's SHA-256, whose it is, and the secret its forms carry."""

    __tablename__ = "dashboard_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)


class UnansweredQuestion(Base):
    """A question the tutor could not answer. The text is kept only with consent, after the
    secret guard, and deleted after 90 days; the learner's rows go with their data."""

    __tablename__ = "unanswered_questions"
    __table_args__ = (Index("ix_unanswered_place_at", "place", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(index=True)
    topic: Mapped[str] = mapped_column(String(48), default="", server_default="")  # nearest topic id
    place: Mapped[str] = mapped_column(String(160), default="", server_default="")  # the learner's commune
    text: Mapped[str | None] = mapped_column(Text, default=None)
    learner_id: Mapped[int | None] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), index=True)


class ScamCheck(Base):
    """One message a learner had checked: the verdict and the signal ids, never who or what."""

    __tablename__ = "scam_checks"
    __table_args__ = (Index("ix_scam_checks_place_at", "place", "at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(index=True)
    place: Mapped[str] = mapped_column(String(160), default="", server_default="")
    verdict: Mapped[str] = mapped_column(String(12))  # scam, suspicious, none
    signals: Mapped[list[str]] = mapped_column(JSON, default=list)


# --- ambassadors who know when to help (issue 15) ----------------------------------------------

Index("ix_family_members_learner", FamilyMember.learner_id)


class HelpRequest(Base):
    """A learner asked, with consent, for a person's help: where they are stuck (lesson and card),
    never what they typed. "offered" rows are the tutor's own offers to silent learners."""

    __tablename__ = "help_requests"
    __table_args__ = (Index("ix_help_requests_learner_at", "learner_id", "created_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"))
    place: Mapped[str] = mapped_column(String(160), default="")  # their commune, for on-duty help
    lesson_id: Mapped[str] = mapped_column(String(48), default="")
    card: Mapped[int] = mapped_column(Integer, default=0)  # -1: the lesson's questions
    reason: Mapped[str] = mapped_column(String(12))  # misses, quiz, silent, asked
    status: Mapped[str] = mapped_column(String(12))  # offered, open, answered, helped
    created_at: Mapped[datetime]
    answered_at: Mapped[datetime | None] = mapped_column(default=None)
    answered_by: Mapped[int | None] = mapped_column(ForeignKey("learners.id", ondelete="SET NULL"))


class FamilyNews(Base):
    """A family member's good news for their ambassador's daily batch: a lesson the ambassador
    pushed, finished; a certificate earned. When it was told, and whether they congratulated."""

    __tablename__ = "family_news"
    __table_args__ = (Index("ix_family_news_family_told", "family_id", "told_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("families.id", ondelete="CASCADE"))
    learner_id: Mapped[int] = mapped_column(ForeignKey("learners.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # lesson, certificate
    subject: Mapped[str] = mapped_column(String(48))  # the lesson or module id
    pushed_at: Mapped[datetime | None] = mapped_column(default=None)
    happened_at: Mapped[datetime | None] = mapped_column(default=None)
    told_at: Mapped[datetime | None] = mapped_column(default=None)
    congratulated_at: Mapped[datetime | None] = mapped_column(default=None)


# --- the dashboard's counts, kept for every process (issue 16) -----------------------------------


class DashboardSnapshot(Base):
    """One aggregate of the dashboard for one scope ("province" or "commune:PLACE"), as counted
    by the scheduler's refresh job: numbers and content ids only, never a learner or their words."""

    __tablename__ = "dashboard_snapshots"

    what: Mapped[str] = mapped_column(String(16), primary_key=True)
    scope: Mapped[str] = mapped_column(String(170), primary_key=True)
    counted_at: Mapped[datetime]
    body: Mapped[str] = mapped_column(Text)
