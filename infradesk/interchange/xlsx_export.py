"""Write an interchange document as an Excel workbook that people can use and we can re-import.

Sheets: Tasks (Outline Level, WBS, predecessors in MS Project notation, real dates, Resource
Names as ``Name[50%], Crew``), Risks, Issues, Changes, Vendors, Contracts, Deliveries (and
Assumptions, Decisions, Dependencies, Actions, Meetings, Stakeholders, Communication plan and
Handover when the project has them, Resources when its tasks have some: MS Project's
Resource_Table columns). Each sheet has a styled, frozen header row, an
autofilter and column widths that fit the content. Importing the file with
:func:`read_workbook` gives back the same project.

Text that starts with ``= + - @`` (or a tab / carriage return) is written as a text cell with
Excel's quote prefix, so Excel never evaluates it as a formula (CSV/formula injection).
Characters a workbook cannot hold (control characters, lone surrogates) are dropped and text
longer than Excel's 32,767 characters per cell is cut with an ellipsis.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from infradesk.interchange import document as d
from infradesk.interchange.assignment_text import format_assignment
from infradesk.interchange.duration_marks import marked_text
from infradesk.interchange.isodates import datetime_to_iso
from infradesk.interchange.json_document import as_document
from infradesk.schedule.calendar import format_clock
from infradesk.schedule.durations import format_duration
from infradesk.text_safety import xml_text

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", start_color="1F4E78", end_color="1F4E78")
_HEADER_BORDER = Border(bottom=Side(style="thin", color="000000"))
_HEADER_ALIGN = Alignment(vertical="center", wrap_text=True)
_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
_DATE_FORMAT = "yyyy-mm-dd"
_MONEY_FORMAT = "#,##0.00"
_MAX_WIDTH = 60
EXCEL_CELL_LIMIT = 32767  # characters Excel keeps in one cell

# (header, key, kind) per sheet; kind: text, int, number, date, datetime, money, bool
_RISK_COLUMNS = [
    ("Code", "code", "text"), ("Title", "title", "text"), ("Type", "kind", "text"),
    ("Category", "category", "text"), ("Owner", "owner", "text"),
    ("Status", "status", "text"), ("Raised", "raised", "date"),
    ("Proximity", "proximity", "date"), ("Next Review", "next_review", "date"),
    ("Probability", "probability", "int"), ("Impact", "impact", "int"),
    ("Residual Probability", "residual_probability", "int"),
    ("Residual Impact", "residual_impact", "int"), ("Cost Impact", "cost_impact", "money"),
    ("Schedule Impact Days", "schedule_impact_days", "int"),
    ("Response", "response", "text"), ("Cause", "cause", "text"), ("Event", "event", "text"),
    ("Effect", "effect", "text"), ("Description", "description", "text"),
    ("Mitigation", "mitigation", "text"), ("Contingency", "contingency", "text"),
    ("Contingency Trigger", "trigger", "text"),
]  # fmt: skip
_ISSUE_COLUMNS = [
    ("Code", "code", "text"), ("Issue", "title", "text"), ("Category", "category", "text"),
    ("Priority", "priority", "text"), ("Severity", "severity", "text"),
    ("Owner", "owner", "text"), ("Raised", "raised", "date"), ("Due", "due", "date"),
    ("Status", "status", "text"), ("Resolved", "resolved", "date"),
    ("Details", "description", "text"), ("Resolution", "resolution", "text"),
]  # fmt: skip
_ASSUMPTION_COLUMNS = [
    ("Code", "code", "text"), ("Statement", "statement", "text"), ("Owner", "owner", "text"),
    ("Validate By", "validate_by", "date"), ("Status", "status", "text"),
    ("Rationale", "rationale", "text"), ("Impact If False", "impact_if_false", "text"),
]  # fmt: skip
_DECISION_COLUMNS = [
    ("Code", "code", "text"), ("Decision", "decision", "text"), ("Date", "date", "date"),
    ("Decided By", "decided_by", "text"), ("Needed By", "needed_by", "date"),
    ("Meeting", "meeting", "text"), ("Rationale", "rationale", "text"),
]  # fmt: skip
_DEPENDENCY_COLUMNS = [
    ("Code", "code", "text"), ("Type", "type", "text"), ("Description", "description", "text"),
    ("Dependent On", "dependent_on", "text"), ("External Party", "external_party", "text"),
    ("Required By", "required_by", "date"), ("Impact If Late", "impact_if_late", "text"),
    ("Mitigation", "mitigation", "text"), ("Owner", "owner", "text"),
    ("Status", "status", "text"), ("Remarks", "remarks", "text"),
]  # fmt: skip
_CHANGE_COLUMNS = [
    ("Code", "code", "text"), ("Title", "title", "text"), ("Type", "type", "text"),
    ("Requested By", "requested_by", "text"), ("Requested", "requested", "date"),
    ("Schedule Impact Days", "schedule_impact_days", "int"),
    ("Cost Impact", "cost_impact", "money"), ("Status", "status", "text"),
    ("Decision Date", "decision_date", "date"), ("Approver", "approver", "text"),
    ("ITIL Class", "itil_class", "text"), ("CAB Required", "cab_required", "bool"),
    ("CAB Date", "cab_date", "date"), ("CAB Outcome", "cab_outcome", "text"),
    ("Window Start", "window_start", "datetime"), ("Window End", "window_finish", "datetime"),
    ("Affected Services", "services", "text"), ("Implementer", "implementer", "text"),
    ("Description", "description", "text"),
    ("Implementation Plan", "implementation_plan", "text"),
    ("Backout Plan", "backout_plan", "text"), ("Test Plan", "test_plan", "text"),
    ("Risk Analysis", "risk_analysis", "text"),
]  # fmt: skip
# issue 20: the governance logs (the importer recognises these headers, excel/vocabulary.py)
_ACTION_COLUMNS = [
    ("Code", "code", "text"), ("Action", "title", "text"), ("Owner", "owner", "text"),
    ("Date Raised", "raised", "date"), ("Due Date", "due", "date"),
    ("Status", "status", "text"), ("Closed", "closed", "date"),
    ("Meeting", "meeting", "text"), ("Notes", "notes", "text"),
]  # fmt: skip
_MEETING_COLUMNS = [
    ("Code", "code", "text"), ("Meeting", "title", "text"), ("Type", "kind", "text"),
    ("Date", "held_on", "date"), ("Chair", "chair", "text"),
    ("Attendees", "attendees", "text"), ("Minutes", "minutes", "text"),
]  # fmt: skip
_STAKEHOLDER_COLUMNS = [
    ("Code", "code", "text"), ("Stakeholder", "name", "text"), ("Role", "role", "text"),
    ("Organisation", "organisation", "text"), ("Power", "power", "int"),
    ("Interest", "interest", "int"), ("Attitude", "attitude", "text"),
    ("Communication Needs", "needs", "text"), ("Contact", "contact", "text"),
]  # fmt: skip
_COMMS_COLUMNS = [
    ("Code", "code", "text"), ("Communication", "content", "text"),
    ("Audience", "audience", "text"), ("Frequency", "frequency", "text"),
    ("Channel", "channel", "text"), ("Owner", "owner", "text"),
    ("Status Report", "status_report", "bool"), ("Notes", "notes", "text"),
]  # fmt: skip
_HANDOVER_COLUMNS = [
    ("Code", "code", "text"), ("Acceptance Item", "title", "text"),
    ("Category", "category", "text"), ("Owner", "owner", "text"),
    ("Status", "status", "text"), ("Evidence", "evidence", "text"),
    ("Signed Off By", "signed_off_by", "text"), ("Signed Off On", "signed_off_on", "date"),
    ("Notes", "notes", "text"),
]  # fmt: skip
_VENDOR_COLUMNS = [("Vendor", "name", "text"), ("Category", "category", "text"),
                   ("Notes", "notes", "text")]  # fmt: skip
_CONTRACT_COLUMNS = [
    ("Vendor", "vendor", "text"), ("Contract Number", "number", "text"),
    ("Title", "title", "text"), ("Value", "value", "money"), ("Currency", "currency", "text"),
    ("Start", "start", "date"), ("End", "end", "date"), ("Notice Days", "notice_days", "int"),
    ("Status", "status", "text"),
]  # fmt: skip
_DELIVERY_COLUMNS = [
    ("Vendor", "vendor", "text"), ("Description", "description", "text"),
    ("Quantity", "quantity", "int"), ("Promised", "promised", "date"),
    ("Delivered", "actual", "date"), ("Status", "status", "text"), ("Task", "task", "text"),
]  # fmt: skip
_TASK_COLUMNS = [
    ("ID", "id", "int"), ("Outline Level", "outline_level", "int"), ("WBS", "wbs", "text"),
    ("Name", "name", "text"), ("Duration", "duration", "text"), ("Start", "start", "datetime"),
    ("Finish", "finish", "datetime"), ("% Complete", "percent_complete", "percent"),
    ("Predecessors", "predecessors", "text"), ("Resource Names", "owner", "text"),
    ("Remaining Duration", "remaining", "text"), ("Actual Start", "actual_start", "datetime"),
    ("Actual Finish", "actual_finish", "datetime"), ("Milestone", "milestone", "bool"),
    ("Deadline", "deadline", "datetime"),
    ("Constraint Type", "constraint_type", "text"),
    ("Constraint Date", "constraint_date", "datetime"),
    ("Cost", "cost", "money"), ("Actual Cost", "actual_cost", "money"),
    ("Production Change", "production_change", "bool"), ("External Ref", "external_ref", "text"),
    ("Task Mode", "task_mode", "text"), ("Notes", "notes", "text"),
]  # fmt: skip


_RESOURCE_COLUMNS = [
    ("Name", "name", "text"), ("Type", "type", "text"),
    ("Material Label", "material_label", "text"), ("Group", "team", "text"),
    ("Email Address", "email", "text"),
    ("Max Units", "max_units", "percent"), ("Standard Rate", "rate", "text"),
    ("Cost Per Use", "cost_per_use", "money"), ("Notes", "notes", "text"),
]  # fmt: skip


def safe_text(value: str) -> tuple[str, bool]:
    """The text a cell can hold (see ``cell_text``) and whether Excel could take it for a
    formula (then it is quote-prefixed)."""
    text = cell_text(value)
    return text, text.startswith(_FORMULA_STARTS)


def cell_text(value: str) -> str:
    """``value`` without the characters a workbook cannot hold (openpyxl refuses control
    characters, a lone surrogate cannot be encoded), cut to Excel's cell limit."""
    text = xml_text(value)
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - 1] + "…"
    return text


