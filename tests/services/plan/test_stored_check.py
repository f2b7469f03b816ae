"""The warm-up's check of the stored dates against a schedule (``stored_check``) answers as
``scheduling.stored_changes`` does, and its early dates are ``ScheduleResult.start_finish``'s,
on random plans with nested summaries, milestones at a predecessor's finish, constraints,
actuals and wall-clock tasks."""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import datetime

import pytest

from infradesk.schedule.engine import ScheduleResult
from infradesk.services.plan.stored_check import early_dates, stored_dates_match
from tests.schedule.test_late_refresh import loop_free_scheduler, random_plan


def _plan_result(seed: int) -> ScheduleResult:
    rng = random.Random(seed)
    plan = random_plan(rng, 160)
    tasks = [
        replace(task, elapsed=True) if task.duration_minutes and rng.random() < 0.08 else task
        for task in plan.tasks
    ]
    return loop_free_scheduler(replace(plan, tasks=tasks)).result


@dataclass
class Rows:
    """Stored rows as the Gantt's outline holds them."""

    ids: list[int] = field(default_factory=list)
    start: list[datetime | None] = field(default_factory=list)
    finish: list[datetime | None] = field(default_factory=list)
    duration: list[int] = field(default_factory=list)
    percent: list[float] = field(default_factory=list)


def _stored(result: ScheduleResult) -> Rows:
    """The rows a full reschedule would have written for ``result``."""
    rows = Rows()
    for task_id, (start, finish) in result.start_finish().items():
        entry = result[task_id]
        rows.ids.append(task_id)
        rows.start.append(start)
        rows.finish.append(finish)
        rows.duration.append(entry.duration_minutes if entry.summary else 480)
        rows.percent.append(round(entry.percent_complete, 2) if entry.summary else 0.0)
    return rows


@pytest.mark.parametrize("seed", range(8))
def test_the_early_dates_are_those_of_start_finish(seed: int) -> None:
    result = _plan_result(seed)
    dates = result.start_finish()
    ids = result.network.ids
    assert early_dates(_plan_result(seed)) == [dates[task_id] for task_id in ids]


@pytest.mark.parametrize("seed", range(4))
def test_the_check_finds_every_kind_of_difference(seed: int) -> None:
    result = _plan_result(seed)
    rows = _stored(result)
    assert stored_dates_match(result, rows)
    summary = next(r for r, t in enumerate(rows.ids) if result.is_summary(t))
    milestone = next(
        r
        for r, t in enumerate(rows.ids)
        if not result.is_summary(t) and result.positions(t)[0] == result.positions(t)[1]
    )
    changes = {
        "start": (milestone, rows.start[milestone]),
        "finish": (summary, None),
        "duration": (summary, rows.duration[summary] + 1),
        "percent": (summary, rows.percent[summary] + 0.01),
    }
    for name, (row, value) in changes.items():
        column = getattr(rows, name)
        kept = column[row]
        column[row] = value if name != "start" else value.replace(hour=(value.hour + 1) % 24)
        assert not stored_dates_match(result, rows), name
        column[row] = kept
    assert stored_dates_match(result, rows)
    rows.ids.pop()  # a task missing from the rows: not the plan's rows
    assert not stored_dates_match(result, rows)
