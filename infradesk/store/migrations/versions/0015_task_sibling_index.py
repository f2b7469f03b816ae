"""The task table's sibling index (issue 22): ``(project_id, parent_id, position)`` finds a
parent's children in sibling order by one seek, the top level (``parent_id`` NULL) included,
where the project's index alone made an indent on a flat plan of 100,000 tasks scan the whole
project for the row above. Additive: an index only, no row changes.

Revision ID: 0015_task_sibling_index
Revises: 0014_team
"""

from __future__ import annotations

from alembic import op

revision = "0015_task_sibling_index"
down_revision = "0014_team"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_task_project_parent_position",
        "task",
        ["project_id", "parent_id", "position"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_task_project_parent_position", table_name="task")
