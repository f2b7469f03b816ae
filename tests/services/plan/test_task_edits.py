"""The Gantt's task edits: each applies, reschedules and undoes exactly."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from infradesk.model import Dependency, Project, Task
from infradesk.schedule.engine import CycleError
from infradesk.services.changes import Changes
from infradesk.services.plan.errors import TaskEditError
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.plan.link_edits import LinkTasks, SetPredecessors, UnlinkTasks
from infradesk.services.plan.outline import load_outline
from infradesk.services.plan.outline_edits import (
    DeleteTasks,
    IndentTasks,
    InsertTask,
    MoveTasks,
    MoveTasksTo,
    OutdentTasks,
)
from infradesk.services.plan.predecessor_text import parse_predecessors
from infradesk.services.plan.task_edit import TaskChanges, TaskEditGroup


def dump(workspace) -> tuple:
    with workspace.session() as s:
        tasks = sorted(tuple(r) for r in s.execute(select(Task.__table__)))
        links = sorted(tuple(r) for r in s.execute(select(Dependency.__table__)))
    return tasks, links


def project_id(workspace) -> int:
    with workspace.session() as s:
        return s.scalar(select(Project.id))


def outline(workspace):
    with workspace.session() as s:
        return load_outline(s, project_id(workspace))


def check_exact_undo(workspace, command) -> Changes:
    """Apply, undo and redo ``command``; returns what the redo changed."""
    before = dump(workspace)
    command.apply(workspace)
    after = dump(workspace)
    assert after != before
    command.revert(workspace)
    assert dump(workspace) == before
    changes = command.apply(workspace)  # redo gives the same rows, same ids
    assert dump(workspace) == after
    return changes


@pytest.fixture
def plan(workspace):
    """A small plan: Phase(A, B, C), D; links A->B FS."""
    with workspace.session() as s:
        project = Project(name="P", start=datetime(2026, 3, 2, 8, 0))
        s.add(project)
        s.flush()
        pid = project.id
    names = {}
    for name, after in (("Phase", None), ("D", "Phase")):
        cmd = InsertTask(pid, names.get(after), name, 480)
        cmd.apply(workspace)
        names[name] = cmd.task_id
    for name, after, child in (("A", "Phase", True), ("B", "A", False), ("C", "B", False)):
        cmd = InsertTask(pid, names[after], name, 960, as_child=child)
        cmd.apply(workspace)
        names[name] = cmd.task_id
    LinkTasks(pid, names["A"], names["B"]).apply(workspace)
    return pid, names


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


def test_demo_plan_round_trip(demo_workspace) -> None:
    o = outline(demo_workspace)
    assert len(o) > 20 and o.result is not None and not o.schedule_error
    pid = project_id(demo_workspace)
    leaf = next(o.ids[r] for r in range(len(o)) if not o.summary[r] and o.parent[r] >= 0)
    check_exact_undo(demo_workspace, DeleteTasks(pid, [leaf]))


def test_incremental_reschedule_matches_a_full_one(workspace, plan) -> None:
    from sqlalchemy import update

    from infradesk.services.plan import scheduling

    pid, ids = plan
    edits = [
        UpdateTask(pid, ids["A"], {"duration_minutes": 2400}),
        UpdateTask(pid, ids["C"], {"start_no_earlier_than": datetime(2026, 3, 20, 8, 0)}),
        UpdateTask(pid, ids["B"], {"percent_complete": 50.0}),
        LinkTasks(pid, ids["C"], ids["D"], "FF", 480),
    ]
    for edit in edits:
        assert edit.apply(workspace).rescheduled_ids is not None  # the fast path ran
    edits[1].revert(workspace)
    settled = dump(workspace)
    with workspace.session() as s:
        scheduling.reschedule(s, pid)  # a full reschedule finds nothing to correct
    assert dump(workspace) == settled
    # a change made behind the Gantt's back is noticed before the next edit
    with workspace.session() as s:
        s.execute(update(Task).where(Task.id == ids["A"]).values(duration_minutes=480))
    UpdateTask(pid, ids["D"], {"owner": "Kim"}).apply(workspace)
    UpdateTask(pid, ids["D"], {"notes": "x"}).apply(workspace)
    with workspace.session() as s:
        b_start = s.scalar(select(Task.start).where(Task.id == ids["B"]))
    assert b_start == datetime(2026, 3, 3, 8, 0)  # after A's new single day


def test_a_group_with_fields_and_links_writes_every_move(workspace, plan) -> None:
    from infradesk.services.plan import scheduling

    pid, ids = plan
    UpdateTask(pid, ids["D"], {"owner": "warm the cache"}).apply(workspace)
    group = TaskEditGroup(
        pid,
        "Edit task",
        [
            UpdateTask(pid, ids["A"], {"duration_minutes": 4800}),
            SetPredecessors(pid, ids["D"], [(ids["C"], "FS", 0)]),
        ],
    )
    group.apply(workspace)
    settled = dump(workspace)
    with workspace.session() as s:
        scheduling.reschedule(s, pid)
    assert dump(workspace) == settled
    # a refused group leaves no half-updated plan behind
    bad = TaskEditGroup(
        pid,
        "Edit task",
        [
            UpdateTask(pid, ids["B"], {"duration_minutes": 9600}),
            SetPredecessors(pid, ids["A"], [(ids["B"], "FS", 0)]),  # A -> B exists
        ],
    )
    with pytest.raises(CycleError):
        bad.apply(workspace)
    UpdateTask(pid, ids["A"], {"duration_minutes": 1440}).apply(workspace)  # B moves
    settled = dump(workspace)
    with workspace.session() as s:
        scheduling.reschedule(s, pid)
    assert dump(workspace) == settled


def test_consecutive_edits_skip_the_fingerprint_but_see_other_writers(
    workspace, plan, monkeypatch
) -> None:
    from sqlalchemy import update

    from infradesk.services.plan import incremental as task_schedule
    from infradesk.services.plan import scheduling

    pid, ids = plan
    calls = []
    original = task_schedule.fingerprint
    monkeypatch.setattr(
        task_schedule, "fingerprint", lambda s, p: calls.append(p) or original(s, p)
    )
    UpdateTask(pid, ids["A"], {"duration_minutes": 1440}).apply(workspace)
    calls.clear()
    UpdateTask(pid, ids["A"], {"duration_minutes": 1920}).apply(workspace)
    assert calls == []  # nobody else committed: the data version vouches for the plan

    def settled() -> bool:
        before = dump(workspace)
        with workspace.session() as s:
            scheduling.reschedule(s, pid)
        return dump(workspace) == before

    # another writer in between: noticed
    with workspace.session() as s:
        s.execute(update(Task).where(Task.id == ids["B"]).values(duration_minutes=4800))
    UpdateTask(pid, ids["C"], {"duration_minutes": 480}).apply(workspace)
    assert settled()  # rebuilt from the database
    # a write after ours in the same transaction: the next edit does not trust the version
    with workspace.session() as s:
        UpdateTask(pid, ids["C"], {"duration_minutes": 960}).do(s)
        s.execute(update(Task).where(Task.id == ids["B"]).values(duration_minutes=480))
    UpdateTask(pid, ids["D"], {"duration_minutes": 960}).apply(workspace)
    assert settled()
    # a write before ours in the same transaction: seen by our own edit
    with workspace.session() as s:
        s.execute(update(Task).where(Task.id == ids["A"]).values(duration_minutes=480))
        UpdateTask(pid, ids["D"], {"duration_minutes": 480}).do(s)
    assert settled()
