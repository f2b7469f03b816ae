"""Reopening a workspace brings each project's view back: the Gantt's zoom, scroll position
and selection, and the column layout of the Gantt table and of the other tables."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QTableView

from infradesk.services.demo.commands import add_demo_project
from infradesk.services.plan.projects import RenameProject
from infradesk.store.workspace import Workspace
from infradesk.ui.main_window import MainWindow
from infradesk.ui.settings import AppSettings


@pytest.fixture
def two_projects(workspace_path: Path) -> Iterator[Path]:
    """A workspace file with two demo projects, "Alpha" and "Beta", closed."""
    ws = Workspace.create(workspace_path)
    for name in ("Alpha", "Beta"):
        RenameProject(add_demo_project(ws), name).apply(ws)
    ws.close()
    yield workspace_path


def open_window(qtbot, path: Path) -> MainWindow:
    window = MainWindow(Workspace.open(path))
    qtbot.addWidget(window)
    window.resize(1400, 850)
    window.show()
    qtbot.waitExposed(window)
    return window


def show_project(window: MainWindow, name: str) -> None:
    window.project_selector.setCurrentIndex(window.project_selector.findText(name))
    assert window.current_project_name() == name


def risk_table(window: MainWindow) -> QTableView:
    table = window.risks_tab.findChild(QTableView, "raidTable_risk")
    assert table is not None
    return table


def arrange(window: MainWindow, zoom: str, task_index: int, width: int) -> dict[str, Any]:
    """Change every kept part of the view; returns what should come back."""
    tab = window.gantt_tab
    tab.set_zoom(zoom)
    task = tab.model.outline.ids[task_index]
    tab.select_tasks([task])
    tab.table.setColumnWidth(1, width)
    risk_table(window).setColumnWidth(2, width + 40)
    tab.table.verticalScrollBar().setValue(width // 2)
    bar = tab.chart.horizontalScrollBar()
    bar.setValue(bar.value() + width)
    return view_of(window)


def view_of(window: MainWindow) -> dict[str, Any]:
    tab = window.gantt_tab
    header = tab.table.horizontalHeader()
    return {
        "zoom": tab.painter.zoom,
        "combo": tab.zoom_combo.currentData(),
        "left": tab.painter.time_at(tab.chart.horizontalScrollBar().value()),
        "top": tab.table.verticalScrollBar().value(),
        # what is selected, not the cell cursor (the keyboard starts in the table, which has
        # a current row even when nothing is selected)
        "selected": [tab.model.task_id(v) for v in tab.selected_view_rows()],
        "name width": tab.table.columnWidth(1),
        "order": [header.logicalIndex(v) for v in range(header.count())],
        "hidden": [c for c in range(header.count()) if header.isSectionHidden(c)],
        "risk width": risk_table(window).columnWidth(2),
    }


def wait_for_view(qtbot, window: MainWindow, expected: dict[str, Any]) -> None:
    """The scroll position comes back once the rows are laid out (the next event loop pass)."""
    qtbot.waitUntil(lambda: view_of(window) == expected, timeout=3000)


def test_each_project_comes_back_as_it_was_left(qtbot, two_projects: Path) -> None:
    window = open_window(qtbot, two_projects)
    show_project(window, "Alpha")
    header = window.gantt_tab.table.horizontalHeader()
    header.moveSection(3, 5)  # Start after Predecessors: the order is kept too
    window.gantt_tab.table.show_column(4, False)  # Finish hidden
    alpha = arrange(window, "day", 30, 180)
    show_project(window, "Beta")
    header.moveSection(5, 3)
    window.gantt_tab.table.show_column(4, True)
    beta = arrange(window, "month", 12, 260)
    assert alpha != beta
    show_project(window, "Alpha")  # switching project restores too
    wait_for_view(qtbot, window, alpha)
    show_project(window, "Beta")
    wait_for_view(qtbot, window, beta)
    window.close()

    reopened = open_window(qtbot, two_projects)
    assert reopened.current_project_name() == "Beta"  # the last one shown
    wait_for_view(qtbot, reopened, beta)
    show_project(reopened, "Alpha")
    wait_for_view(qtbot, reopened, alpha)
    assert alpha["combo"] == "day"
    assert 4 in alpha["hidden"]
    assert 4 not in beta["hidden"]
    reopened.close()


def test_a_fitted_zoom_comes_back_as_fitted(qtbot, two_projects: Path) -> None:
    window = open_window(qtbot, two_projects)
    window.gantt_tab.zoom_to_project()
    fitted = view_of(window)
    assert fitted["combo"] == "fit"
    window.close()
    reopened = open_window(qtbot, two_projects)
    wait_for_view(qtbot, reopened, fitted)
    reopened.close()


def test_a_damaged_saved_view_is_ignored(qtbot, two_projects: Path) -> None:
    window = open_window(qtbot, two_projects)
    project_id = window.context.project_id
    assert project_id is not None
    default = view_of(window)
    settings = AppSettings()
    settings.set_view_state(
        two_projects,
        project_id,
        {
            "gantt": {"zoom": "fortnight", "px_per_day": "wide", "left": "soon", "top": -3},
            "tables": {"ganttTable": {"columns": ["old"], "header": "AAAA"}, "x": 1},
        },
    )
    window.close()
    reopened = open_window(qtbot, two_projects)  # no traceback, the defaults
    assert view_of(reopened)["name width"] == default["name width"]
    assert view_of(reopened)["zoom"] == default["zoom"]
    reopened.close()
    key = next(k for k in QSettings().allKeys() if k.startswith("viewState/"))
    QSettings().setValue(key, "{not json")
    assert AppSettings().view_state(two_projects, project_id) == {}


def test_the_scroll_position_comes_back_without_a_selection(qtbot, two_projects: Path) -> None:
    window = open_window(qtbot, two_projects)
    tab = window.gantt_tab
    tab.select_tasks([])
    tab.table.setCurrentIndex(tab.model.index(-1, -1))
    tab.table.verticalScrollBar().setValue(300)
    left = view_of(window)
    assert left["selected"] == [] and left["top"] == 300
    window.close()
    reopened = open_window(qtbot, two_projects)
    wait_for_view(qtbot, reopened, left)
    reopened.close()
