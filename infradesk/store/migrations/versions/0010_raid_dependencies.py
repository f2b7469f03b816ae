"""The D of RAID (issue 17): a project's external dependencies, what it needs from outside
its plan by a date (a RAID workbook's "Dependencies" sheet). Additive: a new table, empty in
an existing workspace.

Revision ID: 0010_raid_dependencies
Revises: 0009_task_flags
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_raid_dependencies"
down_revision = "0009_task_flags"
branch_labels = None
depends_on = None

_TABLE = "external_dependency"


def upgrade() -> None:
    op.create_table(
        _TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("dependency_type", sa.String(length=20), nullable=False),
        sa.Column("dependent_on", sa.Text(), nullable=False),
        sa.Column("external_party", sa.String(length=200), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("required_by", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("impact_if_late", sa.Text(), nullable=False),
        sa.Column("mitigation", sa.Text(), nullable=False),
        sa.Column("remarks", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f(f"fk_{_TABLE}_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{_TABLE}")),
        sa.UniqueConstraint("project_id", "code", name=op.f(f"uq_{_TABLE}_project_id")),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table(_TABLE) as batch:
        batch.create_index(batch.f(f"ix_{_TABLE}_project_id"), ["project_id"], unique=False)


def downgrade() -> None:
    op.drop_table(_TABLE)
