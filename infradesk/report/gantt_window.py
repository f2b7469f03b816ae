"""The window of the report's schedule snapshot."""

from __future__ import annotations

from datetime import date, timedelta

from infradesk.report.data import GanttRow


def snapshot_window(rows: list[GanttRow], as_of: date) -> tuple[date, date]:
    """Two weeks back to eight weeks ahead of ``as_of``, or the whole plan when it is shorter.

    A plan entirely in the past (or the future) of ``as_of`` shows its last (or first) ten
    weeks instead of an empty chart.
    """
    span = timedelta(days=70)
    first = as_of - timedelta(days=14)
    last = as_of + timedelta(days=56)
    starts = [r.start.date() for r in rows if r.start]
    finishes = [r.finish.date() for r in rows if r.finish]
    if starts and finishes:
        plan_first = min(starts) - timedelta(days=2)
        plan_last = max(finishes) + timedelta(days=2)
        if plan_last - plan_first <= span:
            first, last = plan_first, plan_last
        elif plan_last < first:
            first, last = plan_last - span, plan_last
        elif plan_first > last:
            first, last = plan_first, plan_first + span
        else:
            first, last = max(first, plan_first), min(last, plan_last)
    # start the axis on a Monday so the week lines and labels line up
    first -= timedelta(days=first.weekday())
    if last <= first:
        last = first + timedelta(days=7)
    return first, last
