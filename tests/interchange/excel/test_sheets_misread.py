"""Issue 16, point 8: the right sheets. Rosters, notes and action lists are not plans, vendors or
risks (an action list is the action log since issue 20); a plan with a hand-drawn day grid is
found; among several plans the most complete one is imported with its reason, and a close call
is asked (wizard) or refused (CLI)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from infradesk.cli.common import EXIT_USAGE
from infradesk.cli.import_cmd import sheet_options
from infradesk.cli.main import main
from infradesk.interchange.excel import analyse_workbook, read_workbook
from infradesk.interchange.excel.sheet_choice import SheetChoiceNeeded
from infradesk.interchange.sheet_hint import ChooseSheetNote, worded_notes
from tests.interchange.excel import ms_project_routes as routes
from tests.interchange.excel.conftest import REAL_PLANS, write_xlsx

DUE = datetime(2025, 3, 14)
PLAN = [["ID", "Task Name", "Duration", "Start", "Finish", "Predecessors"],
        [1, "Design", "5d", datetime(2025, 2, 17, 8), datetime(2025, 2, 21, 17), ""],
        [2, "Build", "10d", datetime(2025, 2, 24, 8), datetime(2025, 3, 7, 17), "1"]]  # fmt: skip
ROSTER = [["Name", "Role", "Email", "Phone"], ["Alice", "PM", "alice@example.com", "+49 1"],
          ["Bob", "Network engineer", "bob@example.com", "+49 2"]]  # fmt: skip
ACTIONS = [["Action", "Owner", "Due", "Status"], ["Order racks", "Alice", DUE, "Open"],
           ["Call the ISP", "Bob", DUE, "Done"]]  # fmt: skip
ACTION_LOG = [["Action ID", "Action Description", "Owner", "Due Date", "Status"],
              [1, "Order racks", "Alice", DUE, "Open"], [2, "Call the ISP", "Bob", DUE, "Done"]]
RAID_ACTIONS = [["#", "Description", "Action Owner", "Target Date", "Status", "Comments"],
                [1, "Order racks", "Alice", DUE, "Open", ""]]  # fmt: skip
NOTES = [["Date", "Title", "Notes"], [DUE, "Kick-off", "Went well"], [DUE, "Review", "Later"]]


def test_roster_notes_and_action_items_are_not_plans_vendors_or_risks(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "plan.xlsx", {
        "Plan": PLAN, "Project Team": ROSTER, "Team": ROSTER, "Project Notes": NOTES,
        "Actions": ACTIONS, "Action Log": ACTION_LOG, "RAID - Actions": RAID_ACTIONS,
    })  # fmt: skip
    kinds = {sheet.name: (sheet.kind, sheet.reason) for sheet in analyse_workbook(path).sheets}
    assert kinds["Plan"][0] == "tasks"
    for roster in ("Project Team", "Team"):  # were a task plan and a vendor list
        assert kinds[roster] == (None, "it is a team roster (names, roles and contact "
                                       "details), not a plan or vendors")  # fmt: skip
    assert kinds["Project Notes"] == (None, "it is notes")  # was a task plan
    for actions in ("Actions", "Action Log", "RAID - Actions"):  # the last two were risks
        # issue 20: an action list is the project's action log (it was ignored before)
        assert kinds[actions] == ("actions", "an action log"), kinds[actions]
    result = read_workbook(path)
    project = result.document.projects[0]
    assert [t.name for t in project.tasks] == ["Design", "Build"]
    assert project.vendors == () and project.risks == () and project.issues == ()
    assert [a.title for a in project.actions] == ["Order racks", "Call the ISP"] * 2 + [
        "Order racks"
    ]


def test_a_risk_register_with_action_columns_stays_a_risk_register(tmp_path: Path) -> None:
    rows = [["Risk ID", "Risk", "Probability", "Impact", "Mitigation Actions", "Action Owner"],
            ["R1", "Late racks", 4, 3, "Order early", "Alice"]]  # fmt: skip
    path = write_xlsx(tmp_path / "raid.xlsx", {"Risks & Actions": rows})
    assert analyse_workbook(path).sheets[0].kind == "risks"


def test_a_vendor_contact_list_stays_vendors(tmp_path: Path) -> None:
    rows = [["Vendor", "Contact", "Role", "Email"], ["Acme", "Ann", "Account manager", "a@x"]]
    path = write_xlsx(tmp_path / "vendors.xlsx", {"Vendors": rows})
    assert analyse_workbook(path).sheets[0].kind == "vendors"


def _gantt_grid_workbook(path: Path, days: int = 140, *, dated: bool = False) -> Path:
    """A 'Tasks' sheet: the plan's columns, then one column per day (month names above the
    day numbers), cells marked with x where the task runs."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Tasks"
    first = datetime(2025, 2, 17)
    dates = [first + timedelta(days=n) for n in range(days)]
    sheet.append(["Data centre move", None, None, None, None, None]
                 + [d.strftime("%b") if d.day == 1 or n == 0 else None
                    for n, d in enumerate(dates)])  # fmt: skip
    sheet.append(["WBS", "Task", "Owner", "Start", "End", "Days"]
                 + [d if dated else d.day for d in dates])  # fmt: skip
    for n in range(1, 9):
        start = first + timedelta(days=3 * n)
        marks = ["x" if 3 * n <= i < 3 * n + 5 else None for i in range(days)]
        sheet.append([f"1.{n}", f"Task {n}", "Al", start, start + timedelta(days=4), 5, *marks])
    workbook.save(path)
    return path


