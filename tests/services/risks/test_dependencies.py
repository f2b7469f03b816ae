"""External dependencies, the D of RAID (issue 17): a RAID workbook's "Dependencies" sheet is
stored, exported to JSON and xlsx, imported again, updated by code, edited with undo, and the
import preview lists what a RAID-only workbook brings."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
from sqlalchemy import func, select

from infradesk.interchange.json_document import document_to_json
from infradesk.interchange.readers import read_any
from infradesk.interchange.xlsx_export import write_workbook
from infradesk.model import ExternalDependency
from infradesk.services.documents.io import export_document, import_document, workspace_document
from infradesk.services.documents.preview import preview_records
from infradesk.services.documents.update import apply_update, plan_update
from infradesk.services.risks import queries as risk_service
from infradesk.services.risks.commands import CreateRecord, DeleteRecords, EditRecord
from infradesk.store.workspace import Workspace

RAID_SHEETS = {
    "Risks": [
        ["Risk ID", "Risk Description", "Probability", "Impact", "Owner"],
        ["R-001", "Vendor API undocumented", "High", "Medium", "Dev"],
    ],
    "Dependencies": [
        ["Dep. ID", "Type", "Dependency Description", "Dependent On", "External Party",
         "Required By", "Status", "Remarks"],
        ["D-001", "External", "Carrier circuits handed over", "Interconnect", "NordLink",
         "2026-03-10", "Delivered", ""],
        ["D-002", "Internal", "Firewall rules approved", "Cutover", "IT security",
         "2026-04-01", "AT RISK", "second review booked"],
        ["D-003", "External", "Badges for the hall", "Cage build", "Colo provider",
         "2026-02-01", "Parked", ""],
    ],
}  # fmt: skip


def _write(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def _import(workspace: Workspace, path: Path) -> int:
    with workspace.session() as session:
        return import_document(session, read_any(path).document)[0]


def _stored(workspace: Workspace, project_id: int) -> dict[str, tuple]:
    with workspace.read_session() as session:
        rows = session.scalars(
            select(ExternalDependency).where(ExternalDependency.project_id == project_id)
        )
        return {
            x.code: (x.dependency_type, x.title, x.external_party, x.required_by, x.status)
            for x in rows
        }


def test_the_dependencies_sheet_of_a_raid_workbook_is_stored(
    workspace: Workspace, tmp_path: Path
) -> None:
    result = read_any(_write(tmp_path / "raid.xlsx", RAID_SHEETS))
    assert any(
        p.location == "Dependencies!G4" and "'Parked'" in p.message for p in result.warnings
    )
    project_id = _import(workspace, tmp_path / "raid.xlsx")
    assert _stored(workspace, project_id) == {
        "D-001": ("external", "Carrier circuits handed over", "NordLink", date(2026, 3, 10),
                  "met"),
        "D-002": ("internal", "Firewall rules approved", "IT security", date(2026, 4, 1),
                  "at risk"),
        "D-003": ("external", "Badges for the hall", "Colo provider", date(2026, 2, 1), "open"),
    }  # fmt: skip
    with workspace.read_session() as session:
        rows = {r.code: r for r in risk_service.load_dependencies(session, project_id,
                                                                  date(2026, 3, 2))}  # fmt: skip
    assert rows["D-003"].overdue and not rows["D-001"].overdue  # met is not awaited
    assert "Status: Parked" in rows["D-003"].remarks  # the word that fit no status is kept
    assert [r.is_open for r in rows.values()] == [False, True, True]


def test_the_real_pmo_raid_log_brings_its_six_dependencies(
    workspace: Workspace, real_plans: Path
) -> None:
    path = real_plans / "PMO_RAID_Log.xlsx"
    project_id = _import(workspace, path)
    stored = _stored(workspace, project_id)
    assert sorted(stored) == ["D-001", "D-002", "D-003", "D-004", "D-005", "D-006"]
    assert stored["D-002"] == (
        "external",
        "Government agency IT security approval required before Go-Live deployment",
        "Agency IT Security Team",
        date(2025, 4, 5),
        "open",
    )
    assert stored["D-005"][4] == "at risk" and stored["D-001"][4] == "met"
    groups = preview_records(read_any(path).document.projects[0])
    assert [g.title for g in groups] == [
        "Risks (6)",
        "Issues (5)",
        "Assumptions (6)",
        "Dependencies (6)",
    ]


def test_dependencies_go_to_json_and_xlsx_and_come_back(
    workspace: Workspace, tmp_path: Path
) -> None:
    project_id = _import(workspace, _write(tmp_path / "raid.xlsx", RAID_SHEETS))
    with workspace.session() as session:
        exported = export_document(session)
    written = exported["projects"][0]["dependencies_external"]
    assert [x["code"] for x in written] == ["D-001", "D-002", "D-003"]
    assert written[1] == {
        "code": "D-002",
        "type": "internal",
        "description": "Firewall rules approved",
        "dependent_on": "Cutover",
        "external_party": "IT security",
        "required_by": "2026-04-01",
        "impact_if_late": "",
        "mitigation": "",
        "owner": "",
        "status": "at risk",
        "remarks": "second review booked",
    }
    with workspace.session() as session:
        again = import_document(session, json.loads(json.dumps(exported)))[0]
    assert _stored(workspace, again) == _stored(workspace, project_id)
    with workspace.read_session() as session:
        document = workspace_document(session)
    target = tmp_path / "export.xlsx"
    write_workbook(document, target)
    sheet = openpyxl.load_workbook(target)["Dependencies"]
    assert [c.value for c in sheet[3]][:3] == ["D-002", "internal", "Firewall rules approved"]
    assert document_to_json(document)["projects"][0]["dependencies_external"] == written


def test_updating_from_the_workbook_matches_dependencies_by_code(
    workspace: Workspace, tmp_path: Path
) -> None:
    project_id = _import(workspace, _write(tmp_path / "raid.xlsx", RAID_SHEETS))
    changed = {**RAID_SHEETS, "Dependencies": [row[:] for row in RAID_SHEETS["Dependencies"]]}
    changed["Dependencies"][2][6] = "Met"
    changed["Dependencies"].append(
        ["D-004", "External", "UAT testers named", "Wave 2", "App owners", "2026-05-01",
         "Open", ""]
    )  # fmt: skip
    document = read_any(_write(tmp_path / "v2.xlsx", changed)).document.projects[0]
    with workspace.session() as session:
        plan = plan_update(session, project_id, document)
    found = {(c.key.split()[0], c.action) for c in plan.changes if c.section == "dependencies"}
    assert {("D-002", "updated"), ("D-004", "new"), ("D-001", "unchanged")} <= found
    with workspace.session() as session:
        apply_update(session, project_id, document)
    stored = _stored(workspace, project_id)
    assert stored["D-002"][4] == "met" and "D-004" in stored and len(stored) == 4


def test_dependency_edits_are_undoable(workspace: Workspace, tmp_path: Path) -> None:
    project_id = _import(workspace, _write(tmp_path / "raid.xlsx", RAID_SHEETS))
    create = CreateRecord("dependency", project_id, {"title": "Licence keys from the vendor"})
    create.apply(workspace)
    assert create.code == "DEP-004"  # numbered after D-003, never reusing a code
    edit = EditRecord("dependency", project_id, create.record_id or 0, {"status": "late"})
    edit.apply(workspace)
    assert _stored(workspace, project_id)["DEP-004"][4] == "late"
    edit.revert(workspace)
    assert _stored(workspace, project_id)["DEP-004"][4] == "open"
    with workspace.read_session() as session:
        ids = set(
            session.scalars(
                select(ExternalDependency.id).where(ExternalDependency.project_id == project_id)
            )
        )
    delete = DeleteRecords("dependency", project_id, ids)
    before = _stored(workspace, project_id)
    delete.apply(workspace)
    with workspace.read_session() as session:
        assert session.scalar(select(func.count()).select_from(ExternalDependency)) == 0
    delete.revert(workspace)
    assert _stored(workspace, project_id) == before
