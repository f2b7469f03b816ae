"""Write an interchange document as an Excel workbook that people can use and we can re-import.

Sheets: Tasks (Outline Level, WBS, predecessors in MS Project notation, real dates), Risks,
Issues, Changes, Vendors, Contracts, Deliveries (and Assumptions, Decisions, Dependencies when
the project has them). Each sheet has a styled, frozen header row, an autofilter and column
widths that fit the content. Importing the file with :func:`read_workbook` gives back the same
project.

Text that starts with ``= + - @`` (or a tab / carriage return) is written as a text cell with
Excel's quote prefix, so Excel never evaluates it as a formula (CSV/formula injection).
Characters a workbook cannot hold (control characters, lone surrogates) are dropped and text
longer than Excel's 32,767 characters per cell is cut with an ellipsis.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from infradesk.schedule.durations import DEFAULT_MINUTES_PER_DAY, format_duration
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
    ("Decided By", "decided_by", "text"), ("Rationale", "rationale", "text"),
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
    ("ITIL Class", "itil_class", "text"), ("CAB Date", "cab_date", "date"),
    ("Description", "description", "text"),
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
    ("Milestone", "milestone", "bool"), ("Deadline", "deadline", "datetime"),
    ("Start No Earlier Than", "start_no_earlier_than", "datetime"),
    ("Production Change", "production_change", "bool"), ("External Ref", "external_ref", "text"),
    ("Notes", "notes", "text"),
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


def predecessor_text(links: Iterable[dict[str, Any]], minutes_per_day: int) -> str:
    """``[{"task": 3, "type": "FS", "lag_minutes": 960}]`` -> ``3FS+2d`` (``3`` for plain FS)."""
    parts: list[str] = []
    for link in links:
        link_type = link.get("type", "FS")
        lag = int(link.get("lag_minutes") or 0)
        text = str(link["task"])
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

    def add(self, record: dict[str, Any]) -> None:
        self.rows.append([record.get(key) for _, key, _ in self.columns])

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


def write_workbook(document: dict[str, Any], path: str | Path) -> None:
    """Write ``document`` (interchange format) to ``path`` as .xlsx.

    A document with several projects gets one set of sheets per project (names suffixed
    `` 2``, `` 3``...)."""
    path = Path(path)
    workbook = Workbook(write_only=True)
    projects = document.get("projects") or []
    if not projects:
        raise ValueError("the document holds no project to export")
    for number, project in enumerate(projects, start=1):
        suffix = "" if number == 1 else f" {number}"
        _write_project(workbook, project, suffix)
    tmp = path.with_name(path.name + ".tmp")
    workbook.save(tmp)
    tmp.replace(path)


def _write_project(workbook: Workbook, project: dict[str, Any], suffix: str) -> None:
    minutes_per_day = _minutes_per_day(project)
    tasks = project.get("tasks") or []
    writer = _SheetWriter(workbook, f"Tasks{suffix}", _TASK_COLUMNS)
    level: dict[Any, int] = {}
    for task in tasks:
        parent = task.get("parent")
        level[task["id"]] = level.get(parent, 0) + 1 if parent is not None else 1
        row = dict(task)
        row["outline_level"] = level[task["id"]]
        minutes = task.get("duration_minutes")
        if minutes is not None:
            row["duration"] = format_duration(int(minutes), minutes_per_day)
        row["predecessors"] = predecessor_text(task.get("predecessors") or [], minutes_per_day)
        if task.get("percent_complete") is not None:
            row["percent_complete"] = float(task["percent_complete"]) / 100
        writer.add(row)
    writer.finish()
    _records(workbook, f"Risks{suffix}", _RISK_COLUMNS, project.get("risks"), always=True)
    _records(workbook, f"Issues{suffix}", _ISSUE_COLUMNS, project.get("issues"), always=True)
    _records(
        workbook, f"Changes{suffix}", _CHANGE_COLUMNS, project.get("change_requests"), always=True
    )
    _records(workbook, f"Assumptions{suffix}", _ASSUMPTION_COLUMNS, project.get("assumptions"))
    _records(workbook, f"Decisions{suffix}", _DECISION_COLUMNS, project.get("decisions"))
    _records(
        workbook,
        f"Dependencies{suffix}",
        _DEPENDENCY_COLUMNS,
        project.get("dependencies_external"),
    )
    vendors = project.get("vendors") or []
    _records(workbook, f"Vendors{suffix}", _VENDOR_COLUMNS, vendors, always=True)
    contracts = [
        {**contract, "vendor": vendor.get("name", "")}
        for vendor in vendors
        for contract in vendor.get("contracts") or []
    ]
    _records(workbook, f"Contracts{suffix}", _CONTRACT_COLUMNS, contracts, always=True)
    deliveries = [
        {**item, "vendor": vendor.get("name", "")}
        for vendor in vendors
        for item in vendor.get("deliverables") or []
    ]
    _records(workbook, f"Deliveries{suffix}", _DELIVERY_COLUMNS, deliveries, always=True)
    _project_sheets(workbook, project, suffix)


def _project_sheets(workbook: Workbook, project: dict[str, Any], suffix: str) -> None:
    """Key/value project settings and the calendar, so a re-import is the same project."""
    calendar = project.get("calendar") or {}
    hours = calendar.get("working_hours") or [["08:00", "12:00"], ["13:00", "17:00"]]
    settings = [
        ("Name", project.get("name")),
        ("Currency", project.get("currency")),
        ("Start", project.get("start")),
        ("Manager", project.get("manager")),
        ("Status Date", project.get("status_date")),
        ("Description", project.get("description")),
        ("Working Weekdays", ",".join(str(d) for d in calendar.get("working_weekdays", range(5)))),
        ("Working Hours", ",".join(f"{a}-{b}" for a, b in hours)),
        ("Holiday Country", calendar.get("holiday_country")),
        ("Holiday Region", calendar.get("holiday_region")),
    ]
    writer = _SheetWriter(workbook, f"Project{suffix}", [("Key", "key", "text"),
                                                          ("Value", "value", "text")])  # fmt: skip
    for key, value in settings:
        writer.add({"key": key, "value": value})
    writer.finish()
    days: list[dict[str, Any]] = []
    for holiday in calendar.get("holidays") or []:
        days.append({"date": holiday["date"], "name": holiday.get("name"), "kind": "holiday"})
    for exception in calendar.get("exceptions") or []:
        text = ",".join(f"{a}-{b}" for a, b in exception.get("working_hours") or [])
        days.append({"date": exception["date"], "name": exception.get("name"),
                     "kind": "exception", "hours": text})  # fmt: skip
    for window in calendar.get("freeze_windows") or []:
        days.append({"date": window["start"], "name": window.get("name"), "kind": "freeze",
                     "finish": window.get("finish")})  # fmt: skip
    columns = [("Date", "date", "date"), ("Name", "name", "text"), ("Kind", "kind", "text"),
               ("Working Hours", "hours", "text"), ("Finish", "finish", "date")]  # fmt: skip
    _records(workbook, f"Calendar{suffix}", columns, days, always=True)


def _records(
    workbook: Workbook,
    title: str,
    columns: list[tuple[str, str, str]],
    records: list[dict[str, Any]] | None,
    *,
    always: bool = False,
) -> None:
    if not records and not always:
        return
    writer = _SheetWriter(workbook, title, columns)
    for record in records or []:
        writer.add(record)
    writer.finish()


def _minutes_per_day(project: dict[str, Any]) -> int:
    hours = (project.get("calendar") or {}).get("working_hours")
    if not hours:
        return DEFAULT_MINUTES_PER_DAY
    total = 0
    for start, finish in hours:
        h1, m1 = (int(x) for x in start.split(":"))
        h2, m2 = (int(x) for x in finish.split(":"))
        total += (h2 * 60 + m2) - (h1 * 60 + m1)
    return total or DEFAULT_MINUTES_PER_DAY
