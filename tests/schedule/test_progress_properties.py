"""Property tests of progress: finished work never moves, no open work lies before the status
date, an in-progress task finishes where the formula says (docs/scheduling.md)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infradesk.schedule.engine import CONSTRAINT_TYPES, LinkInput, PlanInput, ScheduleResult
from infradesk.schedule.progress import remaining_minutes

from .progress_strategies import progressed
from .test_engine_properties import AXIS, descendants, plans, scheduled

SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)


def leaves(plan: PlanInput) -> list[int]:
    return [t.id for t in plan.tasks if descendants(plan, t.id) == [t.id]]


def finished_positions(plan: PlanInput, result: ScheduleResult) -> dict[int, tuple[int, int]]:
    by_id = {t.id: t for t in plan.tasks}
    return {
        task_id: result.positions(task_id)[:2]
        for task_id in leaves(plan)
        if by_id[task_id].actual_finish is not None
    }


@SETTINGS
@given(plans(summaries=True).flatmap(lambda p: progressed(p, AXIS)), st.data())
def test_a_finished_task_never_moves_when_anything_upstream_changes(
    plan: PlanInput, data: st.DataObject
) -> None:
    before = finished_positions(plan, scheduled(plan))
    ids = [t.id for t in plan.tasks]
    edit = data.draw(st.sampled_from(["duration", "link", "unlink", "constraint", "status"]))
    target = data.draw(st.sampled_from(plan.tasks))
    amount = data.draw(st.integers(0, 3000))
    if edit == "duration":
        changed = replace(target, duration_minutes=amount)
        plan = replace(plan, tasks=[changed if t.id == target.id else t for t in plan.tasks])
    elif edit == "link":
        other = data.draw(st.sampled_from(ids))
        kind = data.draw(st.sampled_from(["FS", "SS", "FF", "SF"]))
        if other != target.id:
            a, b = sorted((target.id, other))  # forward in the outline: no loop by links
            plan = replace(plan, links=[*plan.links, LinkInput(a, b, kind, amount - 1000)])
    elif edit == "unlink" and plan.links:
        plan = replace(plan, links=list(plan.links)[1:])
    elif edit == "constraint":
        kind = data.draw(st.sampled_from(CONSTRAINT_TYPES))
        changed = replace(target, constraint_type=kind, constraint_date=AXIS.start_at(amount))
        plan = replace(plan, tasks=[changed if t.id == target.id else t for t in plan.tasks])
    else:
        plan = replace(plan, status_date=AXIS.start_at(amount))
    after = finished_positions(plan, scheduled(plan))
    if edit == "duration" and target.actual_start is None and target.id in before:
        # its own duration, not an upstream one: a finished task without an actual start
        # starts its duration before its actual finish (docs/scheduling.md), so only its
        # finish is fixed
        assert after.pop(target.id)[1] == before.pop(target.id)[1]
    assert after == before


@SETTINGS
@given(plans(summaries=True).flatmap(lambda p: progressed(p, AXIS)))
def test_no_open_work_lies_before_the_status_date(plan: PlanInput) -> None:
    result = scheduled(plan)
    if plan.status_date is None:
        return
    status = AXIS.position_of(plan.status_date)
    by_id = {t.id: t for t in plan.tasks}
    for task_id in leaves(plan):
        task = by_id[task_id]
        es, ef = result.positions(task_id)[:2]
        entry = result[task_id]
        if task.actual_finish is not None or (
            task.actual_start is not None and task.percent_complete >= 100
        ):
            assert entry.progress == "finished"
        elif task.actual_start is not None:  # the remaining work lies after the status date
            assert entry.progress == "in_progress"
            remaining = remaining_minutes(task.duration_minutes, task.percent_complete)
            assert ef >= status + remaining
        elif plan.reschedule_after_status:
            assert entry.progress == "not_started"
            if task.constraint_type in ("MSO", "MFO"):  # pinned: before it only as a conflict
                assert es >= status or entry.conflict == task.constraint_type
            else:
                assert es >= status


@SETTINGS
@given(plans(summaries=True).flatmap(lambda p: progressed(p, AXIS)))
def test_an_in_progress_task_finishes_where_the_formula_says(plan: PlanInput) -> None:
    result = scheduled(plan)
    status = None if plan.status_date is None else AXIS.position_of(plan.status_date)
    by_id = {t.id: t for t in plan.tasks}
    for task_id in leaves(plan):
        task = by_id[task_id]
        if task.actual_finish is not None or task.actual_start is None:
            continue
        es, ef = result.positions(task_id)[:2]
        start = AXIS.position_of(task.actual_start)
        duration = task.duration_minutes
        assert es == start
        if task.percent_complete >= 100 or status is None:
            assert ef == start + duration
        else:
            remaining = remaining_minutes(duration, task.percent_complete)
            assert ef == max(start + duration, status + remaining)
