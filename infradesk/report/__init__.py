"""PDF output: the weekly status report and the whole-plan Gantt chart, as vector graphics.

The renderers take plain data only (``infradesk.report.data``); gathering it from a workspace
is ``infradesk.services.status.report``'s job. Public entry points:

- ``render_status_report(data: ReportData, target, options: ReportOptions | None)``
- ``export_gantt_pdf(data: GanttData, path, *, fit="width"|"tile", start, finish, zoom, page_size)``
"""

from infradesk.report.data import GanttData, GanttRow, ReportData, ReportOptions
from infradesk.report.gantt_export import export_gantt_pdf
from infradesk.report.status_report import render_status_report

__all__ = [
    "GanttData",
    "GanttRow",
    "ReportData",
    "ReportOptions",
    "export_gantt_pdf",
    "render_status_report",
]
