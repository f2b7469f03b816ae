"""Workbooks in the layouts PMs really use, built here with openpyxl, read end to end."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment

from infradesk.interchange.excel import analyse_workbook, build_document, read_workbook
from infradesk.interchange.json_document import document_to_json


def tasks_of(path: Path, **options: object) -> list[dict]:
    return document_to_json(read_workbook(path, **options).document)["projects"][0]["tasks"]  # type: ignore[arg-type]


def by_name(tasks: list[dict]) -> dict[str, dict]:
    return {t["name"]: t for t in tasks}


MSP_HEADER = ["ID", "Task_Name", "Duration", "Start", "Finish", "Predecessors", "Outline_Level",
              "Resource_Names", "% Complete", "Notes"]  # fmt: skip


def test_ms_project_export(make_xlsx: Callable[..., Path]) -> None:
    rows = [
        MSP_HEADER,
        [1, "Migration", "12 days", "Mon 2/17/25", "Tue 3/4/25", "", 1, "", "25%", ""],
        [2, "Order hardware", "5 days", "Mon 2/17/25", "Fri 2/21/25", "", 2, "Ann", "100%", ""],
        [3, "Rack servers", "1.5 wks", "Mon 2/24/25", "Tue 3/4/25", "2FS+1d", 2, "Bob", "0%", ""],
        [4, "Go-live", "0 days", "Tue 3/4/25", "Tue 3/4/25", "3", 1, "", "0%", "=cmd"],
    ]
    result = read_workbook(make_xlsx({"Task_Table1": rows}))
    tasks = by_name(document_to_json(result.document)["projects"][0]["tasks"])
    assert tasks["Order hardware"]["parent"] == 1 and tasks["Go-live"]["parent"] is None
    assert tasks["Rack servers"]["duration_minutes"] == 3600
    assert tasks["Rack servers"]["predecessors"] == [
        {"task": 2, "type": "FS", "lag": "1d", "lag_minutes": 480}
    ]
    assert tasks["Rack servers"]["start"] == "2025-02-24T08:00"
    assert tasks["Rack servers"]["start_no_earlier_than"] == "2025-02-24T08:00"
    assert tasks["Go-live"]["milestone"] is True
    assert tasks["Order hardware"]["percent_complete"] == 100
    assert tasks["Migration"]["wbs"] == "1" and tasks["Rack servers"]["wbs"] == "1.2"
    assert any("month/day/year" in note for note in result.notes)
    assert not result.errors


def test_ganttproject_export_with_outline_numbers(make_xlsx: Callable[..., Path]) -> None:
    header = ["ID", "Name", "Begin date", "End date", "Duration", "Completion", "Coordinator",
              "Predecessors", "Outline number", "Resources", "Web Link"]  # fmt: skip
    rows = [
        header,
        [10, "Design", date(2025, 3, 3), date(2025, 3, 14), 10, 50, "Eve", "", "1", "", ""],
        [11, "Draft", date(2025, 3, 3), date(2025, 3, 7), 5, 100, "Eve", "", "1.1", "", ""],
        [12, "Review", date(2025, 3, 10), date(2025, 3, 14), 5, 0, "Dan", "11", "1.2", "", ""],
        [13, "Build", date(2025, 3, 17), date(2025, 3, 28), 10, 0, "Dan", "1.2", "2", "", ""],
    ]
    result = read_workbook(make_xlsx({"Tasks": rows}))
    tasks = by_name(document_to_json(result.document)["projects"][0]["tasks"])
    assert tasks["Draft"]["parent"] == 10 and tasks["Review"]["parent"] == 10
    assert tasks["Build"]["parent"] is None
    assert tasks["Review"]["predecessors"][0]["task"] == 11  # by ID
    assert tasks["Build"]["predecessors"][0]["task"] == 12  # by WBS code
    assert tasks["Design"]["percent_complete"] == 50
    assert any("'Web Link'" in note and "unmapped" in note for note in result.notes)


def test_template_with_title_block_kpis_totals_and_a_second_table(
    make_xlsx: Callable[..., Path],
) -> None:
    rows = [
        ["PROJECT PLAN — DATA CENTER MOVE"],
        [],
        ["Document control", "", "Version", 3, "Owner", "PMO"],
        ["Tasks", 5, "Done", 2],
        [],
        ["Task", "Owner", "Status", "Dependencies", "Start Date", "End Date", "Days"],
        ["Survey", "Ann", "Done", "", "03.02.2025", "07.02.2025", 5],
        ["Design", "Bob", "Open", "1", "10.02.2025", "21.02.2025", 10],
        [],
        ["Build", "Bob", "Open", "2", "24.02.2025", "28.02.2025", 5],
        ["Total", "", "", "", "", "", 20],
        [],
        [],
        ["Risk", "Owner", "Probability"],
        ["Vendor late", "Ann", "High"],
    ]
    path = make_xlsx({"Plan": rows}, origin="B2")
    workbook = openpyxl.load_workbook(path)
    workbook["Plan"].merge_cells("B2:H2")
    workbook.save(path)
    result = read_workbook(path)
    tasks = document_to_json(result.document)["projects"][0]["tasks"]
    assert [t["name"] for t in tasks] == ["Survey", "Design", "Build"]
    assert tasks[0]["start"] == "2025-02-03T08:00" and tasks[0]["finish"] == "2025-02-07T17:00"
    assert tasks[2]["predecessors"][0]["task"] == tasks[1]["id"]  # "2" = second task row
    assert tasks[1]["duration_minutes"] == 4800
    assert any("header at row 7" in note for note in result.notes)
    assert any("totals row" in note for note in result.notes)


def test_table_starting_at_column_t_with_two_level_headers_and_line_breaks(
    make_xlsx: Callable[..., Path],
) -> None:
    rows = [
        ["", "", "Planned", "", "Actual", ""],
        ["WBS", "Task\nname", "Start", "Finish", "Start", "Finish"],
        ["1", "Cutover", "2025-04-05", "2025-04-06", "2025-04-05", ""],
        ["1.1", "Freeze", "2025-04-05", "2025-04-05", "", ""],
    ]
    path = make_xlsx({"Cutover plan": rows}, origin="T4")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["Cutover plan"]
    sheet.merge_cells("V4:W4")
    sheet.merge_cells("X4:Y4")
    workbook.save(path)
    analysis = analyse_workbook(path)
    sheet_analysis = analysis.sheet("Cutover plan")
    assert sheet_analysis.header_row == 5
    mapping = sheet_analysis.mapping()
    assert mapping == {
        "T": "wbs",
        "U": "name",
        "V": "start",
        "W": "finish",
        "X": "actual_start",  # the "Actual" group's columns are progress (issue 15)
        "Y": "actual_finish",
    }
    headers = [c.header for c in sheet_analysis.columns]
    assert headers[:4] == ["WBS", "Task name", "Planned Start", "Planned Finish"]
    result = build_document(analysis)
    tasks = document_to_json(result.document)["projects"][0]["tasks"]
    assert tasks[1]["parent"] == tasks[0]["id"]
    assert tasks[0]["actual_start"] == "2025-04-05T08:00" and tasks[0]["actual_finish"] is None


def test_german_french_spanish_portuguese_headers(make_xlsx: Callable[..., Path]) -> None:
    headers = {
        "de": ["Nr.", "Vorgangsname", "Dauer", "Anfang", "Ende", "Vorgänger", "Ressourcennamen"],
        "fr": ["N°", "Nom de la tâche", "Durée", "Début", "Fin", "Prédécesseurs",
               "Noms des ressources"],
        "es": ["Id", "Nombre de tarea", "Duración", "Comienzo", "Fin", "Predecesoras", "Recursos"],
        "pt": ["ID", "Nome da tarefa", "Duração", "Início", "Término", "Predecessoras", "Recursos"],
    }  # fmt: skip
    for language, header in headers.items():
        rows = [
            header,
            [1, "A", "2 Tage" if language == "de" else "2", "03/02/2025", "04/02/2025", "", "X"],
            [2, "B", "3", "05/02/2025", "07/02/2025", "1", "Y"],
        ]
        result = read_workbook(make_xlsx({"Plan": rows}, name=f"{language}.xlsx"))
        tasks = document_to_json(result.document)["projects"][0]["tasks"]
        mapping = result.notes[1]
        for field in ("name", "duration", "start", "finish", "predecessors", "owner"):
            assert f"-> {field}" in mapping, (language, field, mapping)
        assert tasks[1]["predecessors"][0]["task"] == 1
        assert tasks[0]["owner"] == "X"


def test_wbs_float_artefact_and_date_mangled_wbs(make_xlsx: Callable[..., Path]) -> None:
    rows = [
        ["WBS", "Name", "Duration"],
        [1, "Phase", "10d"],
        [1.1000000000000001, "Step one", "2d"],
        [datetime(2003, 2, 1), "Sub step", "1d"],  # "1.2.3" after German Excel made a date of it
        [1.2, "Step two", "3d"],
        [2, "Phase two", "1d"],
    ]
    result = read_workbook(make_xlsx({"WBS": rows}))
    tasks = document_to_json(result.document)["projects"][0]["tasks"]
    assert [t["wbs"] for t in tasks] == ["1", "1.1", "1.2.3", "1.2", "2"]
    parents = {t["name"]: t["parent"] for t in tasks}
    ids = {t["name"]: t["id"] for t in tasks}
    assert parents["Step one"] == ids["Phase"]
    assert parents["Sub step"] == ids["Step one"]
    assert parents["Step two"] == ids["Phase"]
    assert any("turned into a date" in str(p) for p in result.warnings)


def test_tenth_child_lost_to_a_float_is_restored(make_xlsx: Callable[..., Path]) -> None:
    rows = [["WBS", "Name", "Duration"], [1, "Root", "1d"]]
    rows += [[float(f"1.{n}"), f"Child {n}", "1d"] for n in range(1, 10)]
    rows += [[1.1, "Child 10", "1d"]]  # "1.10" typed, stored as the number 1.1
    tasks = tasks_of(make_xlsx({"Plan": rows}))
    assert tasks[-1]["wbs"] == "1.10" and tasks[-1]["parent"] == 1 * tasks[0]["id"]


def test_hierarchy_from_cell_indentation(make_xlsx: Callable[..., Path]) -> None:
    rows = [["Task", "Start", "Finish"], ["Phase", "", ""],
            ["Child", "2025-01-06", "2025-01-07"], ["Grandchild", "2025-01-06", "2025-01-06"],
            ["Phase 2", "", ""]]  # fmt: skip
    path = make_xlsx({"Plan": rows})
    workbook = openpyxl.load_workbook(path)
    workbook["Plan"]["A3"].alignment = Alignment(indent=1)
    workbook["Plan"]["A4"].alignment = Alignment(indent=2)
    workbook.save(path)
    result = read_workbook(path)
    tasks = document_to_json(result.document)["projects"][0]["tasks"]
    assert [t["wbs"] for t in tasks] == ["1", "1.1", "1.1.1", "2"]
    assert any("cell indentation" in note for note in result.notes)


def test_hierarchy_from_leading_spaces(make_xlsx: Callable[..., Path]) -> None:
    rows = [["Task", "Duration"], ["Phase", 3], ["   Child", 1], ["      Grandchild", 1],
            ["   Child 2", 2], ["Phase 2", 1]]  # fmt: skip
    tasks = tasks_of(make_xlsx({"Plan": rows}))
    assert [t["wbs"] for t in tasks] == ["1", "1.1", "1.1.1", "1.2", "2"]
    assert tasks[2]["name"] == "Grandchild"


def test_a_duration_column_counting_weeks_is_recognised(make_xlsx: Callable[..., Path]) -> None:
    rows = [["Task", "Duration", "Start Date", "End Date"],
            ["A", 2, date(2025, 1, 6), date(2025, 1, 17)],
            ["B", 1, date(2025, 1, 20), date(2025, 1, 24)],
            ["C", 3, date(2025, 1, 27), date(2025, 2, 14)],
            ["D", 4, date(2025, 2, 17), date(2025, 3, 14)]]  # fmt: skip
    result = read_workbook(make_xlsx({"Plan": rows}))
    tasks = document_to_json(result.document)["projects"][0]["tasks"]
    assert [t["duration"] for t in tasks] == ["10d", "5d", "15d", "20d"]
    assert any("read as weeks" in note for note in result.notes)


def test_problems_are_located_by_sheet_and_cell(make_xlsx: Callable[..., Path]) -> None:
    rows = [["ID", "Task", "Start", "Duration", "Predecessors"],
            [1, "A", "17/02/2025", "2d", ""],
            [2, "B", "31/02/2025", "two days", "1, 9"],
            [3, "C", "18/02/2025", "1d", "2SS"]]  # fmt: skip
    result = read_workbook(make_xlsx({"Tasks": rows}))
    messages = [str(p) for p in result.errors]
    assert "Tasks!C3: '31/02/2025' is not a date" in messages
    assert "Tasks!D3: 'two days' is not a duration (try 5d, 2w, 6h)" in messages
    assert "Tasks!E3: predecessor '9' does not match any task ID or WBS in this sheet" in messages


def test_an_ambiguous_date_column_is_reported(make_xlsx: Callable[..., Path]) -> None:
    rows = [["Task", "Start", "Finish"], ["A", "03/04/2025", "05/04/2025"],
            ["B", "06/04/2025", "07/04/2025"]]  # fmt: skip
    result = read_workbook(make_xlsx({"Plan": rows}))
    assert any(
        p.location == "Plan!column B" and "could be day/month or month/day" in p.message
        for p in result.warnings
    )


def test_formula_cells_use_their_cached_values(tmp_path: Path) -> None:
    path = tmp_path / "formulas.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    sheet.append(["Task", "Start", "Duration"])
    sheet.append(["A", "2025-02-03", 5])
    sheet["C2"] = "=2+3"
    workbook.save(path)
    # put a cached value on the formula, as Excel does when it saves
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    assert "<f>2+3</f><v></v>" in xml or "<f>2+3</f><v />" in xml
    xml = xml.replace("<f>2+3</f><v></v>", "<f>2+3</f><v>5</v>").replace(
        "<f>2+3</f><v />", "<f>2+3</f><v>5</v>"
    )
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    tasks = tasks_of(path)
    assert tasks[0]["duration_minutes"] == 5 * 480


def test_sheet_kinds_and_ignored_sheets(make_xlsx: Callable[..., Path]) -> None:
    sheets = {
        "Dashboard": [["Status", "Green"], ["Tasks", 5], ["Open", 2]],
        "RACI": [["Step", "PM", "Lead"], ["Plan", "A", "R"], ["Build", "C", "A"]],
        "Plan": [["Task", "Duration"], ["A", "1d"], ["B", "2d"]],
        "Risk Register": [
            ["Risk ID", "Risk", "Likelihood", "Impact", "Owner", "Mitigation", "Raised"],
            ["R1", "Vendor late", "H", "Major", "Ann", "Order early", "05/02/25"],
            [7, "Power outage", "20%", 5, "Bob", "UPS", "21/02/25"],
            ["", "No rating", "", "", "", "", ""],
        ],
        "Issues": [["Issue ID", "Issue Description", "Owner", "Status", "Date Raised"],
                   ["I-1", "Switch broken", "Ann", "Open", "2025-02-01"]],
        "Decisions": [["ID", "Decision", "Decided By", "Date"],
                      [1, "Use vendor X", "Board", "2025-01-10"]],
        "Assumptions": [["ID", "Assumption", "Owner"], [1, "Power is available", "Ann"]],
        "Dependencies": [["Dep ID", "Dependency", "External Party", "Required By"],
                         ["D1", "Fibre link", "Carrier", "2025-03-01"]],
        "Vendors": [["Vendor", "Category", "Contact"], ["Acme", "hardware", "ann@acme.test"]],
        "Contracts": [["Vendor", "Contract No", "Title", "Value", "Currency", "End",
                       "Notice period"],
                      ["Acme", "C-1", "Servers", "€ 12.345,50", "EUR", "2026-12-31", "90 days"]],
        "Deliveries": [["Vendor", "Item", "Qty", "Promised", "Delivered", "Status", "Task"],
                       ["Acme", "Rack", 2, "2025-02-10", "", "ordered", "B"]],
    }  # fmt: skip
    result = read_workbook(make_xlsx(sheets))
    project = document_to_json(result.document)["projects"][0]
    assert any(n == "Sheet 'Dashboard' ignored: it is a dashboard" for n in result.notes)
    assert any(n == "Sheet 'RACI' ignored: it is a RACI matrix" for n in result.notes)
    assert [t["name"] for t in project["tasks"]] == ["A", "B"]
    risks = project["risks"]
    assert [(r["code"], r["probability"], r["impact"]) for r in risks] == [
        ("R1", 4, 4), ("R-007", 2, 5), ("R-003", 0, 0)  # no rating: not scored (issue 17)
    ]  # fmt: skip
    assert risks[0]["raised"] == "2025-02-05" and risks[0]["mitigation"] == "Order early"
    assert project["issues"][0]["title"] == "Switch broken"
    assert project["issues"][0]["status"] == "open"
    assert project["decisions"][0]["decided_by"] == "Board"
    assert project["assumptions"][0]["statement"] == "Power is available"
    assert project["decisions"][0]["decision"] == "Use vendor X"
    assert project["dependencies_external"][0]["external_party"] == "Carrier"
    (acme,) = project["vendors"]
    assert acme["category"] == "hardware"
    assert acme["contracts"][0]["value"] == "12345.50"
    assert acme["contracts"][0]["notice_days"] == 90
    task_b = next(t for t in project["tasks"] if t["name"] == "B")
    assert acme["deliverables"][0]["task"] == task_b["id"]


def test_mapping_overrides_change_a_column(make_xlsx: Callable[..., Path]) -> None:
    rows = [["Task", "Estimate", "Who"], ["A", "3", "Ann"], ["B", "4", "Bob"]]
    path = make_xlsx({"Plan": rows})
    analysis = analyse_workbook(path)
    sheet = analysis.sheet("Plan")
    assert sheet.kind == "tasks" and sheet.mapping()["B"] == "duration"
    assert sheet.columns[1].samples == ["3", "4"]
    result = build_document(analysis, {"Plan": {"B": None, "Who": "notes"}})
    tasks = document_to_json(result.document)["projects"][0]["tasks"]
    assert tasks[0]["notes"] == "Ann" and tasks[0]["duration_minutes"] == 480
    overridden = read_workbook(path, mapping_overrides={"Plan": {"Who": None}})
    given = overridden.document.projects[0].tasks[0].given
    assert given is not None and "owner" not in given  # an update leaves the owner alone


def test_only_one_sheet_when_asked(make_xlsx: Callable[..., Path]) -> None:
    sheets = {"Big": [["Task", "Duration"]] + [[f"T{i}", "1d"] for i in range(5)],
              "Small": [["Task", "Duration"], ["S", "2d"]]}  # fmt: skip
    path = make_xlsx(sheets)
    result = read_workbook(path)
    assert len(document_to_json(result.document)["projects"][0]["tasks"]) == 5
    # the core names the other sheet; the CLI and the wizard word how to choose it
    assert any(getattr(note, "others", ()) == ("Small",) for note in result.notes)
    assert not any("--sheet" in note for note in result.notes)
    only = read_workbook(path, sheet="Small")
    assert [t["name"] for t in document_to_json(only.document)["projects"][0]["tasks"]] == ["S"]


def test_progress_and_cancel(make_xlsx: Callable[..., Path]) -> None:
    import pytest

    from infradesk.interchange.excel import ImportCancelled

    path = make_xlsx({"A": [["Task", "Duration"], ["x", 1]], "B": [["Task", "Duration"]]})
    seen: list[tuple[int, int]] = []
    read_workbook(path, progress=lambda done, total: seen.append((done, total)))
    assert seen and all(total == 2 for _, total in seen)
    with pytest.raises(ImportCancelled):
        read_workbook(path, cancel=lambda: True)
