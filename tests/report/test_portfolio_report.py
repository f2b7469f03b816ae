"""The portfolio PDF read back: page 1 lists every project with its figures, then one
executive page per project (the weekly report's own first page)."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from infradesk.errors import UserError
from infradesk.report.portfolio_report import render_portfolio_report
from infradesk.services.governance.portfolio_report import gather_portfolio, write_portfolio_report
from infradesk.store.workspace import Workspace
from tests.services.governance.portfolio_workspace import AS_OF, build_portfolio


@pytest.fixture
def portfolio(workspace: Workspace) -> Workspace:
    build_portfolio(workspace)
    return workspace


def test_overview_then_one_executive_page_per_project(portfolio: Workspace, tmp_path) -> None:
    target = write_portfolio_report(portfolio, tmp_path / "p.pdf", today=AS_OF)
    reader = pypdf.PdfReader(target)
    assert len(reader.pages) == 4
    first = " ".join(reader.pages[0].extract_text().split())  # cells wrap
    assert "Portfolio report" in first
    for name in ("Alpha", "Beta", "Gamma"):
        assert name in first
    assert "+12 d" in first and "Go live" in first and "Shared freeze" in first
    assert "3 projects: 1 red, 1 amber" in first
    for number, name in enumerate(("Alpha", "Beta", "Gamma"), 1):
        page = reader.pages[number].extract_text()
        assert name in page and "Executive status summary" in page
        # exactly that project's page: no other project's title on it
        others = {"Alpha", "Beta", "Gamma"} - {name}
        assert not any(f"\n{other}\n" in page for other in others)


def test_the_rag_cells_are_coloured(portfolio: Workspace, tmp_path) -> None:
    target = write_portfolio_report(portfolio, tmp_path / "p.pdf", today=AS_OF)
    content = pypdf.PdfReader(target).pages[0].get_contents()
    assert content is not None
    fills = {
        tuple(round(float(c), 2) for c in match.groups())
        for match in re.finditer(rb"([\d.]+) ([\d.]+) ([\d.]+) rg", content.get_data())
    }
    red, amber = (0.78, 0.16, 0.16), (0.94, 0.64, 0.01)  # the report's RAG_COLOURS
    assert red in fills and amber in fills


def test_rows_and_pages_come_in_the_same_order(portfolio: Workspace) -> None:
    with portfolio.read_session() as session:
        rows, pages = gather_portfolio(session, AS_OF)
    assert [r.name for r in rows] == [p.project for p in pages]
    assert all(p.overall.rag.value == r.overall for r, p in zip(rows, pages, strict=True))


def test_an_empty_workspace_is_refused(workspace: Workspace, tmp_path) -> None:
    with pytest.raises(UserError, match="no project"):
        write_portfolio_report(workspace, tmp_path / "p.pdf")
    assert not (tmp_path / "p.pdf").exists()


def test_an_unwritable_target_is_a_user_error(portfolio: Workspace, tmp_path) -> None:
    with pytest.raises(UserError, match="Cannot write"):
        write_portfolio_report(portfolio, tmp_path / "missing" / "p.pdf", today=AS_OF)


def test_render_without_projects_still_makes_a_page(tmp_path: Path) -> None:
    render_portfolio_report([], [], tmp_path / "e.pdf", AS_OF)
    assert "no project" in pypdf.PdfReader(tmp_path / "e.pdf").pages[0].extract_text()