def predecessor_text(links: Iterable[d.Link], minutes_per_day: int) -> str:
    """``[Link(3, "FS", 960)]`` -> ``3FS+2d`` (``3`` for plain FS)."""
    parts: list[str] = []
    for link in links:
        link_type = link.type
        lag = link.lag_minutes
        text = str(link.task)
        if lag:
            sign = "+" if lag > 0 else "-"
            text += f"{link_type}{sign}{format_duration(abs(lag), minutes_per_day)}"
        elif link_type != "FS":
            text += link_type
        parts.append(text)
    return ",".join(parts)


def _when(value: Any) -> datetime | None:
    if not value:
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    text = str(value)
    for fmt in ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


class _SheetWriter:
    def __init__(self, workbook: Workbook, title: str, columns: list[tuple[str, str, str]]):
        self.sheet = workbook.create_sheet(title)
        self.columns = columns
        self.widths = [len(header) + 2 for header, _, _ in columns]
        self.rows: list[list[Any]] = []

    def add(self, record: Any, **values: Any) -> None:
        """One row: ``values`` by column key, the rest read from the record's fields."""
        self.rows.append(
            [values[key] if key in values else getattr(record, key, None)
             for _, key, _ in self.columns]
        )  # fmt: skip

    def finish(self) -> None:
        sheet = self.sheet
        for position, (_, _, kind) in enumerate(self.columns):
            for row in self.rows:
                width = _shown_width(row[position], kind)
                if width > self.widths[position]:
                    self.widths[position] = width
        for position, width in enumerate(self.widths, start=1):
            sheet.column_dimensions[get_column_letter(position)].width = min(width, _MAX_WIDTH)
        sheet.freeze_panes = "A2"
        last = get_column_letter(len(self.columns))
        sheet.auto_filter.ref = f"A1:{last}{len(self.rows) + 1}"
        header: list[WriteOnlyCell] = []
        for title, _, _ in self.columns:
            cell = WriteOnlyCell(sheet, value=title)
            cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
            cell.border, cell.alignment = _HEADER_BORDER, _HEADER_ALIGN
            header.append(cell)
        sheet.append(header)
        kinds = [kind for _, _, kind in self.columns]
        for row in self.rows:
            sheet.append([self._cell(value, kind) for value, kind in zip(row, kinds, strict=True)])

    def _cell(self, value: Any, kind: str) -> Any:
        if value is None or value == "":
            return None
        if kind in {"date", "datetime"}:
            when = _when(value)
            if when is None:
                return self._text(str(value))
            if kind == "datetime" and when.hour == 0 and when.minute == 0:
                # Readers (calamine) take a whole serial number for a plain date and would
                # drop the time; one second keeps "00:00" (shown as hh:mm) a date-time.
                when = when + timedelta(seconds=1)
            cell = WriteOnlyCell(self.sheet, value=when)
            cell.number_format = _DATE_FORMAT if kind == "date" else _DATETIME_FORMAT
            return cell
        if kind == "money":
            try:
                amount = Decimal(str(value))
            except ArithmeticError:
                return self._text(str(value))
            cell = WriteOnlyCell(self.sheet, value=amount)
            cell.number_format = _MONEY_FORMAT
            return cell
        if kind == "bool":
            return "Yes" if value else "No"
        if kind == "percent" and isinstance(value, int | float):
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.number_format = "0%"
            return cell
        if kind in {"int", "number"} and isinstance(value, int | float | Decimal):
            return value
        return self._text(str(value))

    def _text(self, text: str) -> Any:
        text, risky = safe_text(text)
        if not risky:
            return text
        cell = WriteOnlyCell(self.sheet, value=text)
        cell.data_type = "s"  # never a formula
        cell.quotePrefix = True  # and Excel keeps it text when the user edits the cell
        return cell


