"""Progress tracking (issue 15): actuals, constraint types, costs, earned value's baseline.

- project: ``reschedule_after_status`` (MS Project's "reschedule uncompleted work to start
  after the status date"; on by default).
- task: ``actual_start``, ``actual_finish``, ``constraint_type`` (ASAP ALAP SNET SNLT FNET FNLT
  MSO MFO; ASAP by default) with ``constraint_date``, planned ``cost`` and ``actual_cost``.
  A stored start-no-earlier-than becomes an SNET constraint with the same date.
- baseline: ``for_earned_value`` (the baseline earned value is measured against);
  baseline_task: ``cost`` (a baseline now saves the planned cost too).
- purchase_order: ``task_id``, the task the order pays for (its invoices add to the task's
  actual cost).

Revision ID: 0007_progress
Revises: 0006_autoincrement
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_progress"
down_revision = "0006_autoincrement"
branch_labels = None
depends_on = None

MONEY = sa.Numeric(14, 2)
# a rebuilt table keeps AUTOINCREMENT (migration 0006) only when asked to
_KEEP_IDS = {"sqlite_autoincrement": True}


def upgrade() -> None:
    with op.batch_alter_table("project") as batch:
        batch.add_column(
            sa.Column("reschedule_after_status", sa.Boolean(), nullable=False,
                      server_default="1")
        )  # fmt: skip
    with op.batch_alter_table("task") as batch:
        batch.add_column(sa.Column("actual_start", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("actual_finish", sa.DateTime(), nullable=True))
        batch.add_column(
            sa.Column("constraint_type", sa.String(length=4), nullable=False, server_default="ASAP")
        )
        batch.add_column(sa.Column("constraint_date", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("cost", MONEY, nullable=False, server_default="0"))
        batch.add_column(sa.Column("actual_cost", MONEY, nullable=False, server_default="0"))
    op.execute(
        "UPDATE task SET constraint_type = 'SNET', constraint_date = start_no_earlier_than "
        "WHERE start_no_earlier_than IS NOT NULL"
    )
    with op.batch_alter_table("baseline") as batch:
        batch.add_column(
            sa.Column("for_earned_value", sa.Boolean(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("baseline_task") as batch:
        batch.add_column(sa.Column("cost", MONEY, nullable=False, server_default="0"))
    with op.batch_alter_table("purchase_order", recreate="always", table_kwargs=_KEEP_IDS) as batch:
        batch.add_column(sa.Column("task_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_purchase_order_task_id"), ["task_id"], unique=False)
        batch.create_foreign_key(
            batch.f("fk_purchase_order_task_id_task"), "task", ["task_id"], ["id"],
            ondelete="SET NULL",
        )  # fmt: skip


def downgrade() -> None:
    with op.batch_alter_table("purchase_order", recreate="always", table_kwargs=_KEEP_IDS) as batch:
        batch.drop_constraint(batch.f("fk_purchase_order_task_id_task"), type_="foreignkey")
        batch.drop_index(batch.f("ix_purchase_order_task_id"))
        batch.drop_column("task_id")
    with op.batch_alter_table("baseline_task", recreate="always", table_kwargs=_KEEP_IDS) as batch:
        batch.drop_column("cost")
    with op.batch_alter_table("baseline", recreate="always", table_kwargs=_KEEP_IDS) as batch:
        batch.drop_column("for_earned_value")
    with op.batch_alter_table("task", recreate="always", table_kwargs=_KEEP_IDS) as batch:
        for name in (
            "actual_cost", "cost", "constraint_date", "constraint_type",
            "actual_finish", "actual_start",
        ):  # fmt: skip
            batch.drop_column(name)
    with op.batch_alter_table("project", recreate="always", table_kwargs=_KEEP_IDS) as batch:
        batch.drop_column("reschedule_after_status")
