"""The sections of the weekly status report, one module each: functions from the report's
data (through a :class:`~infradesk.report.sections.page.Page`) to flowables, assembled by
``infradesk.report.status_report``."""
