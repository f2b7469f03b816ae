"""Imported risks without a probability or impact stay not scored (issue 17): every importer
(Excel, CSV, JSON) keeps them at 0, they are counted apart from the heat map, sort below
every scored risk, count in no band, survive a JSON round trip, can be scored by an
undoable edit, and the weekly PDF counts them beside its heat map."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pypdf
import pytest
from sqlalchemy import select

from infradesk.interchange.readers import read_any
from infradesk.model import Risk, RiskHistory
from infradesk.report.status_report import render_status_report
from infradesk.services.documents.io import export_document, import_document
from infradesk.services.risks import queries as risk_service
from infradesk.services.risks.commands import EditRecord
from infradesk.services.status.report import gather_report_data
from infradesk.store.workspace import Workspace

HEADER = ["Risk ID", "Risk", "Probability", "Impact", "Owner"]
ROWS = [
    ["R-001", "Core switch late", "H", "H", "Tom"],
    ["R-002", "Permit delay", None, None, "Ana"],  # the register gives no rating
    ["R-003", "Power feed", "4", None, "Ana"],  # half a rating is no score
]


def _write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Risk Register"
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def _import(workspace: Workspace, path: Path) -> int:
    result = read_any(path)
    with workspace.session() as session:
        return import_document(session, result.document)[0]


def _ratings(workspace: Workspace, project_id: int) -> dict[str, tuple[int, int]]:
    with workspace.read_session() as session:
        risks = session.scalars(select(Risk).where(Risk.project_id == project_id))
        return {r.code: (r.probability, r.impact) for r in risks}


def test_an_excel_register_without_ratings_imports_them_not_scored(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = _write_xlsx(tmp_path / "register.xlsx", [HEADER, *ROWS])
    result = read_any(path)
    messages = [(p.severity, p.location, p.message) for p in result.problems]
    assert ("warning", "Risk Register!C3", "no probability; the risk is imported not scored") in (
        messages
    )
    assert not any("set to 3" in m for _s, _l, m in messages)
    project_id = _import(workspace, path)
    assert _ratings(workspace, project_id) == {
        "R-001": (4, 4),
        "R-002": (0, 0),
        "R-003": (4, 0),
    }


def test_a_register_without_rating_columns_says_so_and_scores_nothing(
    workspace: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "plain.csv"
    path.write_text("Risk ID,Risk,Owner\nR-001,Core switch late,Tom\nR-002,Permit delay,Ana\n")
    result = read_any(path)
    assert any("no probability or impact column" in note for note in result.notes)
    project_id = _import(workspace, path)
    assert _ratings(workspace, project_id) == {"R-001": (0, 0), "R-002": (0, 0)}


@pytest.mark.parametrize("rating", ["absent", None, 0])
def test_json_risks_without_a_rating_stay_not_scored(workspace: Workspace, rating) -> None:
    risk: dict[str, object] = {"code": "R-001", "title": "Unrated"}
    if rating != "absent":
        risk.update(probability=rating, impact=rating)
    document = {
        "format": "infradesk",
        "version": 1,
        "projects": [{"name": "P", "start": "2026-01-05T08:00", "risks": [risk]}],
    }
    with workspace.session() as session:
        project_id = import_document(session, document)[0]
        exported = export_document(session)
    assert _ratings(workspace, project_id) == {"R-001": (0, 0)}
    written = exported["projects"][0]["risks"][0]
    assert (written["probability"], written["impact"], written["score"], written["band"]) == (
        0,
        0,
        0,
        "",
    )
    # what the export wrote imports again as not scored (the schema accepts it)
    again = json.loads(json.dumps(exported))
    with workspace.session() as session:
        second = import_document(session, again)[0]
    assert _ratings(workspace, second) == {"R-001": (0, 0)}


def test_not_scored_risks_are_counted_apart_and_rank_last(
    workspace: Workspace, tmp_path: Path
) -> None:
    project_id = _import(workspace, _write_xlsx(tmp_path / "r.xlsx", [HEADER, *ROWS]))
    with workspace.read_session() as session:
        rows = risk_service.load_risks(session, project_id)
    heat = risk_service.heat_map_from_rows(rows)
    assert sum(heat.cells.values()) == 1 and heat.unassessed == 2
    assert [r.code for r in risk_service.rank_open_first(rows)] == ["R-001", "R-002", "R-003"]
    by_code = {r.code: r for r in rows}
    assert not by_code["R-002"].scored and by_code["R-002"].band == ""
    assert not by_code["R-003"].scored and by_code["R-003"].score == 0
    assert by_code["R-001"].scored and by_code["R-001"].band == "critical"


def test_scoring_a_not_scored_risk_is_one_undoable_edit(
    workspace: Workspace, tmp_path: Path
) -> None:
    project_id = _import(workspace, _write_xlsx(tmp_path / "r.xlsx", [HEADER, *ROWS]))
    with workspace.read_session() as session:
        risk_id = session.scalar(select(Risk.id).where(Risk.code == "R-002"))
    assert risk_id is not None
    edit = EditRecord("risk", project_id, risk_id, {"probability": "3", "impact": "5"})
    edit.on = date(2026, 3, 2)
    edit.apply(workspace)
    assert _ratings(workspace, project_id)["R-002"] == (3, 5)
    with workspace.read_session() as session:
        notes = list(
            session.scalars(select(RiskHistory.note).where(RiskHistory.risk_id == risk_id))
        )
    assert notes[-1] == "impact not scored → 5, probability not scored → 3"
    edit.revert(workspace)
    assert _ratings(workspace, project_id)["R-002"] == (0, 0)
    # and back to not scored by clearing the cell, as the table does
    EditRecord("risk", project_id, risk_id, {"probability": "4"}).apply(workspace)
    EditRecord("risk", project_id, risk_id, {"probability": ""}).apply(workspace)
    assert _ratings(workspace, project_id)["R-002"] == (0, 0)


def test_the_weekly_pdf_counts_not_scored_risks_beside_the_heat_map(
    workspace: Workspace, tmp_path: Path
) -> None:
    project_id = _import(workspace, _write_xlsx(tmp_path / "r.xlsx", [HEADER, *ROWS]))
    with workspace.session() as session:
        data = gather_report_data(session, project_id, as_of=date(2026, 3, 2))
    assert data.unassessed_risks == 2
    target = tmp_path / "report.pdf"
    render_status_report(data, target)
    text = " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(target).pages).split())
    assert "Not scored: 2" in text
    assert "1 critical · 0 high · 0 medium · 0 low · 2 not scored" in text
    assert "Permit delay" in text and "not scored" in text


def test_not_scored_risks_never_raise_the_risk_rating(
    workspace: Workspace, tmp_path: Path
) -> None:
    rows = [HEADER] + [[f"R-{n:03d}", f"Unrated {n}", None, None, ""] for n in range(1, 9)]
    project_id = _import(workspace, _write_xlsx(tmp_path / "r.xlsx", rows))
    with workspace.session() as session:
        data = gather_report_data(session, project_id, as_of=date(2026, 3, 2))
    assert data.unassessed_risks == 8
    assert "none is scored yet" in data.executive_summary


def test_a_not_scored_risk_comes_back_from_the_xlsx_export_not_scored(
    workspace: Workspace, tmp_path: Path
) -> None:
    from infradesk.interchange.xlsx_export import write_workbook
    from infradesk.services.documents.io import workspace_document

    _import(workspace, _write_xlsx(tmp_path / "r.xlsx", [HEADER, *ROWS]))
    with workspace.read_session() as session:
        document = workspace_document(session)
    target = tmp_path / "export.xlsx"
    write_workbook(document, target)
    result = read_any(target)
    assert not [p for p in result.problems if p.sheet == "Risks"]  # 0 reads as not scored
    with workspace.session() as session:
        project_id = import_document(session, result.document)[0]
    assert _ratings(workspace, project_id) == {
        "R-001": (4, 4),
        "R-002": (0, 0),
        "R-003": (4, 0),
    }
