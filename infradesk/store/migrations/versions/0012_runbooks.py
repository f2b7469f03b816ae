"""Cutover runbooks (issue 19): runbooks, their steps and links, the services whose outage they
measure, and their runs (rehearsals and live) with each step's record. Additive: new tables,
empty in an existing workspace.

Revision ID: 0012_runbooks
Revises: 0011_resources
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_runbooks"
down_revision = "0011_resources"
branch_labels = None
depends_on = None

_TABLES = (
    "runbook_step_record",
    "runbook_service",
    "runbook_link",
    "runbook_step",
    "runbook_run",
    "runbook",
)


def upgrade() -> None:
    op.create_table(
        "runbook",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("window_start", sa.DateTime(), nullable=True),
        sa.Column("window_end", sa.DateTime(), nullable=True),
        sa.Column("outage_budget_minutes", sa.Integer(), nullable=True),
        sa.Column("change_request_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("lessons", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["change_request_id"],
            ["change_request.id"],
            name=op.f("fk_runbook_change_request_id_change_request"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_runbook_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["task.id"], name=op.f("fk_runbook_task_id_task"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runbook")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_runbook_project_id"), "runbook", ["project_id"], unique=False)
    op.create_table(
        "runbook_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("runbook_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("started", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["runbook_id"],
            ["runbook.id"],
            name=op.f("fk_runbook_run_runbook_id_runbook"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runbook_run")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_runbook_run_runbook_id"), "runbook_run", ["runbook_id"], unique=False)
    op.create_table(
        "runbook_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("runbook_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("stream", sa.String(length=100), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("backup_owner_id", sa.Integer(), nullable=True),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("fixed_time", sa.DateTime(), nullable=True),
        sa.Column("fixed_time_zone", sa.String(length=64), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("command", sa.Text(), nullable=False),
        sa.Column("decision_maker", sa.String(length=200), nullable=False),
        sa.Column("criteria", sa.Text(), nullable=False),
        sa.Column("audience", sa.String(length=500), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("rollback_of_id", sa.Integer(), nullable=True),
        sa.Column("point_of_no_return", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["backup_owner_id"],
            ["resource.id"],
            name=op.f("fk_runbook_step_backup_owner_id_resource"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["resource.id"],
            name=op.f("fk_runbook_step_owner_id_resource"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["rollback_of_id"],
            ["runbook_step.id"],
            name=op.f("fk_runbook_step_rollback_of_id_runbook_step"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["runbook_id"],
            ["runbook.id"],
            name=op.f("fk_runbook_step_runbook_id_runbook"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runbook_step")),
        sa.UniqueConstraint("runbook_id", "code", name=op.f("uq_runbook_step_runbook_id")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_runbook_step_runbook_id"), "runbook_step", ["runbook_id"], unique=False
    )
    op.create_table(
        "runbook_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("step_id", sa.Integer(), nullable=False),
        sa.Column("predecessor_id", sa.Integer(), nullable=False),
        sa.Column("link_type", sa.String(length=2), nullable=False),
        sa.Column("lag_minutes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["predecessor_id"],
            ["runbook_step.id"],
            name=op.f("fk_runbook_link_predecessor_id_runbook_step"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["step_id"],
            ["runbook_step.id"],
            name=op.f("fk_runbook_link_step_id_runbook_step"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runbook_link")),
        sa.UniqueConstraint("step_id", "predecessor_id", name=op.f("uq_runbook_link_step_id")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_runbook_link_predecessor_id"), "runbook_link", ["predecessor_id"], unique=False
    )
    op.create_index(op.f("ix_runbook_link_step_id"), "runbook_link", ["step_id"], unique=False)
    op.create_table(
        "runbook_service",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("runbook_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("rto_minutes", sa.Integer(), nullable=False),
        sa.Column("down_step_id", sa.Integer(), nullable=True),
        sa.Column("up_step_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["down_step_id"],
            ["runbook_step.id"],
            name=op.f("fk_runbook_service_down_step_id_runbook_step"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["runbook_id"],
            ["runbook.id"],
            name=op.f("fk_runbook_service_runbook_id_runbook"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["up_step_id"],
            ["runbook_step.id"],
            name=op.f("fk_runbook_service_up_step_id_runbook_step"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runbook_service")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_runbook_service_runbook_id"), "runbook_service", ["runbook_id"], unique=False
    )
    op.create_table(
        "runbook_step_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("step_id", sa.Integer(), nullable=False),
        sa.Column("actual_start", sa.DateTime(), nullable=True),
        sa.Column("actual_finish", sa.DateTime(), nullable=True),
        sa.Column("skipped_reason", sa.Text(), nullable=False),
        sa.Column("decision", sa.String(length=10), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("result", sa.String(length=20), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["issue_id"],
            ["issue.id"],
            name=op.f("fk_runbook_step_record_issue_id_issue"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["runbook_run.id"],
            name=op.f("fk_runbook_step_record_run_id_runbook_run"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["step_id"],
            ["runbook_step.id"],
            name=op.f("fk_runbook_step_record_step_id_runbook_step"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runbook_step_record")),
        sa.UniqueConstraint("run_id", "step_id", name=op.f("uq_runbook_step_record_run_id")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_runbook_step_record_run_id"), "runbook_step_record", ["run_id"], unique=False
    )
    op.create_index(
        op.f("ix_runbook_step_record_step_id"), "runbook_step_record", ["step_id"], unique=False
    )


def downgrade() -> None:
    for table in _TABLES:
        op.drop_table(table)
