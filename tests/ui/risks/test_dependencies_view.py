"""The Dependencies sub-tab of the Risks tab (issue 17): the demo's external dependencies are
listed with late ones highlighted, and a new dependency is added, edited and undone there."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from infradesk.model import ExternalDependency, Project
from infradesk.ui import theme
from infradesk.ui.context import AppContext
from infradesk.ui.risks.tab import RisksTab


@pytest.fixture
def tab(qtbot, demo_workspace) -> Iterator[RisksTab]:
    context = AppContext(demo_workspace)
    widget = RisksTab(context)
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    widget.show()
    with demo_workspace.session() as session:
        context.set_project(session.scalar(select(Project.id)))
    yield widget


def _index(view, code: str, title: str):  # type: ignore[no-untyped-def]
    column = next(n for n, c in enumerate(view.model.columns) if c.title == title)
    for row in range(view.proxy.rowCount()):
        if view.proxy.index(row, 0).data() == code:
            return view.proxy.index(row, column)
    raise AssertionError(f"{code} is not shown")


def _statuses(tab: RisksTab) -> dict[str, str]:
    with tab.context.workspace.read_session() as session:
        rows = session.execute(select(ExternalDependency.code, ExternalDependency.status))
        return {code: status for code, status in rows}


def test_the_dependencies_sub_tab_lists_them_next_to_assumptions(tab: RisksTab) -> None:
    titles = [tab.sub_tabs.tabText(n) for n in range(tab.sub_tabs.count())]
    assert titles[3].startswith("Assumptions") and titles[4] == "Dependencies (3)"  # 3 open
    view = tab.dependencies
    view.open_only.setChecked(False)
    assert [view.proxy.index(r, 0).data() for r in range(view.proxy.rowCount())] == [
        "DEP-001", "DEP-002", "DEP-003", "DEP-004",
    ]  # fmt: skip
    late = _index(view, "DEP-002", "Required by")
    assert late.data(Qt.ItemDataRole.ForegroundRole).color() == theme.current().bad
    assert _index(view, "DEP-002", "From (party)").data() == "NordLink Carrier"
    met = _index(view, "DEP-001", "Required by")
    assert met.data(Qt.ItemDataRole.ForegroundRole).color() != theme.current().bad


def test_a_dependency_is_added_edited_and_undone_in_the_tab(tab: RisksTab, qtbot) -> None:
    view = tab.dependencies
    tab.sub_tabs.setCurrentWidget(view)
    view.new_record()
    qtbot.waitUntil(lambda: "DEP-005" in _statuses(tab))
    status = _index(view, "DEP-005", "Status")
    assert view.model.setData(view.proxy.mapToSource(status), "at risk")
    assert _statuses(tab)["DEP-005"] == "at risk"
    assert _index(view, "DEP-005", "Status").data() == "at risk"
    assert tab.context.undo()
    assert _statuses(tab)["DEP-005"] == "open"
    assert tab.context.undo()
    assert "DEP-005" not in _statuses(tab)
    refused = view.model.setData(view.proxy.mapToSource(_index(view, "DEP-002", "Status")), "x")
    assert not refused and "is not one of open, at risk, late, met, cancelled" in (
        view.error_label.text()
    )
