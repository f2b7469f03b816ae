"""One small MS Project plan written the four ways a PM brings it to us (issue 16, point 6).

1. a pasted sheet: a title row, the header on row 2, names indented with spaces, ``3d?``,
   ``Mon 2/17/25``, ``3SS+2d``;
2. the export wizard's Task_Table (``Outline Level``, ``February 17, 2025 8:00``), with its
   Resource_Table and Assignment_Table;
3. a 75-column export with underscore headers (``Outline_Level``, ``Start_Date``,
   ``Unique_ID``; most columns are of no use to us) and real date cells;
4. the Task_Table as CSV in cp1252 with ``;``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl


@dataclass(frozen=True)
class PlanRow:
    id: int
    unique_id: int
    level: int
    name: str
    duration: str  # MS Project's text: "5 days", "0 days", "3 days?"
    start: datetime
    finish: datetime
    predecessors: str  # by ID: "2", "3SS+2d"
    percent: int
    constraint: str  # MS Project's name
    constraint_date: datetime | None
    resources: str  # Resource Names: "Alice[50%],Bob"


def _at(day: int, month: int = 2, hour: int = 8) -> datetime:
    return datetime(2025, month, day, hour, 0)


PLAN: tuple[PlanRow, ...] = (
    PlanRow(1, 10, 1, "Phase A – Café site", "10 days", _at(17), _at(28, hour=17), "", 52,
            "As Soon As Possible", None, ""),
    PlanRow(2, 17, 2, "Design", "5 days", _at(17), _at(21, hour=17), "", 100,
            "As Soon As Possible", None, "Alice[50%],Bob"),
    PlanRow(3, 13, 2, "Build œuvre", "5 days", _at(24), _at(28, hour=17), "2", 40,
            "As Soon As Possible", None, "Bob"),
    PlanRow(4, 12, 2, "Review", "3 days?", _at(26), _at(28, hour=17), "3SS+2d", 0,
            "As Soon As Possible", None, "Carol"),
    PlanRow(5, 15, 1, "Phase B", "5 days", _at(3, 3), _at(7, 3, 17), "", 0,
            "As Soon As Possible", None, ""),
    PlanRow(6, 20, 2, "Install", "5 days", _at(3, 3), _at(7, 3, 17), "3", 0,
            "Start No Earlier Than", _at(3, 3), "Alice"),
    PlanRow(7, 21, 2, "Go-live", "0 days", _at(7, 3, 17), _at(7, 3, 17), "6", 0,
            "As Soon As Possible", None, ""),
)  # fmt: skip

RESOURCES = (
    # ID, Unique ID, Name, Type, Initials, Group, Max Units, Standard Rate, Email
    (1, 101, "Alice", "Work", "A", "Network team", "100%", "€80.00/hr", "alice@example.com"),
    (2, 102, "Bob", "Work", "B", "Network team", "50%", "€70.00/hr", "bob@example.com"),
    (3, 103, "Carol", "Work", "C", "Facilities", "100%", "€60.00/hr", ""),
)
ASSIGNMENTS = (("Alice", 17, 50), ("Bob", 17, 100), ("Bob", 13, 100), ("Carol", 12, 100),
               ("Alice", 20, 100))  # fmt: skip


def wizard_text(when: datetime) -> str:
    """``February 17, 2025 8:00`` as the export wizard writes it."""
    return f"{when:%B} {when.day}, {when.year} {when.hour}:{when.minute:02d}"


def pasted_text(when: datetime) -> str:
    """``Mon 2/17/25`` as a pasted Gantt table shows it (no time of day)."""
    return f"{when:%a} {when.month}/{when.day}/{when:%y}"


TASK_TABLE_HEADER = ["ID", "Unique ID", "Name", "Duration", "Start", "Finish", "Predecessors",
                     "Outline Level", "% Complete", "Constraint Type", "Constraint Date",
                     "Resource Names", "Notes"]  # fmt: skip


def task_table_rows() -> list[list[Any]]:
    rows: list[list[Any]] = [TASK_TABLE_HEADER]
    for t in PLAN:
        rows.append([
            t.id, t.unique_id, t.name, t.duration, wizard_text(t.start), wizard_text(t.finish),
            t.predecessors, t.level, f"{t.percent}%", t.constraint,
            wizard_text(t.constraint_date) if t.constraint_date else "NA", t.resources, "",
        ])  # fmt: skip
    return rows


def resource_rows() -> list[list[Any]]:
    header = ["ID", "Unique ID", "Name", "Type", "Initials", "Group", "Max Units",
              "Standard Rate", "Email Address"]  # fmt: skip
    return [header, *[list(row) for row in RESOURCES]]


def assignment_rows() -> list[list[Any]]:
    names = {t.unique_id: t.name for t in PLAN}
    header = ["Task Unique ID", "Task Name", "Resource Name", "Units", "Work"]
    return [header, *[[uid, names[uid], who, f"{units}%", "40 hrs"]
                      for who, uid, units in ASSIGNMENTS]]  # fmt: skip


def _save(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append([None if value == "" else value for value in row])
    workbook.save(path)
    return path


def write_task_table(path: Path, *, with_resources: bool = True) -> Path:
    sheets = {"Task_Table": task_table_rows()}
    if with_resources:
        sheets["Resource_Table"] = resource_rows()
        sheets["Assignment_Table"] = assignment_rows()
    return _save(path, sheets)


def write_pasted(path: Path) -> Path:
    header = ["ID", "Task Name", "Duration", "Start", "Finish", "Predecessors", "% Complete",
              "Constraint Type", "Constraint Date", "Resource Names"]  # fmt: skip
    rows: list[list[Any]] = [["Data centre move – pasted from MS Project"], header]
    for t in PLAN:
        rows.append([
            t.id, "   " * (t.level - 1) + t.name, t.duration.replace(" days", "d"),
            pasted_text(t.start), pasted_text(t.finish), t.predecessors, f"{t.percent}%",
            t.constraint, pasted_text(t.constraint_date) if t.constraint_date else "NA",
            t.resources,
        ])  # fmt: skip
    return _save(path, {"Sheet1": rows})


WIDE_USED = ["ID", "Unique_ID", "Name", "Duration", "Start_Date", "Finish_Date",
             "Predecessors", "Outline_Level", "Percent_Complete", "Constraint_Type",
             "Constraint_Date", "Resource_Names"]  # fmt: skip
WIDE_OTHER = [
    "Baseline_Start", "Baseline_Finish", "Baseline_Duration", "Baseline_Cost", "Early_Start",
    "Early_Finish", "Late_Start", "Late_Finish", "Free_Slack", "Total_Slack", "Start_Slack",
    "Finish_Slack", "Start_Variance", "Finish_Variance", "Duration_Variance", "Work",
    "Actual_Work", "Work_Variance", "Critical", "Summary", "Priority", "Type", "Effort_Driven",
    "Hyperlink", "Created", "Calendar", "Ignore_Resource_Calendar", "Level_Assignments",
    "Leveling_Delay", "Hide_Bar", "Marked", "Rollup", "Recurring", "Overallocated",
    "Subproject_File", "Unique_ID_Successors", "Successors", "Resource_Initials",
    "Resource_Group", "Contact", "Preleveled_Start", "Preleveled_Finish", "Stop", "Resume",
    "Physical_Percent_Complete", "Percent_Work_Complete", "Fixed_Cost_Accrual", "Text1",
    "Text2", "Text3", "Text4", "Text5", "Number1", "Number2", "Number3", "Flag1", "Flag2",
    "Flag3", "Start1", "Finish1", "Duration1", "Cost1", "Outline_Code1",
]  # fmt: skip


def wide_header() -> list[str]:
    header = [*WIDE_USED, *WIDE_OTHER]
    assert len(header) == 75
    return header


def _wide_other(name: str, t: PlanRow) -> Any:
    if name in {"Summary", "Critical", "Effort_Driven", "Marked", "Rollup", "Recurring",
                "Overallocated", "Hide_Bar", "Flag1", "Flag2", "Flag3",
                "Ignore_Resource_Calendar"}:  # fmt: skip
        return "Yes" if name == "Summary" and t.level == 1 else "No"
    if name.endswith(("Start", "Finish")) or name in {"Start1", "Finish1", "Created"}:
        return t.start
    if "Slack" in name or "Variance" in name or name in {"Leveling_Delay", "Duration1"}:
        return "0 days"
    if name in {"Priority", "Number1", "Number2", "Number3"}:
        return 500
    if name == "Type":
        return "Fixed Units"
    if name in {"Work", "Actual_Work"}:
        return "40 hrs"
    return ""


def wide_row(t: PlanRow) -> list[Any]:
    used = [t.id, t.unique_id, t.name, t.duration, t.start, t.finish, t.predecessors, t.level,
            t.percent / 100, t.constraint, t.constraint_date or "NA", t.resources]  # fmt: skip
    return used + [_wide_other(name, t) for name in WIDE_OTHER]


def write_wide(path: Path) -> Path:
    rows: list[list[Any]] = [wide_header(), *[wide_row(t) for t in PLAN]]
    return _save(path, {"Task_Table1": rows})


def write_csv(path: Path, *, encoding: str = "cp1252", delimiter: str = ";") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        for row in task_table_rows():
            writer.writerow(["" if value is None else value for value in row])
    return path
