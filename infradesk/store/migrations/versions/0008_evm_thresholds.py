"""The thresholds of the RAG suggestions per project (issue 15): the schedule rating from
milestone slips and SPI(t), the cost rating from CPI, VAC / BAC and forecast / budget. Additive:
a project without a row uses the defaults.

Revision ID: 0008_evm_thresholds
Revises: 0007_progress
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_evm_thresholds"
down_revision = "0007_progress"
branch_labels = None
depends_on = None

_INTEGERS = ("schedule_amber_days", "schedule_red_days")
_RATIOS = (
    "spi_amber",
    "spi_red",
    "cpi_amber",
    "cpi_red",
    "vac_amber",
    "vac_red",
    "forecast_amber",
    "forecast_red",
)


def upgrade() -> None:
    op.create_table(
        "status_thresholds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in _INTEGERS),
        *(sa.Column(name, sa.Float(), nullable=False) for name in _RATIOS),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_status_thresholds_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_thresholds")),
        sa.UniqueConstraint("project_id", name=op.f("uq_status_thresholds_project_id")),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("status_thresholds")
