"""The schedule snapshot: a Gantt of summaries, critical tasks and milestones."""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    Spacer,
)

from infradesk.report.charts import GanttFlowable
from infradesk.report.format import fmt_date
from infradesk.report.gantt_window import snapshot_window
from infradesk.report.sections.page import Page


def gantt_section(page: Page) -> list[Flowable]:
    out = page.heading("gantt")
    gantt = page.data.gantt
    if gantt is None or not gantt.rows:
        return [*out, page.empty("No scheduled tasks to show.")]
    rows = gantt.rows
    first, last = snapshot_window(rows, page.data.as_of)
    status = gantt.status_date or datetime.combine(page.data.as_of, datetime.min.time())
    limit = page.options.max_gantt_rows
    note = None
    if len(rows) > limit:
        note = page.empty(
            f"Showing {limit} of {len(rows)} summary, critical and milestone rows in the "
            "window; export the Gantt chart for the whole plan."
        )
        rows = rows[:limit]
    out.append(
        page.empty(
            f"{fmt_date(first)} – {fmt_date(last)}: summary tasks, critical tasks (red) and "
            "milestones; grey bars are the baseline, the dashed line is the status date."
        )
    )
    out.append(Spacer(1, 1.5 * mm))
    chunk = 45
    for begin in range(0, len(rows), chunk):
        out.append(GanttFlowable(rows[begin : begin + chunk], first, last, status=status))
    if note:
        out.append(note)
    return out
