"""Schema for the vendors, contracts, orders, deliveries, budget.

Revision ID: 0004_vendors
Revises: 0003_risks
"""

from __future__ import annotations

revision = "0004_vendors"
down_revision = "0003_risks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change yet."""


def downgrade() -> None:
    """Nothing to change yet."""
