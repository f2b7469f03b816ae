"""The main window as a user drives it: tabs, projects, undo, workspaces, remembered state."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox
from sqlalchemy import select

from infradesk.model import Task
from infradesk.services.plan.field_edits import UpdateTask
from infradesk.store.locations import default_workspace_path
from infradesk.ui.main_window import MainWindow, tab_titles

DEMO_NAME = "DC Migration — Frankfurt to Amsterdam"


def task_name(window: MainWindow, task_id: int) -> str:
    with window.workspace.session() as session:
        task = session.get(Task, task_id)
        assert task is not None
        return task.name


def test_starts_with_three_tabs_on_the_demo(main_window: MainWindow) -> None:
    assert tab_titles(main_window) == [
        "Gantt", "Risks", "Vendors", "Resources", "Runbooks", "Governance", "Cost", "Portfolio"
    ]
    assert main_window.project_selector.currentText() == DEMO_NAME
    title = main_window.windowTitle()
    assert DEMO_NAME in title and main_window.workspace.path.name in title
    assert main_window.gantt_tab.model.rowCount() == 60
    menus = [action.text().replace("&", "") for action in main_window.menuBar().actions()]
    assert menus[:3] == ["File", "Edit", "Project"] and menus[-1] == "Help"


def test_default_start_creates_the_demo_workspace(qtbot) -> None:
    from infradesk.ui.app import create_main_window

    window = create_main_window(None)
    qtbot.addWidget(window)
    assert window.workspace.path == default_workspace_path()
    assert window.project_selector.currentText() == DEMO_NAME


def test_undo_redo_of_a_task_edit(main_window: MainWindow, qtbot) -> None:
    project_id = main_window.context.project_id
    with main_window.workspace.session() as session:
        task = session.scalars(select(Task).where(Task.name == "Smoke tests")).one()
    main_window.context.execute(UpdateTask(project_id, task.id, {"name": "Smoke tests (all)"}))
    assert task_name(main_window, task.id) == "Smoke tests (all)"
    assert main_window.undo_action.isEnabled()
    main_window.undo_action.trigger()
    assert task_name(main_window, task.id) == "Smoke tests"
    main_window.redo_action.trigger()
    assert task_name(main_window, task.id) == "Smoke tests (all)"


def answer_text(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: (text, True))


def project_names(window: MainWindow) -> list[str]:
    selector = window.project_selector
    return [selector.itemText(i) for i in range(selector.count())]


def test_project_create_rename_delete_and_undo(
    main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer_text(monkeypatch, "Firewall refresh")
    main_window.new_project()
    assert project_names(main_window) == [DEMO_NAME, "Firewall refresh"]
    assert main_window.project_selector.currentText() == "Firewall refresh"
    assert "Firewall refresh" in main_window.windowTitle()

    answer_text(monkeypatch, "Firewall refresh 2027")
    main_window.rename_project()
    assert project_names(main_window) == [DEMO_NAME, "Firewall refresh 2027"]

    asked: list[str] = []

    def confirm(parent, title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", confirm)
    main_window.delete_project()
    assert "Firewall refresh 2027" in asked[0]
    assert project_names(main_window) == [DEMO_NAME]

    main_window.undo_action.trigger()
    assert project_names(main_window) == [DEMO_NAME, "Firewall refresh 2027"]
    main_window.undo_action.trigger()
    assert project_names(main_window) == [DEMO_NAME, "Firewall refresh"]


def test_delete_can_be_cancelled(main_window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Cancel)
    main_window.delete_project()
    assert project_names(main_window) == [DEMO_NAME]


def test_duplicate_name_is_explained(
    main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    answer_text(monkeypatch, DEMO_NAME)
    main_window.new_project()
    assert warnings == [f"There is already a project named '{DEMO_NAME}'."]
    assert project_names(main_window) == [DEMO_NAME]


def test_opening_garbage_explains_and_keeps_working(
    main_window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: errors.append(text))
    garbage = tmp_path / "budget.infradesk"
    garbage.write_bytes(b"\x00\x01 definitely not sqlite" * 100)
    before = garbage.read_bytes()
    current = main_window.workspace.path
    assert main_window.open_workspace(garbage) is False
    assert "not an InfraDesk workspace" in errors[0]
    assert garbage.read_bytes() == before
    assert main_window.workspace.path == current
    assert main_window.gantt_tab.model.rowCount() == 60


def test_last_workspace_and_geometry_are_remembered(qtbot, tmp_path: Path) -> None:
    from infradesk.store.workspace import Workspace
    from infradesk.ui.app import create_main_window

    path = tmp_path / "mine.infradesk"
    workspace = Workspace.create(path)
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    window.show()
    window.move(7, 9)
    saved = window.saveGeometry()
    window.close()

    again = create_main_window(None)
    qtbot.addWidget(again)
    again.show()
    assert again.workspace.path == path
    # The offscreen screen (800 x 600) is smaller than the window, so Qt clamps what it
    # restores; check that the geometry was stored and handed back at start.
    assert again.settings.geometry() == saved
    assert str(path.resolve()) in again.settings.recent_files()
