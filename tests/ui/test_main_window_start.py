"""The desktop application's two-step start (issue 22): the main window's frame paints first,
then the workspace opens and the window is built on the next turn of the event loop; failures
are explained as before, and the start path loads no database layer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QFileOpenEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

import infradesk.ui.app as app_module
from infradesk.services.plan.projects import CreateProject
from infradesk.store import workspace as store_workspace
from infradesk.store.locations import default_workspace_path
from infradesk.store.workspace import Workspace
from infradesk.ui import main_window as main_window_module
from infradesk.ui.app import FileOpenHandler, start_main_window
from infradesk.ui.main_window import MainWindow, tab_titles


class FirstPaint(QObject):
    """What the window was when it first painted: built or not, its status bar's message."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.built: bool | None = None
        self.message = ""
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Paint and self.built is None:
            self.built = self.window.is_built()
            self.message = self.window.statusBar().currentMessage()
        return False


def plan_file(tmp_path: Path, name: str, project: str) -> Path:
    path = tmp_path / name
    workspace = Workspace.create(path)
    CreateProject(project).apply(workspace)
    workspace.close()
    return path


def test_the_window_paints_before_the_workspace_opens(qtbot, tmp_path: Path) -> None:
    path = plan_file(tmp_path, "mine.infradesk", "Core switch refresh")
    window = start_main_window(str(path))
    qtbot.addWidget(window)
    painted = FirstPaint(window)
    started: list[bool] = []
    window.started.connect(lambda: started.append(window.is_built()))
    assert not window.is_built() and not hasattr(window, "context")
    assert window.windowTitle() == "InfraDesk"
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == list(main_window_module.FRAME_MENUS)
    window.show()
    qtbot.waitUntil(window.is_built)
    assert painted.built is False  # the frame painted first
    assert painted.message == "Opening mine.infradesk…"
    assert started == [True]
    assert window.workspace.path == path
    assert window.project_selector.currentText() == "Core switch refresh"
    assert "Core switch refresh" in window.windowTitle()
    assert tab_titles(window)[:2] == ["Gantt", "Risks"]
    built_menus = [action.text().replace("&", "") for action in window.menuBar().actions()]
    assert built_menus[:3] == ["File", "Edit", "Project"] and built_menus[-1] == "Help"
    assert window.statusBar().currentMessage() == ""
    assert QGuiApplication.overrideCursor() is None  # the busy cursor is gone
    assert window.finish_start() is True  # idempotent: nothing opened twice
    assert window.workspace.path == path


def test_the_warm_up_runs_after_the_two_step_start(qtbot, demo_workspace: Workspace) -> None:
    window = start_main_window(str(demo_workspace.path))
    qtbot.addWidget(window)
    warmed: list[int] = []
    window.started.connect(
        lambda: window.plan_warm_up.warmed.connect(lambda project, *_: warmed.append(project))
    )
    window.show()
    qtbot.waitUntil(window.is_built)
    assert warmed == []  # it waits for the built window's paint
    qtbot.waitUntil(lambda: warmed == [window.context.project_id], timeout=20_000)


def test_a_workspace_that_fails_to_open_is_explained_and_the_default_opens(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str, bool]] = []

    def critical(_parent: object, title: str, text: str) -> None:
        shown.append((title, text, QGuiApplication.overrideCursor() is None))

    monkeypatch.setattr(QMessageBox, "critical", critical)
    garbage = tmp_path / "budget.infradesk"
    garbage.write_bytes(b"\x00\x01 definitely not sqlite" * 100)
    window = start_main_window(str(garbage))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.is_built)
    assert len(shown) == 1
    title, text, normal_cursor = shown[0]
    assert title == "Cannot open workspace"
    assert "not an InfraDesk workspace" in text
    assert text.endswith("Opening the default workspace instead.")
    assert normal_cursor  # not the start's busy cursor over the message
    assert window.workspace.path == default_workspace_path()
    assert window.project_selector.count() >= 1  # the demo
    assert QGuiApplication.overrideCursor() is None


