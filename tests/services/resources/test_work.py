"""MS Project's work arithmetic per task type: the pure rules and the edits that apply them."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from infradesk.model import Assignment, Task
from infradesk.services.plan.errors import TaskEditError
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.services.plan.progress_edits import SetRemaining
from infradesk.services.resources.assignments import SetAssignments
from infradesk.services.resources.work import (
    Load,
    after_duration,
    after_units,
    after_work,
    reconcile,
)
from tests.services.plan.task_plan import dump, plan

__all__ = ["plan"]

DAY = 480


# ----------------------------------------------------------------------- the pure rules


@pytest.mark.parametrize(
    ("task_type", "expected"),
    [
        ("fixed_duration", [Load(1.0, 3 * DAY), Load(0.5, 1.5 * DAY)]),  # work follows
        ("fixed_units", [Load(1.0, 3 * DAY), Load(0.5, 1.5 * DAY)]),  # work follows
        ("fixed_work", [Load(2 / 3, 2 * DAY), Load(1 / 3, DAY)]),  # units follow
    ],
)
def test_a_new_duration(task_type: str, expected: list[Load]) -> None:
    loads = [Load(1.0, 2 * DAY), Load(0.5, DAY)]  # a 2-day task
    assert after_duration(task_type, 3 * DAY, loads) == expected


@pytest.mark.parametrize(
    ("task_type", "duration", "load"),
    [
        ("fixed_duration", 2 * DAY, Load(0.5, DAY)),  # work follows the units
        ("fixed_work", 4 * DAY, Load(0.5, 2 * DAY)),  # the duration follows
        ("fixed_units", 4 * DAY, Load(0.5, 2 * DAY)),  # the duration follows
    ],
)
def test_new_units(task_type: str, duration: int, load: Load) -> None:
    assert after_units(task_type, 2 * DAY, [Load(1.0, 2 * DAY)], 0, 0.5) == (duration, [load])


@pytest.mark.parametrize(
    ("task_type", "duration", "load"),
    [
        ("fixed_duration", 2 * DAY, Load(2.0, 4 * DAY)),  # the units follow the work
        ("fixed_work", 4 * DAY, Load(1.0, 4 * DAY)),  # the duration follows
        ("fixed_units", 4 * DAY, Load(1.0, 4 * DAY)),  # the duration follows
    ],
)
def test_new_work(task_type: str, duration: int, load: Load) -> None:
    assert after_work(task_type, 2 * DAY, [Load(1.0, 2 * DAY)], 0, 4 * DAY) == (duration, [load])


def test_a_fixed_work_task_cannot_lose_its_duration() -> None:
    with pytest.raises(TaskEditError, match="fixed-work"):
        after_duration("fixed_work", 0, [Load(1.0, DAY)])
    assert after_duration("fixed_duration", 0, [Load(1.0, DAY)]) == [Load(1.0, 0)]


def test_the_longest_assignment_gives_the_duration_and_the_others_follow() -> None:
    loads = [Load(1.0, 2 * DAY), Load(1.0, 2 * DAY)]
    # fixed units: the second keeps 100% and works the new four days
    assert after_units("fixed_units", 2 * DAY, loads, 0, 0.5) == (
        4 * DAY,
        [Load(0.5, 2 * DAY), Load(1.0, 4 * DAY)],
    )
    # fixed work: the second keeps its two days of work over four days, at 50%
    assert after_units("fixed_work", 2 * DAY, loads, 0, 0.5) == (
        4 * DAY,
        [Load(0.5, 2 * DAY), Load(0.5, 2 * DAY)],
    )


def test_reconcile_keeps_unchanged_assignments_and_works_new_ones_over_the_duration() -> None:
    old = {1: Load(1.0, 3 * DAY)}  # imported work, not duration x units
    assert reconcile("fixed_duration", 2 * DAY, old, [(1, 1.0), (2, 0.5)]) == (
        2 * DAY,
        [Load(1.0, 3 * DAY), Load(0.5, DAY)],
    )


# ----------------------------------------------------------------------- through the edits


def _loads(workspace, task_id: int) -> tuple[int, list[tuple[float, int]]]:
    with workspace.session() as s:
        duration = s.scalar(select(Task.duration_minutes).where(Task.id == task_id))
        rows = s.execute(
            select(Assignment.units, Assignment.work_minutes)
            .where(Assignment.task_id == task_id)
            .order_by(Assignment.position)
        ).all()
    return duration, [(round(u, 4), w) for u, w in rows]


def _typed(workspace, task_id: int, task_type: str) -> None:
    with workspace.session() as s:
        s.execute(update(Task).where(Task.id == task_id).values(task_type=task_type))


@pytest.mark.parametrize(
    ("task_type", "expected"),
    [
        ("fixed_duration", (4 * DAY, [(1.0, 4 * DAY)])),
        ("fixed_units", (4 * DAY, [(1.0, 4 * DAY)])),
        ("fixed_work", (4 * DAY, [(0.5, 2 * DAY)])),
    ],
)
def test_a_duration_edit_reworks_the_assignments(workspace, plan, task_type, expected) -> None:
    pid, ids = plan
    task = ids["A"]  # 2 days
    _typed(workspace, task, task_type)
    SetAssignments(pid, task, "Alice").apply(workspace)
    before = dump(workspace), _loads(workspace, task)
    assert before[1] == (2 * DAY, [(1.0, 2 * DAY)])
    edit = UpdateTask(pid, task, {"duration_minutes": 4 * DAY})
    changes = edit.apply(workspace)
    assert _loads(workspace, task) == expected
    assert changes.assigned is not None and changes.assigned[task].names == ("Alice",)
    edit.revert(workspace)
    assert (dump(workspace), _loads(workspace, task)) == before


@pytest.mark.parametrize(
    ("task_type", "expected"),
    [
        ("fixed_duration", (2 * DAY, [(0.5, DAY)])),  # work follows the units
        ("fixed_units", (4 * DAY, [(0.5, 2 * DAY)])),  # the duration follows
        ("fixed_work", (4 * DAY, [(0.5, 2 * DAY)])),  # the duration follows
    ],
)
def test_a_units_edit_follows_the_task_type(workspace, plan, task_type, expected) -> None:
    pid, ids = plan
    task = ids["A"]
    _typed(workspace, task, task_type)
    SetAssignments(pid, task, "Alice").apply(workspace)
    edit = SetAssignments(pid, task, "Alice[50%]")
    edit.apply(workspace)
    assert _loads(workspace, task) == expected
    edit.revert(workspace)
    assert _loads(workspace, task) == (2 * DAY, [(1.0, 2 * DAY)])


def test_a_duration_edit_of_a_task_without_resources_writes_no_assignment(workspace, plan):
    pid, ids = plan
    UpdateTask(pid, ids["D"], {"duration_minutes": DAY * 3}).apply(workspace)
    with workspace.session() as s:
        assert s.scalar(select(Assignment.id)) is None


def test_a_fixed_work_task_refuses_a_zero_duration(workspace, plan) -> None:
    pid, ids = plan
    _typed(workspace, ids["A"], "fixed_work")
    SetAssignments(pid, ids["A"], "Alice").apply(workspace)
    before = dump(workspace)
    with pytest.raises(TaskEditError, match="fixed-work"):
        UpdateTask(pid, ids["A"], {"duration_minutes": 0}).apply(workspace)
    assert dump(workspace) == before


def test_progress_that_changes_the_duration_reworks_the_assignments(workspace, plan) -> None:
    pid, ids = plan
    SetAssignments(pid, ids["A"], "Alice[50%]").apply(workspace)
    before = _loads(workspace, ids["A"])
    edit = SetRemaining(pid, ids["A"], 3 * DAY)  # not started: the duration becomes 3 days
    changes = edit.apply(workspace)
    assert _loads(workspace, ids["A"]) == (3 * DAY, [(0.5, int(1.5 * DAY))])
    assert changes.assigned is not None and changes.assigned[ids["A"]].text == "Alice[50%]"
    edit.revert(workspace)
    assert _loads(workspace, ids["A"]) == before
