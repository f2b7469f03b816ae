"""Not-scored risks in the Risks tab (issue 17): the register shows "—" and empty P/I cells,
the side panel counts them beside the heat map and filters to them, the detail says "Not
scored", sorting by score puts them last, and typing a rating scores them (undoable)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from infradesk.model import Project, Risk
from infradesk.services.risks.commands import EditRecord
from infradesk.ui.context import AppContext
from infradesk.ui.risks.tab import RisksTab


@pytest.fixture
def tab(qtbot, demo_workspace) -> Iterator[RisksTab]:
    context = AppContext(demo_workspace)
    with demo_workspace.session() as session:
        project_id = session.scalar(select(Project.id))
        ids = dict(session.execute(select(Risk.code, Risk.id)).all())
    for code in ("R-002", "R-005"):  # as an import of an unrated register leaves them
        EditRecord("risk", project_id, ids[code], {"probability": 0, "impact": 0}).apply(
            demo_workspace
        )
    widget = RisksTab(context)
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    widget.show()
    context.set_project(project_id)
    yield widget


def _column(view, title: str) -> int:  # type: ignore[no-untyped-def]
    return next(n for n, c in enumerate(view.model.columns) if c.title == title)


def _cell(view, code: str, title: str):  # type: ignore[no-untyped-def]
    for row in range(view.proxy.rowCount()):
        if view.proxy.index(row, 0).data() == code:
            return view.proxy.index(row, _column(view, title))
    raise AssertionError(f"{code} is not shown")


def _codes(view) -> list[str]:  # type: ignore[no-untyped-def]
    return [view.proxy.index(r, 0).data() for r in range(view.proxy.rowCount())]


def test_not_scored_risks_show_a_dash_and_empty_ratings(tab: RisksTab) -> None:
    view = tab.risks
    assert _cell(view, "R-002", "Score").data() == "—"
    assert "Not scored" in _cell(view, "R-002", "Score").data(Qt.ItemDataRole.ToolTipRole)
    assert _cell(view, "R-002", "P").data() == "" and _cell(view, "R-002", "I").data() == ""
    assert _cell(view, "R-002", "Score").data(Qt.ItemDataRole.BackgroundRole) is None
    assert _cell(view, "R-001", "Score").data() not in ("", "—")
    assert "2 not scored" in view.counts_text()


def test_the_heat_map_counts_them_apart_and_filters_to_them(tab: RisksTab, qtbot) -> None:
    view = tab.risks
    button = view.not_scored_button
    assert button.isVisible() and button.text() == "Not scored: 2"
    on_grid = sum(view.heat_map.heat_map.cells.values())
    assert on_grid == sum(1 for r in view.model.rows if r.is_open) - 2
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert sorted(_codes(view)) == ["R-002", "R-005"]
    assert view.heat_map.selected is None and button.isChecked()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(_codes(view)) > 2 and not button.isChecked()


def test_sorting_by_score_puts_not_scored_risks_last(tab: RisksTab) -> None:
    view = tab.risks
    view.table.sortByColumn(_column(view, "Score"), Qt.SortOrder.DescendingOrder)
    assert _codes(view)[-2:] in (["R-002", "R-005"], ["R-005", "R-002"])
    view.table.sortByColumn(_column(view, "Score"), Qt.SortOrder.AscendingOrder)
    assert sorted(_codes(view)[:2]) == ["R-002", "R-005"]


def test_the_detail_says_not_scored(tab: RisksTab) -> None:
    view = tab.risks
    view.select_id(next(r.id for r in view.model.rows if r.code == "R-002"))
    assert "Not scored" in view.summary.toPlainText()


def test_typing_a_rating_scores_the_risk_and_undo_unscores_it(tab: RisksTab) -> None:
    view = tab.risks
    assert view.model.setData(view.proxy.mapToSource(_cell(view, "R-002", "P")), 4)
    assert view.model.setData(view.proxy.mapToSource(_cell(view, "R-002", "I")), 5)
    assert _cell(view, "R-002", "Score").data() == "20"
    assert view.not_scored_button.text() == "Not scored: 1"
    assert tab.context.undo()
    assert _cell(view, "R-002", "Score").data() == "—"
    assert view.not_scored_button.text() == "Not scored: 2"