def _shown_width(value: Any, kind: str) -> int:
    if value is None:
        return 0
    if kind in {"date"}:
        return 12
    if kind in {"datetime"}:
        return 17
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0) + 2


def write_workbook(document: d.Document | Mapping[str, Any], path: str | Path) -> None:
    """Write ``document`` to ``path`` as .xlsx (its JSON shape is accepted too).

    A document with several projects gets one set of sheets per project (names suffixed
    `` 2``, `` 3``...)."""
    path = Path(path)
    typed = as_document(document)
    projects = typed.projects
    if not projects:
        raise d.DocumentError("the document holds no project to export")
    kinds = {d.resource_key(r.name): r for r in typed.resources}
    workbook = Workbook(write_only=True)
    for number, project in enumerate(projects, start=1):
        suffix = "" if number == 1 else f" {number}"
        _write_project(workbook, project, suffix, kinds)
    tmp = path.with_name(path.name + ".tmp")
    workbook.save(tmp)
    tmp.replace(path)


def resource_names(task: d.Task, pool: Mapping[str, d.Resource]) -> str:
    """The Resource Names cell: ``Network engineer[50%], Fibre[200 m]`` (MS Project's
    list separator), or the owner when the task has no assignments."""
    if not task.assignments:
        return task.owner
    parts = []
    for item in task.assignments:
        resource = pool.get(d.resource_key(item.resource)) or d.unlisted_resource(
            item.resource, item.units
        )
        material = resource is not None and resource.kind == "material"
        label = resource.material_label if resource is not None and material else ""
        parts.append(format_assignment(item.resource, item.units, material, label))
    return ", ".join(parts)


