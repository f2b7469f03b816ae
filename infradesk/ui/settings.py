"""Per-user preferences kept by Qt (window geometry, recent files, last workspace, each
project's view state) and the user's choices from Edit > Settings (mirrored to
``preferences.json`` for the headless CLI)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QDate, QLocale, QSettings, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from infradesk.services.preferences_file import (
    Preferences,
    load_preferences,
    preferences_path,
    save_preferences,
)
from infradesk.store.inspection import WorkspaceError
from infradesk.store.location import ServerAddress, is_server_url

MAX_RECENT = 8


class AppSettings:
    def __init__(self) -> None:
        self._settings = QSettings()

    def recent_files(self) -> list[str]:
        """Recently opened workspaces, newest first: file paths and team workspace URLs
        (without a password)."""
        value = self._settings.value("recentFiles", [])
        if isinstance(value, str):  # QSettings gives one entry back as a plain string
            return [value]
        if isinstance(value, list | tuple):
            return [str(v) for v in value]
        return []

    def add_recent_file(self, location: str | Path) -> None:
        """Put a workspace file or a team workspace URL first in the recent list."""
        text = location_key(location)
        files = [f for f in self.recent_files() if f != text]
        self._settings.setValue("recentFiles", [text, *files][:MAX_RECENT])

    def remove_recent_file(self, path: str) -> None:
        self._settings.setValue("recentFiles", [f for f in self.recent_files() if f != path])

    def clear_recent_files(self) -> None:
        self._settings.setValue("recentFiles", [])

    def last_workspace(self) -> str | None:
        value = self._settings.value("lastWorkspace")
        return str(value) if value else None

    def set_last_workspace(self, location: str | Path) -> None:
        self._settings.setValue("lastWorkspace", location_key(location))

    def last_project(self, workspace: str | Path) -> str | None:
        value = self._settings.value(f"lastProject/{_hashed(workspace)}")
        if not value and not is_server_url(str(workspace)):  # kept before team workspaces
            value = self._settings.value(f"lastProject/{location_key(workspace)}")
        return str(value) if value else None

    def set_last_project(self, workspace: str | Path, name: str) -> None:
        self._settings.setValue(f"lastProject/{_hashed(workspace)}", name)

    def geometry(self) -> QByteArray | None:
        value = self._settings.value("mainWindow/geometry")
        return value if isinstance(value, QByteArray) else None

    def window_state(self) -> QByteArray | None:
        value = self._settings.value("mainWindow/state")
        return value if isinstance(value, QByteArray) else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._settings.setValue("mainWindow/geometry", geometry)
        self._settings.setValue("mainWindow/state", state)

    def view_state(self, workspace: str | Path, project_id: int) -> dict[str, Any]:
        """How the user left the project's views (``ui/view_state.py``); {} when never saved
        or unreadable."""
        value = self._settings.value(_view_state_key(workspace, project_id))
        if not isinstance(value, str):
            return {}
        try:
            state = json.loads(value)
        except ValueError:
            return {}
        return state if isinstance(state, dict) else {}

    def set_view_state(
        self, workspace: str | Path, project_id: int, state: dict[str, Any]
    ) -> None:
        self._settings.setValue(_view_state_key(workspace, project_id), json.dumps(state))

    def sync(self) -> None:
        self._settings.sync()

    # ------------------------------------------------------------------ Edit > Settings
    def preferences(self) -> Preferences:
        """``preferences.json`` when it exists (the CLI reads the same file), else QSettings."""
        if preferences_path().is_file():
            return load_preferences()
        raw = {f.name: self._settings.value(f"preferences/{f.name}") for f in fields(Preferences)}
        return Preferences.from_json({k: v for k, v in raw.items() if isinstance(v, str)})

    def set_preferences(self, prefs: Preferences) -> Preferences:
        """Save to QSettings and to ``preferences.json``; returns the normalised values."""
        prefs = prefs.normalised()
        for key, value in prefs.to_json().items():
            self._settings.setValue(f"preferences/{key}", value)
        self._settings.sync()
        save_preferences(prefs)
        return prefs

    def welcome_dismissed(self) -> bool:
        return str(self._settings.value("welcome/dismissed", "false")).lower() == "true"

    def set_welcome_dismissed(self, dismissed: bool) -> None:
        self._settings.setValue("welcome/dismissed", "true" if dismissed else "false")


def location_key(location: str | Path) -> str:
    """How settings name a workspace: a file's resolved path, or a team workspace's URL
    without any password (``ServerAddress.location``)."""
    text = str(location)
    if is_server_url(text):
        try:
            return ServerAddress.parse(text).location
        except WorkspaceError:
            return text.split("://", 1)[0] + "://"  # never keep what may hold a password
    return str(Path(text).expanduser().resolve())


def _hashed(location: str | Path) -> str:
    """A workspace as part of a QSettings key, which may not hold slashes or a colon."""
    return hashlib.sha1(location_key(location).encode("utf-8")).hexdigest()[:16]


def _view_state_key(workspace: str | Path, project_id: int) -> str:
    """One key per workspace (file or team workspace) and project."""
    return f"viewState/{_hashed(workspace)}/{project_id}"


def dark_palette() -> QPalette:
    """A calm dark palette for the Fusion style (used when the platform cannot switch)."""
    palette = QPalette()
    window, base, text = QColor(45, 47, 51), QColor(32, 34, 37), QColor(230, 230, 230)
    disabled = QColor(127, 127, 127)
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: QColor(40, 42, 46),
        QPalette.ColorRole.ToolTipBase: window,
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: disabled,
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: window,
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor(255, 90, 90),
        QPalette.ColorRole.Link: QColor(110, 170, 240),
        QPalette.ColorRole.Highlight: QColor(47, 111, 181),
        QPalette.ColorRole.HighlightedText: QColor(255, 255, 255),
    }
    for role, colour in roles.items():
        palette.setColor(role, colour)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


_original_style: str | None = None  # the platform's style, restored by "system"


def apply_theme(theme: str) -> Qt.ColorScheme:
    """Light, dark or the system's scheme for the running application.

    Qt 6.8+ asks the platform for a scheme (``QStyleHints.setColorScheme``); where the platform
    theme ignores that (many Linux desktops, offscreen), an explicit palette on the Fusion style
    does the job. "system" at start-up touches nothing; later it restores the platform's style
    and palette. Returns the scheme asked for (``Unknown`` for "system").
    """
    global _original_style
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return Qt.ColorScheme.Unknown
    scheme = {"light": Qt.ColorScheme.Light, "dark": Qt.ColorScheme.Dark}.get(
        theme, Qt.ColorScheme.Unknown
    )
    if scheme == Qt.ColorScheme.Unknown and _original_style is None:
        return scheme  # nothing was changed yet: leave the platform alone
    if _original_style is None:
        _original_style = app.style().name()
    hints = QGuiApplication.styleHints()
    if scheme == Qt.ColorScheme.Unknown:
        if hasattr(hints, "unsetColorScheme"):
            hints.unsetColorScheme()
        if app.style().name().lower() != _original_style.lower():
            app.setStyle(_original_style)
        app.setPalette(QPalette())  # resolves to the platform's palette
        return scheme
    if hasattr(hints, "setColorScheme"):
        hints.setColorScheme(scheme)
    wanted_dark = scheme == Qt.ColorScheme.Dark
    app.setPalette(QPalette())
    if _is_dark(app.palette()) != wanted_dark:  # the platform did not follow
        if app.style().name().lower() != "fusion":
            app.setStyle("Fusion")
        app.setPalette(dark_palette() if wanted_dark else light_palette())
    return scheme


def _is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def light_palette() -> QPalette:
    """Fusion's classic light palette, whatever the system's scheme."""
    palette = QPalette(QColor(239, 239, 239), QColor(239, 239, 239))
    palette.setColor(QPalette.ColorRole.Base, QColor(255, 255, 255))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor(247, 247, 247))
    palette.setColor(QPalette.ColorRole.Text, QColor(0, 0, 0))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(0, 0, 0))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor(0, 0, 0))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(48, 140, 198))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor(255, 255, 255))
    return palette


def format_date(value: date | datetime | None, date_format: str = "iso") -> str:
    """A date as the user chose: ISO 8601 (2026-03-14) or the system locale's short form."""
    if value is None:
        return ""
    day = value.date() if isinstance(value, datetime) else value
    if date_format == "locale":
        qdate = QDate(day.year, day.month, day.day)
        return QLocale().toString(qdate, QLocale.FormatType.ShortFormat)
    return day.isoformat()
