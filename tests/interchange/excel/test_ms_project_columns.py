"""Issue 16: MS Project's Excel/CSV task columns read as MS Project means them. Each test is a
small synthetic workbook reproducing one point of the issue; the imported tasks are checked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from infradesk.interchange import document as d
from infradesk.interchange.excel import read_workbook
from infradesk.interchange.problems import ImportResult

MakeXlsx = Callable[..., Path]


def read(make_xlsx: MakeXlsx, rows: list[list[Any]], sheet: str = "Tasks") -> ImportResult:
    return read_workbook(make_xlsx({sheet: rows}))


def tasks_by_name(result: ImportResult) -> dict[str, d.Task]:
    return {task.name: task for task in result.document.projects[0].tasks}


def links_by_name(result: ImportResult) -> dict[str, list[tuple[str, str, int]]]:
    tasks = result.document.projects[0].tasks
    names = {task.id: task.name for task in tasks}
    return {
        task.name: [(names[link.task], link.type, link.lag_minutes) for link in task.predecessors]
        for task in tasks
    }


def errors(result: ImportResult) -> list[str]:
    return [str(p) for p in result.problems if p.severity == "error"]


# ---------------------------------------------------------------------------------------------
# 1. Predecessors name the task ID; Unique ID Predecessors name the Unique ID


def test_predecessors_name_the_task_position_not_the_unique_id(make_xlsx: MakeXlsx) -> None:
    """The issue's 4-task sheet: unique ids 1, 7, 3, 2. Resolving "Predecessors" against the
    Unique ID column linked C to D and D to C (a false loop)."""
    result = read(
        make_xlsx,
        [
            ["WBS", "Task Name", "Duration", "Start", "Finish", "Predecessors", "Unique ID"],
            ["1", "A", "1d", "2026-01-05", "2026-01-05", "", 1],
            ["2", "B", "1d", "2026-01-06", "2026-01-06", "1", 7],
            ["3", "C", "1d", "2026-01-07", "2026-01-07", "2", 3],
            ["4", "D", "1d", "2026-01-08", "2026-01-08", "3", 2],
        ],
    )
    assert not errors(result), errors(result)
    assert links_by_name(result) == {
        "A": [],
        "B": [("A", "FS", 0)],
        "C": [("B", "FS", 0)],
        "D": [("C", "FS", 0)],
    }
    assert [t.external_ref for t in result.document.projects[0].tasks] == ["1", "7", "3", "2"]


def test_predecessors_name_the_id_column_when_there_is_one(make_xlsx: MakeXlsx) -> None:
    result = read(
        make_xlsx,
        [
            ["ID", "Unique ID", "Name", "Duration", "Predecessors"],
            [10, 4, "A", "1d", ""],
            [11, 3, "B", "1d", "10"],
            [12, 2, "C", "1d", "11SS+1d"],
        ],
    )
    assert not errors(result), errors(result)
    assert links_by_name(result)["C"] == [("B", "SS", 480)]
    assert links_by_name(result)["B"] == [("A", "FS", 0)]


def test_unique_id_predecessors_name_the_unique_id(make_xlsx: MakeXlsx) -> None:
    result = read(
        make_xlsx,
        [
            ["ID", "Unique ID", "Name", "Duration", "Unique ID Predecessors"],
            [1, 40, "A", "1d", ""],
            [2, 30, "B", "1d", "40"],
            [3, 2, "C", "1d", "30FF+2h"],
        ],
    )
    assert not errors(result), errors(result)
    assert links_by_name(result) == {"A": [], "B": [("A", "FS", 0)], "C": [("B", "FF", 120)]}


def test_both_predecessor_columns_prefer_the_unique_ids_and_say_where_they_disagree(
    make_xlsx: MakeXlsx,
) -> None:
    result = read(
        make_xlsx,
        [
            ["ID", "Unique ID", "Name", "Duration", "Predecessors", "Unique ID Predecessors"],
            [1, 40, "A", "1d", "", ""],
            [2, 30, "B", "1d", "1", "40"],
            [3, 2, "C", "1d", "1", "30"],  # disagree: ID 1 is A, Unique ID 30 is B
        ],
    )
    assert links_by_name(result) == {"A": [], "B": [("A", "FS", 0)], "C": [("B", "FS", 0)]}
    (warning,) = [p for p in result.problems if "Unique ID Predecessors says" in p.message]
    assert (warning.sheet, warning.row, warning.column, warning.severity) == (
        "Tasks",
        4,
        "E",
        "warning",
    )
    assert "'A'" in warning.message and "'B'" in warning.message
    assert any("disagrees on 1 row(s)" in note for note in result.notes)


def test_agreeing_predecessor_columns_say_so(make_xlsx: MakeXlsx) -> None:
    result = read(
        make_xlsx,
        [
            ["ID", "Unique ID", "Name", "Duration", "Predecessors", "Unique ID Predecessors"],
            [1, 40, "A", "1d", "", ""],
            [2, 30, "B", "1d", "1", "40"],
        ],
    )
    assert not [p for p in result.problems if "Predecessors" in p.message]
    assert any("agrees on every row" in note for note in result.notes)


def test_an_unknown_predecessor_is_located(make_xlsx: MakeXlsx) -> None:
    result = read(
        make_xlsx,
        [
            ["ID", "Name", "Duration", "Predecessors"],
            [1, "A", "1d", ""],
            [2, "B", "1d", "9"],
        ],
    )
    (problem,) = [p for p in result.problems if "'9'" in p.message]
    assert (problem.sheet, problem.row, problem.column) == ("Tasks", 3, "D")
