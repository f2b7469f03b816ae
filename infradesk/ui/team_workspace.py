"""File > Open Team Workspace…: a workspace on a PostgreSQL server, shared by a team.

The dialog asks for the database's address (``postgresql://user@host/dbname``); the password
is never typed here nor stored: libpq reads it from ``PGPASSWORD`` or ``~/.pgpass``. Opening
goes through :func:`open_team_workspace`, which the recent list uses too: it connects with a
busy cursor and a progress line, asks before upgrading an older schema (after the
``pg_dump`` backup the message names) and, on any refusal, says why and leaves the open
workspace as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from infradesk.store.inspection import WorkspaceError
from infradesk.store.location import is_server_url
from infradesk.store.server import UpgradeNeeded
from infradesk.store.workspace import Workspace

if TYPE_CHECKING:
    from infradesk.ui.main_window import MainWindow

SHORTCUT = "Ctrl+Alt+O"
PLACEHOLDER = "postgresql://user@host/dbname"
PASSWORD_NOTE = (
    "The password is not entered here and never stored: it comes from the PGPASSWORD "
    "environment variable or your ~/.pgpass file. An empty database is set up as a new team "
    "workspace."
)


@contextmanager
def busy(window: MainWindow, text: str, label: QLabel | None = None) -> Iterator[None]:
    """A wait cursor and a progress line (in the status bar and ``label``) while connecting."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    window.statusBar().showMessage(text)
    if label is not None:
        label.setText(text)
        label.setVisible(True)
    QApplication.processEvents()  # paint the line before the connection blocks
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()
        window.statusBar().clearMessage()
        if label is not None:
            label.setVisible(False)


def connect(
    window: MainWindow, url: str, parent: QWidget, label: QLabel | None = None
) -> Workspace | None:
    """The team workspace at ``url``, or None after saying why not (or when the user
    declined the upgrade)."""
    text = f"Connecting to {url}…"
    try:
        try:
            with busy(window, text, label):
                return Workspace.open_location(url, allow_upgrade=False)
        except UpgradeNeeded as needed:
            answer = QMessageBox.question(
                parent,
                "Upgrade team workspace",
                f"{needed}\n\nUpgrade now?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
            with busy(window, f"Upgrading {url}…", label):
                return Workspace.open_location(url, allow_upgrade=True)
    except WorkspaceError as error:
        QMessageBox.warning(parent, "Cannot open team workspace", str(error))
        return None


def open_team_workspace(
    window: MainWindow, url: str, parent: QWidget | None = None, label: QLabel | None = None
) -> bool:
    """Switch ``window`` to the team workspace at ``url``; on failure explain why and keep
    the current workspace. True when it was opened."""
    workspace = connect(window, url.strip(), parent or window, label)
    if workspace is None:
        return False
    window.context.set_workspace(workspace)
    read_only = " (read-only: your login may not change it)" if workspace.read_only else ""
    window.statusBar().showMessage(f"Opened the team workspace {workspace.title}{read_only}", 8000)
    return True


class TeamWorkspaceDialog(QDialog):
    """The address of a team workspace; OK connects (the dialog stays open on a failure, so
    that the address can be corrected)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setObjectName("teamWorkspaceDialog")
        self.setWindowTitle("Open Team Workspace")
        self.url = QLineEdit()
        self.url.setObjectName("teamWorkspaceUrl")
        self.url.setPlaceholderText(PLACEHOLDER)
        self.url.setMinimumWidth(440)
        self.url.setClearButtonEnabled(True)
        if window.workspace.is_server:  # start from the open one: another database nearby
            self.url.setText(window.workspace.location)
        self.note = QLabel(PASSWORD_NOTE)
        self.note.setObjectName("teamWorkspaceNote")
        self.note.setWordWrap(True)
        self.note.setEnabled(False)  # the secondary text colour
        self.progress = QLabel()
        self.progress.setObjectName("teamWorkspaceProgress")
        self.progress.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.url.textChanged.connect(self._update_ok)
        layout = QVBoxLayout(self)
        label = QLabel("&Server address:")
        label.setBuddy(self.url)
        layout.addWidget(label)
        layout.addWidget(self.url)
        layout.addWidget(self.note)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self._update_ok()

    def ok_button(self) -> QWidget:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Open)
        assert button is not None
        return button

    def _update_ok(self) -> None:
        text = self.url.text().strip()
        self.ok_button().setEnabled(is_server_url(text))
        self.ok_button().setToolTip(
            "" if is_server_url(text) or not text else "The address starts with postgresql://"
        )

    def accept(self) -> None:
        if not is_server_url(self.url.text().strip()):
            return
        self.ok_button().setEnabled(False)  # no second connection while this one runs
        try:
            opened = open_team_workspace(self.window_, self.url.text(), self, self.progress)
        finally:
            self._update_ok()
        if opened:
            super().accept()


def show_team_workspace_dialog(window: MainWindow) -> TeamWorkspaceDialog:
    """Open the dialog (window-modal, not blocking the caller) and return it."""
    dialog = TeamWorkspaceDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def team_workspace_action(window: MainWindow) -> QAction:
    """File > Open Team Workspace… (Ctrl+Alt+O)."""
    action = QAction("Open &Team Workspace…", window)
    action.setObjectName("openTeamWorkspaceAction")
    action.setShortcut(QKeySequence(SHORTCUT))
    action.setStatusTip("Open a workspace shared on a PostgreSQL server")
    show: Callable[[], object] = lambda: show_team_workspace_dialog(window)  # noqa: E731
    action.triggered.connect(show)
    return action
