"""The Excel and CSV readers return the typed document (issue 14, point 1): values travel once
from the cell to the record (a date-time, whole minutes, a Decimal), ``given`` names the
columns the sheet had, and the date check's engine run is handed on for the write."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from infradesk.interchange import document as d
from infradesk.interchange.csv_reader import read_csv
from infradesk.interchange.excel import read_workbook

PLAN = [
    ["ID", "Task Name", "Duration", "Start", "Predecessors"],
    [1, "Design", "5d", datetime(2026, 3, 2, 8, 0), ""],
    [2, "Build", "2w", datetime(2026, 3, 9, 8, 0), "1FS+1d"],
]
RISKS = [
    ["ID", "Risk", "Probability", "Impact", "Cost impact", "Raised"],
    ["R-1", "Vendor late", 4, 3, "12,500.50", datetime(2026, 2, 1)],
]


def test_a_workbook_becomes_typed_tasks_links_and_records(
    make_xlsx: Callable[..., Path],
) -> None:
    result = read_workbook(make_xlsx({"Tasks": PLAN, "Risks": RISKS}))
    assert isinstance(result.document, d.Document)
    (project,) = result.document.projects
    design, build = project.tasks
    assert design.start == datetime(2026, 3, 2, 8, 0)
    assert (design.duration_minutes, build.duration_minutes) == (5 * 480, 10 * 480)
    assert build.predecessors == (d.Link(task=design.id, type="FS", lag_minutes=480),)
    (risk,) = project.risks
    assert risk.cost_impact == Decimal("12500.50") and risk.raised == date(2026, 2, 1)
    assert (risk.probability, risk.impact) == (4, 3)


def test_given_names_the_columns_the_sheet_had(make_xlsx: Callable[..., Path]) -> None:
    document = read_workbook(make_xlsx({"Tasks": PLAN})).document
    assert isinstance(document, d.Document)  # read straight from the cells, not from a dict
    given = document.projects[0].tasks[0].given
    assert given is not None
    assert {"name", "duration_minutes", "start", "predecessors"} <= given
    assert not {"owner", "notes", "percent_complete", "deadline"} & given


def test_the_date_check_hands_its_engine_run_on(make_xlsx: Callable[..., Path]) -> None:
    result = read_workbook(make_xlsx({"Tasks": PLAN}))
    (project,) = result.document.projects
    run = result.schedules[0]
    assert run.project is project
    assert run.result[2].early_start == datetime(2026, 3, 10, 8, 0)  # Design + 1d lag


def test_a_csv_plan_is_typed_too(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text("Task;Duration;Start\nBuild;2d;2026-03-02\n", encoding="utf-8")
    (project,) = read_csv(path).document.projects
    (task,) = project.tasks
    assert isinstance(read_csv(path).document, d.Document)
    assert (task.name, task.duration_minutes, task.start) == (
        "Build",
        960,
        datetime(2026, 3, 2, 8, 0),
    )
