"""Undo of a delete restores exactly what was deleted, whatever ran in between (issue 13)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from infradesk.model import Base
from infradesk.model.risk import RiskTask
from infradesk.services.plan import scheduling
from infradesk.services.plan.outline_edits import DeleteTasks, InsertTask
from infradesk.services.risks.commands import DeleteRecords, SetLinks
from tests.rows import content, undone_tables
from tests.services.risks.helpers import add, apply, make_project


def dump(workspace: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, ids included."""
    with workspace.session() as session:
        return {
            table.name: [tuple(r) for r in session.execute(content(table))]
            for table in undone_tables()
        }


def _risk_with_tasks(workspace: Any, project_id: int, task_ids: list[int]) -> int:
    risk_id = add(workspace, "risk", project_id)
    apply(workspace, SetLinks(RiskTask, "risk_id", risk_id, "task_id", set(task_ids), project_id))
    return risk_id


def test_undo_delete_risk_after_editing_another_risks_tasks(workspace: Any) -> None:
    project_id, tasks = make_project(workspace, tasks=4)
    gone = _risk_with_tasks(workspace, project_id, tasks[1:4])
    keep = _risk_with_tasks(workspace, project_id, tasks[:1])
    start = dump(workspace)

    delete = apply(workspace, DeleteRecords("risk", project_id, {gone}))
    relink = apply(
        workspace, SetLinks(RiskTask, "risk_id", keep, "task_id", set(tasks[:2]), project_id)
    )
    relink.revert(workspace)
    delete.revert(workspace)  # raised IntegrityError: UNIQUE constraint failed: risk_task.id

    assert dump(workspace) == start


def test_undo_delete_task_linked_to_a_risk_after_editing_links(workspace: Any) -> None:
    project_id, tasks = make_project(workspace, tasks=4)
    keep = _risk_with_tasks(workspace, project_id, tasks[:1])
    _risk_with_tasks(workspace, project_id, tasks[2:4])
    with workspace.session() as session:
        scheduling.reschedule(session, project_id)
    start = dump(workspace)

    delete = apply(workspace, DeleteTasks(project_id, [tasks[3]]))
    relink = apply(
        workspace, SetLinks(RiskTask, "risk_id", keep, "task_id", set(tasks[:3]), project_id)
    )
    relink.revert(workspace)
    delete.revert(workspace)

    assert dump(workspace) == start


def test_an_id_once_used_is_never_handed_out_again(workspace: Any) -> None:
    """A second program inserting while this one holds a delete on its undo stack must not
    take the deleted ids (SQLite reuses the highest rowid unless AUTOINCREMENT)."""
    project_id, tasks = make_project(workspace, tasks=3)
    delete = apply(workspace, DeleteTasks(project_id, [tasks[-1]]))
    insert = apply(workspace, InsertTask(project_id, name="Added elsewhere"))
    assert insert.task_id not in tasks
    insert.revert(workspace)
    delete.revert(workspace)
    if workspace.is_server:  # PostgreSQL's sequences never hand out an id twice
        return
    with workspace.session() as session:
        for table in Base.metadata.sorted_tables:
            sql = session.scalar(
                text("SELECT sql FROM sqlite_master WHERE type='table' AND name=:n"),
                {"n": table.name},
            )
            assert "AUTOINCREMENT" in sql, table.name


def _second_writer_sets_duration(path: Any, task_id: int, minutes: int) -> None:
    from sqlalchemy import update

    from infradesk.model import Task
    from infradesk.store.workspace import Workspace

    other = Workspace.open_location(path)  # another program on the same workspace
    try:
        with other.session() as session:
            session.execute(update(Task).where(Task.id == task_id).values(duration_minutes=minutes))
    finally:
        other.close()


def test_undo_refuses_to_write_over_another_programs_edit(workspace: Any) -> None:
    import pytest

    from infradesk.errors import UserError
    from infradesk.services.commands import UndoConflict
    from infradesk.services.plan.field_edits import UpdateTask

    project_id, tasks = make_project(workspace, tasks=2)
    edit = apply(
        workspace,
        UpdateTask(project_id, tasks[0], {"duration_minutes": 960}, "Edit duration"),
    )
    _second_writer_sets_duration(workspace.location, tasks[0], 1440)
    before = dump(workspace)
    with pytest.raises(UndoConflict, match="Cannot undo 'Edit duration': task 'Task 1' was"):
        edit.revert(workspace)
    assert issubclass(UndoConflict, UserError)
    assert dump(workspace) == before  # nothing touched: the newer duration is kept


def test_redo_refuses_to_write_over_another_programs_edit(workspace: Any) -> None:
    import pytest

    from infradesk.services.commands import UndoConflict
    from infradesk.services.plan.field_edits import UpdateTask

    project_id, tasks = make_project(workspace, tasks=2)
    edit = apply(workspace, UpdateTask(project_id, tasks[0], {"duration_minutes": 960}))
    edit.revert(workspace)
    _second_writer_sets_duration(workspace.location, tasks[0], 1440)
    with pytest.raises(UndoConflict, match="Cannot redo"):
        edit.apply(workspace)


def test_an_edit_elsewhere_does_not_block_the_undo(workspace: Any) -> None:
    from infradesk.services.plan.field_edits import UpdateTask

    project_id, tasks = make_project(workspace, tasks=3)
    edit = apply(workspace, UpdateTask(project_id, tasks[0], {"notes": "mine"}))
    _second_writer_sets_duration(workspace.location, tasks[2], 1440)
    edit.revert(workspace)
    with workspace.session() as session:
        from infradesk.model import Task

        assert session.get(Task, tasks[0]).notes == ""
        assert session.get(Task, tasks[2]).duration_minutes == 1440
