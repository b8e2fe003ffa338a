"""turn_queue: turns queued for a learner by someone else's action (a family push, an announcement)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 12:00:00.000000

A push or an announcement with a lesson is the recipient's own turn. The action writes one
row here in its own transaction; the recipient's turn deletes it in theirs (bot/storage/turn_queue.py).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
When = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "turn_queue",
        sa.Column("id", BigId, primary_key=True, autoincrement=True),
        sa.Column("learner_id", BigId, sa.ForeignKey("learners.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("inbound", sa.Text(), nullable=False),
        sa.Column("outbox_kind", sa.String(length=16), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("broadcast_id", BigId, sa.ForeignKey("broadcasts.id", ondelete="CASCADE"), nullable=True, index=True),
        sa.Column("not_before", When, nullable=False),
        sa.Column("created_at", When, nullable=False, index=True),
    )


def downgrade() -> None:
    op.drop_table("turn_queue")
