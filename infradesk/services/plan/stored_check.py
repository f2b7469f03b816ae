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

from infradesk.schedule.early_moments import early_moments
from infradesk.schedule.engine import ScheduleResult


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
    ``result.start_finish()``. A full entry is built only for the leaves whose date-times
    need its rules (zero-length and wall-clock tasks); a summary's come from its children's
    (:func:`~infradesk.schedule.early_moments.early_moments`), children first."""
    net, axis = result.network, result.axis
    n, ids, kids = net.task_count, net.ids, net.kids
    summaries: list[int] = []
    elapsed, clocks = net.elapsed, net.clocks
    positions = result.positions
    starts: list[int] = [0] * n
    finishes: list[int] = [0] * n
    moments: dict[int, tuple[datetime, datetime]] = {}  # by task id, as early_moments keeps
    plain: list[int] = []  # leaves whose dates are start_at(es), finish_at(ef)
    for i in range(n):
        es, ef, _ls, _lf = positions(ids[i])
        starts[i], finishes[i] = es, ef
        if kids[i] is not None:
            summaries.append(ids[i])
        elif ef > es and (i not in elapsed or i in clocks):
            plain.append(i)
        else:
            entry = result[ids[i]]
            moments[ids[i]] = (entry.early_start, entry.early_finish)
    # converted all at once (one bisect per distinct position, as the axis promises equal to
    # start_at / finish_at one by one): most of a plan's tasks are plain leaves
    start_of = axis.starts_at_many([starts[i] for i in plain])
    finish_of = axis.finishes_at_many([finishes[i] for i in plain])
    for i in plain:
        moments[ids[i]] = (start_of[starts[i]], finish_of[finishes[i]])
    for summary_id in summaries:  # children first, however deep (early_moments keeps them)
        early_moments(result, summary_id, moments)
    return [moments[task_id] for task_id in ids]


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
