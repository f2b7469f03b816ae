"""The real-world workbooks in <repo>/../shared/data/real-plans (see its SOURCES.tsv).

Counts and hierarchy below were checked by hand against the files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from infradesk.interchange.excel import analyse_workbook, read_workbook
from infradesk.interchange.json_document import document_to_json
from infradesk.interchange.problems import ImportResult


def _children(tasks: list[dict]) -> dict[int | None, list[str]]:
    out: dict[int | None, list[str]] = {}
    for task in tasks:
        out.setdefault(task["parent"], []).append(task["name"])
    return out


def _tasks(result: ImportResult) -> list[dict[str, Any]]:
    """The tasks of the only project, in the JSON form of docs/json-format.md."""
    return document_to_json(result.document)["projects"][0]["tasks"]


def test_tpm_handbook_project_plan(real_plans: Path) -> None:
    result = read_workbook(real_plans / "Project_Plan.xlsx")
    tasks = document_to_json(result.document)["projects"][0]["tasks"]
    assert len(tasks) == 39
    roots = _children(tasks)[None]
    assert roots[:8] == [
        "Create P2P Network", "Relay Servers", "Text Message Send/Receive API", "Address Book",
        "User Profile Object", "Presence Object", "Access Control", "Message Library",
    ]  # fmt: skip
    assert len(roots) == 14  # 8 features + 6 on-call rows
    by_id = {t["id"]: t for t in tasks}
    assert by_id[7]["name"] == "Design" and by_id[7]["parent"] == 6 and by_id[6]["parent"] == 5
    assert by_id[7]["wbs"] == "2.1.1"
    assert by_id[3]["predecessors"] == [{"task": 2, "type": "FS", "lag": "0d", "lag_minutes": 0}]
    # the Duration column counts weeks of effort (6 for 2023-01-02..2023-02-13) and the End
    # Date is a formula: the dates win, 2023-01-02..2023-02-13 is 31 working days
    assert by_id[2]["duration"] == "31d"
    assert any("read as weeks" in note for note in result.notes)
    assert any("on 23 of 30 rows" in note for note in result.notes)
    unmapped = next(n for n in result.notes if "unmapped columns" in n)
    assert "'ReqId'" in unmapped and "'Swarm #'" in unmapped and "'Predecessor'" in unmapped
    assert not result.errors
    # linked rows whose dates do not follow from their links are listed
    assert any("dates differ from the file" in p.message for p in result.problems)


def test_tpm_handbook_tables_workbook(real_plans: Path) -> None:
    path = real_plans / "Tables.xlsx"
    analysis = analyse_workbook(path)
    kinds = {sheet.name: sheet.kind for sheet in analysis.sheets}
    assert kinds["RACI"] is None and kinds["Tech RACI"] is None
    assert kinds["Burndown Chart"] is None
    assert kinds["Stakeholders"] == "stakeholders"  # issue 20: a stakeholder register
    assert kinds["Scorecard"] is None  # probability/impact grid without risks
    assert kinds["Risk Register"] == "risks" and kinds["Risk Log"] == "risks"
    for plan in ("Mercury Windows", "Mercury Simple", "Tasks", "Project Plan",
                 "Project Plan w Relays"):  # fmt: skip
        assert kinds[plan] == "tasks", plan
    assert analysis.sheet("Project Plan").header_row == 3  # rows 1-2 hold Actual/Planned counts
    result = read_workbook(path)
    project = document_to_json(result.document)["projects"][0]
    assert len(project["tasks"]) == 39  # the biggest plan, 'Project Plan w Relays'
    assert len(project["risks"]) == 7  # 4 in Risk Register + 3 in the first Risk Log table
    assert any("second table" in note and "Risk Log" in note for note in result.notes)
    codes = [risk["code"] for risk in project["risks"]]
    assert len(set(codes)) == 7
    tooling = next(r for r in project["risks"] if r["title"] == "Cross-platform tooling issues")
    assert (tooling["probability"], tooling["impact"], tooling["response"]) == (4, 4, "accept")

    tasks_sheet = _tasks(read_workbook(path, sheet="Tasks"))
    assert len(tasks_sheet) == 33
    by_id = {t["id"]: t for t in tasks_sheet}
    assert [link["task"] for link in by_id[3]["predecessors"]] == [2]
    assert by_id[8]["parent"] == 6 and by_id[6]["parent"] == 5

    windows = _tasks(read_workbook(path, sheet="Mercury Windows"))
    assert len(windows) == 16 and windows[0]["duration"] == "40d"  # "8 wks"
    assert [link["task"] for link in windows[-1]["predecessors"]] == list(range(1, 16))

    simple = _tasks(read_workbook(path, sheet="Mercury Simple"))
    assert simple[0]["name"] == "P2P Subsystem Ready"  # the 'Milestone' column holds names
    assert [link["task"] for link in simple[15]["predecessors"]] == [3, 6]


def test_korean_ganttproject_weekly_report(real_plans: Path) -> None:
    result = read_workbook(real_plans / "GanttProject2xlsx_Report.xlsx")
    tasks = document_to_json(result.document)["projects"][0]["tasks"]
    assert len(tasks) == 27
    children = _children(tasks)
    assert len(children[None]) == 5
    assert [len(children[t["id"]]) for t in tasks if t["parent"] is None] == [3, 4, 4, 4, 7]
    first = tasks[0]
    assert first["name"] == "제품디자인" and first["start"] == "2020-12-01T08:00"
    assert tasks[1]["owner"] == "홍길동" and tasks[1]["percent_complete"] == 100
    assert any("header at row 2" in note for note in result.notes)


def test_pmo_raid_log(real_plans: Path) -> None:
    result = read_workbook(real_plans / "PMO_RAID_Log.xlsx")
    project = document_to_json(result.document)["projects"][0]
    assert project["tasks"] == []
    assert len(project["risks"]) == 6
    assert len(project["assumptions"]) == 6
    assert len(project["issues"]) == 5
    assert len(project["dependencies_external"]) == 6
    risk = project["risks"][0]
    assert risk["code"] == "R-001" and (risk["probability"], risk["impact"]) == (3, 4)
    assert risk["title"].startswith("Resource availability during UAT")
    assert risk["cause"] == "Key QA resource assigned to parallel project"
    issue = project["issues"][1]
    assert issue["code"] == "I-002" and issue["raised"] == "2025-02-19"
    # (an assumption's "raised" column has no place in the document or the workspace)
    assert any(n == "Sheet 'Instructions' ignored: it is instructions" for n in result.notes)
    assert any("header at row 11" in n for n in result.notes)
    assert not result.errors


def test_empty_risk_log_template_is_refused_with_a_reason(real_plans: Path) -> None:
    result = read_workbook(real_plans / "Risk_Log.xlsx")
    assert [str(p) for p in result.errors] == [
        "no sheet holds a task plan, risk register, RAID log or vendor list"
    ]
    assert "Sheet 'Risk Log' ignored: it has the headers of a risk register but no rows" in (
        result.notes
    )


def test_risk_scorecard_is_refused_with_a_reason(real_plans: Path) -> None:
    result = read_workbook(real_plans / "Risk_Scorecard.xlsx")
    assert result.errors
    assert "Sheet 'Scorecard' ignored: it is a scoring table" in result.notes


def test_old_xls_from_ganttproject_in_portuguese(real_plans: Path) -> None:
    result = read_workbook(real_plans / "issue2519.xls")
    tasks = document_to_json(result.document)["projects"][0]["tasks"]
    assert len(tasks) == 8
    assert all(t["parent"] is None for t in tasks)
    assert tasks[0]["name"] == "Working 1-Original Task Exported"
    assert tasks[0]["start"] == "2024-08-05T08:00" and tasks[0]["duration"] == "2d"
    assert all(t["notes"] for t in tasks)
    mapping = next(n for n in result.notes if "columns:" in n)
    for header in ("'Nome' -> name", "'Data de início' -> start", "'Antecessores' -> predecessors",
                   "'Outline number' -> outline_number", "'Duração' -> duration"):  # fmt: skip
        assert header in mapping
