"""The incremental write after an edit: a summary's early date-times are found without
building its whole entry, and indents that move the project finish (every late date moves,
only floats change for most tasks) store exactly what a full reschedule stores."""

from __future__ import annotations

import sys
from datetime import datetime
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import select

from infradesk.model import Task
from infradesk.schedule.early_moments import early_moments
from infradesk.schedule.engine import CycleError
from infradesk.services.plan import incremental
from infradesk.services.plan.outline_edits import IndentTasks
from infradesk.services.plan.scheduling import reschedule
from tests.services.plan.task_plan import check_exact_undo, dump

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
from gantt_plans import create_big_project


@pytest.fixture(params=[7, 0], ids=["phases", "flat"])
def big(workspace, request) -> int:
    with workspace.session() as session:
        return create_big_project(session, 160, phase_size=request.param)


def test_early_moments_are_those_of_the_entries(workspace, big) -> None:
    """Every task's early date-times, summaries (nested, with milestone children at a
    predecessor's finish) included, equal its built entry's."""
    with workspace.session() as session:
        result = incremental.current_result(session, big, remember=False)
    memo: dict[int, tuple[datetime, datetime]] = {}
    found = {task_id: early_moments(result, task_id, memo) for task_id in result}
    for task_id, moments in found.items():
        entry = result[task_id]
        assert moments == (entry.early_start, entry.early_finish), task_id


def _leaves_with_leaf_above(workspace, project_id) -> list[int]:
    with workspace.read_session() as s:
        rows = s.execute(
            select(Task.id, Task.parent_id, Task.position).where(Task.project_id == project_id)
        ).all()
    parents = {r.id: r.parent_id for r in rows}
    kids: dict[int | None, list[tuple[int, int]]] = {}
    for r in rows:
        kids.setdefault(r.parent_id, []).append((r.position, r.id))
    found = []
    for siblings in kids.values():
        ordered = [task_id for _position, task_id in sorted(siblings)]
        found.extend(
            task_id
            for above, task_id in pairwise(ordered)
            if above not in parents.values() and task_id not in parents.values()
        )
    return sorted(found)


def test_indents_that_move_the_finish_store_what_a_full_reschedule_stores(
    workspace, big
) -> None:
    """Indents across the plan in a kept (warmed) plan, until one moved the project finish
    (the float-only write is exercised): after each, and after its undo, the stored dates and
    roll-ups are those of a full reschedule."""
    assert incremental.warm_scheduler(workspace, big)
    candidates = _leaves_with_leaf_above(workspace, big)
    finish_moved = indented = 0
    for task_id in candidates[::3]:
        kept = incremental.kept_schedule(workspace, big)
        assert kept is not None and kept.synced
        finish_before = kept.result.project_finish
        try:
            check_exact_undo(workspace, IndentTasks(big, [task_id]))
        except CycleError:  # linked to the row above: the loop is refused
            continue
        kept = incremental.kept_schedule(workspace, big)
        assert kept is not None
        finish_moved += kept.result.project_finish != finish_before
        settled = dump(workspace)
        with workspace.session() as s:
            reschedule(s, big)  # a full reschedule finds nothing to correct
        assert dump(workspace) == settled
        indented += 1
        if indented >= 5 and finish_moved:
            break
    assert indented >= 5
    assert finish_moved >= 1
