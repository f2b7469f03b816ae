"""Many :class:`~infradesk.schedule.plan.TaskInput` made from columns of their fields at once.

``TaskInput`` is a frozen dataclass with slots: its ``__init__`` sets each of its 18 fields
through ``object.__setattr__``, one Python call per field, ~2.6 us a task (0.26 s of a
100,000-task export's engine input). Here the objects are made empty by ``object.__new__``
and each field is filled column by column through its slot's descriptor (``__set__``, what
``object.__setattr__`` does for a slot) in C loops: the same objects, equal to those
``TaskInput(*values)`` gives, field for field (``tests/schedule/test_input_columns.py``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import fields
from itertools import repeat
from typing import Any

from infradesk.schedule.plan import TaskInput

#: TaskInput's fields in the order of its constructor's arguments.
FIELD_NAMES: tuple[str, ...] = tuple(field.name for field in fields(TaskInput))


def task_inputs_of_columns(count: int, *columns: Iterable[Any]) -> list[TaskInput]:
    """``list(map(TaskInput, *columns))`` for ``count`` tasks: one column per field, in
    :data:`FIELD_NAMES` order, each of ``count`` values (all 18 are given: no default)."""
    if len(columns) != len(FIELD_NAMES):
        raise TypeError(f"{len(FIELD_NAMES)} columns expected, {len(columns)} given")
    tasks: list[TaskInput] = list(map(object.__new__, repeat(TaskInput, count)))
    for name, column in zip(FIELD_NAMES, columns, strict=True):
        values = column if isinstance(column, list | tuple | range) else list(column)
        if len(values) != count:
            raise ValueError(f"column {name!r} has {len(values)} values, {count} expected")
        setter = getattr(TaskInput, name).__set__  # the slot's descriptor
        deque(map(setter, tasks, values), maxlen=0)  # run in C, results (None) dropped
    return tasks
