"""Indent and outdent write only the rows that move, give the outline a full renumber gives,
undo exactly, patch the kept plan, and update a loaded outline in place to what a reload
reads; the scheduler warmed on a worker thread serves the first edit."""

from __future__ import annotations

import sys
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update

from infradesk.model import Dependency, Task
from infradesk.schedule.engine import CycleError
from infradesk.services.plan import incremental
from infradesk.services.plan.outline import Outline, load_outline
from infradesk.services.plan.outline_edits import IndentTasks, OutdentTasks
from infradesk.services.plan.outline_moves import outline_ids
from infradesk.services.plan.progress import remaining_minutes
from infradesk.services.plan.scheduling import reschedule
from infradesk.services.plan.task_edit import TaskChanges
from tests.services.plan.task_plan import check_exact_undo, dump

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
from gantt_plans import create_big_project


def _structure(workspace, project_id) -> dict[int, tuple[int | None, int]]:
    with workspace.read_session() as s:
        return {
            t: (p, pos)
            for t, p, pos in s.execute(
                select(Task.id, Task.parent_id, Task.position).where(Task.project_id == project_id)
            )
        }


def _tree(workspace, project_id) -> tuple[list[int], dict[int, int | None]]:
    """The outline order and every task's parent."""
    with workspace.read_session() as s:
        order = outline_ids(s, project_id)
    return order, {t: p for t, (p, _pos) in _structure(workspace, project_id).items()}


def _renumbered(order: list[int], parents: dict[int, int | None]) -> dict[int | None, list[int]]:
    """Children per parent in outline order: what the old full renumber stored as 0, 1, 2..."""
    kids: dict[int | None, list[int]] = {}
    for task_id in order:
        kids.setdefault(parents[task_id], []).append(task_id)
    return kids


def _indent_by_renumber(kids: dict[int | None, list[int]], parents, task_id: int) -> None:
    siblings = kids[parents[task_id]]
    index = siblings.index(task_id)
    above = siblings[index - 1]
    siblings.remove(task_id)
    kids.setdefault(above, []).append(task_id)
    parents[task_id] = above


def _outdent_by_renumber(kids: dict[int | None, list[int]], parents, task_id: int) -> None:
    parent = parents[task_id]
    siblings = kids[parent]
    index = siblings.index(task_id)
    followers = siblings[index + 1 :]
    kids[parent] = siblings[:index]
    kids.setdefault(task_id, []).extend(followers)
    for f in followers:
        parents[f] = task_id
    upper = kids[parents[parent]]
    upper.insert(upper.index(parent) + 1, task_id)
    parents[task_id] = parents[parent]


@pytest.fixture(params=[50, 0], ids=["phases", "flat"])
def big(workspace, request) -> int:
    with workspace.session() as session:
        return create_big_project(session, 240, phase_size=request.param)


def _leaf_with_sibling_above(workspace, project_id, fraction: float) -> int:
    order, parents = _tree(workspace, project_id)
    for task_id in order[int(len(order) * fraction) :]:
        siblings = [t for t in order if parents[t] == parents[task_id]]
        if siblings.index(task_id) > 0 and task_id not in parents.values():
            return task_id
    raise AssertionError("no task to indent")


def test_indent_writes_one_row_and_equals_a_full_renumber(workspace, big) -> None:
    task_id = _leaf_with_sibling_above(workspace, big, 0.5)
    order, parents = _tree(workspace, big)
    kids = _renumbered(order, parents)
    _indent_by_renumber(kids, parents, task_id)
    before = _structure(workspace, big)

    check_exact_undo(workspace, IndentTasks(big, [task_id]))

    after = _structure(workspace, big)
    assert {t for t in after if after[t] != before[t]} == {task_id}  # one row written
    new_order, new_parents = _tree(workspace, big)
    assert new_order == order  # an indent keeps the rows in their order
    assert new_parents == parents
    assert _renumbered(new_order, new_parents) == kids


