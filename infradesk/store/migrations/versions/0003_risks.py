"""Schema for the risk register and RAID logs: richer risks, response actions, history, task
links, issues, assumptions, decisions, change requests and per-project scoring settings.

Revision ID: 0003_risks
Revises: 0002_schedule
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_risks"
down_revision = "0002_schedule"
branch_labels = None
depends_on = None

# (name, type, server default, nullable) of the columns added to "risk".
_RISK_COLUMNS: list[tuple[str, sa.types.TypeEngine, str | None, bool]] = [
    ("kind", sa.String(length=20), "threat", False),
    ("cause", sa.Text(), "", False),
    ("event", sa.Text(), "", False),
    ("effect", sa.Text(), "", False),
    ("proximity", sa.Date(), None, True),
    ("cost_impact", sa.Numeric(precision=14, scale=2), "0", False),
    ("schedule_impact_days", sa.Integer(), "0", False),
    ("contingency", sa.Text(), "", False),
    ("trigger", sa.Text(), "", False),
    ("residual_probability", sa.Integer(), "0", False),
    ("residual_impact", sa.Integer(), "0", False),
    ("next_review", sa.Date(), None, True),
]


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _fk(column: str, table: str, owner: str, ondelete: str = "CASCADE") -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{table}.id"], name=op.f(f"fk_{owner}_{column}_{table}"), ondelete=ondelete
    )


def _indexes(table: str, *columns: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=False)


def _project_log(table: str, *columns: sa.Column, extra: tuple = ()) -> None:
    """A RAID log table: id, project, code unique per project, title, then ``columns``."""
    op.create_table(
        table,
        _id(),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        *columns,
        _fk("project_id", "project", table),
        *extra,
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.UniqueConstraint("project_id", "code", name=op.f(f"uq_{table}_project_id")),
    )


def _link_table(table: str, left: tuple[str, str], right: tuple[str, str]) -> None:
    (left_column, left_table), (right_column, right_table) = left, right
    op.create_table(
        table,
        _id(),
        sa.Column(left_column, sa.Integer(), nullable=False),
        sa.Column(right_column, sa.Integer(), nullable=False),
        _fk(left_column, left_table, table),
        _fk(right_column, right_table, table),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.UniqueConstraint(left_column, right_column, name=op.f(f"uq_{table}_{left_column}")),
    )
    _indexes(table, left_column, right_column)


def upgrade() -> None:
    with op.batch_alter_table("risk", schema=None) as batch_op:
        for name, type_, default, nullable in _RISK_COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=nullable, server_default=default))

    op.create_table(
        "risk_action",
        _id(),
        sa.Column("risk_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("done", sa.Boolean(), nullable=False),
        _fk("risk_id", "risk", "risk_action"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_action")),
    )
    _indexes("risk_action", "risk_id")
    op.create_table(
        "risk_history",
        _id(),
        sa.Column("risk_id", sa.Integer(), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("probability", sa.Integer(), nullable=False),
        sa.Column("impact", sa.Integer(), nullable=False),
        sa.Column("residual_probability", sa.Integer(), nullable=False),
        sa.Column("residual_impact", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        _fk("risk_id", "risk", "risk_history"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_history")),
    )
    _indexes("risk_history", "risk_id")
    _link_table("risk_task", ("risk_id", "risk"), ("task_id", "task"))

    _project_log(
        "issue",
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=50), nullable=False),
        sa.Column("priority", sa.String(length=20), nullable=False),
        sa.Column("severity", sa.String(length=20), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("raised", sa.Date(), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("resolution", sa.Text(), nullable=False),
        sa.Column("resolved", sa.Date(), nullable=True),
        sa.Column("risk_id", sa.Integer(), nullable=True),
        extra=(_fk("risk_id", "risk", "issue", "SET NULL"),),
    )
    _indexes("issue", "project_id", "risk_id")
    _link_table("issue_task", ("issue_id", "issue"), ("task_id", "task"))

    _project_log(
        "assumption",
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("validate_by", sa.Date(), nullable=True),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("impact_if_false", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
    )
    _indexes("assumption", "project_id")

    _project_log(
        "change_request",
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("change_type", sa.String(length=20), nullable=False),
        sa.Column("requested_by", sa.String(length=200), nullable=False),
        sa.Column("requested", sa.Date(), nullable=True),
        sa.Column("schedule_impact_days", sa.Integer(), nullable=False),
        sa.Column("cost_impact", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=True),
        sa.Column("approver", sa.String(length=200), nullable=False),
        sa.Column("itil_class", sa.String(length=20), nullable=False),
        sa.Column("cab_date", sa.Date(), nullable=True),
        sa.Column("baseline_id", sa.Integer(), nullable=True),
        extra=(_fk("baseline_id", "baseline", "change_request", "SET NULL"),),
    )
    _indexes("change_request", "project_id")
    _link_table("change_risk", ("change_id", "change_request"), ("risk_id", "risk"))
    _link_table("change_issue", ("change_id", "change_request"), ("issue_id", "issue"))

    _project_log(
        "decision",
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("change_id", sa.Integer(), nullable=True),
        extra=(_fk("change_id", "change_request", "decision", "SET NULL"),),
    )
    _indexes("decision", "project_id", "change_id")

    op.create_table(
        "risk_settings",
        _id(),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("low_max", sa.Integer(), nullable=False),
        sa.Column("medium_max", sa.Integer(), nullable=False),
        sa.Column("high_max", sa.Integer(), nullable=False),
        sa.Column("probability_percents", sa.String(length=50), nullable=False),
        sa.Column("categories", sa.Text(), nullable=False),
        _fk("project_id", "project", "risk_settings"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_settings")),
        sa.UniqueConstraint("project_id", name=op.f("uq_risk_settings_project_id")),
    )


def downgrade() -> None:
    for table in (
        "risk_settings",
        "decision",
        "change_issue",
        "change_risk",
        "change_request",
        "assumption",
        "issue_task",
        "issue",
        "risk_task",
        "risk_history",
        "risk_action",
    ):
        op.drop_table(table)
    with op.batch_alter_table("risk", schema=None) as batch_op:
        for name, _type, _default, _nullable in reversed(_RISK_COLUMNS):
            batch_op.drop_column(name)
