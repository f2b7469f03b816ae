"""Migration 0015 (issue 22): a 0014 workspace opens at head with the task table's sibling
index ``(project_id, parent_id, position)``, its tasks untouched, and the top level's
sibling query uses it; the downgrade drops the index again."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import inspect, text

from infradesk.model.project import TASK_SIBLING_INDEX
from infradesk.store.engine import make_engine
from infradesk.store.migrate import alembic_config, current_revision, head_revision
from infradesk.store.workspace import Workspace
from tests.store.migration_steps import upgrade_to

_TASKS = "SELECT id, project_id, parent_id, position, name FROM task ORDER BY id"
_ROWS = [(1, 1, None, 0, "Phase"), (2, 1, 1, 0, "Cabling"), (3, 1, None, 1, "Handover")]


def _task(task_id: int, parent: str, position: int, name: str) -> str:
    return (
        "INSERT INTO task (id, project_id, parent_id, position, name, duration_minutes,"
        " percent_complete, milestone, notes, owner, production_change, external_ref,"
        " constraint_type, cost, actual_cost, estimated, manual, elapsed)"
        f" VALUES ({task_id}, 1, {parent}, {position}, '{name}', 480, 0, 0, '', '', 0, '',"
        " 'ASAP', 0, 0, 0, 0, 0)"
    )


def _old_file(path: Path) -> None:
    upgrade_to(
        path,
        "0014_team",
        "INSERT INTO project (id, name, currency, start, manager, description, created_at,"
        " reschedule_after_status)"
        " VALUES (1, 'Old', 'EUR', '2026-01-05 08:00:00', '', '', '2026-01-01 00:00:00', 1)",
        _task(1, "NULL", 0, "Phase"),
        _task(2, "1", 0, "Cabling"),
        _task(3, "NULL", 1, "Handover"),
    )


def _task_indexes(path: Path) -> dict[str, list[str | None]]:
    engine = make_engine(path)
    with engine.connect() as connection:
        found = {i["name"]: i["column_names"] for i in inspect(connection).get_indexes("task")}
    engine.dispose()
    return {name: columns for name, columns in found.items() if name is not None}


def test_a_0014_workspace_opens_at_head_with_the_index(tmp_path: Path) -> None:
    path = tmp_path / "old.infradesk"
    _old_file(path)
    assert TASK_SIBLING_INDEX not in _task_indexes(path)

    workspace = Workspace.open(path)  # the migrate path every older file takes
    assert current_revision(workspace.engine) == head_revision()
    with workspace.engine.connect() as connection:
        tasks = [tuple(r) for r in connection.execute(text(_TASKS))]
        query_plan = " ".join(
            str(r[-1])
            for r in connection.execute(
                text(
                    "EXPLAIN QUERY PLAN SELECT id FROM task WHERE project_id = 1"
                    " AND parent_id IS NULL AND position < 1 ORDER BY position DESC, id DESC"
                    " LIMIT 1"
                )
            )
        )
    workspace.close()

    assert tasks == _ROWS
    assert _task_indexes(path)[TASK_SIBLING_INDEX] == ["project_id", "parent_id", "position"]
    assert TASK_SIBLING_INDEX in query_plan and "TEMP B-TREE" not in query_plan


def test_head_is_at_least_0015() -> None:
    assert head_revision() >= "0015_task_sibling_index"  # later revisions come after it


def test_downgrade_drops_the_index_and_keeps_the_tasks(tmp_path: Path) -> None:
    path = tmp_path / "down.infradesk"
    _old_file(path)
    upgrade_to(path, "0015_task_sibling_index")
    assert TASK_SIBLING_INDEX in _task_indexes(path)
    engine = make_engine(path)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0014_team")
    with engine.connect() as connection:
        tasks = [tuple(r) for r in connection.execute(text(_TASKS))]
    engine.dispose()
    assert TASK_SIBLING_INDEX not in _task_indexes(path)
    assert tasks == _ROWS
