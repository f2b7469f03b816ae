"""The columns input of the pure earned value: same figures as one EvmTask per task, and the
same refusals naming the task."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from infradesk.schedule.calendar import TimeAxis, WorkingCalendar
from infradesk.schedule.earned_value import (
    EarnedValueInputError,
    EvmColumns,
    EvmTask,
    earned_value,
    s_curve,
)

D = datetime
CALENDAR = WorkingCalendar()
TASKS = [
    EvmTask(1, None, summary=True, name="Phase", invoiced=Decimal("25")),
    EvmTask(2, 1, D(2026, 3, 2, 8), D(2026, 3, 3, 17), Decimal("1000"), 100, Decimal("900")),
    EvmTask(3, 1, D(2026, 3, 4, 8), D(2026, 3, 5, 17), Decimal("2000"), 37.5, Decimal("800")),
    EvmTask(4, None, D(2026, 3, 6, 8), D(2026, 3, 6, 17), Decimal("333.33"), 0),
]


def test_columns_give_the_figures_of_the_tasks() -> None:
    status = D(2026, 3, 5, 10, 15)
    by_tasks = earned_value(TASKS, status, CALENDAR)
    by_columns = earned_value(EvmColumns.of(TASKS), status, CALENDAR)
    assert by_columns == by_tasks
    assert by_tasks.tasks[1].ac == Decimal("1725")  # children 900 + 800, its own invoice 25
    assert s_curve(EvmColumns.of(TASKS), status, CALENDAR) == s_curve(TASKS, status, CALENDAR)


def test_positions_on_the_given_axis_give_the_figures_of_date_times() -> None:
    status = D(2026, 3, 5, 10, 15)
    axis = TimeAxis(CALENDAR, D(2026, 3, 2, 8))
    columns = EvmColumns.of(TASKS)
    positions = EvmColumns(
        columns.ids,
        columns.parent_ids,
        [None if m is None else axis.position_of(m) for m in columns.baseline_start],
        [None if m is None else axis.position_of(m) for m in columns.baseline_finish],
        columns.baseline_cost,
        columns.percent_complete,
        columns.actual_cost,
        columns.summary,
        columns.actual_start,
        columns.actual_finish,
        columns.names,
        columns.invoiced,
    )
    assert earned_value(positions, status, axis) == earned_value(TASKS, status, axis)
    with pytest.raises(EarnedValueInputError, match="task 2: a working-minute position"):
        earned_value(positions, status, CALENDAR)  # positions need their axis


def test_a_task_listed_twice_is_named() -> None:
    twice = [*TASKS, EvmTask(3, None, name="Again")]
    with pytest.raises(EarnedValueInputError, match="task 3 'Again' is listed twice"):
        earned_value(EvmColumns.of(twice), D(2026, 3, 5, 12), CALENDAR)
