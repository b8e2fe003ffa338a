"""ambassadors who know when to help: help requests, the on-duty flag, family news

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 15:30:00.000000

help_requests keep where a learner was stuck (lesson, card, why), never what they typed;
learner_roles.on_duty says which ambassadors take requests from learners of their commune
who have no ambassador; family_news holds the good news told once a day per family.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
When = sa.DateTime(timezone=True)


def _learner(name: str = "learner_id", ondelete: str = "CASCADE", nullable: bool = False) -> sa.Column[int]:
    return sa.Column(name, BigId, sa.ForeignKey("learners.id", ondelete=ondelete), nullable=nullable)


def upgrade() -> None:
    with op.batch_alter_table("learner_roles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("on_duty", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_index("ix_family_members_learner", "family_members", ["learner_id"], unique=False)
    op.create_table(
        "help_requests",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        _learner(),
        sa.Column("place", sa.String(length=160), nullable=False),
        sa.Column("lesson_id", sa.String(length=48), nullable=False),
        sa.Column("card", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", When, nullable=False),
        sa.Column("answered_at", When, nullable=True),
        _learner("answered_by", "SET NULL", nullable=True),
        sa.Index("ix_help_requests_learner_at", "learner_id", "created_at"),
    )
    op.create_table(
        "family_news",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("family_id", BigId, sa.ForeignKey("families.id", ondelete="CASCADE"), nullable=False),
        _learner(),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("subject", sa.String(length=48), nullable=False),
        sa.Column("pushed_at", When, nullable=True),
        sa.Column("happened_at", When, nullable=True),
        sa.Column("told_at", When, nullable=True),
        sa.Column("congratulated_at", When, nullable=True),
        sa.Index("ix_family_news_family_told", "family_id", "told_at"),
        sa.Index("ix_family_news_learner_id", "learner_id"),
    )


def downgrade() -> None:
    op.drop_table("family_news")
    op.drop_table("help_requests")
    op.drop_index("ix_family_members_learner", table_name="family_members")
    with op.batch_alter_table("learner_roles", schema=None) as batch_op:
        batch_op.drop_column("on_duty")
