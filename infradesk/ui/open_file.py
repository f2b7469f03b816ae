"""Open an exported file in the system's viewer, and say so when that cannot be done.

``QDesktopServices.openUrl`` returns False when no application is set up for the file (no PDF
viewer, a bare desktop): issue 17 asks to say so and offer "Show in folder"; when the folder
cannot be opened either, the path is shown with a Copy button. The messages do not block (no
nested event loop) and delete themselves when closed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

SHOW_IN_FOLDER = "Show in Folder"


def open_exported(parent: QWidget | None, path: Path, what: str = "PDF") -> QWidget | None:
    """Open ``path``; when no viewer opens it, return the message shown instead."""
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return None
    box = QMessageBox(
        QMessageBox.Icon.Information,
        f"Cannot open the {what}",
        f"The {what} was saved, but no application is set up to open it:\n{path}",
        QMessageBox.StandardButton.Close,
        parent,
    )
    box.setObjectName("openFailed")
    show = box.addButton(SHOW_IN_FOLDER, QMessageBox.ButtonRole.ActionRole)
    show.setObjectName("showInFolder")
    box.setDefaultButton(show)
    box.finished.connect(box.deleteLater)  # gone once answered (WA_DeleteOnClose crashed here)
    # read the answer from the button itself: an ActionRole button closes the box too
    show.clicked.connect(lambda: show_in_folder(parent, path))
    box.open()
    return box


def show_in_folder(parent: QWidget | None, path: Path) -> QWidget | None:
    """Open the folder holding ``path``; when that fails too, show the path to copy."""
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent))):
        return None
    dialog = PathDialog(parent, path)
    dialog.open()
    return dialog


class PathDialog(QDialog):
    """Where the file is, selectable, with a Copy button (nothing could open it)."""

    def __init__(self, parent: QWidget | None, path: Path) -> None:
        super().__init__(parent)
        self.setObjectName("exportedPath")
        self.setWindowTitle("Where the file is")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        label = QLabel("The folder could not be opened either. The file is here:")
        label.setWordWrap(True)
        self.path = QLineEdit(str(path))
        self.path.setObjectName("exportedPathText")
        self.path.setReadOnly(True)
        self.path.setMinimumWidth(420)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("&Copy")
        self.copy_button.setObjectName("copyPath")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.path)
        layout.addWidget(buttons)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.path.text())
        self.copy_button.setText("Copied")
