"""outbox: the bot that must send each row (several bots in one deployment, issue 17)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 16:00:00.000000

Each bot has its own sender, so a row must say which bot sends it: its learner's (learners.bot,
the bot they wrote to). Unsent rows take their learner's bot; rows without a learner keep ""
and are sent by the channel's first bot (sent rows keep "" too: nothing reads it there).

No index of its own: a partial index (channel, bot, priority, not_before) over open rows was
tried and PostgreSQL chose it for the claim's per-chat order check instead of ix_outbox_open,
turning one claim into seconds with a backlog of thousands of rows. A bot's claims filter the
channel's due rows by bot, which ix_outbox_due serves well enough.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("bot", sa.String(length=64), nullable=False, server_default=""))
    op.execute(
        "UPDATE outbox SET bot = (SELECT learners.bot FROM learners WHERE learners.id = outbox.learner_id) "
        "WHERE learner_id IS NOT NULL AND status IN ('pending', 'sending')"
    )


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("bot")
