"""Start the desktop application.

The window paints before anything heavy is imported (issue 22): this module, the main window's
and the settings' import only Qt and light modules. :func:`run_app` shows the main window's
frame at once; the workspace is opened and the window built on the next turn of the event
loop after its first paint (:meth:`MainWindow.finish_start`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QThreadPool, QTimer
from PySide6.QtGui import QFileOpenEvent, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from infradesk import APP_NAME, __version__
from infradesk.logging_setup import get_logger, logging_is_set_up, setup_logging, teardown_logging
from infradesk.resources import resource_path
from infradesk.store.inspection import WorkspaceError
from infradesk.store.location import is_server_url
from infradesk.store.locations import default_workspace_path
from infradesk.ui.excepthook import install_excepthook, uninstall_excepthook
from infradesk.ui.main_window import MainWindow
from infradesk.ui.settings import AppSettings, apply_theme

if TYPE_CHECKING:
    from infradesk.store.workspace import Workspace

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

log = get_logger(__name__)


def app_icon() -> QIcon:
    """The application icon from the PNG sizes rendered from resources/icons/infradesk.svg."""
    icon = QIcon()
    for size in ICON_SIZES:
        path = resource_path("icons", f"infradesk-{size}.png")
        if path.is_file():
            icon.addFile(str(path))
    return icon


def configure_application(app: QApplication) -> None:
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("infradesk")
    app.setWindowIcon(app_icon())


def open_default_workspace() -> Workspace:
    """The workspace in the user data folder, created with the demo project on first start.

    A file already there is opened, never replaced: a 0-byte one is refused (WorkspaceError)
    rather than silently turned into a new workspace.
    """
    # lazy: the database layer loads after the window's first paint (issue 22)
    from infradesk.store.workspace import Workspace

    path = default_workspace_path()
    if path.exists():
        return Workspace.open(path)
    workspace = Workspace.create(path)
    # lazy: the demo's recipe is read on the first start only, not on every start
    from infradesk.services.demo.commands import add_demo_project

    add_demo_project(workspace, second_wave=True)  # with a cross-project link to look at
    return workspace


def choose_workspace(requested: str | None, settings: AppSettings) -> Workspace:
    """The requested file or team workspace URL, else the last one used, else the default;
    explain failures. A team workspace is never upgraded here (File > Open Team Workspace…
    asks first)."""
    # lazy: see open_default_workspace
    from infradesk.store.workspace import Workspace

    candidates: list[tuple[str, bool]] = []
    if requested:
        candidates.append((requested, True))
    elif settings.last_workspace():
        candidates.append((str(settings.last_workspace()), False))
    for location, explicit in candidates:
        path = Path(location).expanduser()
        try:
            if is_server_url(location):
                return Workspace.open_location(location, allow_upgrade=False)
            if explicit:
                return Workspace.open_or_create(path)
            if path.exists():
                return Workspace.open(path)
        except WorkspaceError as error:
            with normal_cursor():
                QMessageBox.critical(
                    None,
                    "Cannot open workspace",
                    f"{error}\n\nOpening the default workspace instead.",
                )
    return open_default_workspace()


@contextmanager
def normal_cursor() -> Iterator[None]:
    """A message shown while the window starts (under its busy cursor) has the normal one."""
    busy = QGuiApplication.overrideCursor() is not None
    if busy:
        QGuiApplication.restoreOverrideCursor()
    try:
        yield
    finally:
        if busy:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)


def opening_message(requested: str | None, settings: AppSettings) -> str:
    """What the frame's status bar says while the workspace opens (never a URL's password)."""
    location = requested or settings.last_workspace()
    if not location:
        return "Opening the workspace…"
    if is_server_url(location):
        return "Opening the team workspace…"
    return f"Opening {Path(location).expanduser().name}…"


def start_main_window(requested: str | None = None) -> MainWindow:
    """The main window's frame, to show at once; it opens the workspace (as
    :func:`choose_workspace`) and builds itself after its first paint."""
    settings = AppSettings()
    apply_theme(settings.preferences().theme)
    window = MainWindow.starting(
        lambda: choose_workspace(requested, settings),
        settings,
        opening_message(requested, settings),
    )
    if settings.geometry() is None:
        fit_to_screen(window)
    return window


def create_main_window(requested: str | None = None) -> MainWindow:
    """The whole main window at once (the workspace opened before it is built)."""
    settings = AppSettings()
    apply_theme(settings.preferences().theme)
    window = MainWindow(choose_workspace(requested, settings), settings)
    if settings.geometry() is None:
        fit_to_screen(window)
    return window


def fit_to_screen(window: MainWindow) -> None:
    """First start: most of the available screen, centred, never larger than the screen."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    area = screen.availableGeometry()
    width = min(1400, int(area.width() * 0.9))
    height = min(900, int(area.height() * 0.9))
    window.resize(width, height)
    window.move(area.center().x() - width // 2, area.center().y() - height // 2)


def run_app(requested: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    configure_application(app)
    own_log = not logging_is_set_up()
    log_path = setup_logging()
    log.info("desktop application starting (log %s)", log_path)
    hook = install_excepthook()
    try:
        window = start_main_window(requested)
        crashed: list[Exception] = []

        def start_failed(error: Exception) -> None:
            if isinstance(error, WorkspaceError):
                QMessageBox.critical(None, "Cannot start InfraDesk", str(error))
            else:  # raised out of run_app below: the command's internal error, a crash log
                crashed.append(error)
            app.exit(START_FAILED_EXIT)

        window.startFailed.connect(start_failed)
        window.show()
        file_opener = FileOpenHandler(window)
        app.installEventFilter(file_opener)
        if os.environ.get(EXIT_AFTER_START_ENV):
            # packaging/smoke_test.sh: quit as soon as the event loop has shown the built window
            window.started.connect(
                lambda: QTimer.singleShot(
                    0, app, lambda: (print("InfraDesk window shown", flush=True), app.quit())
                )
            )
        try:
            code = app.exec()
            if crashed:
                raise crashed[0]
            return code
        finally:
            app.removeEventFilter(file_opener)
            shut_down(window)
    finally:
        uninstall_excepthook(hook)
        log.info("desktop application closed")
        if own_log:
            teardown_logging()


def shut_down(window: MainWindow) -> None:
    """Tear the GUI down in order while QApplication still exists.

    The window is closed if the event loop ended some other way (``app.quit()``), so that its
    geometry is saved and its views stop before the workspace closes (closeEvent); then the
    window and every widget, model and timer parented to it are deleted by Qt, here and now,
    not by Python's garbage collector at interpreter exit after QApplication is gone.
    """
    if window.isVisible():
        window.close()
    # a worker still drawing (the report preview's PDFium thumbnail) must end before the
    # interpreter does: PDFium crashes when finalised under a running render
    QThreadPool.globalInstance().waitForDone(10_000)
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


EXIT_AFTER_START_ENV = "INFRADESK_EXIT_AFTER_START"
START_FAILED_EXIT = 2  # no workspace could be opened, not even the default one


class FileOpenHandler(QObject):
    """macOS opens a double-clicked ``.infradesk`` file with a FileOpen event, not argv."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            path = event.file()
            if path:
                # at launch the file may come before the window has opened its workspace
                if self.window.finish_start():
                    self.window.open_workspace(Path(path))
                return True
        return super().eventFilter(watched, event)
