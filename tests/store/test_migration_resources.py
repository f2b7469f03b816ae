"""Migration 0011 (issue 18): owner texts become resources (names matched ignoring case and
spaces), each leaf task with an owner gets its primary assignment, summaries get none, the
"24 Hours" calendar exists, task ids are kept, and the downgrade returns to 0010."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import text

from infradesk.store.engine import make_engine
from infradesk.store.migrate import alembic_config
from infradesk.store.workspace import Workspace
from tests.store.migration_steps import table_sql, upgrade_to

_PROJECT = (
    "INSERT INTO project (id, name, currency, start, manager, description, created_at,"
    " reschedule_after_status)"
    " VALUES (1, 'Old', 'EUR', '2026-01-05 08:00:00', '', '', '2026-01-01 00:00:00', 1)"
)


def _task(task_id: int, owner: str, parent: str = "NULL", milestone: int = 0) -> str:
    return (
        "INSERT INTO task (id, project_id, parent_id, position, name, duration_minutes,"
        " percent_complete, constraint_type, cost, actual_cost, milestone, notes, owner,"
        " production_change, external_ref, estimated, manual, elapsed)"
        f" VALUES ({task_id}, 1, {parent}, {task_id}, 'T{task_id}', 960, 0, 'ASAP', 0, 0,"
        f" {milestone}, '', '{owner}', 0, '', 0, 0, 0)"
    )


def _rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    engine = make_engine(path)
    with engine.connect() as connection:
        rows = [tuple(r) for r in connection.execute(text(sql))]
    engine.dispose()
    return rows


def _old_workspace(path: Path) -> None:
    upgrade_to(
        path,
        "0010_raid_dependencies",
        _PROJECT,
        _task(1, "Network team"),
        _task(2, "Alice", parent="1"),
        _task(3, " alice "),
        _task(4, ""),
        _task(5, "Bob", milestone=1),
    )


def test_owner_texts_become_resources_and_primary_assignments(tmp_path: Path) -> None:
    path = tmp_path / "old.infradesk"
    _old_workspace(path)
    upgrade_to(path, "0011_resources")
    resources = _rows(path, "SELECT id, name, kind, max_units FROM resource ORDER BY id")
    assert [r[1:] for r in resources] == [
        ("Network team", "work", 1.0),
        ("Alice", "work", 1.0),
        ("Bob", "work", 1.0),
    ]
    ids = {name: rid for rid, name, _, _ in resources}
    assignments = _rows(
        path, "SELECT task_id, resource_id, units, work_minutes, position FROM assignment"
        " ORDER BY task_id"
    )
    # task 1 is a summary (task 2 is its child): its owner is a resource but not assigned
    assert assignments == [
        (2, ids["Alice"], 1.0, 960, 0),
        (3, ids["Alice"], 1.0, 960, 0),
        (5, ids["Bob"], 1.0, 0, 0),
    ]
    tasks = _rows(path, "SELECT id, owner, priority, task_type, calendar_id FROM task")
    assert tasks[0] == (1, "Network team", 500, "fixed_duration", None)
    assert [t[0] for t in tasks] == [1, 2, 3, 4, 5]
    assert _rows(path, "SELECT name, working_weekdays, working_hours FROM base_calendar") == [
        ("24 Hours", "0,1,2,3,4,5,6", "00:00-24:00")
    ]
    for table in ("task", "resource", "assignment", "resource_day", "base_calendar"):
        assert "AUTOINCREMENT" in table_sql(path, table)


def test_the_migrated_workspace_opens_at_head(tmp_path: Path) -> None:
    path = tmp_path / "old.infradesk"
    _old_workspace(path)
    workspace = Workspace.open(path)
    workspace.close()
    assert len(_rows(path, "SELECT id FROM assignment")) == 3


def test_downgrade_returns_to_0010_with_the_owners(tmp_path: Path) -> None:
    path = tmp_path / "down.infradesk"
    _old_workspace(path)
    upgrade_to(path, "0011_resources")
    engine = make_engine(path)
    config = alembic_config()
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")  # as upgrades run: the rebuild keeps subtasks
        with connection.begin():
            config.attributes["connection"] = connection
            command.downgrade(config, "0010_raid_dependencies")
    engine.dispose()
    assert "priority" not in table_sql(path, "task")
    assert _rows(path, "SELECT name FROM sqlite_master WHERE name = 'resource'") == []
    assert [r[0] for r in _rows(path, "SELECT owner FROM task ORDER BY id")] == [
        "Network team", "Alice", " alice ", "", "Bob",
    ]
