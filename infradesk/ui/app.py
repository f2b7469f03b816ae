"""Start the desktop application."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from infradesk import APP_NAME, __version__
from infradesk.services.demo import create_demo_project
from infradesk.store.inspection import WorkspaceError
from infradesk.store.locations import default_workspace_path
from infradesk.store.workspace import Workspace
from infradesk.ui.main_window import MainWindow
from infradesk.ui.settings import AppSettings


def configure_application(app: QApplication) -> None:
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("infradesk")


def open_default_workspace() -> Workspace:
    """The workspace in the user data folder, created with the demo project on first start."""
    path = default_workspace_path()
    if path.exists() and path.stat().st_size > 0:
        return Workspace.open(path)
    workspace = Workspace.create(path)
    with workspace.session() as session:
        create_demo_project(session)
    return workspace


def choose_workspace(requested: str | None, settings: AppSettings) -> Workspace:
    """The requested file, else the last one used, else the default; explain failures."""
    candidates: list[tuple[Path, bool]] = []
    if requested:
        candidates.append((Path(requested).expanduser(), True))
    elif settings.last_workspace():
        candidates.append((Path(str(settings.last_workspace())), False))
    for path, explicit in candidates:
        try:
            if explicit:
                return Workspace.open_or_create(path)
            if path.exists():
                return Workspace.open(path)
        except WorkspaceError as error:
            QMessageBox.critical(
                None, "Cannot open workspace", f"{error}\n\nOpening the default workspace instead."
            )
    return open_default_workspace()


def create_main_window(requested: str | None = None) -> MainWindow:
    settings = AppSettings()
    return MainWindow(choose_workspace(requested, settings), settings)


def run_app(requested: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    configure_application(app)
    try:
        window = create_main_window(requested)
    except WorkspaceError as error:
        QMessageBox.critical(None, "Cannot start InfraDesk", str(error))
        return 2
    window.show()
    return app.exec()