def test_outdent_moves_the_task_and_its_followers_only(workspace, big) -> None:
    with workspace.session() as s:  # new summaries' links would close loops here
        s.execute(delete(Dependency).where(Dependency.project_id == big))
        reschedule(s, big)
    task_id = _leaf_with_sibling_above(workspace, big, 0.3)
    IndentTasks(big, [task_id]).apply(workspace)
    order, parents = _tree(workspace, big)
    parent = parents[task_id]
    # put the three tasks after it under it first, then outdent the first of them
    follower = order[order.index(task_id) + 1]
    IndentTasks(big, [follower]).apply(workspace)
    IndentTasks(big, [order[order.index(task_id) + 2]]).apply(workspace)
    order, parents = _tree(workspace, big)
    kids = _renumbered(order, parents)
    _outdent_by_renumber(kids, parents, follower)
    before = _structure(workspace, big)

    check_exact_undo(workspace, OutdentTasks(big, [follower]))

    after = _structure(workspace, big)
    written = {t for t in after if after[t] != before[t]}
    assert written == {follower, *kids[follower]}
    assert parent is not None or parents[follower] is None
    new_order, new_parents = _tree(workspace, big)
    assert new_order == order
    assert new_parents == parents
    assert _renumbered(new_order, new_parents) == kids


def test_outdent_shifts_siblings_only_when_no_key_is_free(workspace, plan) -> None:
    """Phase(A, B, C), D at positions 0 and 1: outdenting B needs a key between Phase and D."""
    pid, ids = plan
    expected_order = [ids[n] for n in ("Phase", "A", "B", "C", "D")]
    state = dump(workspace)
    command = OutdentTasks(pid, [ids["B"]])
    command.apply(workspace)
    order, parents = _tree(workspace, pid)
    assert order == expected_order
    assert parents[ids["B"]] is None and parents[ids["C"]] == ids["B"]
    command.revert(workspace)
    assert dump(workspace) == state


def _same_outline(a: Outline, b: Outline) -> None:
    for name in (
        "ids", "parent", "depth", "wbs", "summary", "start", "finish", "duration", "percent",
        "cost", "actual_cost", "work", "estimated_below", "assigned", "remaining",
    ):  # fmt: skip
        assert getattr(a, name) == getattr(b, name), name


def _in_place(outline: Outline, changes: TaskChanges) -> None:
    """What the Gantt's model does with an indent's changes (without Qt)."""
    assert changes.reparented is not None and changes.schedule is not None
    network = changes.schedule.network
    parents = {}
    for task_id in changes.reparented:
        up = network.parent[network.index[task_id]]
        parents[task_id] = network.ids[up] if up >= 0 else None
    own = {f.id: f for f in changes.rows or ()}
    done = outline.reparent(parents, own, changes.assigned)
    assert done is not None
    result = changes.schedule
    for row, task_id in enumerate(outline.ids):
        sched = result[task_id]
        outline.start[row], outline.finish[row] = sched.early_start, sched.early_finish
        if outline.summary[row]:
            outline.duration[row] = sched.duration_minutes
            outline.percent[row] = round(sched.percent_complete, 2)
            outline.remaining[row] = remaining_minutes(outline.duration[row], outline.percent[row])
    outline.result = result


def _reloaded(workspace, project_id) -> Outline:
    with workspace.read_session() as s:
        return load_outline(s, project_id)


def test_an_outline_updated_in_place_equals_a_reload(workspace, big) -> None:
    outline = _reloaded(workspace, big)
    incremental.warm_scheduler(workspace, big)  # as the Gantt does after opening
    task_id = _leaf_with_sibling_above(workspace, big, 0.6)
    changes = IndentTasks(big, [task_id]).apply(workspace)
    assert isinstance(changes, TaskChanges)
    assert changes.rescheduled_ids is not None  # patched, not rebuilt
    _in_place(outline, changes)
    _same_outline(outline, _reloaded(workspace, big))

    # the two tasks below it under the same task; outdenting the first takes the second along
    row = outline.row_of[task_id]
    follower, last = outline.ids[row + 1], outline.ids[row + 2]
    IndentTasks(big, [follower, last]).apply(workspace)
    outline = _reloaded(workspace, big)
    changes = OutdentTasks(big, [follower]).apply(workspace)
    assert isinstance(changes, TaskChanges)
    _in_place(outline, changes)
    _same_outline(outline, _reloaded(workspace, big))


def test_undo_of_an_indent_updates_the_outline_in_place(workspace, plan) -> None:
    """Undo makes B a task again: its own duration, cost and assignments come back."""
    pid, ids = plan
    with workspace.session() as s:
        s.execute(update(Task).where(Task.id == ids["B"]).values(cost=Decimal("1200.50")))
    command = IndentTasks(pid, [ids["C"]])
    command.apply(workspace)
    outline = _reloaded(workspace, pid)
    changes = command.revert(workspace)
    assert isinstance(changes, TaskChanges)
    _in_place(outline, changes)
    _same_outline(outline, _reloaded(workspace, pid))
    assert outline.cost[outline.row_of[ids["B"]]] == Decimal("1200.50")


