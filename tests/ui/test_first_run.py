"""Start-up details: the window fits the screen on first start, the application icon, and
workspaces opened by the desktop (macOS FileOpen events)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QFileOpenEvent, QGuiApplication
from PySide6.QtWidgets import QApplication

import infradesk.ui.app as app_module
from infradesk.services.plan.projects import CreateProject
from infradesk.store.workspace import Workspace
from infradesk.ui.app import FileOpenHandler, app_icon, create_main_window
from infradesk.ui.main_window import MainWindow


def test_first_start_fits_the_window_on_the_screen(qtbot) -> None:
    window = create_main_window(None)
    qtbot.addWidget(window)
    area = (window.screen() or QGuiApplication.primaryScreen()).availableGeometry()
    assert window.width() <= area.width() and window.height() <= area.height()
    assert window.width() >= min(1000, int(area.width() * 0.8))
    centre = window.frameGeometry().center()
    assert abs(centre.x() - area.center().x()) <= 2
    assert abs(centre.y() - area.center().y()) <= 2


def test_a_saved_geometry_wins_over_the_first_start_layout(
    qtbot, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    fitted: list[MainWindow] = []
    monkeypatch.setattr(app_module, "fit_to_screen", fitted.append)
    first = app_module.create_main_window(str(workspace.path))
    qtbot.addWidget(first)
    assert fitted == [first]  # no saved geometry yet
    first.show()
    qtbot.waitExposed(first)
    first.close()  # saves the geometry
    again = app_module.create_main_window(str(workspace.path))
    qtbot.addWidget(again)
    assert fitted == [first]  # the saved geometry was restored instead


def test_the_application_icon_has_every_size() -> None:
    icon = app_icon()
    assert not icon.isNull()
    sizes = {size.width() for size in icon.availableSizes()}
    assert {16, 32, 48, 256, 512} <= sizes


def test_a_file_open_event_switches_the_workspace(
    qtbot, workspace: Workspace, tmp_path: Path
) -> None:
    other_path = tmp_path / "double-clicked.infradesk"
    other = Workspace.create(other_path)
    CreateProject("Opened from Finder").apply(other)
    other.close()
    window = MainWindow(workspace)
    qtbot.addWidget(window)
    handler = FileOpenHandler(window)
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(handler)
    try:
        QApplication.sendEvent(app, QFileOpenEvent(str(other_path)))
    finally:
        app.removeEventFilter(handler)
    assert window.workspace.path == other_path
    assert window.project_selector.currentText() == "Opened from Finder"
