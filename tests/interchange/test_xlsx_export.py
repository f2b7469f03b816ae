"""Excel export: real dates, MS Project notation, styled sheets, no formula injection, and
importing the export gives back the same project."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import python_calamine

from infradesk.interchange.document import Link
from infradesk.interchange.excel import read_workbook
from infradesk.interchange.json_document import document_to_json
from infradesk.interchange.xlsx_export import predecessor_text, write_workbook


def _document() -> dict[str, Any]:
    tasks = [
        {"id": 1, "name": "Data-center move", "parent": None, "duration_minutes": 0},
        {"id": 2, "name": "Order racks", "parent": 1, "duration_minutes": 2400,
         "start": "2026-01-05T08:00", "finish": "2026-01-09T17:00", "percent_complete": 40,
         "owner": "Ann", "notes": "=HYPERLINK(\"http://evil\")", "external_ref": "UID-7",
         "start_no_earlier_than": "2026-01-05T08:00", "predecessors": []},
        {"id": 3, "name": "+Install racks", "parent": 1, "duration_minutes": 1440,
         "start": "2026-01-12T08:00", "finish": "2026-01-14T17:00", "owner": "-Bob",
         "deadline": "2026-01-16T17:00", "production_change": True,
         "predecessors": [{"task": 2, "type": "FS", "lag": "1d", "lag_minutes": 480}]},
        {"id": 4, "name": "Cable", "parent": 1, "duration_minutes": 720,
         "start": "2026-01-12T08:00", "finish": "2026-01-13T12:00", "owner": "@team",
         "predecessors": [{"task": 3, "type": "SS", "lag_minutes": 240},
                          {"task": 2, "type": "FF", "lag_minutes": -480}]},
        {"id": 5, "name": "Cutover", "parent": None, "duration_minutes": 0, "milestone": True,
         "start": "2026-01-16T17:00", "finish": "2026-01-16T17:00",
         "predecessors": [{"task": 4, "type": "SF", "lag_minutes": 0}]},
    ]  # fmt: skip
    project = {
        "name": "Move",
        "start": "2026-01-05T08:00",
        "tasks": tasks,
        "risks": [
            {"code": "R-001", "title": "Racks late", "category": "vendor", "owner": "Ann",
             "probability": 4, "impact": 3, "response": "mitigate", "mitigation": "Order early",
             "status": "identified", "raised": "2026-01-02", "cause": "Backlog",
             "effect": "Delay", "cost_impact": "15000.00", "schedule_impact_days": 5,
             "description": "=1+1"},
        ],
        "issues": [{"code": "I-001", "title": "Door too narrow", "priority": "high",
                    "status": "open", "raised": "2026-01-03", "due": "2026-01-10"}],
        "change_requests": [{"code": "CR-001", "title": "Add UPS", "type": "scope",
                             "status": "submitted", "cost_impact": "1200.50",
                             "requested": "2026-01-04"}],
        "vendors": [
            {"name": "Acme Racks", "category": "hardware", "notes": "Preferred",
             "contracts": [{"number": "C-17", "title": "Racks", "value": "98765.43",
                            "currency": "EUR", "start": "2026-01-01", "end": "2027-12-31",
                            "notice_days": 90, "status": "active"}],
             "deliverables": [{"description": "42U racks", "quantity": 6,
                               "promised": "2026-01-09", "actual": None,
                               "status": "ordered", "task": 3}]},
        ],
    }  # fmt: skip
    return {"format": "infradesk", "version": 1, "projects": [project]}


def test_predecessor_notation() -> None:
    links = [Link(3, "FS", 0), Link(4, "SS"), Link(5, "FS", 960), Link(6, "FF", -240)]
    assert predecessor_text(links, 480) == "3,4SS,5FS+2d,6FF-4h"


def test_sheets_styles_and_real_dates(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    write_workbook(_document(), path)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == [
        "Tasks", "Risks", "Issues", "Changes", "Vendors", "Contracts", "Deliveries", "Project",
        "Calendar",
    ]  # fmt: skip
    sheet = workbook["Tasks"]
    header = [cell.value for cell in sheet[1]]
    assert header[:9] == ["ID", "Outline Level", "WBS", "Name", "Duration", "Start", "Finish",
                          "% Complete", "Predecessors"]  # fmt: skip
    assert sheet["A1"].font.bold and sheet["A1"].fill.start_color.rgb.endswith("1F4E78")
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:W6"
    assert sheet.column_dimensions["D"].width >= len("Data-center move")
    start = sheet["F3"]
    assert start.is_date and start.value.isoformat() == "2026-01-05T08:00:00"
    assert start.number_format == "yyyy-mm-dd hh:mm"
    assert [sheet.cell(row=r, column=2).value for r in range(2, 7)] == [1, 2, 2, 2, 1]
    assert sheet["I5"].value == "3SS+4h,2FF-1d"
    contract = workbook["Contracts"]
    assert contract["D2"].value == 98765.43 and contract["D2"].number_format == "#,##0.00"


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    write_workbook(_document(), path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Tasks"]
    notes = sheet["W3"]
    assert notes.value == '=HYPERLINK("http://evil")'
    assert notes.data_type == "s" and notes.quotePrefix
    for cell in (sheet["D4"], sheet["J4"], sheet["J5"], workbook["Risks"]["T2"]):
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
    # no formula anywhere in the file
    from zipfile import ZipFile

    with ZipFile(path) as archive:
        assert not any(b"<f>" in archive.read(n) for n in archive.namelist() if n.endswith(".xml"))
    values = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Tasks")
    assert values.to_python()[3][3] == "+Install racks"


def test_importing_the_export_gives_back_the_same_project(tmp_path: Path) -> None:
    original = _document()
    path = tmp_path / "export.xlsx"
    write_workbook(original, path)
    result = read_workbook(path)
    assert not result.errors, [str(p) for p in result.errors]
    project = document_to_json(result.document)["projects"][0]
    keys = ("id", "name", "parent", "duration_minutes", "start", "finish", "owner", "notes",
            "deadline", "start_no_earlier_than", "production_change", "external_ref")  # fmt: skip
    for before, after in zip(original["projects"][0]["tasks"], project["tasks"], strict=True):
        for key in keys:
            if key in before:
                assert after.get(key) == before[key], (before["id"], key)
        links = [(link["task"], link["type"], link.get("lag_minutes", 0))
                 for link in before.get("predecessors") or []]  # fmt: skip
        assert [(link["task"], link["type"], link["lag_minutes"])
                for link in after["predecessors"]] == links  # fmt: skip
        assert after.get("percent_complete", 0) == before.get("percent_complete", 0)
    assert project["tasks"][4]["milestone"] is True
    risk = project["risks"][0]
    for key, value in original["projects"][0]["risks"][0].items():
        assert risk[key] == value, key
    assert project["issues"][0]["title"] == "Door too narrow"
    assert project["issues"][0]["due"] == "2026-01-10"
    assert project["change_requests"][0]["cost_impact"] == "1200.50"
    (vendor,) = project["vendors"]
    assert vendor["name"] == "Acme Racks" and vendor["notes"] == "Preferred"
    contract = original["projects"][0]["vendors"][0]["contracts"][0]
    assert {key: vendor["contracts"][0][key] for key in contract} == contract
    delivery = vendor["deliverables"][0]
    assert (delivery["description"], delivery["quantity"], delivery["task"]) == ("42U racks", 6, 3)


def test_round_trip_of_the_demo_project_through_the_workspace(
    tmp_path: Path, demo_workspace
) -> None:  # type: ignore[no-untyped-def]
    from infradesk.services.documents.io import export_document, import_document

    with demo_workspace.session() as session:
        exported = export_document(session, computed=False)
    path = tmp_path / "demo.xlsx"
    write_workbook(exported, path)
    result = read_workbook(path)
    assert not result.errors, [str(p) for p in result.errors][:5]
    with demo_workspace.session() as session:
        import_document(session, result.document, project_name="Round trip")
    with demo_workspace.session() as session:
        again = export_document(session, ["Round trip"], computed=False)["projects"][0]
    before = exported["projects"][0]

    def shape(project: dict) -> list[tuple]:
        return [
            (t["wbs"], t["name"], t["duration_minutes"], t.get("milestone"), t.get("owner"),
             t.get("start"), t.get("finish"),
             sorted((link["type"], link.get("lag_minutes")) for link in t.get("predecessors", [])))
            for t in project["tasks"]
        ]  # fmt: skip

    assert shape(again) == shape(before)
    assert len(again["risks"]) == len(before["risks"])
    assert [v["name"] for v in again["vendors"]] == [v["name"] for v in before["vendors"]]
    assert sum(len(v["contracts"]) for v in again["vendors"]) == sum(
        len(v["contracts"]) for v in before["vendors"]
    )
