"""The About box text: versions of everything a bug report needs."""

from __future__ import annotations

import platform
import sqlite3

import PySide6
from PySide6.QtCore import qVersion

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
        f"Workspace: {workspace.path}</p>"
        "<p>Licensed under the GNU GPL v3 or later.</p>"
    )
