"""MS Project's task flags (issue 16, point 9): ``estimated`` (a duration marked ``?``),
``manual`` (manually scheduled: the stored start is the user's) and ``elapsed`` (the duration
is wall-clock minutes, scheduled on the 24x7 clock). Additive: every existing task gets False,
which is how it was scheduled before.

Revision ID: 0009_task_flags
Revises: 0008_evm_thresholds
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_task_flags"
down_revision = "0008_evm_thresholds"
branch_labels = None
depends_on = None

_FLAGS = ("estimated", "manual", "elapsed")
# a rebuilt table keeps AUTOINCREMENT (migration 0006) only when asked to
_KEEP_IDS = {"sqlite_autoincrement": True}


def upgrade() -> None:
    with op.batch_alter_table("task") as batch:
        for name in _FLAGS:
            batch.add_column(sa.Column(name, sa.Boolean(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("task", recreate="always", table_kwargs=_KEEP_IDS) as batch:
        for name in reversed(_FLAGS):
            batch.drop_column(name)
