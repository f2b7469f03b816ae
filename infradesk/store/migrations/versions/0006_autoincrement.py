"""Ids are never reused: every table gets ``AUTOINCREMENT``.

Without it SQLite hands out the highest current rowid + 1, so after a delete the next insert
(by this program or another one on the same file) may take the id of a deleted row, and undoing
the delete can no longer put that row back. With ``AUTOINCREMENT`` an id once used is never
handed out again (SQLite keeps the high-water mark in ``sqlite_sequence``).

SQLite cannot add ``AUTOINCREMENT`` to an existing table, so each table is rebuilt in batch
mode (copy, drop, rename); ids, constraints and indexes are kept.

Revision ID: 0006_autoincrement
Revises: 0005_status
"""

from __future__ import annotations

from alembic import op

revision = "0006_autoincrement"
down_revision = "0005_status"
branch_labels = None
depends_on = None

# Every table of 0001-0005, parents before children (foreign keys are off during upgrades).
TABLES = (
    "project",
    "calendar",
    "calendar_day",
    "freeze_window",
    "task",
    "dependency",
    "baseline",
    "baseline_task",
    "risk_settings",
    "risk",
    "risk_action",
    "risk_history",
    "risk_task",
    "issue",
    "issue_task",
    "assumption",
    "change_request",
    "change_risk",
    "change_issue",
    "decision",
    "vendor",
    "vendor_contact",
    "vendor_score",
    "contract",
    "budget_line",
    "purchase_order",
    "deliverable",
    "status_update",
)


def _rebuild(autoincrement: bool) -> None:
    for name in TABLES:
        with op.batch_alter_table(
            name, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass


def upgrade() -> None:
    _rebuild(True)


def downgrade() -> None:
    _rebuild(False)
