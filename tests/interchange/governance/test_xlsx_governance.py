"""Issue 20: action logs and stakeholder registers are common Excel sheets; the importer
recognises them (messy headers, their own words and scales), and the workbook export's
governance sheets read back equal."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl

from infradesk.interchange import document as d
from infradesk.interchange.excel import analyse_workbook, read_workbook
from infradesk.interchange.json_document import document_from_json
from infradesk.interchange.xlsx_export import write_workbook
from infradesk.services.documents.io import export_document, import_document
from infradesk.store.workspace import Workspace
from tests.interchange.excel.conftest import write_xlsx
from tests.services.documents.test_governance_io import PROJECT

DUE = datetime(2026, 3, 14)
ACTION_LOG = [
    ["Action #", "Action Item", "Owner", "Date Raised", "Due date", "Status", "Meeting",
     "Comments"],
    [1, "Order racks", "Alice", datetime(2026, 3, 2), DUE, "Open", "Steering committee", ""],
    [2, "Call the ISP", "Bob", "03/03/2026", DUE, "Complete", "M-002", "called twice"],
    [3, "Book the war room", "Alice", datetime(2026, 3, 3), DUE, "WIP", "", ""],
    [4, "Renew the certificate", "Carol", datetime(2026, 3, 4), DUE, "Parked", "Kick-off", ""],
]  # fmt: skip
MEETINGS = [
    ["Meeting ID", "Meeting", "Type", "Date", "Chair", "Attendees", "Minutes"],
    ["M-001", "Steering committee", "SteerCo", datetime(2026, 3, 2), "Dana", "Dana, Alice", "ok"],
    ["M-002", "Weekly status", "Weekly", datetime(2026, 3, 3), "Alice", "Alice, Bob", ""],
]  # fmt: skip
REGISTER = [
    ["Stakeholder Register — Data centre move"],
    [],
    ["Ref", "Stakeholder Name", "Role / Title", "Organization", "Influence (1-10)",
     "Interest (1-10)", "Support", "Communication needs", "E-mail"],
    ["S1", "Catherine Dubois", "CIO", "Group IT", 9, 7, "Supportive", "Go / no-go", "c@x.com"],
    ["S2", "Daniel Fischer", "Finance controller", "Finance", 8, 3, "Resistant", "Budget",
     "d@x.com"],
    ["S3", "Maria Santos", "Service desk manager", "Group IT", 2, 10, "Neutral", "", ""],
]  # fmt: skip


def _sheet(path: Path, name: str) -> Any:
    return next(sheet for sheet in analyse_workbook(path).sheets if sheet.name == name)


def test_an_action_log_with_messy_headers_is_read(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "actions.xlsx", {"Action Log": ACTION_LOG, "Meetings": MEETINGS})
    sheet = _sheet(path, "Action Log")
    assert (sheet.kind, sheet.reason) == ("actions", "an action log")
    assert sheet.mapping() == {"A": "code", "B": "title", "C": "owner", "D": "raised",
                               "E": "due", "F": "status", "G": "meeting", "H": "notes"}  # fmt: skip
    result = read_workbook(path)
    assert not result.errors, result.errors
    project = result.document.projects[0]
    actions = {a.code: a for a in project.actions}
    assert list(actions) == ["AC-001", "AC-002", "AC-003", "AC-004"]
    first = actions["AC-001"]
    assert (first.title, first.owner, first.raised, first.due) == (
        "Order racks", "Alice", date(2026, 3, 2), date(2026, 3, 14),
    )  # fmt: skip
    assert [a.status for a in actions.values()] == ["open", "done", "in progress", None]
    # a meeting named by its title becomes its code; a code stays; unknown text is kept
    assert [a.meeting for a in actions.values()] == ["M-001", "M-002", None, None]
    assert [m.kind for m in project.meetings] == ["steering", "status"]
    assert "Status: Parked" in (actions["AC-004"].notes or "")
    assert "Meeting: Kick-off" in (actions["AC-004"].notes or "")
    warnings = {(p.sheet, p.row, p.column): p.message for p in result.problems}
    assert "is not one of" in warnings[("Action Log", 5, "F")]
    assert (
        "meeting 'Kick-off' is not one of the workbook's meetings"
        in warnings[("Action Log", 5, "G")]
    )


def test_the_action_lists_of_issue_16_are_now_action_logs(tmp_path: Path) -> None:
    plain = [["Action", "Owner", "Due", "Status"], ["Order racks", "Alice", DUE, "Open"]]
    raid = [["#", "Description", "Action Owner", "Target Date", "Status", "Comments"],
            [1, "Order racks", "Alice", DUE, "Open", "late"]]  # fmt: skip
    path = write_xlsx(tmp_path / "lists.xlsx", {"Sheet1": plain, "RAID - Actions": raid})
    kinds = {sheet.name: sheet.kind for sheet in analyse_workbook(path).sheets}
    assert kinds == {"Sheet1": "actions", "RAID - Actions": "actions"}
    project = read_workbook(path).document.projects[0]
    assert [(a.title, a.owner, a.due) for a in project.actions] == [
        ("Order racks", "Alice", date(2026, 3, 14)),
        ("Order racks", "Alice", date(2026, 3, 14)),
    ]
    assert project.risks == () and project.tasks == ()


def test_a_stakeholder_register_on_a_1_to_10_scale(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "register.xlsx", {"Stakeholders": REGISTER})
    sheet = _sheet(path, "Stakeholders")
    assert sheet.kind == "stakeholders" and sheet.header_row == 3
    result = read_workbook(path)
    assert not result.errors, result.errors
    people = result.document.projects[0].stakeholders
    assert [(s.code, s.name, s.role, s.organisation) for s in people] == [
        ("S1", "Catherine Dubois", "CIO", "Group IT"),
        ("S2", "Daniel Fischer", "Finance controller", "Finance"),
        ("S3", "Maria Santos", "Service desk manager", "Group IT"),
    ]
    # 1-10 halved up: 9 -> 5, 7 -> 4, 8 -> 4, 3 -> 2, 2 -> 1, 10 -> 5
    assert [(s.power, s.interest) for s in people] == [(5, 4), (4, 2), (1, 5)]
    assert [s.attitude for s in people] == ["supporter", "critic", "neutral"]
    assert people[0].needs == "Go / no-go" and people[0].contact == "c@x.com"


def test_a_register_in_words_without_its_name_on_the_sheet(tmp_path: Path) -> None:
    rows = [["Name", "Position", "Company", "Power", "Interest", "Attitude", "Email"],
            ["Sanne de Vries", "Account manager", "Equinor Colo", "Medium", "High",
             "Champion", "s@x"],
            ["Jonas Keller", "Account manager", "NetSource", "L", "Very high", "hostile",
             "j@x"],
            ["Erik Lund", "Carrier contact", "NordLink", "", "low", "unsure", "e@x"]]  # fmt: skip
    path = write_xlsx(tmp_path / "people.xlsx", {"Sheet1": rows})
    assert _sheet(path, "Sheet1").kind == "stakeholders"  # not a team roster: power/interest
    result = read_workbook(path)
    people = result.document.projects[0].stakeholders
    assert [(s.power, s.interest, s.attitude) for s in people] == [
        (3, 4, "champion"), (2, 5, "blocker"), (3, 2, None),
    ]  # fmt: skip
    assert [s.code for s in people] == ["SH-001", "SH-002", "SH-003"]
    messages = {(p.row, p.column): p.message for p in result.problems}
    assert "attitude 'unsure' is not one of" in messages[(4, "F")]
    assert "without power: placed at 3" in messages[(None, "D")]


def test_a_bad_power_is_an_error_naming_sheet_row_and_column(tmp_path: Path) -> None:
    rows = [["Stakeholder", "Power", "Interest"], ["Ann", "a lot", 3], ["Bob", 4, 2]]
    path = write_xlsx(tmp_path / "bad.xlsx", {"Stakeholder map": rows})
    result = read_workbook(path)
    (error,) = result.errors
    assert (error.sheet, error.row, error.column) == ("Stakeholder map", 2, "B")
    assert "'a lot' is not a level" in error.message


def test_the_existing_raid_sheets_are_not_taken_for_governance_logs(tmp_path: Path) -> None:
    risks = [["Risk ID", "Risk", "Probability", "Impact", "Mitigation Actions", "Action Owner"],
             ["R1", "Late racks", 4, 3, "Order early", "Alice"]]  # fmt: skip
    issues = [
        ["Issue", "Owner", "Due", "Status", "Action"],
        ["Racks late", "Bob", DUE, "Open", "x"],
    ]
    roster = [["Name", "Role", "Email", "Phone"], ["Alice", "PM", "a@x", "+49 1"]]
    path = write_xlsx(tmp_path / "raid.xlsx", {
        "Risks & Actions": risks, "Issue log": issues, "Team": roster,
    })  # fmt: skip
    kinds = {sheet.name: sheet.kind for sheet in analyse_workbook(path).sheets}
    assert kinds == {"Risks & Actions": "risks", "Issue log": "issues", "Team": None}


def _values(record: Any) -> dict[str, Any]:
    return {
        f.name: getattr(record, f.name) for f in dataclasses.fields(record) if f.name != "given"
    }


def test_the_exported_governance_sheets_read_back_equal(
    workspace: Workspace, tmp_path: Path
) -> None:
    document = {"format": "infradesk", "version": 1, "projects": [PROJECT]}
    with workspace.session() as session:
        import_document(session, document)
    with workspace.read_session() as session:
        exported = document_from_json(export_document(session, computed=False))
    path = tmp_path / "export.xlsx"
    write_workbook(exported, path)
    names = openpyxl.load_workbook(path, read_only=True).sheetnames
    for sheet in ("Actions", "Meetings", "Stakeholders", "Communication plan", "Handover"):
        assert sheet in names
    result = read_workbook(path)
    assert not result.errors, result.errors
    back, original = result.document.projects[0], exported.projects[0]
    for key in ("meetings", "actions", "stakeholders", "communication_plan", "handover"):
        assert [_values(r) for r in getattr(back, key)] == [
            _values(r) for r in getattr(original, key)
        ], key
    change, sent = back.change_requests[0], original.change_requests[0]
    for key in ("itil_class", "cab_required", "cab_date", "cab_outcome", "window_start",
                "window_finish", "services", "implementer", "implementation_plan",
                "backout_plan", "test_plan", "risk_analysis"):  # fmt: skip
        assert getattr(change, key) == getattr(sent, key), key
    decision = back.decisions[1]
    assert (decision.needed_by, decision.decided_by) == (date(2026, 3, 20), "Catherine Dubois")
    assert back.decisions[0].meeting == "M-001"


def test_a_read_action_log_imports_into_the_workspace(workspace: Workspace, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "actions.xlsx", {"Action Log": ACTION_LOG, "Meetings": MEETINGS})
    result = read_workbook(path)
    with workspace.session() as session:
        import_document(session, result.document)
    with workspace.read_session() as session:
        project = export_document(session, computed=False)["projects"][0]
    assert [(a["code"], a.get("meeting"), a["status"]) for a in project["actions"]] == [
        ("AC-001", "M-001", "open"), ("AC-002", "M-002", "done"),
        ("AC-003", None, "in progress"), ("AC-004", None, "open"),
    ]  # fmt: skip


def test_document_types_carry_the_governance_lists() -> None:
    project = d.Project(actions=(d.ActionItem(code="AC-001", title="x"),))
    assert project.actions[0].title == "x" and d.Document().change_windows == ()
