"""Schema for the risk register and RAID logs.

Revision ID: 0003_risks
Revises: 0002_schedule
"""

from __future__ import annotations

revision = "0003_risks"
down_revision = "0002_schedule"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change yet."""


def downgrade() -> None:
    """Nothing to change yet."""
