"""Hypothesis strategies for plans with progress and constraints (engine tests)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import strategies as st

from infradesk.schedule.calendar import TimeAxis
from infradesk.schedule.engine import CONSTRAINT_TYPES, PlanInput, TaskInput


@st.composite
def progressed(draw: st.DrawFn, plan: PlanInput, axis: TimeAxis) -> PlanInput:
    """``plan`` with a status date (most of the time) and, per task, maybe actuals (finished
    or in progress, at any percent) and maybe a constraint of any type."""
    tasks: list[TaskInput] = []
    for task in plan.tasks:
        state = draw(st.sampled_from(["open", "open", "started", "finished"]))
        if state != "open":
            start = draw(st.integers(-500, 3000))
            finish = start + draw(st.integers(0, 2000))
            task = replace(
                task,
                actual_start=axis.start_at(start) if draw(st.integers(0, 4)) else None,
                actual_finish=axis.finish_at(finish) if state == "finished" else None,
                percent_complete=draw(st.sampled_from([0, 10, 25, 50, 99.5, 100])),
            )
            if task.actual_start is None and task.actual_finish is None:
                task = replace(task, actual_start=axis.start_at(start))
        if draw(st.integers(0, 3)) == 0:
            kind = draw(st.sampled_from(CONSTRAINT_TYPES))
            moment = axis.start_at(draw(st.integers(-500, 4000)))
            task = replace(task, constraint_type=kind, constraint_date=moment)
        tasks.append(task)
    status = None
    if draw(st.integers(0, 5)):
        status = axis.start_at(draw(st.integers(-200, 3500)))
    return replace(
        plan, tasks=tasks, status_date=status, reschedule_after_status=draw(st.booleans())
    )
