"""The computed values as columns (``schedule.computed_columns``, what the JSON export writes)
are the entries' own: on random plans with nested summaries, milestones, progress,
constraints, elapsed, manual and ALAP tasks, and a calendar with holidays and a freeze."""

from __future__ import annotations

import random

import pytest

from infradesk.schedule.computed_columns import computed_columns
from infradesk.schedule.engine import ScheduleResult, schedule

from .test_bulk_dates import _plans


def _from_entries(result: ScheduleResult, ids: list[int]) -> list[tuple[object, ...]]:
    return [
        (
            result[task_id].early_start,
            result[task_id].early_finish,
            result[task_id].late_start,
            result[task_id].late_finish,
            result[task_id].total_float_minutes,
            result[task_id].free_float_minutes,
            result[task_id].critical,
        )
        for task_id in ids
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_columns_are_the_entries_values(seed: int) -> None:
    rng = random.Random(seed)
    for plan in _plans(seed):
        ids = [task.id for task in plan.tasks]
        rng.shuffle(ids)  # any order asked, some tasks left out
        wanted = ids[: len(ids) - len(ids) // 5]
        columns = computed_columns(schedule(plan), wanted)
        assert list(zip(*columns, strict=True)) == _from_entries(schedule(plan), wanted)
        in_order = [task.id for task in plan.tasks]  # the engine's own order: no lookups
        columns = computed_columns(schedule(plan), in_order)
        assert list(zip(*columns, strict=True)) == _from_entries(schedule(plan), in_order)


def test_summaries_milestones_and_elapsed_tasks_are_there() -> None:
    """The plans above hold every kind of entry the columns take apart."""
    kinds = set()
    for plan in _plans(1):
        result = schedule(plan)
        for task in plan.tasks:
            entry = result[task.id]
            kinds.add("summary" if entry.summary else "milestone" if entry.milestone else "task")
            if task.elapsed and entry.duration_minutes:
                kinds.add("elapsed")
    assert kinds == {"summary", "milestone", "task", "elapsed"}