def _first_edit_patches(workspace, project_id) -> bool:
    """Whether an indent finds a checked plan kept (it then names what moved; a plan built
    or checked by the edit compares every stored row and names nothing)."""
    task_id = _leaf_with_sibling_above(workspace, project_id, 0.5)
    changes = IndentTasks(project_id, [task_id]).apply(workspace)
    assert isinstance(changes, TaskChanges)
    return changes.rescheduled_ids is not None


def test_the_first_edit_after_opening_checks_every_row_without_a_warm_up(workspace, big) -> None:
    incremental.forget()
    _reloaded(workspace, big)  # as the Gantt opens: a plan kept, not checked
    assert not _first_edit_patches(workspace, big)


def test_a_scheduler_warmed_on_a_worker_serves_the_first_edit(workspace, big) -> None:
    incremental.forget()
    _reloaded(workspace, big)
    kept: list[bool] = []
    worker = threading.Thread(
        target=lambda: kept.append(incremental.warm_scheduler(workspace, big))
    )
    worker.start()
    reads = 0
    while worker.is_alive() or reads == 0:  # the UI thread reads meanwhile
        assert len(_reloaded(workspace, big)) == 240
        reads += 1
    worker.join()
    assert kept == [True]
    assert incremental.warm_scheduler(workspace, big) is False  # already kept and checked
    held = incremental.kept_schedule(workspace, big)
    assert held is not None and held.synced
    task_id = _leaf_with_sibling_above(workspace, big, 0.5)
    changes = IndentTasks(big, [task_id]).apply(workspace)
    assert isinstance(changes, TaskChanges)
    assert changes.rescheduled_ids is not None  # the kept plan was patched
    assert changes.compared_to is held.result  # the result the Gantt holds (PlanWarmUp)
    settled = dump(workspace)
    with workspace.session() as s:
        reschedule(s, big)  # a full reschedule finds nothing to correct
    assert dump(workspace) == settled


def test_a_refused_outdent_keeps_the_plan_for_the_next_edit(workspace, plan) -> None:
    """Outdenting A would put B (A's successor) under A: a loop. The scheduler refuses it
    unchanged, so the next edit still patches the kept plan instead of rebuilding it."""
    pid, ids = plan
    incremental.warm_scheduler(workspace, pid)
    with pytest.raises(CycleError, match="loop"):
        OutdentTasks(pid, [ids["A"]]).apply(workspace)
    changes = IndentTasks(pid, [ids["C"]]).apply(workspace)
    assert isinstance(changes, TaskChanges)
    assert changes.rescheduled_ids is not None


def test_indents_under_linked_tasks_make_gates_in_the_kept_plan(workspace, big) -> None:
    """The task above usually has links in: it turns into a summary whose links go to new
    gate nodes of the kept network (no recompile), and undo dissolves them; the stored dates
    are those of a full reschedule after each step, and undo is exact."""
    incremental.warm_scheduler(workspace, big)
    held = incremental.kept_schedule(workspace, big)
    assert held is not None
    network = held.result.network
    with workspace.read_session() as s:
        linked = set(s.scalars(select(Dependency.successor_id)))
    indented = 0
    for task_id in _tree(workspace, big)[0][1:]:
        order, parents = _tree(workspace, big)
        above = order[order.index(task_id) - 1]
        if (
            above not in linked
            or parents[above] != parents[task_id]
            or above in parents.values()
            or task_id in parents.values()
        ):
            continue
        try:
            check_exact_undo(workspace, IndentTasks(big, [task_id]))
        except CycleError:  # linked to the row above: the loop is refused
            continue
        kept = incremental.kept_schedule(workspace, big)
        assert kept is not None and kept.result.network is network  # patched in place
        above_index = network.index[above]
        gates = (network.start_gate[above_index], network.finish_gate[above_index])
        assert max(gates) >= network.task_count
        settled = dump(workspace)
        with workspace.session() as s:
            reschedule(s, big)  # a full reschedule finds nothing to correct
        assert dump(workspace) == settled
        indented += 1
        if indented == 3:
            break
    assert indented == 3
