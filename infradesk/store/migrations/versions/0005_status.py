"""Schema for the weekly status updates.

Revision ID: 0005_status
Revises: 0004_vendors
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_status"
down_revision = "0004_vendors"
branch_labels = None
depends_on = None

_RAG_COLUMNS = ("overall", "schedule", "cost", "scope", "risk")


def upgrade() -> None:
    columns: list[sa.Column] = [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    ]
    for name in _RAG_COLUMNS:
        columns.append(sa.Column(f"{name}_rag", sa.String(length=8), nullable=False))
        columns.append(sa.Column(f"{name}_note", sa.Text(), nullable=False))
    op.create_table(
        "status_update",
        *columns,
        sa.Column("executive_summary", sa.Text(), nullable=False),
        sa.Column("achievements", sa.Text(), nullable=False),
        sa.Column("decisions_needed", sa.Text(), nullable=False),
        sa.Column("help_needed", sa.Text(), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_status_update_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_update")),
        sa.UniqueConstraint("project_id", "as_of", name=op.f("uq_status_update_project_id")),
    )
    with op.batch_alter_table("status_update", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_status_update_project_id"), ["project_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("status_update", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_status_update_project_id"))
    op.drop_table("status_update")
