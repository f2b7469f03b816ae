"""Issue 16, points 6 and 7: one MS Project plan through four export routes gives one project;
the export wizard's Resource_Table and Assignment_Table give owners, never vendors."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from infradesk.interchange import document as d
from infradesk.interchange.excel.resources import owner_names
from infradesk.interchange.problems import ImportResult
from infradesk.interchange.readers import read_any
from tests.interchange.excel import ms_project_routes as routes
from tests.interchange.excel.conftest import write_xlsx

Shape = tuple[Any, ...]


def shape(result: ImportResult) -> list[Shape]:
    """What a PM compares, independent of how each route numbers its tasks: the outline (by
    parent name), duration, dates, % complete, constraint, links (by name) and owner."""
    tasks = result.document.projects[0].tasks
    names = {task.id: task.name for task in tasks}
    return [
        (
            names.get(task.parent) if task.parent is not None else None,
            task.name,
            task.duration_minutes,
            task.start,
            task.finish,
            task.percent_complete,
            task.constraint_type,
            task.constraint_date,
            tuple((names[link.task], link.type, link.lag_minutes) for link in task.predecessors),
            task.owner,
            task.estimated,
        )
        for task in tasks
    ]


@pytest.fixture
def reference(tmp_path: Path) -> list[Shape]:
    result = read_any(routes.write_task_table(tmp_path / "wizard.xlsx"))
    assert not result.errors
    return shape(result)


def test_the_wizard_task_table_reads_as_the_plan_says(reference: list[Shape]) -> None:
    assert [row[1] for row in reference] == [t.name for t in routes.PLAN]
    by_name = {row[1]: row for row in reference}
    assert by_name["Design"][0] == "Phase A – Café site"
    assert by_name["Review"][8] == (("Build œuvre", "SS", 2 * 480),)
    assert by_name["Review"][2] == 3 * 480 and by_name["Review"][10]  # 3 days? is a guess
    assert by_name["Install"][6:8] == ("SNET", datetime(2025, 3, 3, 8, 0))
    assert by_name["Build œuvre"][5] == 40.0
    assert by_name["Go-live"][3] == by_name["Go-live"][4] == datetime(2025, 3, 7, 17, 0)


@pytest.mark.parametrize(
    "route",
    [
        "pasted",
        "wide",
        "csv_cp1252",
        "csv_utf8_bom_comma",
        "csv_utf16_tab",
        "csv_utf8_semicolon",
        "csv_utf16le_no_bom_comma",
    ],
)
def test_four_routes_give_the_same_project(
    route: str, reference: list[Shape], tmp_path: Path
) -> None:
    writers = {
        "pasted": lambda: routes.write_pasted(tmp_path / "pasted.xlsx"),
        "wide": lambda: routes.write_wide(tmp_path / "wide.xlsx"),
        "csv_cp1252": lambda: routes.write_csv(tmp_path / "plan.csv"),
        "csv_utf8_bom_comma": lambda: routes.write_csv(
            tmp_path / "plan.csv", encoding="utf-8-sig", delimiter=","
        ),
        "csv_utf16_tab": lambda: routes.write_csv(
            tmp_path / "plan.txt", encoding="utf-16", delimiter="\t"
        ),
        "csv_utf8_semicolon": lambda: routes.write_csv(tmp_path / "plan.csv", encoding="utf-8"),
        "csv_utf16le_no_bom_comma": lambda: routes.write_csv(
            tmp_path / "plan.csv", encoding="utf-16-le", delimiter=","
        ),
    }
    result = read_any(writers[route]())
    assert not result.errors, [str(p) for p in result.errors]
    assert shape(result) == reference


def test_the_wide_export_ignores_its_other_columns_quietly(tmp_path: Path) -> None:
    result = read_any(routes.write_wide(tmp_path / "wide.xlsx"))
    unmapped = [note for note in result.notes if "not imported" in note]
    assert len(unmapped) == 1
    assert len(unmapped[0]) < 400  # one short line, not 63 columns with their reasons
    assert "63 other columns" in unmapped[0], unmapped


def test_the_csv_route_names_its_encoding_and_delimiter(tmp_path: Path) -> None:
    result = read_any(routes.write_csv(tmp_path / "plan.csv"))
    assert result.notes[0] == "plan.csv: encoding cp1252, delimiter semicolon"
    names = [task.name for task in result.document.projects[0].tasks]
    assert "Build œuvre" in names and "Phase A – Café site" in names


# ------------------------------------------------------------------ point 7: resources


def test_resource_table_gives_resources_not_vendors(tmp_path: Path) -> None:
    result = read_any(routes.write_task_table(tmp_path / "wizard.xlsx"))
    project = result.document.projects[0]
    assert project.vendors == ()
    assert result.resources is not None
    resources = result.resources.resources
    assert [r.name for r in resources] == ["Alice", "Bob", "Carol"]
    bob = resources[1]
    assert (bob.unique_id, bob.group, bob.max_units, bob.email) == (
        "102", "Network team", 50.0, "bob@example.com"
    )
    assert ("Standard Rate", "€70.00/hr") in bob.fields
    assert any("3 resource(s) read" in note for note in result.notes)


def test_assignment_table_sets_each_task_owner_in_file_order(tmp_path: Path) -> None:
    rows = routes.task_table_rows()
    owner_col = routes.TASK_TABLE_HEADER.index("Resource Names")
    for row in rows[1:]:
        row[owner_col] = ""  # only the Assignment_Table says who works on what
    path = write_xlsx(tmp_path / "wizard.xlsx", {
        "Task_Table": rows,
        "Resource_Table": routes.resource_rows(),
        "Assignment_Table": routes.assignment_rows(),
    })  # fmt: skip
    result = read_any(path)
    owners = {t.name: t.owner for t in result.document.projects[0].tasks}
    assert owners["Design"] == "Alice, Bob"
    assert owners["Build œuvre"] == "Bob"
    assert owners["Install"] == "Alice"
    assert owners["Go-live"] == ""
    assert result.resources is not None and len(result.resources.assignments) == 5
    given = {t.name: t.given for t in result.document.projects[0].tasks}
    assert given["Design"] is not None and "owner" in given["Design"]
    assert any("set the owner of 4 task(s)" in note for note in result.notes)


def test_assignments_by_task_name_and_resource_id(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "plan.xlsx", {
        "Tasks": [["Task Name", "Duration"], ["Cabling", "2d"], ["Racks", "1d"]],
        "Resources": [["ID", "Name", "Max Units", "Standard Rate"], [7, "Dana", 1, "50"]],
        "Assignments": [["Task Name", "Resource ID", "Units"], ["Racks", 7, 1],
                        ["Nowhere", 7, 1]],
    })  # fmt: skip
    result = read_any(path)
    owners = {t.name: t.owner for t in result.document.projects[0].tasks}
    assert owners == {"Cabling": "", "Racks": "Dana"}
    assert result.resources is not None and result.resources.resources[0].max_units == 100.0
    assert any("'Nowhere'" in p.message and p.row == 3 for p in result.warnings)


def test_resource_names_column_becomes_the_owner() -> None:
    assert owner_names("Alice[50%],Bob") == "Alice, Bob"
    assert owner_names("Alice [2 units]; Bob;Alice") == "Alice, Bob"
    assert owner_names("") == ""


def test_resource_names_column_on_the_task_sheet(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "plan.xlsx", {
        "Tasks": [["Task Name", "Duration", "Resource Names"], ["Cabling", "2d", "Alice[50%],Bob"],
                  ["Racks", "1d", "Carol"]],
    })  # fmt: skip
    result = read_any(path)
    tasks: tuple[d.Task, ...] = result.document.projects[0].tasks
    assert [t.owner for t in tasks] == ["Alice, Bob", "Carol"]
    assert result.resources is None
