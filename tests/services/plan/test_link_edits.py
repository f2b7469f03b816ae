"""Link edits and the Predecessors cell: each applies, reschedules and undoes exactly."""

from __future__ import annotations

from datetime import datetime

import pytest

from infradesk.schedule.engine import CycleError
from infradesk.services.plan.errors import TaskEditError
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.plan.link_edits import LinkTasks, SetPredecessors, UnlinkTasks
from infradesk.services.plan.predecessor_text import parse_predecessors
from infradesk.services.plan.task_edit import TaskChanges, TaskEditGroup
from tests.services.plan.task_plan import check_exact_undo, dump, outline


def test_predecessor_text(workspace, plan) -> None:
    pid, ids = plan
    o = outline(workspace)
    c = ids["C"]
    specs = parse_predecessors("2FS+2d; 3SS", o.ids, o.wbs, 480, c)
    assert specs == [(ids["A"], "FS", 960), (ids["B"], "SS", 0)]
    assert parse_predecessors("1.1ff-4h", o.ids, o.wbs, 480, c) == [(ids["A"], "FF", -240)]
    for bad, message in (
        ("9", "no row 9"),
        ("x", "not a predecessor"),
        ("4", "itself"),
        ("2+zz", "not a duration"),
        ("2;2", "twice"),
    ):
        with pytest.raises(TaskEditError, match=message):
            parse_predecessors(bad, o.ids, o.wbs, 480, c)
    check_exact_undo(workspace, SetPredecessors(pid, c, specs))
    o = outline(workspace)
    assert o.predecessors[o.row_of[c]] == "2FS+2d; 3SS"
    # a loop is refused and nothing changes
    before = dump(workspace)
    with pytest.raises(CycleError, match="loop"):
        SetPredecessors(pid, ids["A"], [(ids["B"], "FS", 0)]).apply(workspace)
    assert dump(workspace) == before


def test_link_unlink_and_fields(workspace, plan) -> None:
    pid, ids = plan
    check_exact_undo(workspace, LinkTasks(pid, ids["B"], ids["C"], "SS", 480))
    with pytest.raises(TaskEditError, match="already linked"):
        LinkTasks(pid, ids["C"], ids["B"]).apply(workspace)
    check_exact_undo(workspace, UnlinkTasks(pid, [(ids["A"], ids["B"])]))
    snet = datetime(2026, 3, 16, 8, 0)
    cmd = UpdateTask(pid, ids["D"], {"start_no_earlier_than": snet}, "Move task")
    changes = check_exact_undo(workspace, cmd)
    assert isinstance(changes, TaskChanges) and changes.schedule is not None
    assert changes.schedule[ids["D"]].early_start == snet
    check_exact_undo(workspace, UpdateTask(pid, ids["D"], {"duration_minutes": 0}))
    o = outline(workspace)
    assert o.milestone[o.row_of[ids["D"]]]
    with pytest.raises(TaskEditError, match="name"):
        UpdateTask(pid, ids["D"], {"name": "  "})
    group = TaskEditGroup(
        pid,
        "Edit task",
        [
            UpdateTask(pid, ids["C"], {"notes": "n", "owner": "Kim"}),
            SetPredecessors(pid, ids["C"], [(ids["A"], "FS", 0)]),
        ],
    )
    check_exact_undo(workspace, group)
