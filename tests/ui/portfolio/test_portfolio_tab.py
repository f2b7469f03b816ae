"""The Portfolio tab in the main window: rows, sorting, filters, opening a project, the PDF."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import Qt

from infradesk.store.workspace import Workspace
from infradesk.ui.main_window import MainWindow, tab_titles
from infradesk.ui.portfolio.model import NAMES, PortfolioModel
from infradesk.ui.portfolio.tab import RATING_FILTERS, PortfolioTab
from tests.services.governance.portfolio_workspace import AS_OF, build_portfolio


@pytest.fixture
def window(qtbot, workspace: Workspace) -> Iterator[MainWindow]:
    build_portfolio(workspace)
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.portfolio_tab.today = AS_OF
    window.show()
    qtbot.waitExposed(window)
    yield window


def _show(window: MainWindow) -> PortfolioTab:
    window.tabs.setCurrentWidget(window.portfolio_tab)
    tab = window.portfolio_tab
    assert not tab.stale
    return tab


def _names(tab: PortfolioTab) -> list[str]:
    return [tab.proxy.index(r, 0).data() for r in range(tab.proxy.rowCount())]


def test_the_last_tab_with_ctrl_8(qtbot, window: MainWindow) -> None:
    assert tab_titles(window)[-1] == "Portfolio"
    window.tabs.setCurrentIndex(0)
    qtbot.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.portfolio_tab


def test_rows_and_summary(window: MainWindow) -> None:
    tab = _show(window)
    assert _names(tab) == ["Alpha", "Beta", "Gamma"]
    row = NAMES.index("Slip")
    assert tab.proxy.index(0, row).data() == "+12 d"
    assert tab.proxy.index(0, NAMES.index("RAG")).data() == "Red"
    assert tab.proxy.index(1, NAMES.index("Trend")).data().endswith("better")
    assert tab.summary.text().startswith("3 projects:")


def test_model_contract(qtmodeltester, window: MainWindow) -> None:
    tab = _show(window)
    assert isinstance(tab.model, PortfolioModel)
    qtmodeltester.check(tab.model, force_py=True)


def test_sorting_by_every_column(window: MainWindow) -> None:
    tab = _show(window)
    slip = NAMES.index("Slip")
    tab.table.sortByColumn(slip, Qt.SortOrder.DescendingOrder)
    assert _names(tab) == ["Alpha", "Beta", "Gamma"]  # +12, 0, then no milestone (last)
    tab.table.sortByColumn(slip, Qt.SortOrder.AscendingOrder)
    assert _names(tab) == ["Beta", "Alpha", "Gamma"]  # the empty one stays last
    tab.table.sortByColumn(NAMES.index("RAG"), Qt.SortOrder.AscendingOrder)
    assert _names(tab)[0] == "Alpha"  # worst first
    for column in range(len(NAMES)):  # every column sorts without an error
        tab.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
        assert sorted(_names(tab)) == ["Alpha", "Beta", "Gamma"]


def test_text_and_rating_filters(qtbot, window: MainWindow) -> None:
    tab = _show(window)
    qtbot.keyClicks(tab.filter_edit, "bet")
    assert _names(tab) == ["Beta"]
    assert tab.summary.text().startswith("Showing 1 of 3")
    tab.filter_edit.clear()
    titles = [title for title, _ in RATING_FILTERS]
    tab.rating_filter.setCurrentIndex(titles.index("Red"))
    assert _names(tab) == ["Alpha"]
    tab.rating_filter.setCurrentIndex(titles.index("Amber"))
    assert _names(tab) == ["Beta"]
    tab.rating_filter.setCurrentIndex(0)
    assert len(_names(tab)) == 3


def test_double_click_opens_the_project_in_the_gantt(qtbot, window: MainWindow) -> None:
    tab = _show(window)
    beta = tab.model.rows[1]
    assert beta.name == "Beta" and window.context.project_id != beta.project_id
    rect = tab.table.visualRect(tab.proxy.index(1, 0))
    # a real double-click: Qt's item view wants the press before the double-click event
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.project_selector.currentText() == "Beta"
    assert window.context.project_id == beta.project_id
    assert window.tabs.currentWidget() is window.gantt_tab


def test_enter_opens_the_current_row(qtbot, window: MainWindow) -> None:
    tab = _show(window)
    tab.table.setFocus()
    tab.table.setCurrentIndex(tab.proxy.index(2, 0))
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert window.project_selector.currentText() == "Gamma"
    assert window.tabs.currentWidget() is window.gantt_tab


def test_an_edit_elsewhere_refreshes_the_rows(window: MainWindow) -> None:
    tab = _show(window)
    window.tabs.setCurrentWidget(window.gantt_tab)
    window.context.announce(frozenset({"risks"}))
    assert tab.stale  # hidden: read again only when shown
    window.tabs.setCurrentWidget(tab)
    assert not tab.stale


def test_the_portfolio_report_from_the_tab(qtbot, window: MainWindow, tmp_path: Path) -> None:
    tab = _show(window)
    target = tmp_path / "portfolio.pdf"
    operation = tab.export_report(target)
    qtbot.waitUntil(lambda: operation.done, timeout=60_000)
    assert target.is_file()
    reader = pypdf.PdfReader(target)
    assert len(reader.pages) == 4  # the overview and three executive pages
    first = reader.pages[0].extract_text()
    for name in ("Alpha", "Beta", "Gamma"):
        assert name in first
    assert "saved to" in tab.summary.text()
