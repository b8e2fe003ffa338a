"""outbox: the per-chat order check reads only rows still to send

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 15:00:00.000000

Every reply is an outbox row, so a chat gathers thousands of sent rows over the years; the
claim asks whether an earlier row of the same chat is still pending or being sent. A
partial index over unfinished rows answers that without reading the chat's history.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = sa.text("status IN ('pending', 'sending')")


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_chat")
        batch_op.create_index(
            "ix_outbox_open", ["channel", "chat_id", "id"], unique=False, postgresql_where=OPEN, sqlite_where=OPEN
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_open")
        batch_op.create_index("ix_outbox_chat", ["channel", "chat_id", "id"], unique=False)
