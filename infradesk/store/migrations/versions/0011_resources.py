"""The resource pool (issue 18): named base calendars (with the round-the-clock "24 Hours"),
resources with their own days, assignments, and four task columns (priority, task type, the
task's calendar, the leveling delay).

Each distinct owner text of a workspace becomes a work resource (names matched after trimming,
ignoring case; the first spelling met wins), and each leaf task with an owner gets that resource
as its primary assignment at 100%, its work equal to its duration. Downgrading drops the pool;
the owner texts were never touched, so nothing of the old schema is lost.

Revision ID: 0011_resources
Revises: 0010_raid_dependencies
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_resources"
down_revision = "0010_raid_dependencies"
branch_labels = None
depends_on = None

_KEEP_IDS = {"sqlite_autoincrement": True}
_MONEY = sa.Numeric(14, 2)


def _create_tables() -> None:
    op.create_table(
        "base_calendar",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("working_weekdays", sa.String(length=20), nullable=False),
        sa.Column("working_hours", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_base_calendar")),
        sa.UniqueConstraint("name", name=op.f("uq_base_calendar_name")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "resource",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("team", sa.String(length=200), nullable=False),
        sa.Column("vendor_id", sa.Integer(), nullable=True),
        sa.Column("max_units", sa.Float(), nullable=False),
        sa.Column("rate_per_hour", _MONEY, nullable=False),
        sa.Column("cost_per_use", _MONEY, nullable=False),
        sa.Column("material_label", sa.String(length=40), nullable=False),
        sa.Column("calendar_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["vendor_id"], ["vendor.id"],
            name=op.f("fk_resource_vendor_id_vendor"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["calendar_id"], ["base_calendar.id"],
            name=op.f("fk_resource_calendar_id_base_calendar"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource")),
        sa.UniqueConstraint("name", name=op.f("uq_resource_name")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_resource_vendor_id"), "resource", ["vendor_id"])
    op.create_table(
        "resource_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("working_hours", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["resource_id"], ["resource.id"],
            name=op.f("fk_resource_day_resource_id_resource"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resource_day")),
        sa.UniqueConstraint("resource_id", "day", name=op.f("uq_resource_day_resource_id")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "assignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("resource_id", sa.Integer(), nullable=False),
        sa.Column("units", sa.Float(), nullable=False),
        sa.Column("work_minutes", sa.Integer(), nullable=False),
        sa.Column("cost", _MONEY, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["task_id"], ["task.id"],
            name=op.f("fk_assignment_task_id_task"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["resource_id"], ["resource.id"],
            name=op.f("fk_assignment_resource_id_resource"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment")),
        sa.UniqueConstraint("task_id", "resource_id", name=op.f("uq_assignment_task_id")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_assignment_task_id"), "assignment", ["task_id"])
    op.create_index(op.f("ix_assignment_resource_id"), "assignment", ["resource_id"])


def _add_task_columns() -> None:
    with op.batch_alter_table("task", recreate="always", table_kwargs=_KEEP_IDS) as batch:
        batch.add_column(sa.Column("priority", sa.Integer(), nullable=False, server_default="500"))
        batch.add_column(
            sa.Column(
                "task_type", sa.String(length=14), nullable=False,
                server_default="fixed_duration",
            )
        )
        batch.add_column(sa.Column("calendar_id", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column(
                "leveling_delay_minutes", sa.Integer(), nullable=False, server_default="0"
            )
        )
        batch.create_foreign_key(
            batch.f("fk_task_calendar_id_base_calendar"),
            "base_calendar", ["calendar_id"], ["id"], ondelete="SET NULL",
        )


def _owners_into_resources() -> None:
    connection = op.get_bind()
    connection.execute(
        sa.text(
            "INSERT INTO base_calendar (name, working_weekdays, working_hours) "
            "VALUES ('24 Hours', '0,1,2,3,4,5,6', '00:00-24:00')"
        )
    )
    owners = connection.execute(
        sa.text("SELECT id, owner, duration_minutes, milestone FROM task ORDER BY id")
    ).all()
    parents = {
        row[0] for row in connection.execute(
            sa.text("SELECT DISTINCT parent_id FROM task WHERE parent_id IS NOT NULL")
        )
    }
    resource_ids: dict[str, int] = {}
    for task_id, owner, duration, milestone in owners:
        name = (owner or "").strip()
        if not name:
            continue
        key = name.casefold()
        if key not in resource_ids:
            resource_ids[key] = connection.execute(
                sa.text(
                    "INSERT INTO resource (name, kind, role, email, team, max_units, "
                    "rate_per_hour, cost_per_use, material_label, notes) VALUES "
                    "(:name, 'work', '', '', '', 1.0, 0, 0, '', '') RETURNING id"
                ),
                {"name": name[:200]},
            ).scalar_one()
        if task_id in parents:
            continue
        connection.execute(
            sa.text(
                "INSERT INTO assignment (task_id, resource_id, units, work_minutes, cost, "
                "position) VALUES (:task, :resource, 1.0, :work, 0, 0)"
            ),
            {
                "task": task_id,
                "resource": resource_ids[key],
                "work": 0 if milestone else max(0, int(duration or 0)),
            },
        )


def upgrade() -> None:
    _create_tables()
    _add_task_columns()
    _owners_into_resources()


def downgrade() -> None:
    with op.batch_alter_table("task", recreate="always", table_kwargs=_KEEP_IDS) as batch:
        batch.drop_constraint("fk_task_calendar_id_base_calendar", type_="foreignkey")
        for name in ("leveling_delay_minutes", "calendar_id", "task_type", "priority"):
            batch.drop_column(name)
    op.drop_table("assignment")
    op.drop_table("resource_day")
    op.drop_index(op.f("ix_resource_vendor_id"), "resource")
    op.drop_table("resource")
    op.drop_table("base_calendar")
