"""Engine inputs made column by column (``input_columns``) are the ones their constructors
make."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import datetime
from itertools import repeat
from operator import attrgetter

import pytest

from infradesk.schedule.input_columns import (
    FIELD_NAMES,
    link_inputs_of_columns,
    task_inputs_of_columns,
)
from infradesk.schedule.plan import LinkInput, TaskInput
from infradesk.schedule.task_calendars import PROJECT_CLOCK

MONDAY = datetime(2026, 3, 2, 9)
# a task's fields in order, as they are (dataclasses.astuple would copy the clock into a tuple)
astuple = attrgetter(*FIELD_NAMES)


def _varied() -> list[TaskInput]:
    """Tasks whose every field differs from its default on some task."""
    return [
        TaskInput(1, name="top"),
        TaskInput(2, 1, 480, False, None, MONDAY, True, 25.0, "leaf", "SNET", MONDAY),
        TaskInput(3, 1, 0, True, MONDAY, actual_start=MONDAY, actual_finish=MONDAY),
        TaskInput(4, 1, 960, manual=True, manual_start=MONDAY, elapsed=True),
        TaskInput(5, 1, 60, clock=PROJECT_CLOCK, leveling_delay_minutes=120),
    ]


def test_tasks_made_from_columns_equal_those_the_constructor_makes() -> None:
    tasks = _varied()
    columns = [list(column) for column in zip(*map(astuple, tasks), strict=True)]
    made = task_inputs_of_columns(len(tasks), *columns)
    assert made == tasks
    assert [type(task) for task in made] == [TaskInput] * len(tasks)
    for task, expected in zip(made, tasks, strict=True):
        for name in FIELD_NAMES:
            assert getattr(task, name) is getattr(expected, name)
        assert hash(task) == hash(expected)
        assert repr(task) == repr(expected)


def test_columns_may_be_iterators_and_the_tasks_stay_frozen() -> None:
    count = 3
    made = task_inputs_of_columns(
        count,
        range(10, 13),
        repeat(None, count),
        map(int, "123"),
        *([value] * count for value in (False, None, None, False, 0.0, "", "ASAP", None)),
        *([value] * count for value in (None, None, False, None, False, None, 0)),
    )
    assert made == [TaskInput(10, None, 1), TaskInput(11, None, 2), TaskInput(12, None, 3)]
    with pytest.raises(FrozenInstanceError):
        made[0].name = "renamed"  # type: ignore[misc]  # the point: frozen


def test_a_missing_column_or_a_short_one_is_refused() -> None:
    columns = [[value] for value in astuple(TaskInput(1))]
    with pytest.raises(TypeError, match="18 columns"):
        task_inputs_of_columns(1, *columns[:-1])
    with pytest.raises(ValueError, match="'name' has 0 values"):
        task_inputs_of_columns(1, *columns[:8], [], *columns[9:])
    assert task_inputs_of_columns(0, *([] for _ in FIELD_NAMES)) == []


def test_links_made_from_columns_equal_those_the_constructor_makes() -> None:
    links = [LinkInput(1, 2), LinkInput(2, 3, "SS", 60), LinkInput(3, 4, "FF", -480)]
    made = link_inputs_of_columns(
        3, [1, 2, 3], iter([2, 3, 4]), ["FS", "SS", "FF"], (0, 60, -480)
    )
    assert made == links
    assert [repr(link) for link in made] == [repr(link) for link in links]
    assert [type(link) for link in made] == [LinkInput] * 3
    with pytest.raises(TypeError, match="4 columns"):
        link_inputs_of_columns(1, [1], [2], ["FS"])
