"""The welcome page replaces empty tabs while a workspace holds no project."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog
from sqlalchemy import select

from infradesk.model import Project
from infradesk.services.plan.projects import CreateProject, DeleteProject
from infradesk.services.preferences import Preferences
from infradesk.store.workspace import Workspace
from infradesk.ui.main_window import MainWindow
from infradesk.ui.settings import AppSettings
from infradesk.ui.welcome import EXCEL_ACTION_NAMES, WelcomePage, find_excel_import_action


@pytest.fixture
def empty_window(qtbot, workspace: Workspace) -> Iterator[MainWindow]:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window


def page(window: MainWindow) -> WelcomePage:
    return window.welcome.page


def test_an_empty_workspace_shows_the_welcome(empty_window: MainWindow) -> None:
    assert empty_window.welcome.showing_welcome()
    assert page(empty_window).isVisible()
    assert not empty_window.tabs.isVisible()
    assert empty_window.workspace.path.name in page(empty_window).workspace_label.text()
    has_importer = find_excel_import_action(empty_window) is not None
    assert page(empty_window).import_button.isVisible() == has_importer
    assert page(empty_window).demo_button.isVisible()
    assert page(empty_window).blank_button.isVisible()


def test_a_workspace_with_a_project_shows_the_tabs(main_window: MainWindow) -> None:
    assert not main_window.welcome.showing_welcome()
    assert main_window.tabs.isVisible()


def test_without_an_excel_importer_the_import_button_is_hidden(empty_window: MainWindow) -> None:
    for action in empty_window.import_menu.actions():
        empty_window.import_menu.removeAction(action)
    other = QAction("MS Project XML…", empty_window)
    empty_window.add_import_action(other)
    page(empty_window).refresh()
    assert find_excel_import_action(empty_window) is None
    assert not page(empty_window).import_button.isVisible()
    assert page(empty_window).blank_button.isVisible()


def test_the_import_button_triggers_the_windows_excel_import(
    empty_window: MainWindow, qtbot
) -> None:
    for action in empty_window.import_menu.actions():
        empty_window.import_menu.removeAction(action)
    triggered: list[bool] = []
    action = QAction("&Plan workbook…", empty_window)
    action.setObjectName(EXCEL_ACTION_NAMES[0])
    action.triggered.connect(lambda: triggered.append(True))
    empty_window.add_import_action(action)
    page(empty_window).refresh()
    assert page(empty_window).import_button.isVisible()
    qtbot.mouseClick(page(empty_window).import_button, Qt.MouseButton.LeftButton)
    assert triggered == [True]


def test_open_demo_fills_the_workspace_and_shows_the_tabs(empty_window: MainWindow, qtbot) -> None:
    qtbot.mouseClick(page(empty_window).demo_button, Qt.MouseButton.LeftButton)
    # the migration, shown, and its second wave linked to it across projects
    assert empty_window.project_selector.count() == 2
    assert empty_window.project_selector.currentText().startswith("DC Migration")
    assert not empty_window.welcome.showing_welcome()
    assert empty_window.tabs.isVisible()
    assert empty_window.gantt_tab.model.rowCount() > 10


def test_open_demo_is_undone_and_redone_like_new_project(empty_window: MainWindow, qtbot) -> None:
    """Open demo is a command: Edit > Undo removes the demo, Redo brings the same rows back."""

    def stored() -> list[tuple[int, str]]:
        with empty_window.workspace.read_session() as session:
            return [(p.id, p.name) for p in session.scalars(select(Project))]

    qtbot.mouseClick(page(empty_window).demo_button, Qt.MouseButton.LeftButton)
    demo = stored()
    rows = empty_window.gantt_tab.model.rowCount()
    assert len(demo) == 2 and rows > 10
    assert empty_window.undo_action.isEnabled()
    empty_window.undo_action.trigger()
    assert stored() == []
    assert empty_window.welcome.showing_welcome()
    empty_window.redo_action.trigger()
    assert stored() == demo
    assert not empty_window.welcome.showing_welcome()
    assert empty_window.gantt_tab.model.rowCount() == rows


def test_blank_project_uses_the_preferred_currency_and_undo_brings_the_welcome_back(
    empty_window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    AppSettings().set_preferences(Preferences(currency="CHF", country="CH"))
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("  Core refresh ", True))
    qtbot.mouseClick(page(empty_window).blank_button, Qt.MouseButton.LeftButton)

    def stored() -> tuple[str, str, str | None]:
        with empty_window.workspace.session() as session:
            project = session.scalars(select(Project)).one()
            return project.name, project.currency, project.calendar.holiday_country

    assert stored() == ("Core refresh", "CHF", "CH")
    assert empty_window.project_selector.currentText() == "Core refresh"
    assert not empty_window.welcome.showing_welcome()
    empty_window.undo_action.trigger()
    assert empty_window.project_selector.count() == 0
    assert empty_window.welcome.showing_welcome()
    empty_window.redo_action.trigger()
    assert stored() == ("Core refresh", "CHF", "CH")
    assert not empty_window.welcome.showing_welcome()


def test_project_new_project_also_uses_the_preferences(
    empty_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    AppSettings().set_preferences(Preferences(currency="USD", country="US"))
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("Branch rollout", True))
    empty_window.new_project()
    with empty_window.workspace.session() as session:
        project = session.scalars(select(Project)).one()
        assert (project.currency, project.calendar.holiday_country) == ("USD", "US")


def test_cancelled_blank_project_creates_nothing(
    empty_window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("Ignored", False))
    qtbot.mouseClick(page(empty_window).blank_button, Qt.MouseButton.LeftButton)
    assert empty_window.project_selector.count() == 0
    assert empty_window.welcome.showing_welcome()


def test_deleting_the_last_project_shows_the_welcome(qtbot, workspace: Workspace) -> None:
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.context.execute(CreateProject("Only one"))
    assert not window.welcome.showing_welcome()
    window.context.execute(DeleteProject(window.context.project_id, "Only one"))
    assert window.welcome.showing_welcome()


def test_recent_workspaces_are_listed_and_open(
    empty_window: MainWindow, tmp_path: Path, qtbot
) -> None:
    other_path = tmp_path / "other.infradesk"
    other = Workspace.create(other_path)
    CreateProject("Storage refresh").apply(other)
    other.close()
    missing = tmp_path / "gone.infradesk"
    empty_window.settings.add_recent_file(missing)
    empty_window.settings.add_recent_file(other_path)
    empty_window.settings.add_recent_file(empty_window.workspace.path)
    welcome = page(empty_window)
    welcome.refresh()
    rows = [welcome.recent_list.item(i) for i in range(welcome.recent_list.count())]
    texts = [row.text() for row in rows]
    assert len(rows) == 2, texts  # the open workspace itself is not offered
    assert texts[0].startswith("other.infradesk")
    assert "(missing)" in texts[1]
    assert not rows[1].flags() & Qt.ItemFlag.ItemIsEnabled
    welcome.recent_list.itemActivated.emit(rows[0])
    assert empty_window.workspace.path == other_path
    assert empty_window.project_selector.currentText() == "Storage refresh"
    assert not empty_window.welcome.showing_welcome()
