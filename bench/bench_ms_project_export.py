"""Time the import of an MS Project export wizard workbook, end to end (issue 16).

The workbook: a 2,200-task, 75-column Task_Table (underscore headers, most columns of no use
to us), a Resource_Table of 39 people and teams and an Assignment_Table of about 1,700 rows.
Prints the time of read_workbook (read, find the sheets, map, check, schedule check) and of
the whole import into a new workspace (plus the write and schedule); target < 1.5 s. Run:

    .venv/bin/python bench/bench_ms_project_export.py [TASKS]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import warnings
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl

from infradesk.interchange.excel import read_workbook

USED = ["ID", "Unique_ID", "Name", "Duration", "Start_Date", "Finish_Date", "Predecessors",
        "Outline_Level", "Percent_Complete", "Constraint_Type", "Constraint_Date",
        "Resource_Names", "Notes", "WBS", "Actual_Start", "Actual_Finish"]  # fmt: skip
OTHER_NAMES = ["Baseline_Start", "Baseline_Finish", "Baseline_Duration", "Early_Start",
               "Early_Finish", "Late_Start", "Late_Finish", "Free_Slack", "Total_Slack",
               "Work", "Actual_Work", "Critical", "Summary", "Priority", "Type", "Hyperlink",
               "Created", "Calendar", "Marked", "Rollup", "Successors", "Contact"]  # fmt: skip
COLUMNS = 75
RESOURCES = 39


def _working_day_after(day: datetime, working_days: int) -> datetime:
    """``day`` moved on by ``working_days`` Monday-to-Friday days."""
    while working_days:
        day += timedelta(days=1)
        working_days -= day.weekday() < 5
    return day


def _other_headers() -> list[str]:
    extra = [f"Text{n}" for n in range(1, 31)] + [f"Number{n}" for n in range(1, 11)]
    return (OTHER_NAMES + extra)[: COLUMNS - len(USED)]


def _when(day: datetime, hour: int) -> str:
    """The export wizard's text: ``February 17, 2025 8:00``."""
    return f"{day:%B} {day.day}, {day.year} {hour}:00"


def make_workbook(path: Path, tasks: int) -> int:
    """Write the three sheets; returns the number of assignment rows."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Task_Table")
    others = _other_headers()
    sheet.append(USED + others)
    first = datetime(2025, 2, 17)
    assignments: list[list[Any]] = []
    phase = 0
    for n in range(1, tasks + 1):
        summary = n % 20 == 1
        phase += summary
        level = 1 if summary else 2
        days = 0 if summary else (n % 7) + 1
        start = first + timedelta(days=7 * ((n // 20) % 60) + (n % 5))
        while start.weekday() >= 5:
            start += timedelta(days=1)
        finish = _working_day_after(start, max(days - 1, 0))  # as MS Project writes it
        links = "" if summary or n % 20 == 2 else (f"{n - 1}" if n % 3 else f"{n - 1}SS+1d")
        people = [] if summary else [f"Person {n % RESOURCES}", f"Person {(n * 7) % RESOURCES}"]
        names = ",".join(f"{p}[50%]" for p in people)
        row: list[Any] = [
            n, 1000 + n, f"Task {n}", f"{days} days", _when(start, 8), _when(finish, 17), links,
            level, f"{(n * 7) % 101 if n % 4 == 0 else 0}%",
            "Start No Earlier Than" if n % 50 == 0 else "As Soon As Possible",
            _when(start, 8) if n % 50 == 0 else "NA", names, "", f"{phase}.{n % 20 or 20}",
            "NA", "NA",
        ]  # fmt: skip
        row += ["No" if name in {"Critical", "Summary", "Marked", "Rollup"} else
                ("0 days" if "Slack" in name else "") for name in others]  # fmt: skip
        sheet.append(row)
        for person in people[: 1 if n % 3 else 2]:
            assignments.append([1000 + n, f"Task {n}", person, "50%", f"{days * 4} hrs"])
    resources = workbook.create_sheet("Resource_Table")
    resources.append(["ID", "Unique_ID", "Name", "Type", "Initials", "Group", "Max_Units",
                      "Standard_Rate", "Email_Address"])  # fmt: skip
    for n in range(RESOURCES):
        resources.append([n + 1, 500 + n, f"Person {n}", "Work", f"P{n}", "IT", "100%",
                          "€80.00/hr", f"p{n}@example.com"])  # fmt: skip
    table = workbook.create_sheet("Assignment_Table")
    table.append(["Task_Unique_ID", "Task_Name", "Resource_Name", "Units", "Work"])
    for assignment in assignments:
        table.append(assignment)
    workbook.save(path)
    return len(assignments)


def main() -> None:
    tasks = int(sys.argv[1]) if len(sys.argv) > 1 else 2_200
    warnings.simplefilter("ignore")
    from infradesk.services.documents.io import import_document
    from infradesk.store.workspace import Workspace

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ms_project_export.xlsx"
        assignments = make_workbook(path, tasks)
        print(f"workbook: {tasks:,} tasks x {COLUMNS} columns, {RESOURCES} resources, "
              f"{assignments:,} assignments, {path.stat().st_size / 1024:.0f} KiB")  # fmt: skip
        reads, totals = [], []
        result = None
        for attempt in range(3):
            workspace = Workspace.create(Path(folder) / f"ws{attempt}.infradesk")
            started = time.perf_counter()
            result = read_workbook(path)
            read_done = time.perf_counter()
            with workspace.session() as session:
                import_document(session, result.document, schedules=result.schedules)
            finished = time.perf_counter()
            workspace.close()
            reads.append(read_done - started)
            totals.append(finished - started)
        assert result is not None
        project = result.document.projects[0]
        owned = sum(1 for task in project.tasks if task.owner)
        resources = result.resources
        print(f"read: {len(project.tasks):,} tasks, {owned:,} with an owner, "
              f"{len(resources.resources) if resources else 0} resources, "
              f"{len(project.vendors)} vendors, {len(result.errors)} errors, "
              f"{len(result.warnings)} warnings")  # fmt: skip
        print(f"read_workbook (read, sheets, map, check)  : {min(reads):6.3f} s "
              f"(median {statistics.median(reads):.3f})")  # fmt: skip
        print(f"END TO END (read..write+schedule)         : {min(totals):6.3f} s "
              f"(median {statistics.median(totals):.3f}; target < 1.5 s)")  # fmt: skip


if __name__ == "__main__":
    main()
