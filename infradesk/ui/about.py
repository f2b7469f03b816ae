"""The About box text: versions of everything a bug report needs."""

from __future__ import annotations

import html
import platform
import sqlite3
import sys
from importlib.metadata import PackageNotFoundError, version

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from infradesk import APP_NAME, __version__
from infradesk.store.migrate import current_revision
from infradesk.store.workspace import Workspace


def about_text(workspace: Workspace) -> str:
    schema = current_revision(workspace.engine) or "none"
    return (
        f"<h3>{APP_NAME} {__version__}</h3>"
        "<p>Plan, track and report IT infrastructure projects — offline.</p>"
        f"<p>Qt {qVersion()} (PySide6 {PySide6.__version__})<br>"
        f"Python {platform.python_version()}<br>"
        f"SQLite {sqlite3.sqlite_version}<br>"
        f"Workspace schema {schema}<br>"
        f"Workspace: {html.escape(workspace.location)}</p>"
        "<p>Licensed under the GNU GPL v3 or later.</p>"
    )


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:  # a frozen build may lack the metadata
        module = sys.modules.get(name.lower())
        return str(getattr(module, "__version__", "unknown"))


def versions(workspace: Workspace) -> list[tuple[str, str]]:
    """Name and version of every part a bug report needs, in display order."""
    frozen = "PyInstaller bundle" if getattr(sys, "frozen", False) else "Python package"
    return [
        (APP_NAME, __version__),
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("Python", f"{platform.python_version()} ({platform.python_implementation()})"),
        ("SQLite", sqlite3.sqlite_version),
        ("Workspace schema", current_revision(workspace.engine) or "none"),
        ("SQLAlchemy", _package_version("SQLAlchemy")),
        ("reportlab", _package_version("reportlab")),
        ("Operating system", platform.platform()),
        ("Build", frozen),
        ("Workspace", workspace.location),
    ]


def versions_plain(workspace: Workspace) -> str:
    return "\n".join(f"{name}: {value}" for name, value in versions(workspace))


class AboutDialog(QDialog):
    """The About box with the application icon and a button copying the versions."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(f"About {APP_NAME}")
        self.workspace = workspace
        icon = QLabel()
        window_icon = parent.windowIcon() if parent is not None else QGuiApplication.windowIcon()
        if not window_icon.isNull():
            icon.setPixmap(window_icon.pixmap(96, 96))
        rows = "".join(
            f"<tr><td><b>{name}</b>&nbsp;&nbsp;</td><td>{html.escape(value)}</td></tr>"
            for name, value in versions(workspace)
        )
        text = QLabel(
            f"<h2>{APP_NAME} {__version__}</h2>"
            "<p>Plan, track and report IT infrastructure projects — offline.</p>"
            f"<table>{rows}</table>"
            "<p>Licensed under the GNU GPL v3 or later.</p>"
        )
        text.setObjectName("aboutText")
        text.setWordWrap(True)
        self.copy_button = QPushButton("&Copy versions")
        self.copy_button.setObjectName("aboutCopy")
        self.copy_button.setToolTip("Copy these versions for a bug report")
        self.copy_button.clicked.connect(self.copy_versions)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(icon, 0)
        top.addWidget(text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)

    def copy_versions(self) -> None:
        QGuiApplication.clipboard().setText(versions_plain(self.workspace))
