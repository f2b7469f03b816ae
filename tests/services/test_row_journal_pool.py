"""The row journal on a pooled SQLite connection: made once, switched on for one command's
transaction only, and still exact when the transaction that made it rolled back."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from infradesk.errors import UserError
from infradesk.model import Project, Task
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.plan.incremental import warm_scheduler
from infradesk.services.plan.outline_edits import InsertTask
from infradesk.store.workspace import Workspace
from tests.rows import content, undone_tables


@pytest.fixture
def file_workspace(tmp_path: Path) -> Iterator[Workspace]:
    opened = Workspace.create(tmp_path / "pool.infradesk")
    yield opened
    opened.close()


def _project(workspace: Workspace) -> int:
    with workspace.session() as session:
        project = Project(name="P", start=datetime(2026, 3, 2, 8, 0))
        session.add(project)
        session.flush()
        return project.id


def _task(workspace: Workspace, project_id: int, name: str) -> int:
    insert = InsertTask(project_id, None, name, 480)
    insert.apply(workspace)
    assert insert.task_id is not None
    return insert.task_id


def _dump(workspace: Workspace) -> dict[str, list[tuple[object, ...]]]:
    with workspace.session() as session:
        return {t.name: [tuple(r) for r in session.execute(content(t))] for t in undone_tables()}


def _temp_count(session: object, sql: str) -> int:
    return int(session.execute(text(sql)).scalar_one())  # type: ignore[attr-defined]


def test_later_writes_on_a_commands_connection_are_not_journaled(file_workspace: Workspace) -> None:
    workspace = file_workspace
    project_id = _project(workspace)
    task_id = _task(workspace, project_id, "A")
    UpdateTask(project_id, task_id, {"owner": "Kim"}, "Owner").apply(workspace)
    assert workspace.engine.pool.checkedin() == 1  # one connection, lent again below

    with workspace.session() as session:
        # the command's journal is on this connection, switched off and emptied
        triggers = "SELECT count(*) FROM sqlite_temp_master WHERE type = 'trigger'"
        assert _temp_count(session, triggers) > 100
        assert _temp_count(session, "SELECT count(*) FROM temp.journal_on") == 0
        assert _temp_count(session, "SELECT count(*) FROM temp.journal") == 0
        write = text("UPDATE task SET notes = 'plain write' WHERE id = :id")
        session.execute(write, {"id": task_id})
        assert _temp_count(session, "SELECT count(*) FROM temp.journal") == 0


def test_the_journal_made_by_a_rolled_back_command_is_made_again(file_workspace: Workspace) -> None:
    workspace = file_workspace
    project_id = _project(workspace)
    task_id = _task(workspace, project_id, "A")
    workspace.engine.dispose()  # the next command makes the journal on a new connection
    with pytest.raises(UserError):
        UpdateTask(project_id, task_id, {"duration_minutes": -5}, "Bad").apply(workspace)
    before = _dump(workspace)

    edit = UpdateTask(project_id, task_id, {"duration_minutes": 960, "owner": "Kim"}, "Edit")
    edit.apply(workspace)
    assert _dump(workspace) != before
    edit.revert(workspace)
    assert _dump(workspace) == before


def test_undo_stays_exact_over_many_commands_on_one_connection(file_workspace: Workspace) -> None:
    workspace = file_workspace
    project_id = _project(workspace)
    ids = [_task(workspace, project_id, name) for name in ("A", "B", "C")]
    states = [_dump(workspace)]
    edits = [
        UpdateTask(project_id, task_id, {"duration_minutes": 240 * (i + 3)}, f"Edit {i}")
        for i, task_id in enumerate(ids)
    ]
    for edit in edits:
        edit.apply(workspace)
        states.append(_dump(workspace))
    assert workspace.engine.pool.checkedin() == 1
    for edit, state in zip(reversed(edits), reversed(states[:-1]), strict=True):
        edit.revert(workspace)
        assert _dump(workspace) == state
    with workspace.read_session() as session:
        assert session.get(Task, ids[0]) is not None


def test_the_warm_up_makes_the_journal_for_the_first_edit(file_workspace: Workspace) -> None:
    workspace = file_workspace
    project_id = _project(workspace)
    with workspace.session() as session:
        session.add(Task(project_id=project_id, name="A", position=0, duration_minutes=480))
    workspace.engine.dispose()  # a workspace just opened: no connection has the journal

    assert warm_scheduler(workspace, project_id)
    with workspace.session() as session:  # what the first edit borrows
        triggers = "SELECT count(*) FROM sqlite_temp_master WHERE type = 'trigger'"
        assert _temp_count(session, triggers) > 100
        assert _temp_count(session, "SELECT count(*) FROM temp.journal_on") == 0


def test_the_warm_up_leaves_no_full_collection_for_the_first_edit(
    file_workspace: Workspace,
) -> None:
    """The plan the warm-up builds is collected there: the collector's next full pass is not
    left due for the first edit to pay (gen 2 counts the younger passes since the last one)."""
    workspace = file_workspace
    project_id = _project(workspace)
    with workspace.session() as session:
        session.add_all(
            Task(project_id=project_id, name=f"T{k}", position=k, duration_minutes=480)
            for k in range(200)
        )
    gc.collect()
    young = [[] for _ in range(gc.get_threshold()[0] * (gc.get_threshold()[1] + 1))]
    assert gc.get_count()[2] > 0 or gc.get_count()[1] > 0  # younger passes ran since
    assert warm_scheduler(workspace, project_id)
    assert gc.get_count()[1:] == (0, 0)
    del young
