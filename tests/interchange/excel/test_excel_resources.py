"""Resources and assignments in workbooks (issue 18): the Resource Names column
(``Name[50%], Crew``) and MS Project's export wizard's Resource_Table / Assignment_Table read
into the pool and assignments, refusals located at their cell; the export writes a Resources
sheet and the Resource Names column and reads back the same pool."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from infradesk.interchange import document as d
from infradesk.interchange.excel import read_workbook
from infradesk.interchange.excel.assignments import rate_per_hour
from infradesk.interchange.readers import read_any
from infradesk.interchange.xlsx_export import write_workbook
from infradesk.model import Assignment, Resource
from infradesk.services.documents.io import import_document
from infradesk.store.workspace import Workspace
from tests.interchange.excel import ms_project_routes as routes
from tests.interchange.excel.conftest import write_xlsx
from tests.interchange.test_resources_json import pool_document


def test_export_writes_resource_names_and_a_resources_sheet_that_read_back(
    tmp_path: Path,
) -> None:
    path = tmp_path / "pool.xlsx"
    write_workbook(pool_document(), path)
    result = read_workbook(path)
    by_name = {r.name: r for r in result.document.resources}
    assert set(by_name) == {"Alice Network", "Fibre crew", "Fibre"}
    assert by_name["Fibre crew"] == d.Resource(
        name="Fibre crew", max_units=3.0, rate_per_hour=Decimal("120.00"),
        cost_per_use=Decimal("500.00"),
    )  # fmt: skip
    assert by_name["Fibre"].kind == "material" and by_name["Fibre"].material_label == "m"
    assert (by_name["Alice Network"].team, by_name["Alice Network"].email) == (
        "Network", "alice@example.org"
    )
    tasks = {t.name: t.assignments for t in result.document.projects[0].tasks}
    assert tasks == {
        "Design": (d.Assignment("alice network", 0.5),),
        "Pull fibre": (d.Assignment("Fibre crew", 3.0), d.Assignment("Fibre", 200.0)),
        "Acceptance": (d.Assignment("Bob Ops"),),
    }


def test_the_wizard_sheets_give_the_pool_and_the_assignments_at_their_units(
    tmp_path: Path, workspace: Workspace
) -> None:
    rows = routes.task_table_rows()
    names = routes.TASK_TABLE_HEADER.index("Resource Names")
    for row in rows[1:]:
        row[names] = ""  # only the Assignment_Table says who works on what
    path = write_xlsx(tmp_path / "wizard.xlsx", {
        "Task_Table": rows,
        "Resource_Table": routes.resource_rows(),
        "Assignment_Table": routes.assignment_rows(),
    })  # fmt: skip
    result = read_any(path)
    bob = next(r for r in result.document.resources if r.name == "Bob")
    assert (bob.team, bob.max_units, bob.rate_per_hour, bob.email) == (
        "Network team", 0.5, Decimal("70.00"), "bob@example.com"
    )
    design = next(t for t in result.document.projects[0].tasks if t.name == "Design")
    assert design.assignments == (d.Assignment("Alice", 0.5), d.Assignment("Bob", 1.0))
    with workspace.session() as session:
        import_document(session, result.document)
    with workspace.read_session() as session:
        pool = {r.name: r.rate_per_hour for r in session.scalars(select(Resource))}
        assert pool == {"Alice": Decimal("80.00"), "Bob": Decimal("70.00"),
                        "Carol": Decimal("60.00")}  # fmt: skip
        assert len(session.scalars(select(Assignment)).all()) == 5


def test_the_resource_names_column_of_a_plan_gives_units(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "plan.xlsx", {"Plan": [
        ["Task Name", "Duration", "Resource Names"],
        ["Design", "5d", "Alice[50%],Bob"],
        ["Pull fibre", "2d", "Fibre crew[300%]; Fibre[200 m]"],
        ["Review", "1d", "Carol[lots]"],
    ]})  # fmt: skip
    result = read_any(path)
    tasks = {t.name: t.assignments for t in result.document.projects[0].tasks}
    assert tasks["Design"] == (d.Assignment("Alice", 0.5), d.Assignment("Bob", 1.0))
    assert tasks["Pull fibre"] == (d.Assignment("Fibre crew", 3.0), d.Assignment("Fibre", 200))
    assert tasks["Review"] == ()  # refused: the names stay the owner, the cell is named
    assert result.document.resources == (d.Resource("Fibre", kind="material", material_label="m"),)
    (problem,) = [p for p in result.problems if "lots" in p.message]
    assert (problem.location, problem.severity) == ("Plan!C4", "warning")
    assert "'lots' is not units" in problem.message


def test_an_owner_column_stays_an_owner(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "plan.xlsx", {"Plan": [
        ["Task Name", "Duration", "Owner"], ["Design", "5d", "Alice, Bob"],
    ]})  # fmt: skip
    (task,) = read_any(path).document.projects[0].tasks
    assert task.assignments == () and task.owner == "Alice, Bob"


def test_bad_rates_are_reported_at_their_row(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "plan.xlsx", {
        "Tasks": [["Task Name", "Duration", "Resource Names"], ["Cabling", "2d", "Dana"]],
        "Resources": [["Name", "Max Units", "Standard Rate", "Cost Per Use"],
                      ["Dana", "100%", "cheap", "1e99"]],
    })  # fmt: skip
    result = read_any(path)
    found = [(p.location, p.message) for p in result.problems if p.sheet == "Resources"]
    assert found == [
        ("Resources!row 2", "standard rate 'cheap' of 'Dana' is not an amount per hour, day or "
                            "week; 0 is used"),
        ("Resources!row 2", "cost per use '1e99' of 'Dana' is not an amount; 0 is used"),
    ]  # fmt: skip
    assert result.document.resources == (d.Resource("Dana"),)


@pytest.mark.parametrize(
    ("text", "hourly"),
    [("€80.00/hr", "80.00"), ("640/d", "80.00"), ("50", "50.00"), ("$3,200.00/w", "80.00"),
     ("12,50/h", "12.50"), ("1,200/mo", "7.50")],
)  # fmt: skip
def test_rates_in_ms_project_units_become_per_hour(text: str, hourly: str) -> None:
    assert rate_per_hour(text) == Decimal(hourly)
