"""Schema for the schedule engine (baselines, constraints).

Revision ID: 0002_schedule
Revises: 0001_core
"""

from __future__ import annotations

revision = "0002_schedule"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change yet."""


def downgrade() -> None:
    """Nothing to change yet."""