def test_no_workspace_at_all_ends_the_application_with_its_message(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "critical", lambda _parent, title, text: shown.append((title, text))
    )
    default = default_workspace_path()
    default.parent.mkdir(parents=True, exist_ok=True)
    default.write_bytes(b"")  # refused, never replaced
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    names = app.organizationName(), app.applicationName()
    try:
        code = app_module.run_app(None)
    finally:
        app.setOrganizationName(names[0])
        app.setApplicationName(names[1])
    assert code == app_module.START_FAILED_EXIT == 2
    assert [title for title, _text in shown] == ["Cannot start InfraDesk"]
    assert default.read_bytes() == b""
    assert not [w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]


def test_closing_the_frame_before_it_starts_opens_nothing(qtbot, tmp_path: Path) -> None:
    path = plan_file(tmp_path, "never.infradesk", "Never")
    window = start_main_window(str(path))
    qtbot.addWidget(window)
    window.show()
    window.close()  # before the event loop turned
    QCoreApplication.processEvents()
    assert window.finish_start() is False
    assert not window.is_built()
    assert window.settings.last_workspace() is None  # nothing opened, nothing remembered


def test_a_file_opened_by_the_desktop_at_launch_waits_for_the_start(
    qtbot, tmp_path: Path
) -> None:
    first = plan_file(tmp_path, "first.infradesk", "First")
    other = plan_file(tmp_path, "double-clicked.infradesk", "Opened from Finder")
    window = start_main_window(str(first))
    qtbot.addWidget(window)
    handler = FileOpenHandler(window)
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(handler)
    try:
        QApplication.sendEvent(app, QFileOpenEvent(str(other)))  # before the frame painted
    finally:
        app.removeEventFilter(handler)
    assert window.is_built()
    assert window.workspace.path == other
    assert window.project_selector.currentText() == "Opened from Finder"


def test_the_main_window_knows_the_workspace_suffix() -> None:
    assert main_window_module.WORKSPACE_SUFFIX == store_workspace.WORKSPACE_SUFFIX


# shows the frame of `infradesk open FILE` and paints it, then lists the heavy modules loaded
FRAME_PROBE = """
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from infradesk.ui.app import configure_application, start_main_window
configure_application(app)
window = start_main_window(sys.argv[1])
window.show()
window.repaint()
assert not window.is_built()
heavy = (
    "sqlalchemy", "alembic", "openpyxl", "reportlab", "infradesk.model",
    "infradesk.store.workspace", "infradesk.services.plan", "infradesk.ui.gantt",
    "infradesk.ui.context",
)
print(json.dumps(sorted(name for name in sys.modules if name.startswith(heavy))))
"""


def modules_a_probe_loaded(probe: str, workspace: Path, tmp_path: Path) -> list[str]:
    """The module names ``probe`` prints as its last line, run in a fresh interpreter on
    ``workspace`` with its own data and settings folders."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        INFRADESK_DATA_DIR=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(workspace)],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


def test_the_frame_paints_without_the_database_layer(tmp_path: Path) -> None:
    assert modules_a_probe_loaded(FRAME_PROBE, tmp_path / "plan.infradesk", tmp_path) == []


# builds the whole window on a workspace, then lists the libraries only some actions need
BUILT_PROBE = """
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from infradesk.services.demo.commands import add_demo_project
from infradesk.store.workspace import Workspace
from infradesk.ui.main_window import MainWindow
workspace = Workspace.create(sys.argv[1])
add_demo_project(workspace)
window = MainWindow(workspace)
window.show()
app.processEvents()
late = ("openpyxl", "reportlab", "pypdfium2")
print(json.dumps(sorted(name for name in sys.modules if name.startswith(late))))
window.close()
"""


def test_the_built_window_loads_no_spreadsheet_or_pdf_library(tmp_path: Path) -> None:
    """openpyxl, reportlab and PDFium load when a file action or the report dialog is first
    used, not before the Gantt paints."""
    assert modules_a_probe_loaded(BUILT_PROBE, tmp_path / "demo.infradesk", tmp_path) == []
