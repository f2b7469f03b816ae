"""Which tasks the weekly update asks about (MS Project's Update Progress list).

A task is *due* when, by the status date, it should have finished and is not recorded as
finished, or should have started and has no actual start. "Should" reads the baseline dates
when the task has them (once uncompleted work is rescheduled after the status date, the
current schedule never shows an unstarted task before it), else the current schedule. One pass
over the outline's lists: no query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from infradesk.services.plan.outline import Outline


@dataclass(frozen=True)
class DueTask:
    """One task to ask about; ``should`` is "finish" or "start"."""

    id: int
    row: int
    wbs: str
    name: str
    start: datetime | None
    finish: datetime | None
    percent: float
    remaining: int
    actual_start: datetime | None
    actual_finish: datetime | None
    should: str


def tasks_due_for_update(outline: Outline, status_date: datetime | None = None) -> list[DueTask]:
    """The outline's tasks due for an update by ``status_date`` (default: the outline's
    effective status date), in outline order."""
    moment = status_date or outline.effective_status_date
    if moment is None:
        return []
    o = outline
    due: list[DueTask] = []
    for r in range(len(o)):
        if o.summary[r] or o.actual_finish[r] is not None:
            continue
        start = o.baseline_start[r] or o.start[r]
        finish = o.baseline_finish[r] or o.finish[r]
        if finish is not None and finish <= moment:
            should = "finish"
        elif start is not None and start < moment and o.actual_start[r] is None:
            should = "start"
        else:
            continue
        due.append(
            DueTask(
                o.ids[r],
                r,
                o.wbs[r],
                o.name[r],
                o.start[r],
                o.finish[r],
                o.percent[r],
                o.remaining[r],
                o.actual_start[r],
                o.actual_finish[r],
                should,
            )
        )
    return due