def _write_project(
    workbook: Workbook,
    project: d.Project,
    suffix: str,
    pool: Mapping[str, d.Resource] | None = None,
) -> None:
    pool = pool or {}
    minutes_per_day = project.minutes_per_day
    writer = _SheetWriter(workbook, f"Tasks{suffix}", _TASK_COLUMNS)
    level: dict[int, int] = {}
    for task in project.tasks:
        parent = task.parent
        level[task.id] = level.get(parent, 0) + 1 if parent is not None else 1
        writer.add(
            task,
            outline_level=level[task.id],
            task_mode="Manually Scheduled" if task.manual else "Auto Scheduled",
            duration=marked_text(  # MS Project's marks: 5d? estimated, 3ed elapsed
                task.duration_minutes,
                minutes_per_day,
                estimated=task.estimated,
                elapsed=task.elapsed,
            ),
            predecessors=predecessor_text(task.predecessors, minutes_per_day),
            owner=resource_names(task, pool),
            percent_complete=float(task.percent_complete) / 100,
            remaining=marked_text(
                d.remaining_minutes(task.duration_minutes, task.percent_complete),
                minutes_per_day,
                elapsed=task.elapsed,
            ),
        )
    writer.finish()
    _records(workbook, f"Risks{suffix}", _RISK_COLUMNS, project.risks, always=True)
    _records(workbook, f"Issues{suffix}", _ISSUE_COLUMNS, project.issues, always=True)
    _records(workbook, f"Changes{suffix}", _CHANGE_COLUMNS, project.change_requests, always=True)
    _records(workbook, f"Assumptions{suffix}", _ASSUMPTION_COLUMNS, project.assumptions)
    _records(workbook, f"Decisions{suffix}", _DECISION_COLUMNS, project.decisions)
    _records(workbook, f"Dependencies{suffix}", _DEPENDENCY_COLUMNS, project.dependencies)
    _records(workbook, f"Actions{suffix}", _ACTION_COLUMNS, project.actions)
    _records(workbook, f"Meetings{suffix}", _MEETING_COLUMNS, project.meetings)
    _records(workbook, f"Stakeholders{suffix}", _STAKEHOLDER_COLUMNS, project.stakeholders)
    _records(workbook, f"Communication plan{suffix}", _COMMS_COLUMNS, project.communication_plan)
    _records(workbook, f"Handover{suffix}", _HANDOVER_COLUMNS, project.handover)
    vendors = project.vendors
    _records(workbook, f"Vendors{suffix}", _VENDOR_COLUMNS, vendors, always=True)
    writer = _SheetWriter(workbook, f"Contracts{suffix}", _CONTRACT_COLUMNS)
    for vendor in vendors:
        for contract in vendor.contracts:
            writer.add(contract, vendor=vendor.name)
    writer.finish()
    writer = _SheetWriter(workbook, f"Deliveries{suffix}", _DELIVERY_COLUMNS)
    for vendor in vendors:
        for item in vendor.deliverables:
            writer.add(item, vendor=vendor.name)
    writer.finish()
    _project_sheets(workbook, project, suffix)
    _baseline_sheet(workbook, project, suffix)
    _resource_sheet(workbook, project, suffix, pool)


