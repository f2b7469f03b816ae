"""Many engine inputs (:class:`~infradesk.schedule.plan.TaskInput`,
:class:`~infradesk.schedule.plan.LinkInput`) made from columns of their fields at once.

Both are frozen dataclasses with slots: their ``__init__`` sets each field through
``object.__setattr__``, one Python call per field (a 100,000-task export's 100,000 tasks of
18 fields and 117,000 links of 4: 0.3 s). Here the objects are made empty by
``object.__new__`` and each field is filled column by column through its slot's descriptor
(``__set__``, what ``object.__setattr__`` does for a slot) in C loops: the same objects,
equal to those the constructor gives, field for field (``tests/schedule/test_input_columns.py``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import fields
from itertools import repeat
from typing import Any, TypeVar

from infradesk.schedule.plan import LinkInput, TaskInput

#: TaskInput's fields in the order of its constructor's arguments.
FIELD_NAMES: tuple[str, ...] = tuple(field.name for field in fields(TaskInput))
#: LinkInput's fields in the order of its constructor's arguments.
LINK_FIELD_NAMES: tuple[str, ...] = tuple(field.name for field in fields(LinkInput))

_Slotted = TypeVar("_Slotted", TaskInput, LinkInput)

# filling the slots skips the constructor: only right while it does nothing but set them
for _kind in (TaskInput, LinkInput):
    if hasattr(_kind, "__post_init__"):
        raise TypeError(f"{_kind.__name__} checks its fields: build it with its constructor")


def task_inputs_of_columns(count: int, *columns: Iterable[Any]) -> list[TaskInput]:
    """``list(map(TaskInput, *columns))`` for ``count`` tasks: one column per field, in
    :data:`FIELD_NAMES` order, each of ``count`` values (all 18 are given: no default)."""
    return _of_columns(TaskInput, FIELD_NAMES, count, columns)


def link_inputs_of_columns(count: int, *columns: Iterable[Any]) -> list[LinkInput]:
    """``list(map(LinkInput, *columns))`` for ``count`` links: one column per field, in
    :data:`LINK_FIELD_NAMES` order, each of ``count`` values."""
    return _of_columns(LinkInput, LINK_FIELD_NAMES, count, columns)


def _of_columns(
    kind: type[_Slotted], names: tuple[str, ...], count: int, columns: tuple[Iterable[Any], ...]
) -> list[_Slotted]:
    if len(columns) != len(names):
        raise TypeError(f"{len(names)} columns expected, {len(columns)} given")
    made: list[_Slotted] = list(map(object.__new__, repeat(kind, count)))
    for name, column in zip(names, columns, strict=True):
        values = column if isinstance(column, list | tuple | range) else list(column)
        if len(values) != count:
            raise ValueError(f"column {name!r} has {len(values)} values, {count} expected")
        setter = getattr(kind, name).__set__  # the slot's descriptor
        deque(map(setter, made, values), maxlen=0)  # run in C, results (None) dropped
    return made
