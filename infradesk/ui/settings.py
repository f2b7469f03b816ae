"""Per-user preferences kept by Qt (window geometry, recent files, last workspace)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 8


class AppSettings:
    def __init__(self) -> None:
        self._settings = QSettings()

    def recent_files(self) -> list[str]:
        value = self._settings.value("recentFiles", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def add_recent_file(self, path: Path) -> None:
        text = str(path.resolve())
        files = [f for f in self.recent_files() if f != text]
        self._settings.setValue("recentFiles", [text, *files][:MAX_RECENT])

    def remove_recent_file(self, path: str) -> None:
        self._settings.setValue("recentFiles", [f for f in self.recent_files() if f != path])

    def clear_recent_files(self) -> None:
        self._settings.setValue("recentFiles", [])

    def last_workspace(self) -> str | None:
        value = self._settings.value("lastWorkspace")
        return str(value) if value else None

    def set_last_workspace(self, path: Path) -> None:
        self._settings.setValue("lastWorkspace", str(path.resolve()))

    def last_project(self, workspace: Path) -> str | None:
        value = self._settings.value(f"lastProject/{workspace.resolve()}")
        return str(value) if value else None

    def set_last_project(self, workspace: Path, name: str) -> None:
        self._settings.setValue(f"lastProject/{workspace.resolve()}", name)

    def geometry(self) -> QByteArray | None:
        value = self._settings.value("mainWindow/geometry")
        return value if isinstance(value, QByteArray) else None

    def window_state(self) -> QByteArray | None:
        value = self._settings.value("mainWindow/state")
        return value if isinstance(value, QByteArray) else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._settings.setValue("mainWindow/geometry", geometry)
        self._settings.setValue("mainWindow/state", state)

    def sync(self) -> None:
        self._settings.sync()
