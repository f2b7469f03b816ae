"""Portfolio and governance (issue 20): cross-project links, the shared calendar of change
windows, meetings, the action log, the stakeholder register, the communication plan, the
operational acceptance checklist and its template; the ITIL fields of a change request, a
pending decision's due date and meeting, and the project's close milestone. Additive: new
tables are empty, new columns take the value that means "as before".

Revision ID: 0013_governance
Revises: 0012_runbooks
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_governance"
down_revision = "0012_runbooks"
branch_labels = None
depends_on = None

# a rebuilt table keeps AUTOINCREMENT (migration 0006) only when asked to
_KEEP_IDS = {"sqlite_autoincrement": True}
_TABLES = (
    "cross_link",
    "action_item",
    "stakeholder",
    "meeting",
    "handover_item",
    "comms_item",
    "change_window",
    "handover_template_item",
)
_CHANGE_TEXTS = (
    "implementation_plan",
    "backout_plan",
    "test_plan",
    "risk_analysis",
    "services",
)


def upgrade() -> None:
    op.create_table(
        "handover_template_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("hint", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handover_template_item")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "change_window",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("start", sa.DateTime(), nullable=False),
        sa.Column("finish", sa.DateTime(), nullable=False),
        sa.Column("services", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_change_window_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_window")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_change_window_project_id"), "change_window", ["project_id"], unique=False
    )
    op.create_table(
        "comms_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("content", sa.String(length=500), nullable=False),
        sa.Column("audience", sa.Text(), nullable=False),
        sa.Column("frequency", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=100), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("status_report", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_comms_item_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_comms_item")),
        sa.UniqueConstraint("project_id", "code", name=op.f("uq_comms_item_project_id")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_comms_item_project_id"), "comms_item", ["project_id"], unique=False)
    op.create_table(
        "handover_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("signed_off_by", sa.String(length=200), nullable=False),
        sa.Column("signed_off_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_handover_item_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handover_item")),
        sa.UniqueConstraint("project_id", "code", name=op.f("uq_handover_item_project_id")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_handover_item_project_id"), "handover_item", ["project_id"], unique=False
    )
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("chair", sa.String(length=200), nullable=False),
        sa.Column("attendees", sa.Text(), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_meeting_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
        sa.UniqueConstraint("project_id", "code", name=op.f("uq_meeting_project_id")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_meeting_project_id"), "meeting", ["project_id"], unique=False)
    op.create_table(
        "stakeholder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("power", sa.Integer(), nullable=False),
        sa.Column("interest", sa.Integer(), nullable=False),
        sa.Column("attitude", sa.String(length=20), nullable=False),
        sa.Column("needs", sa.Text(), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_stakeholder_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stakeholder")),
        sa.UniqueConstraint("project_id", "code", name=op.f("uq_stakeholder_project_id")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_stakeholder_project_id"), "stakeholder", ["project_id"], unique=False)
    op.create_table(
        "action_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("raised", sa.Date(), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("closed", sa.Date(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meeting.id"],
            name=op.f("fk_action_item_meeting_id_meeting"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_action_item_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_item")),
        sa.UniqueConstraint("project_id", "code", name=op.f("uq_action_item_project_id")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_action_item_meeting_id"), "action_item", ["meeting_id"], unique=False)
    op.create_index(op.f("ix_action_item_project_id"), "action_item", ["project_id"], unique=False)
    op.create_table(
        "cross_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("predecessor_id", sa.Integer(), nullable=False),
        sa.Column("successor_id", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=2), nullable=False),
        sa.Column("lag_minutes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["predecessor_id"],
            ["task.id"],
            name=op.f("fk_cross_link_predecessor_id_task"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["successor_id"],
            ["task.id"],
            name=op.f("fk_cross_link_successor_id_task"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cross_link")),
        sa.UniqueConstraint(
            "predecessor_id", "successor_id", name=op.f("uq_cross_link_predecessor_id")
        ),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_cross_link_predecessor_id"), "cross_link", ["predecessor_id"], unique=False
    )
    op.create_index(
        op.f("ix_cross_link_successor_id"), "cross_link", ["successor_id"], unique=False
    )
    with op.batch_alter_table("change_request", table_kwargs=_KEEP_IDS) as batch:
        batch.add_column(
            sa.Column("cab_required", sa.Boolean(), nullable=False, server_default="0")
        )
        batch.add_column(
            sa.Column("cab_outcome", sa.String(length=30), nullable=False, server_default="")
        )
        for name in _CHANGE_TEXTS:
            batch.add_column(sa.Column(name, sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("window_start", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("window_finish", sa.DateTime(), nullable=True))
        batch.add_column(
            sa.Column("implementer", sa.String(length=200), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("task_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_change_request_task_id_task"),
            "task",
            ["task_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("decision", table_kwargs=_KEEP_IDS) as batch:
        batch.add_column(sa.Column("needed_by", sa.Date(), nullable=True))
        batch.add_column(sa.Column("meeting_id", sa.Integer(), nullable=True))
        batch.create_index(op.f("ix_decision_meeting_id"), ["meeting_id"], unique=False)
        batch.create_foreign_key(
            op.f("fk_decision_meeting_id_meeting"),
            "meeting",
            ["meeting_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("project") as batch:
        batch.add_column(sa.Column("close_task_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("project", recreate="always", table_kwargs=_KEEP_IDS) as batch:
        batch.drop_column("close_task_id")
    with op.batch_alter_table("decision", recreate="always", table_kwargs=_KEEP_IDS) as batch:
        batch.drop_index(op.f("ix_decision_meeting_id"))
        batch.drop_column("meeting_id")
        batch.drop_column("needed_by")
    with op.batch_alter_table("change_request", recreate="always", table_kwargs=_KEEP_IDS) as batch:
        for name in ("task_id", "implementer", "window_finish", "window_start"):
            batch.drop_column(name)
        for name in reversed(_CHANGE_TEXTS):
            batch.drop_column(name)
        batch.drop_column("cab_outcome")
        batch.drop_column("cab_required")
    for table in _TABLES:
        op.drop_table(table)
