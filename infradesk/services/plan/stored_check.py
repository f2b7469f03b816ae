"""Whether a schedule's dates are the stored ones, checked against rows already read (the
Gantt's outline) instead of reading every task again: the background warm-up at open asks it
of a 100,000-task plan (issue 22).

It answers as ``not scheduling.stored_changes(...)`` would on the same rows, but builds the
early date-times only: a summary's come from its children's (as
:class:`~infradesk.schedule.result.ScheduleResult` takes them), where building each
summary's full entry would build most of its children's entries, late dates included."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from infradesk.schedule.early_columns import early_columns
from infradesk.schedule.engine import ScheduleResult
from infradesk.schedule.gc_pause import gc_paused


class StoredRows(Protocol):
    """The stored values of every task of a project, one entry per row (an outline)."""

    @property
    def ids(self) -> Sequence[int]: ...
    @property
    def start(self) -> Sequence[datetime | None]: ...
    @property
    def finish(self) -> Sequence[datetime | None]: ...
    @property
    def duration(self) -> Sequence[int]: ...
    @property
    def percent(self) -> Sequence[float]: ...


def early_dates(result: ScheduleResult) -> list[tuple[datetime, datetime]]:
    """Every task's early start and finish by task index, the values of
    ``result.start_finish()``, built as columns without an entry per task
    (:func:`~infradesk.schedule.early_columns.early_columns`)."""
    with gc_paused():  # 100,000 pairs: nothing for the collector to find
        return list(zip(*early_columns(result), strict=True))


def stored_dates_match(result: ScheduleResult, rows: StoredRows) -> bool:
    """Whether writing ``result`` back would change none of ``rows`` (every task of its
    project as stored): the same start and finish, and a summary's rolled-up duration and
    percent complete (see ``scheduling.stored_changes``)."""
    net = result.network
    if len(rows.ids) != net.task_count:
        return False
    dates = early_dates(result)
    index, kids = net.index, net.kids
    start, finish, duration, percent = rows.start, rows.finish, rows.duration, rows.percent
    for row, task_id in enumerate(rows.ids):
        i = index.get(task_id)
        if i is None:
            return False
        new_start, new_finish = dates[i]
        if start[row] != new_start or finish[row] != new_finish:
            return False
        if kids[i] is not None:
            minutes, done = result.duration_and_percent(task_id)
            if duration[row] != minutes or abs(percent[row] - round(done, 2)) > 1e-9:
                return False
    return True
