"""Cells the scheduler cannot use are refused at their cell, never by a crash (issue 13).

A duration of 1e300, a start in 9999 or an Excel error value used to reach the scheduler or
SQLite (OverflowError, exit 3), to be refused without a cell, or to vanish silently.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from infradesk.interchange.excel import read_workbook
from infradesk.interchange.excel.values import (
    MAX_DURATION_MINUTES,
    read_duration,
    read_int,
    read_predecessors,
)
from infradesk.interchange.json_document import document_to_json
from infradesk.interchange.problems import ImportResult

HEADER = ["Name", "Duration", "Start"]


def messages(result: ImportResult, severity: str = "error") -> list[str]:
    return [str(problem) for problem in result.problems if problem.severity == severity]


def test_a_duration_of_1e300_is_a_located_error(make_xlsx: Callable[..., Path]) -> None:
    path = make_xlsx({"Tasks": [HEADER, ["Design", 1e300, None], ["Build", "5d", None]]})
    found = messages(read_workbook(path))
    assert len(found) == 1
    assert found[0].startswith("Tasks!B2: '1e+300' is not a duration InfraDesk can schedule")
    assert "31 Dec 2199" in found[0]


def test_a_start_in_9999_is_refused_at_its_cell(make_xlsx: Callable[..., Path]) -> None:
    rows = [HEADER, ["Design", "5d", datetime(9999, 12, 31, 8)], ["Build", "5d", None]]
    found = messages(read_workbook(make_xlsx({"Tasks": rows})))
    assert found == [
        "Tasks!C2: 31 Dec 9999 is outside the dates InfraDesk can schedule "
        "(1 Jan 1900 to 31 Dec 2199)"
    ]


def test_the_supported_range_itself_is_accepted(make_xlsx: Callable[..., Path]) -> None:
    rows = [HEADER, ["First", "1d", datetime(1900, 1, 1, 8)], ["Last", "1d", "31/12/2199"]]
    assert messages(read_workbook(make_xlsx({"Tasks": rows}))) == []


def test_an_excel_error_value_is_a_located_warning(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Tasks"
    sheet.append(HEADER)
    sheet.append(["Design", "5d", "2026-03-02"])
    sheet.append(["Build", "#DIV/0!", "#N/A"])  # openpyxl stores these as error cells
    sheet.append(["Notes only", None, None])
    sheet["D3"] = "#REF!"  # outside the imported columns: not reported
    workbook.save(tmp_path / "plan.xlsx")
    result = read_workbook(tmp_path / "plan.xlsx")
    assert messages(result, "warning") == [
        "Tasks!B3: holds the Excel error #DIV/0!; it is read as an empty cell",
        "Tasks!C3: holds the Excel error #N/A; it is read as an empty cell",
    ]
    assert len(document_to_json(result.document)["projects"][0]["tasks"]) == 3


def test_many_error_cells_are_summarised(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Tasks"
    sheet.append(HEADER)
    for number in range(30):
        sheet.append([f"Task {number}", "#N/A", None])
    workbook.save(tmp_path / "plan.xlsx")
    found = messages(read_workbook(tmp_path / "plan.xlsx"), "warning")
    assert len(found) == 21
    assert found[-1] == "Tasks: 10 more cell(s) hold Excel errors (#N/A); they are read as empty"


def test_no_library_warning_escapes_a_date_serial_past_9999(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Tasks"
    sheet.append(["Name", "Start"])
    sheet.append(["Design", 2958466])
    sheet["B2"].number_format = "yyyy-mm-dd"
    sheet.append(["Indented", "2026-03-02"])  # no leading spaces: openpyxl reads indents
    sheet["A3"].alignment = openpyxl.styles.Alignment(indent=1)
    workbook.save(tmp_path / "plan.xlsx")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = read_workbook(tmp_path / "plan.xlsx")
    assert [str(item.message) for item in caught] == []
    assert messages(result) == ["Tasks!B2: '2958466' is not a date"]


@pytest.mark.parametrize(
    "value",
    [1e300, float("inf"), "1" + "0" * 400, "1" + "0" * 400 + "d", "9" * 20 + " weeks", 1e12],
)
def test_absurd_durations_are_value_errors_not_overflows(value: object) -> None:
    with pytest.raises(ValueError, match=r"longer than the calendar's whole range|not a duration"):
        read_duration(value)


def test_the_longest_duration_that_fits_is_read() -> None:
    days = MAX_DURATION_MINUTES // 480
    duration = read_duration(float(days))
    assert duration is not None and duration.minutes == days * 480


def test_a_huge_lag_is_a_problem_and_a_huge_number_a_value_error() -> None:
    links, problems = read_predecessors("3FS+" + "9" * 400 + "d;4")
    assert [link.ref for link in links] == ["4"]
    assert len(problems) == 1 and "is not a lag InfraDesk can schedule" in problems[0]
    with pytest.raises(ValueError):
        read_int("9" * 400)
    with pytest.raises(ValueError):
        read_int(float("inf"))
