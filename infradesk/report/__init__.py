"""PDF output: the weekly status report and the whole-plan Gantt chart, as vector graphics.

The renderers take plain data only (``infradesk.report.data``); gathering it from a workspace
is ``infradesk.services.status.report``'s job. Public entry points:

- ``infradesk.report.status_report.render_status_report(data: ReportData, target,
  options: ReportOptions | None)``
- ``infradesk.report.gantt_export.export_gantt_pdf(data: GanttData, path, *,
  fit="width"|"tile", start, finish, zoom, page_size)``

This package imports nothing itself: reportlab costs a fifth of a second, and the plain data
(``infradesk.report.data``: the section names the command line and the report dialog offer)
is read by callers that draw no PDF.
"""
