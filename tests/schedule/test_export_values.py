"""``ScheduleResult.export_values`` (the JSON export's computed values of every task, issue
22) gives what each task's :class:`TaskSchedule` says, on plans with summaries, progress,
ALAP and elapsed tasks."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from infradesk.schedule.engine import PlanInput, ScheduleResult

from .progress_strategies import progressed
from .test_engine_properties import AXIS, plans, scheduled


def built_one_by_one(result: ScheduleResult) -> dict[int, tuple[object, ...]]:
    found: dict[int, tuple[object, ...]] = {}
    for task_id in result:
        entry = result[task_id]
        found[task_id] = (
            entry.early_start,
            entry.early_finish,
            entry.late_start,
            entry.late_finish,
            entry.total_float_minutes,
            entry.free_float_minutes,
            entry.critical,
        )
    return found


@st.composite
def varied_plans(draw: st.DrawFn) -> PlanInput:
    plan = draw(plans(summaries=True).flatmap(lambda p: progressed(p, AXIS)))
    tasks = [
        replace(task, constraint_type="ALAP") if draw(st.integers(0, 4)) == 0 else task
        for task in plan.tasks
    ]
    tasks = [
        replace(task, elapsed=True) if draw(st.integers(0, 4)) == 0 else task for task in tasks
    ]
    return replace(plan, tasks=tasks)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(varied_plans())
def test_export_values_are_the_task_schedules_values(plan: PlanInput) -> None:
    fast: dict[int, tuple[object, ...]] = dict(scheduled(plan).export_values())
    slow = built_one_by_one(scheduled(plan))
    assert list(fast) == list(slow)  # the plan's order
    assert fast == slow
