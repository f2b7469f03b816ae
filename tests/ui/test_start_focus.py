"""The keyboard starts in the Gantt table on the first task, not on the project selector (where
the first arrow key switched project): at start, after choosing a project, after opening a
workspace."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from infradesk.model import Project
from infradesk.store.workspace import Workspace
from infradesk.ui.gantt.outline_model import COLUMNS


@pytest.fixture
def two_projects(demo_workspace: Workspace) -> Workspace:
    """The demo project and an empty one after it (so that an arrow key could switch)."""
    with demo_workspace.session() as session:
        session.add(Project(name="Zz second project", start=datetime(2026, 5, 4, 8, 0)))
    return demo_workspace


@pytest.fixture
def window(qtbot, two_projects: Workspace) -> Iterator:
    from infradesk.ui.main_window import MainWindow

    window = MainWindow(two_projects)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window


def on_first_task(window) -> bool:
    gantt = window.gantt_tab
    current = gantt.table.currentIndex()
    return (
        QApplication.focusWidget() is gantt.table
        and current.row() == 0
        and COLUMNS[current.column()].key == "name"
        and gantt.selected_task_ids() == [gantt.model.task_id(0)]
    )


def test_the_window_opens_with_the_keyboard_on_the_first_task(qtbot, window) -> None:
    qtbot.waitUntil(lambda: on_first_task(window))
    project = window.project_selector.currentText()
    # the first arrow key moves in the plan; it does not switch project
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert window.project_selector.currentText() == project
    assert window.gantt_tab.table.currentIndex().row() == 1


def test_choosing_a_project_puts_the_keyboard_on_its_first_task(qtbot, window) -> None:
    selector = window.project_selector
    selector.setFocus()
    qtbot.waitUntil(selector.hasFocus)
    other = selector.findText("Zz second project")
    selector.setCurrentIndex(other)  # an empty project: the keyboard is in its table
    assert QApplication.focusWidget() is window.gantt_tab.table
    selector.setFocus()
    qtbot.waitUntil(selector.hasFocus)
    selector.setCurrentIndex(1 - other)  # back to the demo plan: on its first task
    qtbot.waitUntil(lambda: on_first_task(window))


def test_opening_a_workspace_puts_the_keyboard_on_its_first_task(qtbot, window, tmp_path) -> None:
    from infradesk.services.demo.seed import create_demo_project

    other = Workspace.create(tmp_path / "other.infradesk")
    with other.session() as session:
        create_demo_project(session)
    other.close()
    window.project_selector.setFocus()
    qtbot.waitUntil(window.project_selector.hasFocus)
    assert window.open_workspace(tmp_path / "other.infradesk")
    qtbot.waitUntil(lambda: on_first_task(window))


def test_a_saved_view_keeps_its_selection_and_the_keyboard_is_in_the_table(qtbot, window) -> None:
    """The project's saved view (ui/view_state.py) decides what is selected when it is
    reopened: the task the user left, or none (the cell cursor is then on the top row)."""
    from infradesk.ui.main_window import MainWindow

    path = window.workspace.path
    gantt = window.gantt_tab
    third = gantt.model.task_id(3)
    gantt.select_tasks([third])
    window.close()
    again = MainWindow(Workspace.open(path))
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is again.gantt_tab.table)
    assert again.gantt_tab.selected_task_ids() == [third]
    # left with nothing selected: nothing is selected for the user, the keyboard is in the
    # table on the top row
    again.gantt_tab.select_tasks([])
    again.gantt_tab.table.setCurrentIndex(again.gantt_tab.model.index(-1, -1))
    again.close()
    last = MainWindow(Workspace.open(path))
    qtbot.addWidget(last)
    last.show()
    qtbot.waitExposed(last)
    table = last.gantt_tab.table
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table)
    assert last.gantt_tab.selected_view_rows() == []
    assert table.currentIndex().row() == 0  # the cursor on the top row, nothing selected
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.currentIndex().row() == 1
    assert last.project_selector.currentIndex() == 0
    last.close()
