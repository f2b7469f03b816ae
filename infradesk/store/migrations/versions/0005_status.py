"""Schema for the weekly status updates.

Revision ID: 0005_status
Revises: 0004_vendors
"""

from __future__ import annotations

revision = "0005_status"
down_revision = "0004_vendors"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change yet."""


def downgrade() -> None:
    """Nothing to change yet."""
