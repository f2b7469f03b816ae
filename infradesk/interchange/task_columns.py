"""A project's tasks as columns: one list per :class:`~infradesk.interchange.document.Task`
field, one entry per task in document order.

The JSON export writes a 100,000-task plan from columns (``json_task_text``) without a frozen
``d.Task`` per task: the workspace's export fills them straight from its stored columns
(``services.documents.plan_columns``); a typed document's tasks are turned into columns by
:func:`task_columns`. The values are those the ``d.Task`` fields would hold."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from operator import attrgetter
from typing import Any

from infradesk.interchange import document as d

#: A predecessor within the project: (its document id, link type, lag in working minutes).
LinkRow = tuple[int, str, int]


@dataclass(frozen=True, slots=True)
class ComputedColumns:
    """``d.ComputedSchedule``'s fields as columns (every task has them)."""

    early_start: Sequence[datetime]
    early_finish: Sequence[datetime]
    late_start: Sequence[datetime]
    late_finish: Sequence[datetime]
    total_float_minutes: Sequence[int]
    free_float_minutes: Sequence[int]
    critical: Sequence[bool]


@dataclass(frozen=True, slots=True)
class TaskColumns:
    """``d.Task``'s written fields as columns. ``predecessors``: each task's links as
    :data:`LinkRow`; ``computed``: None when no task has computed values, else one entry
    per task (None for a task without)."""

    id: Sequence[int]
    wbs: Sequence[str]
    name: Sequence[str]
    parent: Sequence[int | None]
    start: Sequence[datetime | None]
    finish: Sequence[datetime | None]
    duration_minutes: Sequence[int]
    percent_complete: Sequence[float]
    milestone: Sequence[bool]
    owner: Sequence[str]
    notes: Sequence[str]
    constraint_type: Sequence[str]
    constraint_date: Sequence[datetime | None]
    start_no_earlier_than: Sequence[datetime | None]
    deadline: Sequence[datetime | None]
    production_change: Sequence[bool]
    external_ref: Sequence[str]
    actual_start: Sequence[datetime | None]
    actual_finish: Sequence[datetime | None]
    cost: Sequence[Decimal]
    actual_cost: Sequence[Decimal]
    estimated: Sequence[bool]
    manual: Sequence[bool]
    elapsed: Sequence[bool]
    predecessors: Sequence[Sequence[LinkRow]]
    external_predecessors: Sequence[Sequence[d.ExternalLink]]
    priority: Sequence[int]
    task_type: Sequence[str]
    calendar: Sequence[str]
    leveling_delay_minutes: Sequence[int]
    assignments: Sequence[Sequence[d.Assignment]]
    computed: ComputedColumns | Sequence[d.ComputedSchedule | None] | None = None

    def __len__(self) -> int:
        return len(self.id)


# the fields taken as they are from each d.Task
_PLAIN_FIELDS = tuple(
    name for name in TaskColumns.__dataclass_fields__ if name not in ("predecessors", "computed")
)


def task_columns(tasks: Sequence[d.Task]) -> TaskColumns:
    """The typed tasks as columns."""
    values: dict[str, Any] = {name: list(map(attrgetter(name), tasks)) for name in _PLAIN_FIELDS}
    values["predecessors"] = [
        [(link.task, link.type, link.lag_minutes) for link in task.predecessors]
        if task.predecessors
        else ()
        for task in tasks
    ]
    computed = [task.computed for task in tasks]
    values["computed"] = computed if any(item is not None for item in computed) else None
    return TaskColumns(**values)
