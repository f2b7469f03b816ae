"""The team workspace (issue 21): a version counter on every row (SQLAlchemy's
``version_id_col``: an edit never overwrites a change it has not seen) and the audit of who
did what (``audit_entry``, ``audit_row``). Additive: every existing row starts at version 1,
the audit starts empty.

Revision ID: 0014_team
Revises: 0013_governance
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_team"
down_revision = "0013_governance"
branch_labels = None
depends_on = None

_VERSIONED = (
    "action_item",
    "assignment",
    "assumption",
    "base_calendar",
    "baseline",
    "baseline_task",
    "budget_line",
    "calendar",
    "calendar_day",
    "change_issue",
    "change_request",
    "change_risk",
    "change_window",
    "comms_item",
    "contract",
    "cross_link",
    "decision",
    "deliverable",
    "dependency",
    "external_dependency",
    "freeze_window",
    "handover_item",
    "handover_template_item",
    "issue",
    "issue_task",
    "meeting",
    "project",
    "purchase_order",
    "resource",
    "resource_day",
    "risk",
    "risk_action",
    "risk_history",
    "risk_settings",
    "risk_task",
    "runbook",
    "runbook_link",
    "runbook_run",
    "runbook_service",
    "runbook_step",
    "runbook_step_record",
    "stakeholder",
    "status_thresholds",
    "status_update",
    "task",
    "vendor",
    "vendor_contact",
    "vendor_score",
)


def upgrade() -> None:
    # ADD COLUMN with a constant default needs no table rebuild, on SQLite or PostgreSQL
    for table in _VERSIONED:
        op.add_column(table, sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_name", sa.String(length=200), nullable=False),
        sa.Column("client_id", sa.String(length=40), nullable=False),
        sa.Column("command", sa.Text(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("rows_touched", sa.Integer(), nullable=False),
        sa.Column("rows_rescheduled", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_audit_entry_at"), "audit_entry", ["at"], unique=False)
    op.create_table(
        "audit_row",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=60), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["audit_entry.id"],
            name=op.f("fk_audit_row_entry_id_audit_entry"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_row")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_audit_row_entry_id"), "audit_row", ["entry_id"], unique=False)
    op.create_index("ix_audit_row_record", "audit_row", ["table_name", "row_id"], unique=False)


def downgrade() -> None:
    op.drop_table("audit_row")
    op.drop_table("audit_entry")
    for table in _VERSIONED:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": True}
        ) as batch:
            batch.drop_column("version")
