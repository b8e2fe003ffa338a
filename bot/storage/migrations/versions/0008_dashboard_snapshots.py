"""dashboard: answers' option and verdict as columns, and the counts kept for every process

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 16:30:00.000000

The content page counted wrong answers by decoding every answer's JSON (about 0.8 s with
100,000 learners on SQLite). `chosen` and `correct` hold the same two values as columns,
filled for the rows already written and by the model for every new one. `dashboard_snapshots`
keeps each page's counts per scope, refreshed by the scheduler, so a page reads and never
counts (bot/dashboard/snapshots.py).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BACKFILL = {
    "sqlite": (
        "UPDATE learning_events SET chosen = json_extract(result, '$.option'),"
        " correct = json_extract(result, '$.correct') WHERE verb = 'answered'"
    ),
    "postgresql": (
        "UPDATE learning_events SET chosen = (result ->> 'option')::integer,"
        " correct = (result ->> 'correct')::boolean WHERE verb = 'answered'"
    ),
}


def upgrade() -> None:
    with op.batch_alter_table("learning_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chosen", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("correct", sa.Boolean(), nullable=True))
    op.execute(BACKFILL[op.get_bind().dialect.name])
    op.create_table(
        "dashboard_snapshots",
        sa.Column("what", sa.String(length=16), primary_key=True),
        sa.Column("scope", sa.String(length=170), primary_key=True),
        sa.Column("counted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("dashboard_snapshots")
    with op.batch_alter_table("learning_events", schema=None) as batch_op:
        batch_op.drop_column("correct")
        batch_op.drop_column("chosen")
