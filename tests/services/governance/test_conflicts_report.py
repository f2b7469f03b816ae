"""The weekly PDF lists the project's change conflicts (read back from the PDF)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pypdf

from infradesk.report.data import ReportOptions
from infradesk.report.status_report import render_status_report
from infradesk.services.status.report import gather_report_data
from tests.services.governance.conflict_scenario import build


def pdf_text(path: Path) -> str:
    pages = pypdf.PdfReader(path).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_the_report_lists_the_change_conflicts(workspace, tmp_path) -> None:
    s = build(workspace)
    with workspace.read_session() as session:
        data = gather_report_data(session, s.core, date(2026, 12, 4))
    assert [line.label for line in data.change_conflicts] == ["CR-001", "Cutover SAN"]
    target = tmp_path / "core.pdf"
    render_status_report(data, target)
    text = pdf_text(target)
    assert "Change conflicts" in text
    assert "CR-001 Upgrade SAN firmware" in text
    assert "Scheduled before CAB review on 2026-12-11" in text
    assert "Anna Ng is booked then" in text
    assert "Inside calendar freeze 'Audit freeze'" in text
    assert "Zone the new hosts" not in text  # Wave 2's change belongs to its own report


def test_past_conflicts_are_left_out_and_none_is_said(workspace, tmp_path) -> None:
    s = build(workspace)
    with workspace.read_session() as session:
        data = gather_report_data(session, s.core, date(2027, 1, 10))
    assert data.change_conflicts == [] and data.change_conflicts_available
    target = tmp_path / "later.pdf"
    render_status_report(data, target)
    assert "No change conflicts with the change calendar" in pdf_text(target)


def test_without_the_risks_section_there_is_no_block(workspace, tmp_path) -> None:
    s = build(workspace)
    options = ReportOptions(sections=("summary",))
    with workspace.read_session() as session:
        data = gather_report_data(session, s.core, date(2026, 12, 4), options)
    assert not data.change_conflicts_available
    target = tmp_path / "short.pdf"
    render_status_report(data, target, options)
    assert "Change conflicts" not in pdf_text(target)
