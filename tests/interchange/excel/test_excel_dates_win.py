"""Issue 16, point 5: a hand-built plan's own dates are the dates we show.

When a sheet's Duration column disagrees with the working time between the rows' own Start and
Finish on at least half of the rows that give all three (effort, or an End Date formula), the
dates win; a consistent column, an MS Project paste whose part-day tasks show date-only cells,
and a few odd rows in a consistent column are read as before.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from infradesk.interchange.excel import read_workbook
from infradesk.interchange.json_document import document_to_json

HEADER = ["ID", "Task", "Duration", "Start Date", "End Date", "Predecessors", "Notes"]


def _tasks(result: Any) -> dict[str, dict[str, Any]]:
    tasks = document_to_json(result.document)["projects"][0]["tasks"]
    return {t["name"]: t for t in tasks}


def _dates_win_notes(result: Any) -> list[str]:
    return [n for n in result.notes if "is not the working time between Start and Finish" in n]


def test_dates_win_over_an_effort_duration_column(make_xlsx: Callable[..., Path]) -> None:
    # Duration is effort (days for one person); the End Date is the PM's formula with two
    # people: B and C would start a week late if the durations were kept
    rows = [HEADER,
            [1, "Design", "10d", date(2025, 1, 6), date(2025, 1, 10), "", "two people"],
            [2, "Build", "6d", date(2025, 1, 13), date(2025, 1, 15), "1", ""],
            [3, "Test", "4d", date(2025, 1, 16), date(2025, 1, 17), "2", ""],
            [4, "Release", "5d", date(2025, 1, 20), date(2025, 1, 24), "3", ""]]  # fmt: skip
    result = read_workbook(make_xlsx({"Plan": rows}))
    tasks = _tasks(result)
    assert [tasks[n]["duration"] for n in ("Design", "Build", "Test", "Release")] == [
        "5d", "3d", "2d", "5d",
    ]  # fmt: skip
    (note,) = _dates_win_notes(result)
    assert "Duration column C ('Duration')" in note and "on 3 of 4 rows" in note
    assert "effort or a formula?" in note and "the dates are kept" in note
    # the sheet's own value stays readable in the task's notes; an agreeing row is untouched
    assert tasks["Design"]["notes"] == "two people\nDuration in the sheet: 10d"
    assert tasks["Build"]["notes"] == "Duration in the sheet: 6d"
    assert tasks["Release"]["notes"] == ""
    fidelity = result.dates[0]
    assert (fidelity.compared, fidelity.equal, fidelity.differences) == (4, 4, ())


def test_without_a_notes_column_the_sheet_durations_are_not_written_to_notes(
    make_xlsx: Callable[..., Path],
) -> None:
    rows = [[cell for cell in row[:6]] for row in (
        HEADER,
        [1, "Design", "10d", date(2025, 1, 6), date(2025, 1, 10), ""],
        [2, "Build", "6d", date(2025, 1, 13), date(2025, 1, 15), "1"],
    )]  # fmt: skip
    result = read_workbook(make_xlsx({"Plan": rows}))
    tasks = _tasks(result)
    assert [tasks["Design"]["duration"], tasks["Build"]["duration"]] == ["5d", "3d"]
    assert "notes" not in result.document.projects[0].tasks[0].given  # an update keeps them
    (note,) = _dates_win_notes(result)
    assert "on 2 of 2 rows" in note and "notes" not in note


def test_a_consistent_duration_column_is_unchanged(make_xlsx: Callable[..., Path]) -> None:
    rows = [HEADER,
            [1, "Design", "5d", date(2025, 1, 6), date(2025, 1, 10), "", ""],
            [2, "Build", "3d", date(2025, 1, 13), date(2025, 1, 15), "1", ""],
            [3, "Test", "2d", date(2025, 1, 16), date(2025, 1, 17), "2", ""],
            [4, "Release", "6d", date(2025, 1, 20), date(2025, 1, 27), "3", ""]]  # fmt: skip
    result = read_workbook(make_xlsx({"Plan": rows}))
    tasks = _tasks(result)
    assert [t["duration"] for t in tasks.values()] == ["5d", "3d", "2d", "6d"]
    assert not _dates_win_notes(result)
    assert all("Duration in the sheet" not in t["notes"] for t in tasks.values())
    assert result.dates[0].equal == 4


def test_an_ms_project_paste_with_half_days_keeps_its_durations(
    make_xlsx: Callable[..., Path],
) -> None:
    # a pasted Gantt table shows dates without a time: after a half-day task every task
    # starts at 13:00, so its date-only cells span one day more than its duration
    rows = [["ID", "Task Name", "Duration", "Start", "Finish", "Predecessors"],
            [1, "Survey", "0.5 days", "Mon 2/17/25", "Mon 2/17/25", ""],
            [2, "Cabling", "4 days", "Mon 2/17/25", "Fri 2/21/25", "1"],
            [3, "Racks", "2 days", "Fri 2/21/25", "Tue 2/25/25", "2"],
            [4, "Power", "1 day", "Tue 2/25/25", "Wed 2/26/25", "3"]]  # fmt: skip
    result = read_workbook(make_xlsx({"Plan": rows}))
    tasks = _tasks(result)
    assert [t["duration"] for t in tasks.values()] == ["4h", "4d", "2d", "1d"]
    assert not _dates_win_notes(result)


def test_a_few_odd_rows_stay_and_are_listed_with_their_reason(
    make_xlsx: Callable[..., Path],
) -> None:
    rows = [HEADER,
            [1, "Design", "5d", date(2025, 1, 6), date(2025, 1, 10), "", ""],
            [2, "Build", "3d", date(2025, 1, 13), date(2025, 1, 15), "", ""],
            [3, "Test", "9d", date(2025, 1, 16), date(2025, 1, 17), "", ""],
            [4, "Release", "5d", date(2025, 1, 20), date(2025, 1, 24), "", ""],
            [5, "Handover", "2d", date(2025, 1, 27), date(2025, 1, 28), "", ""]]  # fmt: skip
    result = read_workbook(make_xlsx({"Plan": rows}))
    assert _tasks(result)["Test"]["duration"] == "9d"
    assert not _dates_win_notes(result)
    (difference,) = result.dates[0].differences
    assert (difference.name, difference.kind) == ("Test", "duration")


def test_the_working_time_is_measured_on_the_workbooks_calendar(
    make_xlsx: Callable[..., Path],
) -> None:
    # the Calendar sheet makes Wednesday 8 Jan a holiday: Mon 6..Fri 10 is 4 working days
    rows = [HEADER,
            [1, "Design", "8d", date(2025, 1, 6), date(2025, 1, 10), "", ""],
            [2, "Build", "6d", date(2025, 1, 13), date(2025, 1, 15), "1", ""]]  # fmt: skip
    calendar = [["Date", "Name", "Kind", "Working hours", "Finish"],
                [date(2025, 1, 8), "Office move", "holiday", "", ""]]  # fmt: skip
    result = read_workbook(make_xlsx({"Tasks": rows, "Calendar": calendar}))
    assert result.document.projects[0].calendar is not None
    tasks = _tasks(result)
    assert [tasks["Design"]["duration"], tasks["Build"]["duration"]] == ["4d", "3d"]
    assert result.dates[0].equal == 2


def test_the_tpm_handbook_plan_keeps_its_own_dates(real_plans: Path) -> None:
    # Duration counts weeks of effort, End Date is =I3+((E3*7)/F3) in calendar days
    result = read_workbook(real_plans / "Project_Plan.xlsx")
    (note,) = _dates_win_notes(result)
    assert "on 23 of 30 rows" in note
    fidelity = result.dates[0]
    assert (fidelity.compared, fidelity.equal) == (30, 28)
    # what is left is the file's own: a task on a Saturday, a link its dates break
    assert sorted(item.kind for item in fidelity.differences) == ["broken link", "calendar"]
