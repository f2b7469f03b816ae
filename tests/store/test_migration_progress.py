"""Migration 0007 (progress tracking): a stored start-no-earlier-than becomes an SNET
constraint, new columns get their defaults, rebuilt tables keep AUTOINCREMENT, and the
downgrade gives back the 0006 schema."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import inspect, text

from infradesk.store.engine import make_engine
from infradesk.store.migrate import alembic_config
from tests.store.migration_steps import table_sql, upgrade_to


def test_start_no_earlier_than_becomes_an_snet_constraint(tmp_path: Path) -> None:
    path = tmp_path / "old.infradesk"
    upgrade_to(
        path,
        "0006_autoincrement",
        "INSERT INTO project (id, name, currency, start, manager, description, created_at)"
        " VALUES (1, 'Old', 'EUR', '2026-01-05 08:00:00', '', '', '2026-01-01 00:00:00')",
        "INSERT INTO task (id, project_id, position, name, duration_minutes, percent_complete,"
        " milestone, notes, owner, start_no_earlier_than, production_change, external_ref)"
        " VALUES (1, 1, 0, 'Pinned', 480, 0, 0, '', '', '2026-02-02 08:00:00', 0, ''),"
        " (2, 1, 1, 'Free', 480, 50, 0, '', '', NULL, 0, '')",
        "INSERT INTO vendor (id, project_id, name, category, notes, account_number, website)"
        " VALUES (1, 1, 'Acme', '', '', '', '')",
        "INSERT INTO purchase_order (id, vendor_id, number, description, amount, currency,"
        " status, invoiced, paid) VALUES (7, 1, 'PO-7', '', 100, 'EUR', 'draft', 0, 0)",
    )
    upgrade_to(path, "0007_progress")
    engine = make_engine(path)
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT id, constraint_type, constraint_date, actual_start, actual_finish,"
                " cost, actual_cost FROM task ORDER BY id"
            )
        ).all()
        po = connection.execute(text("SELECT id, task_id FROM purchase_order")).one()
        project = connection.execute(text("SELECT reschedule_after_status FROM project")).one()
    engine.dispose()
    assert [tuple(row) for row in rows] == [
        (1, "SNET", "2026-02-02 08:00:00", None, None, 0, 0),
        (2, "ASAP", None, None, None, 0, 0),
    ]
    assert tuple(po) == (7, None)
    assert tuple(project) == (1,)
    # purchase_order was rebuilt for its new foreign key: ids are still never reused
    assert "AUTOINCREMENT" in table_sql(path, "purchase_order")


def test_downgrade_gives_back_the_0006_columns(tmp_path: Path) -> None:
    path = tmp_path / "down.infradesk"
    upgrade_to(path, "0007_progress")
    engine = make_engine(path)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0006_autoincrement")
        columns = {c["name"] for c in inspect(connection).get_columns("task")}
        po_columns = {c["name"] for c in inspect(connection).get_columns("purchase_order")}
    engine.dispose()
    assert not columns & {"actual_start", "actual_finish", "constraint_type", "cost"}
    assert "start_no_earlier_than" in columns
    assert "task_id" not in po_columns
    for table in ("task", "purchase_order", "project", "baseline", "baseline_task"):
        assert "AUTOINCREMENT" in table_sql(path, table)
