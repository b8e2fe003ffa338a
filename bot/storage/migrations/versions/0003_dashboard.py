"""dashboard: admin scope, dashboard logins and sessions, unanswered questions, scam checks

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
When = sa.DateTime(timezone=True)


def _learner(nullable: bool = False) -> sa.Column[int]:
    return sa.Column(
        "learner_id", BigId, sa.ForeignKey("learners.id", ondelete="CASCADE"), nullable=nullable, index=True
    )


def upgrade() -> None:
    # Admins granted before scopes existed keep what they had: the whole province.
    with op.batch_alter_table("learner_roles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("scope", sa.String(length=170), nullable=False, server_default="province"))
        batch_op.create_index("ix_learner_roles_role", ["role"], unique=False)
    op.create_table(
        "dashboard_login_tokens",
        sa.Column("token_hash", sa.String(length=64), primary_key=True),
        _learner(),
        sa.Column("created_at", When, nullable=False),
        sa.Column("expires_at", When, nullable=False, index=True),
        sa.Column("used_at", When, nullable=True),
    )
    op.create_table(
        "dashboard_sessions",
        sa.Column("id_hash", sa.String(length=64), primary_key=True),
        _learner(),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("created_at", When, nullable=False),
        sa.Column("expires_at", When, nullable=False, index=True),
    )
    op.create_table(
        "unanswered_questions",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("at", When, nullable=False, index=True),
        sa.Column("topic", sa.String(length=48), nullable=False, server_default=""),
        sa.Column("place", sa.String(length=160), nullable=False, server_default=""),
        sa.Column("text", sa.Text(), nullable=True),
        _learner(nullable=True),
        sa.Index("ix_unanswered_place_at", "place", "at"),
    )
    op.create_table(
        "scam_checks",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("at", When, nullable=False, index=True),
        sa.Column("place", sa.String(length=160), nullable=False, server_default=""),
        sa.Column("verdict", sa.String(length=12), nullable=False),
        sa.Column("signals", sa.JSON(), nullable=False),
        sa.Index("ix_scam_checks_place_at", "place", "at"),
    )
    # The dashboard reads recent activity by time; completions per learner and lesson come from
    # the verb index alone (docs/benchmarks.md). No index on learners.place: with one, SQLite
    # walks it to group the whole province and reads every learner out of order (3x slower).
    op.create_index("ix_events_at", "learning_events", ["at"], unique=False)
    op.create_index("ix_events_verb", "learning_events", ["verb", "learner_id", "lesson_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_events_verb", table_name="learning_events")
    op.drop_index("ix_events_at", table_name="learning_events")
    op.drop_table("scam_checks")
    op.drop_table("unanswered_questions")
    op.drop_table("dashboard_sessions")
    op.drop_table("dashboard_login_tokens")
    with op.batch_alter_table("learner_roles", schema=None) as batch_op:
        batch_op.drop_index("ix_learner_roles_role")
        batch_op.drop_column("scope")
