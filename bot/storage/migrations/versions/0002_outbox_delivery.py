"""outbox: replies go through it; progress within a row, a retry window, per-chat order

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sent_count", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("failing_since", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("edit_message", sa.String(length=32), nullable=False, server_default=""))
        batch_op.create_index("ix_outbox_chat", ["channel", "chat_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_chat")
        batch_op.drop_column("edit_message")
        batch_op.drop_column("failing_since")
        batch_op.drop_column("sent_count")
