"""The core schema: projects, calendars, tasks, dependencies, baselines, risks, vendors.

Revision ID: 0001_core
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_core"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "project",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("start", sa.DateTime(), nullable=False),
        sa.Column("status_date", sa.DateTime(), nullable=True),
        sa.Column("manager", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project")),
        sa.UniqueConstraint("name", name=op.f("uq_project_name")),
    )
    op.create_table(
        "baseline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_baseline_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_baseline")),
        sa.UniqueConstraint("project_id", "name", name=op.f("uq_baseline_project_id")),
    )
    with op.batch_alter_table("baseline", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_baseline_project_id"), ["project_id"], unique=False)

    op.create_table(
        "calendar",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("working_weekdays", sa.String(length=20), nullable=False),
        sa.Column("working_hours", sa.String(length=200), nullable=False),
        sa.Column("holiday_country", sa.String(length=10), nullable=True),
        sa.Column("holiday_region", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_calendar_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar")),
        sa.UniqueConstraint("project_id", name=op.f("uq_calendar_project_id")),
    )
    op.create_table(
        "risk",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=50), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("probability", sa.Integer(), nullable=False),
        sa.Column("impact", sa.Integer(), nullable=False),
        sa.Column("response", sa.String(length=20), nullable=False),
        sa.Column("mitigation", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("raised", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_risk_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk")),
        sa.UniqueConstraint("project_id", "code", name=op.f("uq_risk_project_id")),
    )
    with op.batch_alter_table("risk", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_risk_project_id"), ["project_id"], unique=False)

    op.create_table(
        "task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("start", sa.DateTime(), nullable=True),
        sa.Column("finish", sa.DateTime(), nullable=True),
        sa.Column("percent_complete", sa.Float(), nullable=False),
        sa.Column("milestone", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("start_no_earlier_than", sa.DateTime(), nullable=True),
        sa.Column("deadline", sa.DateTime(), nullable=True),
        sa.Column("production_change", sa.Boolean(), nullable=False),
        sa.Column("external_ref", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["task.id"], name=op.f("fk_task_parent_id_task"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_task_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task")),
    )
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_task_project_id"), ["project_id"], unique=False)

    op.create_table(
        "vendor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=50), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_vendor_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vendor")),
    )
    with op.batch_alter_table("vendor", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vendor_project_id"), ["project_id"], unique=False)

    op.create_table(
        "baseline_task",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("baseline_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.DateTime(), nullable=True),
        sa.Column("finish", sa.DateTime(), nullable=True),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["baseline_id"],
            ["baseline.id"],
            name=op.f("fk_baseline_task_baseline_id_baseline"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["task.id"], name=op.f("fk_baseline_task_task_id_task"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_baseline_task")),
        sa.UniqueConstraint("baseline_id", "task_id", name=op.f("uq_baseline_task_baseline_id")),
    )
    with op.batch_alter_table("baseline_task", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_baseline_task_task_id"), ["task_id"], unique=False)

    op.create_table(
        "calendar_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("calendar_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("working_hours", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["calendar_id"],
            ["calendar.id"],
            name=op.f("fk_calendar_day_calendar_id_calendar"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_day")),
        sa.UniqueConstraint("calendar_id", "day", name=op.f("uq_calendar_day_calendar_id")),
    )
    op.create_table(
        "contract",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("value", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("notice_days", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["vendor.id"],
            name=op.f("fk_contract_vendor_id_vendor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contract")),
    )
    with op.batch_alter_table("contract", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contract_vendor_id"), ["vendor_id"], unique=False)

    op.create_table(
        "deliverable",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("promised", sa.Date(), nullable=True),
        sa.Column("actual", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["task_id"], ["task.id"], name=op.f("fk_deliverable_task_id_task"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["vendor.id"],
            name=op.f("fk_deliverable_vendor_id_vendor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliverable")),
    )
    with op.batch_alter_table("deliverable", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_deliverable_task_id"), ["task_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_deliverable_vendor_id"), ["vendor_id"], unique=False)

    op.create_table(
        "dependency",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("predecessor_id", sa.Integer(), nullable=False),
        sa.Column("successor_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=2), nullable=False),
        sa.Column("lag_minutes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["predecessor_id"],
            ["task.id"],
            name=op.f("fk_dependency_predecessor_id_task"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_dependency_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["successor_id"],
            ["task.id"],
            name=op.f("fk_dependency_successor_id_task"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dependency")),
        sa.UniqueConstraint(
            "predecessor_id", "successor_id", name=op.f("uq_dependency_predecessor_id")
        ),
    )
    with op.batch_alter_table("dependency", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dependency_predecessor_id"), ["predecessor_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_dependency_project_id"), ["project_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_dependency_successor_id"), ["successor_id"], unique=False
        )

    op.create_table(
        "freeze_window",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("calendar_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("finish", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["calendar_id"],
            ["calendar.id"],
            name=op.f("fk_freeze_window_calendar_id_calendar"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_freeze_window")),
    )


def downgrade() -> None:
    op.drop_table("freeze_window")
    with op.batch_alter_table("dependency", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dependency_successor_id"))
        batch_op.drop_index(batch_op.f("ix_dependency_project_id"))
        batch_op.drop_index(batch_op.f("ix_dependency_predecessor_id"))

    op.drop_table("dependency")
    with op.batch_alter_table("deliverable", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deliverable_vendor_id"))
        batch_op.drop_index(batch_op.f("ix_deliverable_task_id"))

    op.drop_table("deliverable")
    with op.batch_alter_table("contract", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contract_vendor_id"))

    op.drop_table("contract")
    op.drop_table("calendar_day")
    with op.batch_alter_table("baseline_task", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_baseline_task_task_id"))

    op.drop_table("baseline_task")
    with op.batch_alter_table("vendor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_vendor_project_id"))

    op.drop_table("vendor")
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_project_id"))
        batch_op.drop_index(batch_op.f("ix_task_parent_id"))

    op.drop_table("task")
    with op.batch_alter_table("risk", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_risk_project_id"))

    op.drop_table("risk")
    op.drop_table("calendar")
    with op.batch_alter_table("baseline", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_baseline_project_id"))

    op.drop_table("baseline")
    op.drop_table("project")
