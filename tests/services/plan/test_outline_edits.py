"""Outline edits: insert, delete, indent, outdent, move; each undoes exactly."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from infradesk.model import Assignment, Resource, Task
from infradesk.schedule.engine import CycleError
from infradesk.services.plan.errors import TaskEditError
from infradesk.services.plan.outline_edits import (
    DeleteTasks,
    IndentTasks,
    InsertTask,
    MoveTasks,
    MoveTasksTo,
    OutdentTasks,
)
from tests.rows import content
from tests.services.plan.task_plan import check_exact_undo, dump, outline, project_id


def test_insert_builds_outline_and_schedules(workspace, plan) -> None:
    _pid, ids = plan
    o = outline(workspace)
    assert [o.name[r] for r in range(len(o))] == ["Phase", "A", "B", "C", "D"]
    assert o.wbs == ["1", "1.1", "1.2", "1.3", "2"]
    assert o.summary[0] and not o.summary[1]
    assert o.predecessors[2] == "2"
    b = o.row_of[ids["B"]]
    assert o.start[b] == datetime(2026, 3, 4, 8, 0)  # after A's two days
    assert o.critical(b)


def test_insert_and_delete_undo_exactly(workspace, plan) -> None:
    pid, ids = plan
    check_exact_undo(workspace, InsertTask(pid, ids["A"], "New", 480))
    check_exact_undo(workspace, DeleteTasks(pid, [ids["Phase"]]))
    with workspace.session() as s:
        assert s.scalar(select(Task.id).where(Task.id == ids["B"])) is None  # redone


def test_indent_outdent(workspace, plan) -> None:
    pid, ids = plan
    check_exact_undo(workspace, IndentTasks(pid, [ids["C"]]))
    o = outline(workspace)
    assert o.wbs[o.row_of[ids["C"]]] == "1.2.1"
    assert o.summary[o.row_of[ids["B"]]]
    # outdenting B: C (below it) stays its child, B follows its old parent
    undo_state = dump(workspace)
    cmd = OutdentTasks(pid, [ids["B"]])
    cmd.apply(workspace)
    o = outline(workspace)
    assert [o.name[r] for r in range(len(o))] == ["Phase", "A", "B", "C", "D"]
    assert o.wbs[o.row_of[ids["B"]]] == "2"
    assert o.wbs[o.row_of[ids["C"]]] == "2.1"
    cmd.revert(workspace)
    assert dump(workspace) == undo_state
    # outdenting A would put B (A's successor) under A: a loop, refused without a change
    with pytest.raises(CycleError, match="loop"):
        OutdentTasks(pid, [ids["A"]]).apply(workspace)
    assert dump(workspace) == undo_state
    with pytest.raises(TaskEditError, match="own level"):
        IndentTasks(pid, [ids["A"]]).apply(workspace)
    with pytest.raises(TaskEditError, match="Top-level"):
        OutdentTasks(pid, [ids["Phase"]]).apply(workspace)


def _assignments(workspace) -> list[tuple]:
    with workspace.session() as s:
        return sorted(tuple(r) for r in s.execute(content(Assignment)))


def test_a_task_made_a_summary_gives_up_its_assignments_and_undo_gives_them_back(
    workspace, plan
) -> None:
    """Summaries take no resources: indenting C under B (or dragging a task under it)
    removes B's assignments; undo restores them exactly, redo removes them again."""
    pid, ids = plan
    with workspace.session() as s:
        ann = Resource(name="Ann")
        s.add(ann)
        s.flush()
        s.add_all([
            Assignment(task_id=ids["B"], resource_id=ann.id, units=0.5, work_minutes=480,
                       position=0),
            Assignment(task_id=ids["C"], resource_id=ann.id, units=1.0, work_minutes=960,
                       position=0),
        ])  # fmt: skip
    before = _assignments(workspace)
    command = IndentTasks(pid, [ids["C"]])
    command.apply(workspace)
    left = _assignments(workspace)
    assert [row[1] for row in left] == [ids["C"]]  # C keeps its own
    command.revert(workspace)
    assert _assignments(workspace) == before
    command.apply(workspace)
    assert _assignments(workspace) == left
    command.revert(workspace)
    drag = MoveTasksTo(pid, [ids["D"]], ids["C"], None)  # C becomes D's summary
    drag.apply(workspace)
    assert [row[1] for row in _assignments(workspace)] == [ids["B"]]
    drag.revert(workspace)
    assert _assignments(workspace) == before


def test_move_rows(workspace, plan) -> None:
    pid, ids = plan
    check_exact_undo(workspace, MoveTasks(pid, [ids["C"]], -1))
    o = outline(workspace)
    assert [o.name[r] for r in range(len(o))] == ["Phase", "A", "C", "B", "D"]
    check_exact_undo(workspace, MoveTasksTo(pid, [ids["D"]], ids["Phase"], ids["A"]))
    o = outline(workspace)
    assert o.wbs[o.row_of[ids["D"]]] == "1.1"
    with pytest.raises(TaskEditError, match="under itself"):
        MoveTasksTo(pid, [ids["Phase"]], ids["A"], None).apply(workspace)


def test_demo_plan_round_trip(demo_workspace) -> None:
    o = outline(demo_workspace)
    assert len(o) > 20 and o.result is not None and not o.schedule_error
    pid = project_id(demo_workspace)
    leaf = next(o.ids[r] for r in range(len(o)) if not o.summary[r] and o.parent[r] >= 0)
    check_exact_undo(demo_workspace, DeleteTasks(pid, [leaf]))
