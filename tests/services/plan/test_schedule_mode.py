"""Manually Schedule / Auto Schedule (issue 16, point 9): a switched task stays where it is, links
no longer move it, back to auto the links place it again; several tasks are one undo step and
undo restores every row exactly (a real workspace file, tmp_path)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from infradesk.model import Task
from infradesk.services.plan.errors import TaskEditError
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.plan.schedule_mode import MoveManualTask, SetScheduleMode
from infradesk.services.plan.task_edit import TaskChanges
from tests.services.plan.task_plan import check_exact_undo, dump


def dates(workspace) -> dict[int, tuple]:
    with workspace.session() as s:
        return {
            r.id: (r.start, r.finish) for r in s.execute(select(Task.id, Task.start, Task.finish))
        }


def flags(workspace) -> dict[int, bool]:
    with workspace.session() as s:
        return {r.id: bool(r.manual) for r in s.execute(select(Task.id, Task.manual))}


def test_switching_to_manual_keeps_the_task_where_it_is(workspace, plan) -> None:
    pid, ids = plan
    before = dates(workspace)
    changes = check_exact_undo(workspace, SetScheduleMode(pid, [ids["B"]], True))
    assert flags(workspace)[ids["B"]]
    assert dates(workspace) == before  # nothing moved: the start shown is the fixed start
    assert isinstance(changes, TaskChanges)
    assert changes.changed_ids == {ids["B"]}
    assert changes.rows is not None and changes.rows[0].manual  # the Gantt needs no read


def test_a_moved_predecessor_leaves_the_manual_task_and_auto_brings_it_back(
    workspace, plan
) -> None:
    pid, ids = plan
    a, b = ids["A"], ids["B"]
    pinned = dates(workspace)[b]
    switch = SetScheduleMode(pid, [b], True)
    switch.apply(workspace)
    longer = UpdateTask(pid, a, {"duration_minutes": 5 * 480}, "Change duration")
    longer.apply(workspace)
    after_move = dates(workspace)
    assert after_move[a][1] > pinned[0]  # A now finishes after B's start: the link is broken...
    assert after_move[b] == pinned  # ...and B stays where it was switched
    longer.revert(workspace)
    assert dates(workspace)[b] == pinned
    longer.apply(workspace)  # redo
    assert dates(workspace) == after_move

    before_back = dump(workspace)
    back = SetScheduleMode(pid, [b], False)
    back.apply(workspace)
    placed = dates(workspace)
    assert placed[b][0] >= placed[a][1]  # auto again: the FS link places it after A
    assert placed[b][0] > pinned[0]
    back.revert(workspace)  # manual again at the start it was pinned to, every row as it was
    assert dump(workspace) == before_back
    assert dates(workspace) == after_move
    back.apply(workspace)
    assert dates(workspace) == placed


def test_several_tasks_are_one_undo_step_with_exact_undo(workspace, plan) -> None:
    pid, ids = plan
    SetScheduleMode(pid, [ids["C"]], True).apply(workspace)  # one already manual
    before = dump(workspace)
    command = SetScheduleMode(pid, [ids["A"], ids["B"], ids["C"], ids["D"]], True)
    command.apply(workspace)
    assert command.touched == {ids["A"], ids["B"], ids["D"]}  # C was manual already
    assert all(flags(workspace)[ids[n]] for n in "ABCD")
    command.revert(workspace)
    assert dump(workspace) == before
    assert flags(workspace)[ids["C"]] and not flags(workspace)[ids["A"]]
    command.apply(workspace)
    assert all(flags(workspace)[ids[n]] for n in "ABCD")


def test_summaries_are_left_out_and_a_summary_alone_is_refused(workspace, plan) -> None:
    pid, ids = plan
    with pytest.raises(TaskEditError, match="'Phase' is a summary task"):
        SetScheduleMode(pid, [ids["Phase"]], True).apply(workspace)
    assert not any(flags(workspace).values())
    mixed = SetScheduleMode(pid, [ids["Phase"], ids["A"]], True)
    mixed.apply(workspace)
    assert flags(workspace)[ids["A"]] and not flags(workspace)[ids["Phase"]]
    assert mixed.touched == {ids["A"]}


def test_a_deleted_task_is_refused(workspace, plan) -> None:
    pid, ids = plan
    with pytest.raises(TaskEditError, match="no longer exists"):
        SetScheduleMode(pid, [ids["A"], 99999], True).apply(workspace)


def test_every_task_of_the_demo_switched_to_manual_keeps_its_dates(demo_workspace) -> None:
    workspace = demo_workspace
    with workspace.session() as s:
        pid = s.scalar(select(Task.project_id))
        leaves = list(s.scalars(select(Task.id).where(Task.project_id == pid)))
    before = dates(workspace)
    SetScheduleMode(pid, leaves, True).apply(workspace)
    moved = {t: (before[t], d) for t, d in dates(workspace).items() if d != before[t]}
    assert moved == {}


def test_a_manual_task_moved_keeps_its_new_start_and_undo_puts_it_back(workspace, plan) -> None:
    pid, ids = plan
    b = ids["B"]
    SetScheduleMode(pid, [b], True).apply(workspace)
    start, finish = dates(workspace)[b]
    later = start + timedelta(days=7)  # a Wednesday a week on: working time
    changes = check_exact_undo(workspace, MoveManualTask(pid, b, later))
    assert dates(workspace)[b] == (later, finish + timedelta(days=7))
    assert changes.rescheduled_ids is not None and b in changes.rescheduled_ids
    with workspace.session() as s:
        assert s.scalar(select(Task.constraint_type).where(Task.id == b)) == "ASAP"


def test_moving_an_automatic_task_as_manual_is_refused(workspace, plan) -> None:
    pid, ids = plan
    start = dates(workspace)[ids["B"]][0]
    with pytest.raises(TaskEditError, match="'B' is scheduled automatically"):
        MoveManualTask(pid, ids["B"], start + timedelta(days=7)).apply(workspace)
