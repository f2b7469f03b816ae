"""Migration 0009 (issue 16): the estimated, manual and elapsed task flags arrive False on a
0008 workspace's tasks, the workspace opens at head with them, and the downgrade gives back
the 0008 task table (AUTOINCREMENT kept)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import inspect, text

from infradesk.store.engine import make_engine
from infradesk.store.migrate import alembic_config, head_revision
from tests.store.migration_steps import table_sql, upgrade_to

_FLAGS = {"estimated", "manual", "elapsed"}




def test_a_0008_workspace_gets_the_flags_false(tmp_path: Path) -> None:
    path = tmp_path / "old.infradesk"
    upgrade_to(
        path,
        "0008_evm_thresholds",
        "INSERT INTO project (id, name, currency, start, manager, description, created_at,"
        " reschedule_after_status)"
        " VALUES (1, 'Old', 'EUR', '2026-01-05 08:00:00', '', '', '2026-01-01 00:00:00', 1)",
        "INSERT INTO task (id, project_id, position, name, duration_minutes, percent_complete,"
        " milestone, notes, owner, production_change, external_ref, constraint_type, cost,"
        " actual_cost, start)"
        " VALUES (1, 1, 0, 'Cabling', 960, 25, 0, '', 'Ana', 0, '', 'ASAP', 0, 0,"
        " '2026-01-05 08:00:00')",
    )
    upgrade_to(path, "0009_task_flags")
    engine = make_engine(path)
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT id, name, duration_minutes, estimated, manual, elapsed FROM task")
        ).one()
    engine.dispose()
    assert tuple(row) == (1, "Cabling", 960, 0, 0, 0)
    assert head_revision() >= "0009_task_flags"  # later revisions come after it


def test_the_flags_are_not_null(tmp_path: Path) -> None:
    path = tmp_path / "new.infradesk"
    upgrade_to(path, "0009_task_flags")
    engine = make_engine(path)
    with engine.connect() as connection:
        columns = {c["name"]: c for c in inspect(connection).get_columns("task")}
    engine.dispose()
    assert {name: columns[name]["nullable"] for name in _FLAGS} == dict.fromkeys(_FLAGS, False)


def test_downgrade_gives_back_the_0008_task_table(tmp_path: Path) -> None:
    path = tmp_path / "down.infradesk"
    upgrade_to(path, "0009_task_flags")
    engine = make_engine(path)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0008_evm_thresholds")
        columns = {c["name"] for c in inspect(connection).get_columns("task")}
    engine.dispose()
    assert not columns & _FLAGS
    assert {"constraint_type", "actual_cost", "external_ref"} <= columns
    assert "AUTOINCREMENT" in table_sql(path, "task")
