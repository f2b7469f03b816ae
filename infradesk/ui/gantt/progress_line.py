"""Where the progress line runs: MS Project's zigzag through each task's progress point.

A task's progress point is where its done work ends: its start plus ``percent`` of its duration
in working time. The line runs down the status date and, for each row, leans to that point:
to the left of the status date for work behind plan, to the right for work ahead of it. Tasks
that are finished, summaries, and tasks not due yet (starting after the status date, nothing
done) keep the line on the status date. Only the rows asked for are computed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from infradesk.schedule.calendar import TimeAxis, cached_axis
from infradesk.services.plan.outline import Outline


def axis_of(outline: Outline, status: datetime) -> TimeAxis:
    """The working-time axis of the outline's calendar (shared, cached per calendar)."""
    origin = outline.project_start or status
    return cached_axis(outline.calendar, min(origin, status).date())


def done_until(outline: Outline, row: int, axis: TimeAxis) -> datetime | None:
    """Where the done part of ``row``'s bar ends (None without dates)."""
    start = outline.start[row]
    if start is None:
        return None
    percent = min(100.0, max(0.0, outline.percent[row]))
    if percent >= 100:
        return outline.finish[row]
    done = round(outline.duration[row] * percent / 100.0)
    return axis.finish_of(start, done) if done > 0 else start


def progress_point(outline: Outline, row: int, status: datetime, axis: TimeAxis) -> datetime:
    """The moment the progress line touches on ``row`` (the status date when on plan)."""
    start = outline.start[row]
    percent = outline.percent[row]
    if outline.summary[row] or start is None or percent >= 100:
        return status
    if start >= status and percent <= 0:
        return status  # not due yet
    return done_until(outline, row, axis) or status


def progress_line(
    outline: Outline,
    view_rows: Sequence[int],
    first_view: int,
    last_view: int,
    row_height: float,
    x_of_time: Callable[[datetime], float],
) -> list[tuple[float, float]]:
    """The line's vertices ``(x, y)`` in content coordinates for view rows first..last:
    the status date at the top of the first row, each row's progress point at its middle,
    the status date at the bottom of the last row. Empty without a status date."""
    status = outline.status_date or outline.effective_status_date
    if status is None or first_view > last_view or not view_rows:
        return []
    axis = axis_of(outline, status)
    status_x = x_of_time(status)
    points = [(status_x, first_view * row_height)]
    for v in range(first_view, last_view + 1):
        moment = progress_point(outline, view_rows[v], status, axis)
        points.append((x_of_time(moment), v * row_height + row_height / 2))
    points.append((status_x, (last_view + 1) * row_height))
    return points