def _resource_sheet(
    workbook: Workbook, project: d.Project, suffix: str, pool: Mapping[str, d.Resource]
) -> None:
    """The resources the project's tasks are assigned to, in MS Project's Resource_Table
    columns (rates per hour), so that a re-import finds them again."""
    used: list[str] = []
    for task in project.tasks:
        for item in task.assignments:
            key = d.resource_key(item.resource)
            if key not in used:
                used.append(key)
    if not used:
        return
    writer = _SheetWriter(workbook, f"Resources{suffix}", _RESOURCE_COLUMNS)
    for key in used:
        resource = pool.get(key)
        if resource is None:  # named by an assignment only: work, or a material's quantity
            named = [a for t in project.tasks for a in t.assignments
                     if d.resource_key(a.resource) == key]  # fmt: skip
            resource = d.unlisted_resource(named[0].resource, max(a.units for a in named))
        writer.add(
            resource,
            type=resource.kind.capitalize(),
            max_units=resource.max_units,
            rate=f"{resource.rate_per_hour.quantize(Decimal('0.01'))}/h",
        )
    writer.finish()


_BASELINE_COLUMNS = [
    ("Baseline", "name", "text"), ("Created", "created", "datetime"),
    ("For Earned Value", "for_earned_value", "bool"), ("Task ID", "task", "int"),
    ("Start", "start", "datetime"), ("Finish", "finish", "datetime"),
    ("Duration", "duration", "text"), ("Cost", "cost", "money"),
]  # fmt: skip


