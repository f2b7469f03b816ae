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
    need its rules (zero-length and wall-clock tasks); a summary's are its children's
    extremes among those at its own positions, children first."""
    net, axis = result.network, result.axis
    n, ids, kids, parent = net.task_count, net.ids, net.kids, net.parent
    elapsed, clocks = net.elapsed, net.clocks
    positions = result.positions
    starts: list[int] = [0] * n
    finishes: list[int] = [0] * n
    dates: list[tuple[datetime, datetime] | None] = [None] * n
    summaries: list[int] = []
    plain: list[int] = []  # leaves whose dates are start_at(es), finish_at(ef)
    for i in range(n):
        es, ef, _ls, _lf = positions(ids[i])
        starts[i], finishes[i] = es, ef
        if kids[i] is not None:
            summaries.append(i)
        elif ef > es and (i not in elapsed or i in clocks):
            plain.append(i)
        else:
            entry = result[ids[i]]
            dates[i] = (entry.early_start, entry.early_finish)
    # converted all at once (one bisect per distinct position, as the axis promises equal to
    # start_at / finish_at one by one): most of a plan's tasks are plain leaves
    start_of = axis.starts_at_many([starts[i] for i in plain])
    finish_of = axis.finishes_at_many([finishes[i] for i in plain])
    for i in plain:
        dates[i] = (start_of[starts[i]], finish_of[finishes[i]])
    for i in sorted(summaries, key=lambda s: -_depth(parent, s)):  # children first
        es, ef = starts[i], finishes[i]
        children = kids[i] or ()
        firsts = [d[0] for c in children if starts[c] == es and (d := dates[c]) is not None]
        lasts = [d[1] for c in children if finishes[c] == ef and (d := dates[c]) is not None]
        if firsts and lasts:
            dates[i] = (min(firsts), max(lasts))
        else:  # not the usual roll-up: the result's own rules decide
            entry = result[ids[i]]
            dates[i] = (entry.early_start, entry.early_finish)
    filled = [found for found in dates if found is not None]
    if len(filled) != n:  # pragma: no cover - every index was filled above
        raise AssertionError("a task's dates were not built")
    return filled


def _depth(parent: Sequence[int], i: int) -> int:
    depth = 0
    while parent[i] >= 0:
        i = parent[i]
        depth += 1
    return depth


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
