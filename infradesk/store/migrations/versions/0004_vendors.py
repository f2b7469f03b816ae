"""Schema for the vendors, contracts, orders, deliveries, budget.

Adds vendor contacts, performance scores, purchase orders and budget lines; contract terms
(type, notice in months, renewal, SLA, document); a delivery's purchase order.

New NOT NULL columns of existing tables get a server default for the rows already there; a
second batch drops those defaults again so the schema equals the models' metadata.

Revision ID: 0004_vendors
Revises: 0003_risks
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_vendors"
down_revision = "0003_risks"
branch_labels = None
depends_on = None

_VENDOR_COLUMNS = (
    ("account_number", sa.String(length=100), "''"),
    ("website", sa.String(length=300), "''"),
)
_CONTRACT_COLUMNS = (
    ("contract_type", sa.String(length=50), "'purchase'"),
    ("notice_months", sa.Integer(), "0"),
    ("renewal", sa.String(length=20), "'none'"),
    ("sla_response", sa.String(length=100), "''"),
    ("sla_resolution", sa.String(length=100), "''"),
    ("document_path", sa.String(length=1000), "''"),
)


def _money() -> sa.Numeric:
    return sa.Numeric(precision=14, scale=2)


def _add_with_defaults(
    table: str, columns: tuple[tuple[str, sa.types.TypeEngine, str], ...]
) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for name, type_, default in columns:
            batch_op.add_column(
                sa.Column(name, type_, nullable=False, server_default=sa.text(default))
            )
    with op.batch_alter_table(table, schema=None) as batch_op:
        for name, type_, _default in columns:
            batch_op.alter_column(name, existing_type=type_, server_default=None)


def upgrade() -> None:
    _add_with_defaults("vendor", _VENDOR_COLUMNS)
    _add_with_defaults("contract", _CONTRACT_COLUMNS)
    with op.batch_alter_table("contract", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sla_availability", sa.Numeric(precision=6, scale=3), nullable=True)
        )

    op.create_table(
        "vendor_contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=300), nullable=False),
        sa.Column("phone", sa.String(length=100), nullable=False),
        sa.Column("account_manager", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["vendor.id"],
            name=op.f("fk_vendor_contact_vendor_id_vendor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vendor_contact")),
    )
    with op.batch_alter_table("vendor_contact", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_vendor_contact_vendor_id"), ["vendor_id"], unique=False
        )

    op.create_table(
        "vendor_score",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("scored_on", sa.Date(), nullable=False),
        sa.Column("quality", sa.Integer(), nullable=False),
        sa.Column("timeliness", sa.Integer(), nullable=False),
        sa.Column("responsiveness", sa.Integer(), nullable=False),
        sa.Column("commercial", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["vendor.id"],
            name=op.f("fk_vendor_score_vendor_id_vendor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vendor_score")),
    )
    with op.batch_alter_table("vendor_score", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vendor_score_vendor_id"), ["vendor_id"], unique=False)

    op.create_table(
        "budget_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=50), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("amount", _money(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["project.id"],
            name=op.f("fk_budget_line_project_id_project"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_line")),
    )
    with op.batch_alter_table("budget_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_line_project_id"), ["project_id"], unique=False)

    op.create_table(
        "purchase_order",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("budget_line_id", sa.Integer(), nullable=True),
        sa.Column("number", sa.String(length=100), nullable=False),
        sa.Column("description", sa.String(length=500), nullable=False),
        sa.Column("amount", _money(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("order_date", sa.Date(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("invoiced", _money(), nullable=False),
        sa.Column("paid", _money(), nullable=False),
        sa.ForeignKeyConstraint(
            ["budget_line_id"],
            ["budget_line.id"],
            name=op.f("fk_purchase_order_budget_line_id_budget_line"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contract.id"],
            name=op.f("fk_purchase_order_contract_id_contract"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["vendor.id"],
            name=op.f("fk_purchase_order_vendor_id_vendor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchase_order")),
    )
    with op.batch_alter_table("purchase_order", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_purchase_order_budget_line_id"), ["budget_line_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_purchase_order_contract_id"), ["contract_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_purchase_order_vendor_id"), ["vendor_id"], unique=False
        )

    with op.batch_alter_table("deliverable", schema=None) as batch_op:
        batch_op.add_column(sa.Column("order_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_deliverable_order_id"), ["order_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_deliverable_order_id_purchase_order"),
            "purchase_order",
            ["order_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("deliverable", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_deliverable_order_id_purchase_order"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_deliverable_order_id"))
        batch_op.drop_column("order_id")
    for table in ("purchase_order", "budget_line", "vendor_score", "vendor_contact"):
        op.drop_table(table)
    with op.batch_alter_table("contract", schema=None) as batch_op:
        for name, _type, _default in _CONTRACT_COLUMNS:
            batch_op.drop_column(name)
        batch_op.drop_column("sla_availability")
    with op.batch_alter_table("vendor", schema=None) as batch_op:
        for name, _type, _default in _VENDOR_COLUMNS:
            batch_op.drop_column(name)