@pytest.mark.parametrize("dated", [False, True], ids=["day-numbers", "date-cells"])
def test_a_plan_followed_by_a_hand_drawn_day_grid_is_found(tmp_path: Path, dated: bool) -> None:
    path = _gantt_grid_workbook(tmp_path / "gantt.xlsx", dated=dated)
    sheet = analyse_workbook(path).sheets[0]
    assert (sheet.kind, sheet.header_row, sheet.rows) == ("tasks", 2, 8)  # was: no table
    assert len([c for c in sheet.columns if c.note == "timeline"]) == 140
    result = read_workbook(path)
    assert [t.name for t in result.document.projects[0].tasks][:2] == ["Task 1", "Task 2"]
    grid_notes = [n for n in result.notes if "timeline" in n or "unmapped" in n]
    assert grid_notes == [
        "Sheet 'Tasks': 140 timeline columns (G-EP) are a drawn Gantt chart and are ignored"
    ]


def test_the_most_complete_of_two_copies_of_a_plan_is_imported_with_its_reason(
    tmp_path: Path,
) -> None:
    pasted: list[list[Any]] = [row[:7] for row in routes.task_table_rows()]  # fewer columns
    pasted[3][6] = ""  # and a link lost in the copy
    path = write_xlsx(tmp_path / "plan.xlsx", {"Copy": pasted,
                                                "Task_Table": routes.task_table_rows()})
    analysis = analyse_workbook(path)
    choice = analysis.plan_choice
    assert choice is not None and not choice.uncertain and choice.chosen == "Task_Table"
    assert [s.name for s in analysis.sheets if s.selected and s.kind == "tasks"] == ["Task_Table"]
    result = read_workbook(path)
    note = next(n for n in result.notes if "most complete" in n)
    assert note.startswith("Sheets 'Task_Table', 'Copy' hold the same plan; 'Task_Table' (7 "
                           "tasks, 12 columns, 4 links, 14 dates) is imported as the most "
                           "complete (the others: 'Copy' (7 tasks, 7 columns, 3 links, 14 "
                           "dates))")  # fmt: skip
    assert note.endswith("dates)).")  # how to choose another is the front end's word:
    assert isinstance(note, ChooseSheetNote) and note.others == ("Copy",)
    assert worded_notes([note], sheet_options) == [f'{note} Choose another with --sheet "Copy".']


def test_the_cli_says_how_to_choose_another_plan_sheet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pasted: list[list[Any]] = [row[:7] for row in routes.task_table_rows()]
    path = write_xlsx(tmp_path / "plan.xlsx", {"Copy": pasted,
                                                "Task_Table": routes.task_table_rows()})
    assert main(["import", str(path), "-w", str(tmp_path / "ws.infradesk"), "--dry-run"]) == 0
    (line,) = [line for line in capsys.readouterr().out.splitlines() if "most complete" in line]
    assert line.endswith('dates)). Choose another with --sheet "Copy".')


def _close_plans(tmp_path: Path) -> Path:
    one = [["Task", "Duration", "Start"]] + [[f"Cabling {n}", "1d", DUE] for n in range(10)]
    two = [["Task", "Duration", "Start"]] + [[f"Racks {n}", "1d", DUE] for n in range(9)]
    return write_xlsx(tmp_path / "two.xlsx", {"Building A": one, "Building B": two})


def test_a_close_call_is_refused_with_the_candidates(tmp_path: Path) -> None:
    path = _close_plans(tmp_path)
    choice = analyse_workbook(path).plan_choice
    assert choice is not None and choice.uncertain and choice.chosen == "Building A"
    with pytest.raises(SheetChoiceNeeded) as refused:
        read_workbook(path)
    assert "'Building A' (10 tasks" in str(refused.value)
    assert "'Building B' (9 tasks" in str(refused.value)
    chosen = read_workbook(path, sheet="Building B")
    assert chosen.document.projects[0].tasks[0].name == "Racks 0"


def test_the_cli_refuses_a_close_call_and_names_the_sheet_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _close_plans(tmp_path)
    workspace = tmp_path / "ws.infradesk"
    code = main(["import", str(path), "-w", str(workspace)])
    output = capsys.readouterr()
    text = output.out + output.err
    assert code == EXIT_USAGE and not workspace.exists()
    assert '--sheet "Building A"' in text and '--sheet "Building B"' in text
    assert "Traceback" not in text
    assert main(["import", str(path), "-w", str(workspace), "--sheet", "Building B"]) == 0


def test_sheet_option_keeps_the_plans_resource_and_assignment_sheets(tmp_path: Path) -> None:
    path = routes.write_task_table(tmp_path / "wizard.xlsx")
    result = read_workbook(path, sheet="Task_Table")
    assert result.resources is not None and len(result.resources.resources) == 3
    owners = {t.name: t.owner for t in result.document.projects[0].tasks}
    assert owners["Design"] == "Alice, Bob"


def test_real_workbook_with_six_plans_names_the_most_complete() -> None:
    path = REAL_PLANS / "Tables.xlsx"
    if not path.exists():
        pytest.skip("real sample plans are not available")
    choice = analyse_workbook(path).plan_choice
    assert choice is not None and not choice.uncertain
    assert choice.chosen == "Project Plan w Relays"
    assert [c.sheet for c in choice.candidates][:2] == ["Project Plan w Relays", "Project Plan"]