def _baseline_sheet(workbook: Workbook, project: d.Project, suffix: str) -> None:
    """The saved baselines, one row per baselined task (``Task ID`` is the Tasks sheet's
    ID), so a re-import keeps them (``excel/project_sheets.read_baseline_sheet``)."""
    if not project.baselines:
        return
    minutes_per_day = project.minutes_per_day
    writer = _SheetWriter(workbook, f"Baseline{suffix}", _BASELINE_COLUMNS)
    for baseline in project.baselines:
        for entry in baseline.tasks:
            writer.add(
                entry,
                name=baseline.name,
                created=baseline.created,
                for_earned_value=baseline.for_earned_value,
                duration=format_duration(entry.duration_minutes, minutes_per_day),
            )
    writer.finish()


def _hours_text(hours: d.Hours) -> str:
    return ",".join(f"{format_clock(start)}-{format_clock(end)}" for start, end in hours)


def _project_sheets(workbook: Workbook, project: d.Project, suffix: str) -> None:
    """Key/value project settings and the calendar, so a re-import is the same project."""
    calendar = project.calendar or d.Calendar()
    settings = [
        ("Name", project.name),
        ("Currency", project.currency),
        ("Start", datetime_to_iso(project.start)),
        ("Manager", project.manager),
        ("Status Date", datetime_to_iso(project.status_date)),
        ("Reschedule After Status", "yes" if project.reschedule_after_status else "no"),
        ("Description", project.description),
        ("Working Weekdays", ",".join(str(day) for day in calendar.working_weekdays)),
        ("Working Hours", _hours_text(calendar.working_hours)),
        ("Holiday Country", calendar.holiday_country),
        ("Holiday Region", calendar.holiday_region),
    ]
    writer = _SheetWriter(workbook, f"Project{suffix}", [("Key", "key", "text"),
                                                          ("Value", "value", "text")])  # fmt: skip
    for key, value in settings:
        writer.add(None, key=key, value=value)
    writer.finish()
    columns = [("Date", "date", "date"), ("Name", "name", "text"), ("Kind", "kind", "text"),
               ("Working Hours", "hours", "text"), ("Finish", "finish", "date")]  # fmt: skip
    writer = _SheetWriter(workbook, f"Calendar{suffix}", columns)
    for holiday in calendar.holidays:
        writer.add(holiday, kind="holiday")
    for exception in calendar.exceptions:
        writer.add(exception, kind="exception", hours=_hours_text(exception.working_hours))
    for window in calendar.freeze_windows:
        writer.add(window, date=window.start, kind="freeze")
    writer.finish()


def _records(
    workbook: Workbook,
    title: str,
    columns: list[tuple[str, str, str]],
    records: Sequence[Any],
    *,
    always: bool = False,
) -> None:
    if not records and not always:
        return
    writer = _SheetWriter(workbook, title, columns)
    for record in records:
        writer.add(record)
    writer.finish()
