"""The weekly report's "Who is overloaded in the next 4 weeks", gathered from a workspace where
two projects share a person, and read back from the PDF."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pypdf
import pytest

from infradesk.report.data import ReportOptions
from infradesk.report.status_report import render_status_report
from infradesk.services.status.report import gather_report_data
from infradesk.store.workspace import Workspace
from tests.services.resources.usage_plan import MONDAY, at, person, project, task


def pdf_text(path: Path) -> str:
    pages = pypdf.PdfReader(path).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


@pytest.fixture
def shared(workspace: Workspace) -> dict[str, int]:
    """Alice: Network all week and half of Storage's Zoning Wed-Thu (150%); Bob on the
    Network's cabling, within his time; Carol overloaded on Storage only."""
    with workspace.session() as s:
        network, storage = project(s, "Network refresh"), project(s, "Storage migration")
        alice, bob, carol = person(s, "Alice"), person(s, "Bob"), person(s, "Carol")
        task(s, network, "Core switches", at(0, 8), at(4, 17), (alice, 1.0, 5 * 480))
        task(s, storage, "Zoning", at(2, 8), at(3, 17), (alice, 0.5, 480))
        task(s, network, "Cabling", at(0, 8), at(1, 17), (bob, 1.0, 2 * 480))
        task(s, storage, "Backups", at(0, 8), at(0, 17), (carol, 1.0, 960))
        # Alice again in the fifth week: outside the next four
        late = MONDAY + timedelta(days=28)
        task(s, storage, "Far away", at(28, 8), at(28, 17), (alice, 2.0, 960))
        assert late.weekday() == 0
    return {"network": network, "storage": storage}


def test_the_report_names_who_is_overloaded_and_by_what(
    workspace: Workspace, shared: dict[str, int], tmp_path: Path
) -> None:
    with workspace.read_session() as s:
        data = gather_report_data(s, shared["network"], MONDAY)
    (line,) = data.overloads  # Carol's overload does not involve the Network project
    assert (line.resource, line.first, line.last) == ("Alice", date(2026, 3, 4), date(2026, 3, 5))
    assert line.peak_percent == pytest.approx(150.0)
    assert line.tasks == ["Core switches", "Zoning (Storage migration)"]

    target = tmp_path / "report.pdf"
    render_status_report(data, target)
    text = pdf_text(target)
    assert "Who is overloaded in the next 4 weeks" in text
    assert "Alice" in text and "150%" in text
    assert "04 Mar 2026 – 05 Mar 2026" in text
    assert "Core switches; Zoning (Storage migration)" in text
    assert "Far away" not in text and "Nobody is overloaded" not in text


def test_nobody_overloaded_is_said_and_the_executive_page_has_no_block(
    workspace: Workspace, shared: dict[str, int], tmp_path: Path
) -> None:
    with workspace.read_session() as s:
        quiet = gather_report_data(s, shared["network"], MONDAY + timedelta(days=7))
        executive = gather_report_data(
            s, shared["network"], MONDAY, ReportOptions(executive=True, sections=("summary",))
        )
    assert quiet.overloads == [] and quiet.overloads_available
    target = tmp_path / "quiet.pdf"
    render_status_report(quiet, target)
    assert "Nobody is overloaded in the next 4 weeks." in pdf_text(target)

    assert not executive.overloads_available
    target = tmp_path / "executive.pdf"
    render_status_report(executive, target, ReportOptions(executive=True))
    assert "overloaded" not in pdf_text(target)
