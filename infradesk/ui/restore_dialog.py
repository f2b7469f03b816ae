"""File > Restore from backup…: pick one of a workspace's backups and put it back in place.

The work is done by :func:`infradesk.store.restore.restore_backup` (the current file and its
``-wal``/``-shm`` move aside as a "before-restore" backup, the backup is copied with SQLite's
backup API, so a stale log never replays over it). The window's part is to let go of its own
connections to the file first (the workspace and the change watch), and to open the restored
workspace afterwards -- or the unchanged one again when the restore was refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from infradesk.errors import UserError
from infradesk.store.inspection import RESTORE_HINT
from infradesk.store.restore import BackupInfo, list_backups, restore_backup
from infradesk.store.workspace import Workspace

if TYPE_CHECKING:
    from infradesk.ui.main_window import MainWindow

CONFIRM_NOTE = "The current workspace will be kept as a 'before-restore' backup."
COLUMNS = ("Taken", "Label", "Size", "File")


class RestoreDialog(QDialog):
    """Lists ``workspace_path``'s backups, newest first; Restore confirms, then accepts."""

    def __init__(self, workspace_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace_path = Path(workspace_path)
        self.backups: list[BackupInfo] = list_backups(self.workspace_path)
        self.chosen: BackupInfo | None = None
        self.setObjectName("restoreDialog")
        self.setWindowTitle("Restore from Backup")
        self.resize(720, 360)

        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setObjectName("restoreIntro")
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)

        self.table = QTableWidget(len(self.backups), len(COLUMNS), self)
        self.table.setObjectName("backupTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        for row, backup in enumerate(self.backups):
            cells = (
                backup.taken.strftime("%Y-%m-%d %H:%M:%S"),
                backup.label or "—",
                backup.size_text,
                backup.path.name,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(backup.path))
                if column == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        layout.addWidget(self.table, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.restore_button = QPushButton("Restore…", self)
        self.restore_button.setObjectName("restoreButton")
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self.confirm_restore)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        name, folder = self.workspace_path.name, self.workspace_path.parent
        if self.backups:
            self.intro.setText(
                f"Backups of {name} in {folder}, newest first. Choose one and press Restore."
            )
            self.table.selectRow(0)
        else:
            self.intro.setText(f"There are no backups of {name} in {folder}.")
            self.table.hide()
            self.restore_button.setEnabled(False)
        self.table.itemSelectionChanged.connect(self._update_button)
        self.table.doubleClicked.connect(lambda _index: self.confirm_restore())

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None

    def _update_button(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def confirm_restore(self) -> None:
        backup = self.selected()
        if backup is None:
            return
        answer = QMessageBox.question(
            self,
            "Restore from Backup",
            f"Replace {self.workspace_path.name} with the backup taken "
            f"{backup.taken:%Y-%m-%d %H:%M:%S} ({backup.path.name})?\n\n{CONFIRM_NOTE}",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.chosen = backup
            self.accept()


def open_restore_dialog(window: MainWindow, workspace_path: Path) -> RestoreDialog:
    """Show the dialog (window-modal, without a nested event loop) and restore when accepted.

    Returns the dialog, for tests.
    """
    dialog = RestoreDialog(workspace_path, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def accepted() -> None:
        if dialog.chosen is not None:
            restore_in_window(window, dialog.chosen.path, dialog.workspace_path)

    dialog.accepted.connect(accepted)
    dialog.open()
    return dialog


def restore_in_window(window: MainWindow, backup: Path, target: Path) -> bool:
    """Restore ``target`` from ``backup`` and show it; on a refusal say why and carry on.

    When ``target`` is the window's own workspace, the window first lets go of the file (the
    change watch and the workspace's engine); a refused restore leaves the file as it was and
    the same workspace object keeps working (its engine reconnects on the next use).
    """
    context = window.context
    own = (
        not context.workspace.is_server
        and context.workspace.path.resolve() == Path(target).resolve()
    )
    if own:
        window.workspace_watch.stop()
        context.workspace.close()
    try:
        result = restore_backup(backup, target)
        restored = Workspace.open(result.workspace)
    except (UserError, OSError) as error:
        if own:
            window.workspace_watch.resume()
        text = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        QMessageBox.critical(window, "Cannot restore", f"Nothing was restored: {text}")
        return False
    context.set_workspace(restored)
    if own:
        window.workspace_watch.resume()
    kept = f"; the previous file is kept as {result.set_aside.name}" if result.set_aside else ""
    window.statusBar().showMessage(f"Restored {target.name} from {backup.name}{kept}", 15000)
    return True


def explain_open_failure(window: MainWindow, path: Path, error: UserError) -> None:
    """The "cannot open" message; for a damaged file with backups, a Restore button too."""
    path = Path(path).expanduser()
    damaged = RESTORE_HINT.format(path=path) in str(error)
    if not (damaged and list_backups(path)):
        QMessageBox.critical(window, "Cannot open workspace", str(error))
        return
    box = QMessageBox(QMessageBox.Icon.Critical, "Cannot open workspace", str(error), parent=window)
    box.setObjectName("cannotOpenWorkspace")
    restore = box.addButton("Restore from backup…", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.buttonClicked.connect(
        lambda button: open_restore_dialog(window, path) if button is restore else None
    )
    box.open()
