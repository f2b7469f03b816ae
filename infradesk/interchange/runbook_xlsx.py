"""Write one runbook as an Excel workbook for the bridge call and for re-import (issue 19).

Sheets: **Runbook** (a step per row: ID, Step, Kind, Stream, Owner, Backup, Duration (min),
Predecessors in the sheet importer's notation, Fixed time and its Zone, the planned start and
finish when the caller has computed them, then the kind's own fields) and **Runs** (per run
and step: what was recorded, instants in the runbook's zone). Frozen header rows, an
autofilter and column widths that fit. :func:`runbook_sheet.read_runbook_sheet` reads the
Runbook sheet back into the same steps ("Planned start" is ignored there beside "Fixed
time"). Text is written as the plan export writes it (formula-looking text quote-prefixed,
characters a workbook cannot hold dropped).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from infradesk.interchange import runbook_document as rb
from infradesk.interchange.runbook_zones import zone
from infradesk.interchange.xlsx_export import safe_text

STEP_HEADERS = (
    "ID", "Step", "Kind", "Stream", "Owner", "Backup", "Duration (min)", "Predecessors",
    "Fixed time", "Zone", "Planned start", "Planned finish", "Notes", "Command",
    "Decision maker", "Criteria", "Audience", "Message", "Rollback of", "Point of no return",
)  # fmt: skip
RUN_HEADERS = (
    "Run", "Mode", "ID", "Step", "Actual start", "Actual finish", "Minutes", "Skipped reason",
    "Decision", "Decided by", "Decided at", "Result", "Comment",
)  # fmt: skip
_WALL_FORMAT = "yyyy-mm-dd hh:mm"
_INSTANT_FORMAT = "yyyy-mm-dd hh:mm:ss"
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
_WIDEST = 60


def link_text(link: rb.RunbookLink) -> str:
    """``1.01``, ``1.01SS+10``, ``1.01FS-5`` (lags in minutes): what the importer reads."""
    if link.type == "FS" and link.lag_minutes == 0:
        return link.step
    return f"{link.step}{link.type}{link.lag_minutes:+d}"


def write_runbook_workbook(
    runbook: rb.Runbook,
    path: Path,
    *,
    planned: Mapping[str, tuple[datetime, datetime]] | None = None,
    owners: Mapping[str, str] | None = None,
) -> None:
    """Write ``runbook`` to ``path`` (.xlsx). ``planned``: step code -> its planned (start,
    finish), aware, shown in the runbook's zone; ``owners``: owner name -> the name to show
    (the pool's spelling, or a name with a phone number), names not in it shown as they are."""
    shown = owners or {}
    workbook = Workbook(write_only=True)
    _steps_sheet(workbook, runbook, planned or {}, shown)
    _runs_sheet(workbook, runbook)
    workbook.save(path)


class _Sheet:
    """A write-only sheet with a styled header, widths that fit and text made safe."""

    def __init__(self, workbook: Workbook, title: str, headers: Sequence[str]) -> None:
        self.sheet: Worksheet = workbook.create_sheet(title)
        self.headers = headers
        self.widths = [len(header) + 2 for header in headers]
        self.rows: list[list[Any]] = []

    def add(self, values: Sequence[Any]) -> None:
        row: list[Any] = []
        for position, value in enumerate(values):
            width = 0
            if isinstance(value, datetime):
                cell = WriteOnlyCell(self.sheet, value=value)
                cell.number_format = _INSTANT_FORMAT if value.second else _WALL_FORMAT
                row.append(cell)
                width = 19
            elif isinstance(value, str):
                text, risky = safe_text(value)
                width = max((len(line) for line in text.splitlines()), default=0) + 2
                if risky:
                    cell = WriteOnlyCell(self.sheet, value=text)
                    cell.data_type = "s"  # never a formula
                    cell.quotePrefix = True
                    row.append(cell)
                else:
                    row.append(text if text else None)
            else:
                row.append(value)
                width = len(str(value)) + 2 if value is not None else 0
            self.widths[position] = max(self.widths[position], min(width, _WIDEST))
        self.rows.append(row)

    def finish(self) -> None:
        for position, width in enumerate(self.widths, start=1):
            self.sheet.column_dimensions[get_column_letter(position)].width = width
        self.sheet.freeze_panes = "A2"
        last = get_column_letter(len(self.headers))
        self.sheet.auto_filter.ref = f"A1:{last}{len(self.rows) + 1}"
        header = []
        for title in self.headers:
            cell = WriteOnlyCell(self.sheet, value=title)
            cell.font = _HEADER_FONT
            cell.fill = _HEADER_FILL
            cell.alignment = Alignment(vertical="center")
            header.append(cell)
        self.sheet.append(header)
        for row in self.rows:
            self.sheet.append(row)


def _local(value: datetime | None, zone_name: str) -> datetime | None:
    """An instant as the runbook's wall clock (a workbook holds no zone)."""
    if value is None:
        return None
    return value.astimezone(zone(zone_name)).replace(tzinfo=None)


def _steps_sheet(
    workbook: Workbook,
    runbook: rb.Runbook,
    planned: Mapping[str, tuple[datetime, datetime]],
    owners: Mapping[str, str],
) -> None:
    sheet = _Sheet(workbook, "Runbook", STEP_HEADERS)
    for step in runbook.steps:
        start, finish = planned.get(step.code, (None, None))
        sheet.add(
            (
                step.code,
                step.title,
                step.kind,
                step.stream,
                owners.get(step.owner, step.owner),
                owners.get(step.backup_owner, step.backup_owner),
                step.duration_minutes,
                ", ".join(link_text(link) for link in step.predecessors),
                step.fixed_time,
                step.fixed_time_zone,
                _local(start, runbook.time_zone),
                _local(finish, runbook.time_zone),
                step.notes,
                step.command,
                step.decision_maker,
                "\n".join(step.criteria),
                step.audience,
                step.message,
                step.rollback_of,
                "Yes" if step.point_of_no_return else "",
            )
        )
    sheet.finish()


def _runs_sheet(workbook: Workbook, runbook: rb.Runbook) -> None:
    sheet = _Sheet(workbook, "Runs", RUN_HEADERS)
    titles = {step.code: step.title for step in runbook.steps}
    zone_name = runbook.time_zone
    for run in runbook.runs:
        for actual in run.steps:
            minutes = None
            if actual.actual_start is not None and actual.actual_finish is not None:
                # by timestamps: aware times of one zone subtract as wall clocks (no DST)
                elapsed = actual.actual_finish.timestamp() - actual.actual_start.timestamp()
                minutes = round(elapsed / 60)
            sheet.add(
                (
                    run.name,
                    run.mode,
                    actual.step,
                    titles.get(actual.step, ""),
                    _local(actual.actual_start, zone_name),
                    _local(actual.actual_finish, zone_name),
                    minutes,
                    actual.skipped_reason,
                    actual.decision or "",
                    actual.decided_by,
                    _local(actual.decided_at, zone_name),
                    (actual.result or "").replace("_", " "),
                    actual.comment,
                )
            )
    sheet.finish()
